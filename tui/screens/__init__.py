"""Screens: the reader (the library and help come next)."""
