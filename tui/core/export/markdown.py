"""A brief's notes as a markdown document: front matter, the notes section by section, the claims they cite.

Everything taken from the brief is escaped, so it reads as the text it is. A note
keeps its own markdown and renders as written, inside a list item that contains
it; a note that would add a heading, a rule, a link, HTML or a link definition
to the document (or nests deeper than renderers follow) is kept verbatim in a
code block instead, so no note can change the document around it. So is a note
too long to check quickly (`PARSED_NOTE`): the export stays linear in what it holds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from tui.core.brief.model import Brief, Claim, Section
from tui.core.brief.numbering import claim_numbers
from tui.core.claims.describe import claim_label
from tui.core.claims.relations import Linked, Relations
from tui.core.display.markers import marker
from tui.core.display.statuses import status_name
from tui.core.export.provenance import ExportedBrief
from tui.core.notes.access import Placed, in_reading_order
from tui.core.notes.anchoring import How
from tui.core.outside.visible import printable

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

INDENT = "  "  # a list item's content: a note's lines are indented by this much
CLAIM_COLUMNS = ("Claim", "Claimant", "Status", "Grade", "Statement", "Relations")
RELATED_NAMED = 6  # related claims named in a relations cell; the rest counted
MAX_NOTE_NESTING = 14  # block levels a note's item may reach and still render (markdown-it stops at 20)
# A longer note is kept verbatim in a code block without being parsed: markdown-it takes up to
# 25 µs a character on some shapes (a 1 MB note of brackets, some 25 s); 10,000 take 0.25 s at most.
PARSED_NOTE = 10_000

# Characters that can start markup anywhere in a line (each escaped in one pass of str.translate),
# and markers that count only at a line's start.
_INLINE_MARKUP = str.maketrans({character: "\\" + character for character in "\\`*_[]<>#~|&"})
_LINE_START_MARKER = re.compile(r"^([-+=])|^(\d{1,9})([.)])", re.MULTILINE)
# A note with none of these is plain text or inline markup; others are parsed to be sure.
_MAY_HAVE_STRUCTURE = re.compile(r"[#<\[\]`~]|^[ \t]*[-=*_+>0-9]", re.MULTILINE)
# YAML reads these as line breaks or refuses them, even inside double quotes.
_YAML_UNSAFE = re.compile("[\u0085\u2028\u2029\ufeff\ufffe\uffff]")
_STRUCTURE_TOKENS = frozenset({"heading_open", "hr", "html_block", "html_inline", "link_open", "image"})


def escape_text(text: str) -> str:
    """Plain text that renders as itself in markdown: markup characters and line-start markers escaped."""
    text = printable(text).translate(_INLINE_MARKUP)
    lines = "\n".join(line.strip() for line in text.split("\n"))
    return _LINE_START_MARKER.sub(_escape_marker, lines)  # one pass: the pattern is MULTILINE


def _escape_marker(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"


def escape_line(text: str) -> str:
    """`escape_text` on one line (a heading, a table cell): line breaks become spaces."""
    return " ".join(escape_text(text).split("\n")).strip()


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax, which YAML reads the same way)."""
    quoted = json.dumps(printable(text), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def tag_text(tag: str) -> str:
    """A tag as `#tag`: characters a tag cannot hold become '-', so it stays one tag in any vault."""
    cleaned = re.sub(r"[^\w/-]|(?<!\w)_|_(?!\w)", "-", printable(tag)).strip("-")
    return f"#{cleaned}" if cleaned else ""


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def renders_safely(note: str) -> bool:
    """Whether a note, rendered inside its list item, adds nothing to the document's structure.

    It is parsed as it will sit, indented in a list item, because the indent changes
    what a line means (a tab that made a code block on its own may not, two columns in).
    A note too long to parse quickly (past `PARSED_NOTE`) is not taken as safe.
    """
    if not _MAY_HAVE_STRUCTURE.search(note):
        return True
    if len(note) > PARSED_NOTE:
        return False
    text = "- item\n\n" + "\n".join(_indented(note.split("\n")))
    env: dict[str, object] = {}
    tokens = _parser().parse(text, env)
    if env.get("references"):
        return False
    lines = text.split("\n")
    for token in tokens:
        if token.type in _STRUCTURE_TOKENS or token.level > MAX_NOTE_NESTING:
            return False
        if token.type == "inline" and any(child.type in _STRUCTURE_TOKENS for child in token.children or ()):
            return False
        if token.type == "fence" and not _fence_closed(token.markup, token.map, lines):
            return False
    return True


def _fence_closed(markup: str, span: list[int] | None, lines: list[str]) -> bool:
    """Whether a fenced block ends with its closing fence (one left open would run to the document's end)."""
    if span is None or span[1] - span[0] < 2 or span[1] > len(lines):
        return False
    last = lines[span[1] - 1].strip()
    return len(last) >= len(markup) and set(last) == {markup[0]}


def _indented(lines: list[str]) -> list[str]:
    return [INDENT + line if line.strip() else "" for line in lines]


def written_lines(note: str) -> list[str]:
    """A note's lines as exported: without its leading and trailing blank lines, a line of only
    spaces or tabs counting as blank (it shows nothing, and markdown ends a list item's text there
    anyway); blank lines between its text are kept, emptied."""
    lines = [line if line.strip() else "" for line in printable(note).split("\n")]
    return "\n".join(lines).strip("\n").split("\n") if any(lines) else []


def note_lines(note: str) -> list[str]:
    """A note's lines, indented into its list item: as written, or verbatim in a code block."""
    lines = written_lines(note)
    if not lines:
        return []
    note = "\n".join(lines)
    if not renders_safely(note):
        longest = max((len(run) for run in re.findall(r"`+", note)), default=0)
        fence = "`" * max(3, longest + 1)
        lines = [fence + "text", *lines, fence]  # "text": no highlighter colours it as code
    return _indented(lines)


def _quote_lines(quote: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in escape_text(quote).strip().split("\n")]


def _status(claim: Claim) -> str:
    return status_name(claim.status)


def _relations(linked: Linked, numbers: dict[str, int]) -> str:
    """How a claim stands to the others, both ways: "contradicted by ¹³ kremlin-denial; supports ⁵ …"."""
    parts = []
    for kind, ids in linked.by_kind():
        named = ", ".join(claim_label(numbers.get(claim_id), claim_id) for claim_id in ids[:RELATED_NAMED])
        more = f" and {len(ids) - RELATED_NAMED:,} more" if len(ids) > RELATED_NAMED else ""
        parts.append(f"{kind} {named}{more}")
    return "; ".join(parts)


def cited_claims(brief: Brief, section: Section, start: int, end: int) -> list[Claim]:
    """The claims cited by the sentences a note covers, each once, in the order cited."""
    found: dict[str, Claim] = {}
    for sentence in section.sentences:
        if sentence.start < end and sentence.end > start:
            for claim_id in sentence.claim_ids:
                claim = brief.claim(claim_id)
                if claim is not None:
                    found.setdefault(claim_id, claim)
    return list(found.values())


def _item(quote: str, facts: Iterable[str], note: str) -> list[str]:
    """One note as a list item: the quote, a line of facts, the note."""
    quoted = _quote_lines(quote) or [">"]
    lines = [f"- {quoted[0]}", *(INDENT + line for line in quoted[1:]), ""]
    lines += [INDENT + " · ".join(facts), ""]
    body = note_lines(note)
    if body:
        lines += [*body, ""]
    return lines


def _cited(claim: Claim, numbers: Mapping[str, int]) -> str:
    """A cited claim as the reader shows it, marker and id, then its status: `¹ **austin-evidence** (reported)`."""
    number = numbers.get(claim.id)
    shown = f"**{escape_line(claim.id)}** ({_status(claim)})"
    return f"{marker(number)} {shown}" if number is not None else shown


def _facts(placed: Placed, claims: list[Claim], numbers: Mapping[str, int], where: str = "") -> list[str]:
    note = placed.annotation
    facts = [f"*{escape_line(note.colour)} highlight*"]
    tags = " ".join(dict.fromkeys(filter(None, map(tag_text, note.tags))))  # each once
    if tags:
        facts.append(tags)
    if claims:
        facts.append("cites " + ", ".join(_cited(c, numbers) for c in claims))
    if placed.found is not None and placed.found.how is How.FUZZY:
        facts.append("the brief's text here changed since the note was made")
    if where:
        facts.append(where)
    return facts


def front_matter(exported: ExportedBrief, note_count: int) -> list[str]:
    """YAML front matter: which brief, when exported, how many notes."""
    brief = exported.brief
    lines = [
        "---",
        f"title: {yaml_string(brief.title)}",
        f"brief_id: {yaml_string(brief.id) if brief.id else 'null'}",
        f"file: {yaml_string(exported.file_name)}",
    ]
    lines += ["source:", *(f"  - {yaml_string(source)}" for source in brief.sources)] if brief.sources else []
    if not brief.sources:
        lines.append("source: []")
    lines += [
        f"date: {yaml_string(brief.date) if brief.date else 'null'}",
        f"exported_at: {yaml_string(exported.exported_at)}",
        f"note_count: {note_count}",
        'generator: "Briefing Reader"',
        "---",
    ]
    return lines


def markdown_export(exported: ExportedBrief, placed: Iterable[Placed]) -> str:
    """The whole document. The same notes exported at the same time give the same bytes."""
    brief = exported.brief
    found: list[Placed] = []
    orphans: list[Placed] = []
    for item in in_reading_order(brief, placed):
        has_place = item.found is not None and brief.section(item.found.section) is not None
        (found if has_place else orphans).append(item)

    count = len(found) + len(orphans)
    lines = [*front_matter(exported, count), "", f"# Notes on {escape_line(brief.title)}", ""]
    when = exported.exported_at.replace("T", " ").removesuffix("Z")[:16] + " UTC"
    summary = f"{count} note{'s' * (count != 1)}, exported {when} by Briefing Reader."
    lines += [escape_line(summary) if count else "No notes yet.", ""]

    # Numbered as the reader's claim list and citation markers number them (the first definition of an id).
    numbers = claim_numbers(claim.id for claim in brief.claims)
    annotated: dict[str, Claim] = {}
    current = None
    for item in found:
        assert item.found is not None
        section = brief.section(item.found.section)
        assert section is not None
        if section is not current:
            lines += [f"## {escape_line(section.title)}", ""]
            current = section
        claims = cited_claims(brief, section, item.found.start, item.found.end)
        annotated.update((claim.id, claim) for claim in claims)
        quote = section.text[item.found.start : item.found.end]
        lines += _item(quote, _facts(item, claims, numbers), item.annotation.note)

    if annotated:
        lines += [
            "## Annotated claims",
            "",
            "| No. | Claim | Claimant | Status | Grade | Statement | Relations |",
            "|---:|---|---|---|---|---|---|",
        ]
        relations = Relations.of(brief.claims)
        for claim in sorted(annotated.values(), key=lambda claim: numbers.get(claim.id, 0)):
            number = str(numbers.get(claim.id, "—"))
            related = _relations(relations.of_claim(claim.id), numbers)
            cells = (
                number,
                claim.id,
                claim.claimant or "—",
                _status(claim),
                str(claim.grade or "—"),
                claim.statement,
                related or "—",
            )
            lines.append("| " + " | ".join(escape_line(cell) for cell in cells) + " |")
        lines.append("")

    if orphans:
        lines += [
            "## Notes that lost their place",
            "",
            escape_line("The brief no longer has the text these quoted."),
            "",
        ]
        for item in orphans:
            anchor = item.annotation.anchor
            was = brief.section(anchor.section)
            where = f"was in {escape_line(was.title if was else anchor.section)}"
            lines += _item(anchor.quote, _facts(item, [], numbers, where), item.annotation.note)

    return "\n".join(lines).rstrip("\n") + "\n"
