"""Command-line commands that need no user interface: check, and the plain-text listing."""
