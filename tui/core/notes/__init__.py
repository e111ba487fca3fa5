"""Notes: what one is, where it sits in a brief, and the SQLite store behind `access.Notes`.

Nothing outside this package opens the store (tests/test_layering.py).
"""
