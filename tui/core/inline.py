"""Inline markdown to plain text with styled spans, and the claim citations found in it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from tui.core.model import Span, SpanStyle

CITATION = re.compile(r"\[\^([^\]\s]+)\]")

_STYLES = {
    "em": SpanStyle.EMPHASIS,
    "strong": SpanStyle.STRONG,
    "s": SpanStyle.STRIKE,
    "link": SpanStyle.LINK,
}


@dataclass(frozen=True, slots=True)
class Inline:
    """Plain text, its spans, and citations as (claim id, offset in the text)."""

    text: str
    spans: tuple[Span, ...] = ()
    citations: tuple[tuple[str, int], ...] = ()


class _Builder:
    """Accumulates text, spans and citations while walking inline tokens."""

    def __init__(self, citations: bool) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[Span] = []
        self.open: list[tuple[SpanStyle, int, str | None]] = []
        self.citations: list[tuple[str, int]] = []
        self.find_citations = citations

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def add_prose(self, text: str) -> None:
        """Text that may hold citations: they are cut out and recorded."""
        if not self.find_citations or "[^" not in text:
            self.add(text)
            return
        position = 0
        for match in CITATION.finditer(text):
            self.add(text[position : match.start()])
            self.citations.append((match.group(1), self.length))
            position = match.end()
        self.add(text[position:])

    def open_span(self, style: SpanStyle, href: str | None = None) -> None:
        self.open.append((style, self.length, href))

    def close_span(self, style: SpanStyle) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] is style:
                _, start, href = self.open.pop(index)
                if self.length > start:
                    self.spans.append(Span(start, self.length, style, href))
                return

    def result(self) -> Inline:
        spans = sorted(self.spans, key=lambda span: (span.start, -span.end))
        return Inline("".join(self.parts), tuple(spans), tuple(self.citations))


def convert_inline(children: list[Token] | None, *, citations: bool) -> Inline:
    """The plain text of an inline token's children, inline syntax turned into spans.

    Runs of `text` tokens are joined before citations are looked for, while escapes
    (`text_special`) stay literal, so `\\[^x]` is not a citation.
    """
    builder = _Builder(citations)
    pending: list[str] = []

    def flush() -> None:
        if pending:
            builder.add_prose("".join(pending))
            pending.clear()

    for token in children or ():
        kind = token.type
        if kind == "text":
            pending.append(token.content)
            continue
        flush()
        if kind in ("text_special", "html_inline"):
            builder.add(token.content)
        elif kind == "softbreak":
            builder.add(" ")
        elif kind == "hardbreak":
            builder.add("\n")
        elif kind == "code_inline":
            start = builder.length
            builder.add(token.content)
            if token.content:
                builder.spans.append(Span(start, builder.length, SpanStyle.CODE))
        elif kind == "image":
            builder.add(token.content)
        elif kind.endswith("_open") and kind[:-5] in _STYLES:
            href = str(token.attrs.get("href", "")) if kind == "link_open" else None
            builder.open_span(_STYLES[kind[:-5]], href)
        elif kind.endswith("_close") and kind[:-6] in _STYLES:
            builder.close_span(_STYLES[kind[:-6]])
    flush()
    return builder.result()
