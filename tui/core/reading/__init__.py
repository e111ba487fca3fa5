"""The reader's state without a screen: what is open, where the cursor is, notes placed, undo, search."""
