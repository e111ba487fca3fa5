"""A brief read from markdown: its model, outline, sections and checks.

It knows nothing of notes, exports or screens.
"""
