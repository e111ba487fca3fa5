"""Briefing Reader: read structured briefings with the keyboard, annotate them, export the notes."""

__version__ = "0.1.0"
