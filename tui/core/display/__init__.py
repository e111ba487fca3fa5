"""A section laid out for a screen, without a UI library: wrapping, overlays, excerpts, search."""
