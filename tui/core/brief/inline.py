"""Inline markdown to plain text with styled spans, and the claim citations found in it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from tui.core.brief.model import Span, SpanStyle
from tui.core.outside.visible import pictured

# A citation: `[^id]`. Any id is taken here so that a malformed one is reported, not lost.
# The id is bounded: unbounded, "[^" repeated along a line made each try scan to its end (seconds).
CLAIM_ID_MOST = 200  # characters of a claim id: a citation with a longer one is not read as one
CITATION = re.compile(rf"\[\^([^\]\n]{{1,{CLAIM_ID_MOST}}})\]")
# A note to `briefing check` in an HTML comment, which GitHub hides too: `<!-- briefing: ignore T101 -->`
# silences those tradecraft rules for the sentence it stands in (no codes: every rule). Taken out of
# the text the reader shows. Bounded, like every pattern run over a file's text.
PRAGMA = re.compile(r"<!--\s*briefing:\s*ignore\b([^<>]{0,200}?)-->", re.IGNORECASE)
ALL_RULES = "*"  # what a pragma without codes ignores

_STYLES = {
    "em": SpanStyle.EMPHASIS,
    "strong": SpanStyle.STRONG,
    "s": SpanStyle.STRIKE,
    "link": SpanStyle.LINK,
}


@dataclass(frozen=True, slots=True)
class InlineCitation:
    """A citation: the claim, its offset in the plain text and in the inline source (-1: unknown)."""

    claim_id: str
    offset: int
    source: int


@dataclass(frozen=True, slots=True)
class Inline:
    """Plain text, its spans, and the citations cut out of it."""

    text: str
    spans: tuple[Span, ...] = ()
    citations: tuple[InlineCitation, ...] = ()
    pragmas: tuple[tuple[int, tuple[str, ...]], ...] = ()  # offset in the text, the rule codes it silences


def citation_rule(state: StateInline, silent: bool) -> bool:
    """markdown-it inline rule: `[^id]` becomes a `citation` token that remembers its position.

    Running as a rule (before links) means escapes and code spans are already
    handled by markdown-it itself: `\\[^x]` and `` `[^x]` `` stay text.
    """
    if silent or not state.src.startswith("[^", state.pos):
        # In silent mode markdown-it is only skipping over a link's label: leaving the
        # citation to be skipped bracket by bracket keeps `[text[^a]](url)` a link.
        return False
    match = CITATION.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"id": match.group(1), "source": state.pos}
    state.pos = match.end()
    return True


_NO_SPACE_BEFORE = ".,;:!?)]}”’\"'…\n"


class _Builder:
    """Accumulates text, spans and citations while walking inline tokens."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[Span] = []
        self.open: list[tuple[SpanStyle, int, str | None]] = []
        self.citations: list[InlineCitation] = []
        self.pragmas: list[tuple[int, tuple[str, ...]]] = []
        self.after_citation = False
        self.space_before_citation = False

    def add(self, text: str) -> None:
        # Pictured again here: markdown-it decodes entities ("&#13;", "&#x202E;") into the very
        # characters the outline pictured in the source, so they are caught where text enters.
        text = pictured(text)
        if self.after_citation and text:
            # The spaces around a citation become one, or none before punctuation or
            # at the start: "troops [^a] moved" reads "troops moved", "3,000 [^a]."
            # reads "3,000.", so a citation added or removed leaves the text the same.
            spaced = self.space_before_citation or text[0] == " "
            text = text.lstrip(" ")
            if text and spaced and self.length and text[0] not in _NO_SPACE_BEFORE:
                text = " " + text
            self.after_citation = self.space_before_citation = bool(not text) and spaced
        self.parts.append(text)
        self.length += len(text)

    def cite(self, claim_id: str, source: int) -> None:
        """Cut a citation out of the text, with the spaces before it."""
        self.cut()
        self.citations.append(InlineCitation(claim_id, self.length, source))

    def cut(self) -> None:
        """Take out what stands here (a citation, a pragma) as if it were not written, spaces and all."""
        while self.parts and self.parts[-1].endswith(" "):
            last = self.parts.pop()
            kept = last.rstrip(" ")
            self.length -= len(last) - len(kept)
            self.space_before_citation = True
            if kept:
                self.parts.append(kept)
                break
        self.spans = [span if span.end <= self.length else replace(span, end=self.length) for span in self.spans]
        self.spans = [span for span in self.spans if span.start < span.end]
        self.after_citation = True

    def open_span(self, style: SpanStyle, href: str | None = None) -> None:
        self.open.append((style, self.length, href))

    def close_span(self, style: SpanStyle) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] is style:
                _, start, href = self.open.pop(index)
                if self.length > start:
                    self.spans.append(Span(start, self.length, style, href))
                return

    def walk(self, children: list[Token] | None) -> None:
        for token in children or ():
            kind = token.type
            if kind == "html_inline" and (pragma := PRAGMA.fullmatch(token.content)):
                self.cut()
                self.pragmas.append((self.length, ignored_codes(pragma.group(1))))
            elif kind in ("text", "text_special", "html_inline"):
                self.add(token.content)
            elif kind == "citation":
                self.cite(token.meta["id"], token.meta["source"])
            elif kind == "softbreak":
                self.add(" ")
            elif kind == "hardbreak":
                self.add("\n")
            elif kind == "code_inline":
                start = self.length
                self.add(token.content)
                if self.length > start:  # "` `" after a citation adds nothing: no empty span
                    self.spans.append(Span(start, self.length, SpanStyle.CODE))
            elif kind == "image":
                # The alt text, shown as text and marked as an image of its source.
                # markdown-it parses it apart, so its citations' source offsets are not
                # the paragraph's: they are marked unknown (-1).
                self.open_span(SpanStyle.IMAGE, str(token.attrs.get("src", "")))
                first = len(self.citations)
                self.walk(token.children)
                self.citations[first:] = [replace(c, source=-1) for c in self.citations[first:]]
                self.close_span(SpanStyle.IMAGE)
            elif kind.endswith("_open") and kind[:-5] in _STYLES:
                href = str(token.attrs.get("href", "")) if kind == "link_open" else None
                self.open_span(_STYLES[kind[:-5]], href)
            elif kind.endswith("_close") and kind[:-6] in _STYLES:
                self.close_span(_STYLES[kind[:-6]])

    def result(self) -> Inline:
        spans = sorted(self.spans, key=lambda span: (span.start, -span.end))
        return Inline("".join(self.parts), tuple(spans), tuple(self.citations), tuple(self.pragmas))


def ignored_codes(listed: str) -> tuple[str, ...]:
    """The rule codes a pragma names ("T101, T201"), upper-cased; `ALL_RULES` when it names none, or "all"."""
    codes = tuple(code.upper() for code in re.split(r"[\s,]+", listed) if code)
    return (ALL_RULES,) if not codes or "ALL" in codes else codes


def convert_inline(children: list[Token] | None) -> Inline:
    """The plain text of an inline token's children, inline syntax turned into spans."""
    builder = _Builder()
    builder.walk(children)
    return builder.result()
