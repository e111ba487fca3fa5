"""The Textual-free core: brief model, parser, validator (no textual, no rich here)."""
