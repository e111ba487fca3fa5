"""Which links a brief may open: only http(s), and only after the reader confirms."""

from __future__ import annotations

from urllib.parse import urlsplit

from tui.core.model import Section, Sentence, SpanStyle

OPENABLE_SCHEMES = ("http", "https")


def links_in(section: Section, sentence: Sentence) -> list[str]:
    """The targets of the links that overlap a sentence, in order, without repeats."""
    block = section.blocks[sentence.block]
    found: list[str] = []
    for span in block.spans:
        start, end = block.start + span.start, block.start + span.end
        overlaps = start < sentence.end and end > sentence.start
        if span.style is SpanStyle.LINK and span.href and overlaps and span.href not in found:
            found.append(span.href)
    return found


def is_openable(url: str) -> bool:
    """Whether a link may be opened in a browser: an absolute http or https address."""
    parts = urlsplit(url)
    return parts.scheme.lower() in OPENABLE_SCHEMES and bool(parts.netloc)
