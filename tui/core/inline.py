"""Inline markdown to plain text with styled spans, and the claim citations found in it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from tui.core.model import Span, SpanStyle

# A citation: `[^id]`. Any id is taken here so that a malformed one is reported, not lost.
CITATION = re.compile(r"\[\^([^\]\n]+)\]")

_STYLES = {
    "em": SpanStyle.EMPHASIS,
    "strong": SpanStyle.STRONG,
    "s": SpanStyle.STRIKE,
    "link": SpanStyle.LINK,
}


@dataclass(frozen=True, slots=True)
class InlineCitation:
    """A citation: the claim, its offset in the plain text and in the inline source."""

    claim_id: str
    offset: int
    source: int


@dataclass(frozen=True, slots=True)
class Inline:
    """Plain text, its spans, and the citations cut out of it."""

    text: str
    spans: tuple[Span, ...] = ()
    citations: tuple[InlineCitation, ...] = ()


def citation_rule(state: StateInline, silent: bool) -> bool:
    """markdown-it inline rule: `[^id]` becomes a `citation` token that remembers its position.

    Running as a rule (before links) means escapes and code spans are already
    handled by markdown-it itself: `\\[^x]` and `` `[^x]` `` stay text.
    """
    if not state.src.startswith("[^", state.pos):
        return False
    match = CITATION.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"id": match.group(1), "source": state.pos}
    state.pos = match.end()
    return True


class _Builder:
    """Accumulates text, spans and citations while walking inline tokens."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[Span] = []
        self.open: list[tuple[SpanStyle, int, str | None]] = []
        self.citations: list[InlineCitation] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

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


def convert_inline(children: list[Token] | None) -> Inline:
    """The plain text of an inline token's children, inline syntax turned into spans."""
    builder = _Builder()
    for token in children or ():
        kind = token.type
        if kind in ("text", "text_special", "html_inline"):
            builder.add(token.content)
        elif kind == "citation":
            builder.citations.append(InlineCitation(token.meta["id"], builder.length, token.meta["source"]))
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
    return builder.result()
