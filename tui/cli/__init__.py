"""Command-line commands that need no user interface: check."""
