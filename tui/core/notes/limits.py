"""What one note may hold: the same bounds for notes made in the app and for notes imported."""

from __future__ import annotations

from tui.core.notes.annotation import Annotation

# Far more than anyone writes, small enough that showing, anchoring and exporting a note stays
# quick (a 30 MB note froze the reader for 24 s); and what the app saves, an export of it imports.
MAX_NOTE = 1_000_000  # characters of a note, its commenting bodies joined
MAX_QUOTE = 100_000  # characters of a quote: a long paragraph
MAX_CONTEXT = 1_000  # characters of a quote's prefix or suffix (the app keeps 40)
MAX_TAGS = 1_000  # tags on one note
MAX_TAG = 1_000  # characters of one tag


def too_big(note: Annotation) -> str | None:
    """Why `note` holds more than a note may (an export of it could not be imported), or None."""
    if len(note.note) > MAX_NOTE:
        return f"the note is {len(note.note):,} characters long; a note holds at most {MAX_NOTE:,}"
    if len(note.anchor.quote) > MAX_QUOTE:
        return f"the text quoted is {len(note.anchor.quote):,} characters long; a note quotes at most {MAX_QUOTE:,}"
    if len(note.tags) > MAX_TAGS:
        return f"the note has {len(note.tags):,} tags; a note has at most {MAX_TAGS:,}"
    longest = max((len(tag) for tag in note.tags), default=0)
    if longest > MAX_TAG:
        return f"a tag is {longest:,} characters long; a tag holds at most {MAX_TAG:,}"
    return None
