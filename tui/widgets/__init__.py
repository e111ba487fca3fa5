"""Widgets of the reader: section columns, the claim sidebar."""
