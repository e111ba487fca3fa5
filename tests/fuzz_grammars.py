"""Hypothesis grammars of the brief format and of the notes store, for the fuzz tests.

A brief is built from its constructs (front matter, bottom line up front, sections,
paragraphs of sentences, lists, tables, quotes, code, claims and their citations),
each valid or broken, with hostile text (controls, bidi, escape sequences, markup)
anywhere text goes. A store is built from valid notes on a known brief, then
tampered with as anyone who can write the file could: rows of the wrong type,
unknown colours, BLOB quotes, impossible offsets, NULLs, escapes in any text, and
triggers, views and tables of its own.
"""

from __future__ import annotations

import contextlib
import functools
import json
import operator
import re
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tui.core.brief.model import CLAIM_FIELDS, Brief, ClaimStatus
from tui.core.notes.anchoring import anchor_for
from tui.core.notes.annotation import COLOURS, Anchor, Annotation
from tui.core.notes.store import SCHEMA_VERSION, Store

# Derandomized: CI sees the same examples on every run; no example database is written.
FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    report_multiple_bugs=False,  # one failure, shrunk: shrinking each of several bugs took five minutes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

# What must never reach the terminal, nor the model the reader shows: C0 (tab and newline
# apart, which have their own checks), DEL, C1, bidi controls, lone surrogates.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

# Hostile text

C0 = [chr(code) for code in range(0x20) if chr(code) not in "\n"]
C1 = [chr(code) for code in range(0x7F, 0xA0)]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
BIDI += ["\u200e", "\u200f", "\u061c"]
ESCAPES = [
    "\x1b]52;c;aGk=\x07",  # OSC 52: the clipboard
    "\x1b]0;pwned\x07",  # the window title
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b[31mred\x1b[0m",
    "\x1b[2J\x1b[H",
    "\x1b[6n",  # makes the terminal answer
    "\x1bP1$r\x1b\\",  # DCS
    "\x9b31m",  # C1 CSI
    "\x9d0;t\x9c",  # C1 OSC
    "\x1b",
]
MARKUP = [
    "[b]",
    "[/b]",
    "[/]",
    "[@click=app.quit]",
    "[@click=app.screenshot('x','/tmp')]x[/]",
    "[link=https://evil.example]l[/link]",
    "[bold red]s[/]",
    "[citation needed]",
    "\\[escaped]",
    "$name",
    "[$x]",
    "[on red]",
]
ENTITIES = [
    "&amp;",
    "&lt;b&gt;",
    "&#13;",
    "&#x1b;",
    "&#x9b;",
    "&#x202E;",
    "&rlm;",
    "&#0;",
    "&#x7f;",
    "&nbsp;",
    "&bogus;",
    "&#xFFFFFF;",
    "&#x2066;",
    "&#12;",
]
WORDS = [
    "troops",
    "Russia",
    "the",
    "U.S.",
    "Lt. Gen.",
    "e.g.",
    "No. 5",
    "J. R. Smith",
    "12,000",
    "1.5",
    "Nov. 1",
    "Plan B.",
    "é",
    "中文",
    "İstanbul",
    "ß",
    "🙂",
    "\u0301",
    "a" * 30,
    "x",
    "(",
    ")",
    '"',
    "'",
    "…",
]
HOSTILE_ATOMS = tuple(C0 + C1 + BIDI + ESCAPES + MARKUP + ["\t", "\r", "\r\n", "\u2028", "\ufeff"])
hostile_atom = st.sampled_from(HOSTILE_ATOMS)
any_char_text = st.text(max_size=8)  # any code point but lone surrogates


@functools.cache
def _sampled(options: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.sampled_from(options)


@functools.cache
def _integers(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


def pick(draw: st.DrawFn, *options: Any) -> Any:
    """One of `options` (strategies are built once: building them per draw made generation 10x slower)."""
    return draw(_sampled(options))


def number(draw: st.DrawFn, low: int, high: int) -> int:
    return draw(_integers(low, high))


def _one_line(text: str) -> str:
    return text.replace("\r", "\x0b").replace("\n", " ").replace("\u2028", " ") or "x"


_ATOM = st.one_of(st.sampled_from(WORDS), hostile_atom, st.sampled_from(ENTITIES), any_char_text)


@functools.cache
def line_text(max_atoms: int = 6) -> st.SearchStrategy[str]:
    """Text for one line: words, hostile atoms and any characters, without a newline."""
    return st.lists(_ATOM, min_size=1, max_size=max_atoms).map(" ".join).map(_one_line)


hostile_text = st.lists(st.one_of(_ATOM, st.just("\n")), max_size=8).map("".join)

# Briefs: each construct is a function of `draw` and the ids defined so far (plain functions,
# not composites, for the same reason as `pick`).


@dataclass
class Ids:
    """The ids a brief defines, so citations and relations can point at them (or not)."""

    claims: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)


_ID_START = "abcdefghijklmnopqrstuvwxyz0123456789"
claim_id = st.builds(
    operator.add,
    st.sampled_from(_ID_START + "ABCZ"),
    st.text(alphabet=_ID_START + "ABZ_.-", max_size=10),
)
section_id = st.builds(operator.add, st.sampled_from(_ID_START), st.text(alphabet=_ID_START + "-", max_size=10))
BAD_CLAIM_IDS = ("", " ", "-x", "a b", "\x1b", "é", "[", "]", "^", "a" * 300, "c\u202e")


def citation(draw: st.DrawFn, ids: Ids) -> str:
    """A citation of a defined claim, an undefined one, or one that is broken or escaped."""
    kind = pick(draw, "known", "known", "unknown", "bad", "broken", "escaped", "code")
    known = pick(draw, *ids.claims) if ids.claims else "c1"
    if kind == "known":
        return f"[^{known}]"
    if kind == "unknown":
        return f"[^{draw(claim_id)}]"
    if kind == "bad":
        return f"[^{pick(draw, *BAD_CLAIM_IDS)}]"
    if kind == "broken":
        return pick(draw, "[^", "[^]", "[ ^x]", "[^^]", "[[^c1]]", "[^c1")
    if kind == "escaped":
        return f"\\[^{known}]"
    return f"`[^{known}]`"


LINK_TARGETS = (
    "https://example.org/a?b=c",
    "http://x",
    "other.md#details",
    "../escape.md",
    "/etc/passwd",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:text/html,x",
    "smb://host/share",
    "<https://example.org/a b>",
    "#anchor",
    "",
    "https://e.org/\x1b]52;c;aGk=\x07",
    "https://e.org/&#x1b;",
    "x.md\u202e",
)
INLINE_KINDS = (
    *["plain"] * 3,
    *("emphasis", "open", "code", "link", "image", "autolink", "reflink", "citation", "entity", "hostile"),
    *("html", "break"),
)


def inline(draw: st.DrawFn, ids: Ids) -> str:
    """One inline construct: a word, emphasis (closed or left open), code, a link, a citation..."""
    text = draw(line_text(3))
    kind = pick(draw, *INLINE_KINDS)
    if kind == "plain":
        return text
    if kind == "emphasis":
        mark = pick(draw, "*", "**", "_", "__", "~~", "***")
        return f"{mark}{text}{mark}"
    if kind == "open":
        return pick(draw, "*", "**", "_", "~~", "`", "[", "![", "<", "](", "``") + text
    if kind == "code":
        ticks = pick(draw, "`", "``", "```")
        return f"{ticks}{text}{ticks}"
    if kind == "link":
        return f"[{text}]({pick(draw, *LINK_TARGETS)})"
    if kind == "image":
        return f"![{text}]({pick(draw, *LINK_TARGETS)})"
    if kind == "autolink":
        return pick(draw, "<https://example.org>", "<mailto:a@b.c>", "https://bare.example", "<x\x1b>")
    if kind == "reflink":
        return f"[{text}][ref]"
    if kind == "citation":
        return citation(draw, ids)
    if kind == "entity":
        return pick(draw, *ENTITIES)
    if kind == "hostile":
        return _one_line(draw(hostile_atom))
    if kind == "html":
        return pick(draw, "<b>x</b>", "<!-- c -->", "<script>x</script>", "<img src=x onerror=y>", "</")
    return pick(draw, "\\", "  ")  # a hard break, at the end of a line


ENDINGS = (".", ".", "!", "?", "…", "", "...", ".)", '."', "?!?!", "." * 20)


def sentence(draw: st.DrawFn, ids: Ids) -> str:
    """Inline constructs, an ending (or none), and citations after it."""
    parts = [inline(draw, ids) for _ in range(number(draw, 1, 5))]
    first = pick(draw, "", "The", "A", '"Quoted', "(", "12", "İ", "é")
    cites = [citation(draw, ids) for _ in range(number(draw, 0, 2))]
    return " ".join([first, *parts]).strip() + pick(draw, *ENDINGS) + "".join(cites)


def paragraph(draw: st.DrawFn, ids: Ids) -> str:
    """Sentences, laid out on one line or several (soft breaks)."""
    sentences = [sentence(draw, ids) for _ in range(number(draw, 1, 4))]
    return pick(draw, " ", "\n").join(sentences)


def list_block(draw: st.DrawFn, ids: Ids, depth: int = 0) -> str:
    """A list, its items holding paragraphs and sometimes a nested list or a quote."""
    marker = pick(draw, "-", "*", "+", "1.", "2)", "10.")
    indent = " " * (len(marker) + 1)
    items = []
    for count in range(number(draw, 1, 4)):
        shown = marker if not marker[0].isdigit() else f"{count + 1}{marker[-1]}"
        item = f"{shown} " + paragraph(draw, ids).replace("\n", "\n" + indent)
        if depth < 3 and draw(st.booleans()):
            nested = list_block(draw, ids, depth + 1)
            item += "\n" + "\n".join(indent + line if line else line for line in nested.split("\n"))
        if number(draw, 0, 5) == 0:
            item += "\n" + indent + "> " + draw(line_text())
        items.append(item)
    return pick(draw, "\n", "\n\n").join(items)


ALIGNS = ("---", ":---", "---:", ":---:", "-")


def table(draw: st.DrawFn, ids: Ids) -> str:
    """A table with aligned columns, rows of too many or too few cells, and any text in cells."""
    columns = number(draw, 1, 5)

    def cell() -> str:
        text = draw(line_text(3)) if draw(st.booleans()) else inline(draw, ids)
        return text.replace("|", "\\|").replace("\n", " ")

    def row(cells: int) -> str:
        return "| " + " | ".join(cell() for _ in range(cells)) + " |"

    align = "|" + "|".join(pick(draw, *ALIGNS) for _ in range(columns)) + "|"
    rows = [row(max(0, columns + number(draw, -1, 2))) for _ in range(number(draw, 0, 4))]
    return "\n".join([row(columns), align, *rows])


def quote(draw: st.DrawFn, ids: Ids) -> str:
    """A block quote, sometimes nested, sometimes holding a list."""
    prefix = "> " * number(draw, 1, 3)
    body = paragraph(draw, ids) if draw(st.booleans()) else list_block(draw, ids, 2)
    return "\n".join(prefix + line for line in body.split("\n"))


_CODE_LINE = st.one_of(line_text(), hostile_text.map(_one_line))


def code(draw: st.DrawFn) -> str:
    """Fenced (closed or not) or indented code, holding anything, escapes included."""
    lines = [draw(_CODE_LINE) for _ in range(number(draw, 0, 4))]
    kind = pick(draw, "```", "~~~", "open", "indented")
    if kind == "indented":
        return "\n".join("    " + line for line in lines or ["x"])
    info = pick(draw, "", "python", "\x1b[31m", "[b]", "``` x")
    fence = "```" if kind == "open" else kind
    closing = "" if kind == "open" else "\n" + fence
    return f"{fence}{info}\n" + "\n".join(lines) + closing


BLOCK_KINDS = (
    *["paragraph"] * 4,
    *("list", "list", "table", "quote", "code", "heading", "rule", "html", "setext", "refdef", "raw"),
)


def block(draw: st.DrawFn, ids: Ids) -> str:
    """One block of a section."""
    kind = pick(draw, *BLOCK_KINDS)
    if kind == "paragraph":
        return paragraph(draw, ids)
    if kind == "list":
        return list_block(draw, ids)
    if kind == "table":
        return table(draw, ids)
    if kind == "quote":
        return quote(draw, ids)
    if kind == "code":
        return code(draw)
    if kind == "heading":
        return pick(draw, "###", "####", "######", "#######") + " " + sentence(draw, ids).split("\n")[0]
    if kind == "rule":
        return pick(draw, "---", "***", "___", "- - -")
    if kind == "html":
        text = draw(line_text())
        return pick(draw, f"<div>\n{text}\n</div>", f"<!-- {text} -->", f"<table><tr><td>{text}")
    if kind == "setext":
        return draw(line_text()) + "\n" + pick(draw, "===", "---")
    if kind == "refdef":
        return f"[ref]: {pick(draw, *LINK_TARGETS) or 'x'}"
    return draw(hostile_text)


def heading(draw: st.DrawFn, ids: Ids) -> str:
    """A level-2 heading (ATX or setext), its title any inline text, with or without an explicit id."""
    title = pick(draw, "text", "inline", "empty")
    title = {"text": lambda: draw(line_text(4)), "inline": lambda: inline(draw, ids), "empty": lambda: ""}[title]()
    kind = pick(draw, "plain", "plain", "explicit", "bad-explicit", "setext", "closing")
    if kind == "explicit":
        new = pick(draw, *ids.sections) if ids.sections and draw(st.booleans()) else draw(section_id)
        return f"## {title} {{#{new}}}"
    if kind == "bad-explicit":
        bad = pick(draw, "", " ", "-x", "a b", "\x1b", "a}b")
        return f"## {title} {{#{bad}}}"
    if kind == "setext":
        return f"{title or 'x'}\n---"
    if kind == "closing":
        return f"## {title} ##"
    return f"## {title}"


def section(draw: st.DrawFn, ids: Ids) -> str:
    return "\n\n".join([heading(draw, ids), *(block(draw, ids) for _ in range(number(draw, 0, 5)))])


DATES = ("2026-03-02", "2026-03", "2026", "2026-02-30", "26-3-2", "yesterday", "", "2026-13-01", "\x1b[2J")
STATUS_VALUES = (*(status.value for status in ClaimStatus), "Confirmed", "probable", "", "\x1b]0;t\x07")
GRADES = ("A1", "F6", "B2", "G7", "a1", "", "A", "AA11", "\u202eB2")
FIELD_NAMES = (*CLAIM_FIELDS, "claimant", "status", "colour", "Reported_By", "**Claimant**")
FIELD_INDENTS = ("    ", "    ", "    ", "  ", "\t", "      ", "")
BULLETS = ("- ", "- ", "* ", "", "- **")


def claim(draw: st.DrawFn, ids: Ids, own: str) -> str:
    """A claim definition: a statement and its fields, each valid or broken, in any order."""
    statement = sentence(draw, ids) if number(draw, 0, 5) else ""
    fields = []
    for _ in range(number(draw, 0, 7)):
        name = pick(draw, *FIELD_NAMES)
        if name in ("contradicts", "supports"):
            targets = [pick(draw, *ids.claims, own, "nowhere") for _ in range(number(draw, 0, 3))]
            value = pick(draw, ", ", ",", " ").join(targets)
        elif name == "status":
            value = pick(draw, *STATUS_VALUES)
        elif name == "grade":
            value = pick(draw, *GRADES)
        elif name == "date":
            value = pick(draw, *DATES)
        else:
            value = draw(line_text(4)) if draw(st.booleans()) else inline(draw, ids)
        fields.append(f"{pick(draw, *FIELD_INDENTS)}{pick(draw, *BULLETS)}{name}: {value}")
    return "\n".join([f"[^{own}]: {statement}", *fields])


FRONT_KEYS = ("id", "title", "date", "authors", "author", "sources", "source", "tags", "focus", "colour", "Title")
BAD_BRIEF_IDS = ("", "Bad Id", "-x", "\x1b", "é")


def scalar(draw: st.DrawFn) -> str:
    """A front matter value: plain, quoted (with escapes), or malformed."""
    text = draw(line_text(3)).replace("#", "")
    kind = pick(draw, "plain", "plain", "double", "single", "bad-double", "bad-single")
    if kind == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if kind == "single":
        return "'" + text.replace("'", "''") + "'"
    if kind == "bad-double":
        return '"' + text
    if kind == "bad-single":
        return "'" + text
    return text


def value_list(draw: st.DrawFn, item: Callable[[], str]) -> str:
    """A list value: inline (`[a, b]`, or left open), as `- item` lines, or a lone scalar."""
    values = [item() for _ in range(number(draw, 0, 4))]
    kind = pick(draw, "flow", "block", "scalar", "open")
    if kind == "flow":
        return " [" + ", ".join(values) + "]"
    if kind == "open":
        return " [" + ", ".join(values)
    if kind == "scalar":
        return " " + (values[0] if values else "")
    return "".join(f"\n{pick(draw, '  ', '', '    ')}- {value}" for value in values)


def front_matter(draw: st.DrawFn, ids: Ids) -> str:
    """Front matter: known keys (valid or not), unknown ones, keys twice, malformed lines; closed or not."""
    lines = []
    if number(draw, 0, 3):  # most briefs have the two required keys
        lines += [f"id: {draw(section_id)}", f"title: {scalar(draw)}"]
    for _ in range(number(draw, 0, 8)):
        key = pick(draw, *FRONT_KEYS)
        if key == "id":
            value = " " + (draw(section_id) if draw(st.booleans()) else pick(draw, *BAD_BRIEF_IDS))
        elif key == "date":
            value = " " + pick(draw, *DATES)
        elif key in ("authors", "author", "sources", "source", "tags"):
            value = value_list(draw, lambda: scalar(draw))
        elif key == "focus":
            value = value_list(
                draw, lambda: pick(draw, *ids.sections, "x", "summary") if number(draw, 0, 3) else scalar(draw)
            )
        else:
            value = " " + scalar(draw)
        lines.append(f"{key}:{value}")
    for _ in range(number(draw, 0, 2)):
        lines.insert(number(draw, 0, len(lines)), pick(draw, "# c", "nonsense", ":", "- x", "  x: y"))
    closing = pick(draw, "---", "---", "---", "...", "")
    return "---\n" + "\n".join(lines) + ("\n" + closing if closing else "")


@st.composite
def brief_text(draw: st.DrawFn) -> str:
    """A whole brief (or a plain markdown file), from its constructs, valid or broken."""
    ids = Ids(claims=draw(st.lists(claim_id, max_size=4, unique=True)))
    ids.sections = draw(st.lists(section_id, max_size=3, unique=True))
    body_sections = [section(draw, ids) for _ in range(number(draw, 0, 4))]  # first: focus may name their ids
    parts = []
    if number(draw, 0, 5):
        parts.append(front_matter(draw, ids))
    if draw(st.booleans()):
        parts.append("# " + draw(line_text(4)))
    parts += [paragraph(draw, ids) if draw(st.booleans()) else block(draw, ids) for _ in range(number(draw, 0, 3))]
    parts += body_sections
    parts += [claim(draw, ids, own) for own in ids.claims]
    if number(draw, 0, 4) == 0:
        parts.append(claim(draw, ids, draw(claim_id)))
    text = "\n\n".join(parts) + pick(draw, "\n", "", "\n\n\n")
    ending = pick(draw, "\n", "\n", "\n", "\r\n", "\r")
    if ending != "\n":
        text = text.replace("\n", ending)
    return pick(draw, "", "", "", "\ufeff") + text


def without_nul(text: str) -> str:
    """The text as a file the reader opens: a NUL makes a file binary, refused before it is read."""
    return text.replace("\x00", "\u2400")


# Stores


def brief_sentences(brief: Brief) -> list[tuple[int, int, int]]:
    """(section number, start, end) of every sentence of the brief, where notes can sit."""
    return [
        (number, sentence.start, sentence.end)
        for number, section in enumerate(brief.all_sections)
        for sentence in section.sentences
        if sentence.end > sentence.start
    ]


iso_time = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2025, 1, 1), timezones=st.just(UTC)).map(
    lambda moment: moment.isoformat(timespec="microseconds")
)
note_text = st.one_of(st.just(""), hostile_text, st.text(max_size=30))
tag_text = st.one_of(line_text(2), st.text(min_size=1, max_size=10))


@st.composite
def good_note(draw: st.DrawFn, brief: Brief, key: str) -> Annotation:
    """A note the app could have saved: on a sentence (or two) of `brief`, or an orphan.

    Its note and tags hold any text, controls included: the store must picture them when
    read, never drop the note.
    """
    sentences = brief_sentences(brief)
    if sentences and draw(st.integers(0, 4)):
        number, start, end = draw(st.sampled_from(sentences))
        anchor = anchor_for(brief.all_sections[number], start, end)
    else:
        quote_text = draw(st.text(min_size=1, max_size=40))
        anchor = Anchor("gone", quote_text, 0, len(quote_text), draw(st.text(max_size=10)), draw(st.text(max_size=10)))
    created = draw(iso_time)
    return Annotation(
        brief=key,
        anchor=anchor,
        colour=draw(st.sampled_from(COLOURS)),
        note=draw(note_text),
        tags=tuple(draw(st.lists(tag_text, max_size=3))),
        id=str(draw(st.uuids(version=4))),
        created=created,
        updated=created,
    )


HUGE = 2**63 - 1
BAD_VALUES: dict[str, list[Any]] = {
    "id": ["", "\x1b]52;c;aGk=\x07", b"blob-id", 12, 1.5],
    "brief": [b"id:x", 7, "\x1b[2J"],
    "section": [b"summary", 3, "", "\x1b]0;t\x07", None],
    "quote": [b"\x00blob", b"", 42, 2.5, "", "\x1b]52;c;aGk=\x07", None],
    "prefix": [b"p", 1, "\x9b31m", None],
    "suffix": [b"s", 1.0, "\u202e", None],
    "start": [-1, -HUGE, HUGE, 2**40, "abc", "", 1.5, b"\x01", None, "12x", float("inf")],
    "end": [-1, -HUGE, HUGE, 2**40, "abc", 0.5, b"\x02", None],
    "colour": ["red", "", "YELLOW", " yellow", b"yellow", 3, "\x1b[31m", "yellow\x00", None],
    "note": [b"\xff\xfe", 5, "\x1b]52;c;aGk=\x07", "[@click=app.quit]x[/]", None],
    "tags": ["not json", "{}", "[1, 2]", '"x"', "[null]", b"[]", '["\\u001b]52;c;aGk=\\u0007"]', '[["a"]]', None, "5"],
    "created": ["", "not a time", "\x1b]0;title\x07", 5, "9999-99-99", b"2026", None, "0001-01-01T00:00:00+14:00"],
    "updated": ["", "\x1b[6n", 5.5, b"t", None],
    "deleted": ["", 0, b"x", "\x1b"],
}


@dataclass
class StoreSpec:
    """What a random store holds: good notes (which must come back), bad rows, reading states, tampering."""

    key: str
    good: list[Annotation]
    bad: list[dict[str, Any]]
    states: list[tuple[Any, Any, Any]]
    loose: bool  # the table rebuilt without its types and NOT NULLs, so NULLs go in
    extras: list[str]  # triggers, views, tables of its own
    version: int | None  # PRAGMA user_version written over the app's own

    @property
    def schema_tampered(self) -> bool:
        """Whether the store is not the app's own schema (refusing it, with the reason, is then fine)."""
        return self.loose or bool(self.extras) or self.version is not None


EXTRAS = [
    "CREATE TRIGGER wipe AFTER INSERT ON annotation BEGIN DELETE FROM annotation WHERE id != new.id; END",
    "CREATE TRIGGER wipe_on_update AFTER UPDATE ON annotation BEGIN DELETE FROM annotation; END",
    "CREATE TRIGGER refuse BEFORE INSERT ON annotation BEGIN SELECT RAISE(ABORT, 'no'); END",
    "CREATE TRIGGER state AFTER INSERT ON reading_state BEGIN DELETE FROM annotation; END",
    "CREATE TABLE extra (x)",
    "CREATE VIEW everything AS SELECT * FROM annotation",
    "CREATE INDEX odd ON annotation (note)",
]


@st.composite
def bad_row(draw: st.DrawFn, brief: Brief, key: str) -> dict[str, Any]:
    """A row of the annotation table with one to three fields tampered with."""
    base = draw(good_note(brief, key))
    row = _row(base)
    row["id"] = f"bad-{uuid.UUID(int=draw(st.integers(0, 2**64))).hex}"
    for name in draw(st.lists(st.sampled_from(sorted(BAD_VALUES)), min_size=1, max_size=3, unique=True)):
        row[name] = draw(st.sampled_from(BAD_VALUES[name]))
    if draw(st.integers(0, 3)) == 0:
        row["brief"] = "id:another"
    return row


def _row(note: Annotation) -> dict[str, Any]:
    anchor = note.anchor
    return {
        "id": note.id,
        "brief": note.brief,
        "section": anchor.section,
        "quote": anchor.quote,
        "prefix": anchor.prefix,
        "suffix": anchor.suffix,
        "start": anchor.start,
        "end": anchor.end,
        "colour": note.colour,
        "note": note.note,
        "tags": json.dumps(list(note.tags)),
        "created": note.created,
        "updated": note.updated,
        "deleted": note.deleted,
    }


STATE_VALUES: list[Any] = [
    '{"at": "\\u001b]52;c;aGk=\\u0007"}',
    '{"at": "situation"}',
    '{"at": 5}',
    "not json",
    "[1]",
    b"{}",
    7,
    '{"at": "\\u202eevil", "columns": ["\\u001b[2J"], "cursor": -5}',
    '{"columns": "x", "cursor": "y", "at": ["a"]}',
    '{"columns": [999999, -1], "cursors": {"a": 1e400}}',
]


@st.composite
def store_spec(draw: st.DrawFn, brief: Brief, key: str) -> StoreSpec:
    """A random store for `brief` (whose notes are under `key`)."""
    good = draw(st.lists(good_note(brief, key), max_size=5, unique_by=lambda note: note.id))
    bad = draw(st.lists(bad_row(brief, key), max_size=5))
    states = draw(
        st.lists(
            st.tuples(
                st.sampled_from([key, "id:another", b"k", 3]),
                st.sampled_from(STATE_VALUES),
                st.sampled_from(["2026-01-01", "\x1b]0;t\x07", 5, b"t"]),
            ),
            max_size=2,
        )
    )
    tampered = draw(st.integers(0, 3)) == 0
    loose = tampered and draw(st.booleans())
    extras = draw(st.lists(st.sampled_from(EXTRAS), max_size=2, unique=True)) if tampered else []
    version = draw(st.sampled_from([None, 0, SCHEMA_VERSION + 1, -1])) if tampered else None
    return StoreSpec(key, good, bad, states, loose, extras, version)


LOOSE_TABLE = """
    CREATE TABLE annotation (id, brief, section, quote, prefix, suffix, start, end, colour, note, tags,
                             created, updated, deleted)
"""


def build_store(path: Path, spec: StoreSpec) -> None:
    """Write the store `spec` describes: the good notes through the app, then the tampering, raw."""
    with Store(path) as store:
        store.merge(spec.good)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        if spec.loose:
            db.execute("ALTER TABLE annotation RENAME TO kept")
            db.execute(LOOSE_TABLE)
            db.execute("INSERT INTO annotation SELECT * FROM kept")
            db.execute("DROP TABLE kept")
        columns = ", ".join(BAD_VALUES)
        marks = ", ".join(f":{name}" for name in BAD_VALUES)
        for row in spec.bad:
            # A NULL where the app's schema forbids one (or an id twice) is refused: that row is not there.
            with contextlib.suppress(sqlite3.IntegrityError):
                db.execute(f"INSERT INTO annotation ({columns}) VALUES ({marks})", row)
        for brief, state, updated in spec.states:
            with contextlib.suppress(sqlite3.IntegrityError):
                db.execute("INSERT OR REPLACE INTO reading_state VALUES (?, ?, ?)", (brief, state, updated))
        for statement in spec.extras:
            db.execute(statement)
        if spec.version is not None:
            db.execute(f"PRAGMA user_version = {spec.version}")
    finally:
        db.close()


def raw_ids(path: Path) -> set[str]:
    """The ids of the annotation rows in the file at `path`, read plainly (no app code)."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {str(row[0]) for row in db.execute("SELECT id FROM annotation")}
    finally:
        db.close()
