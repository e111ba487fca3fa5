"""What changed between two versions of a brief: a compact fingerprint of one, compared with the other."""
