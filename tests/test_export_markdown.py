"""The markdown export: front matter, notes by section, claims, orphans; and no note can break it."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from tui.core.brief.model import Brief
from tui.core.brief.numbering import claim_numbers
from tui.core.brief.parse import parse_brief
from tui.core.export.compose import Format, gather, render
from tui.core.export.markdown import INDENT, escape_line, markdown_export, note_lines, renders_safely
from tui.core.export.provenance import ExportedBrief, exported_at_now
from tui.core.notes.access import Placed, in_reading_order
from tui.core.notes.anchoring import Found, How, anchor_for
from tui.core.notes.annotation import COLOURS, Annotation, brief_key
from tui.core.outside.visible import printable

from .conftest import BUNDLED_BRIEF
from .export_fixtures import EPOCH, EXPORTED_AT, bundled, store_with_fixed_notes

GOLDEN = Path(__file__).parent / "golden"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
BRIEF = bundled()


def parser() -> MarkdownIt:
    """How a renderer sees the export: CommonMark, GFM tables, front matter."""
    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin)


def front_matter_of(text: str) -> dict[str, object]:
    assert text.startswith("---\n")
    loaded = yaml.safe_load(text[4 : text.index("\n---\n", 4)])
    assert isinstance(loaded, dict)
    return loaded


def golden(name: str, text: str) -> str:
    """The golden file's text; `UPDATE_GOLDEN=1` rewrites it from `text` (then read the diff)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8", newline="\n")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def exported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    store = store_with_fixed_notes(tmp_path / "notes.sqlite3", BRIEF)
    return render(gather(Path(BRIEF.path), store), Format.MARKDOWN)


def test_the_bundled_brief_exports_as_its_golden_file(exported: str) -> None:
    assert exported == golden("notes-export.md", exported)


def test_the_front_matter_is_valid_yaml_saying_which_brief_when_and_how_many(exported: str) -> None:
    assert front_matter_of(exported) == {
        "title": "North Korean troops in Russia",
        "brief_id": "north-korean-troops-in-russia",
        "file": "north-korean-troops-in-russia.md",
        "source": ["News report, October 2024, on North Korean troops deployed to Russia"],
        "date": "2024-10",
        "exported_at": EXPORTED_AT,
        "note_count": 6,
        "generator": "Briefing Reader",
    }


def headings(tokens: list[Token]) -> list[tuple[str, str]]:
    return [(token.tag, tokens[i + 1].content) for i, token in enumerate(tokens) if token.type == "heading_open"]


def test_sections_come_in_reading_order_then_the_claims_then_the_orphans(exported: str) -> None:
    tokens = parser().parse(exported)
    assert headings(tokens) == [
        ("h1", "Notes on North Korean troops in Russia"),
        ("h2", "Bottom line up front"),
        ("h2", "Situation"),
        ("h2", "Motives"),
        ("h2", "China's role"),
        ("h2", "Annotated claims"),
        ("h2", "Notes that lost their place"),
    ]
    # Within a section, in the order of the text: the Situation's first sentence before its second.
    assert exported.index("At a Pentagon briefing") < exported.index("He added that")


def test_each_note_shows_its_quote_note_tags_colour_and_cited_claims(exported: str) -> None:
    item = exported[exported.index("- > Seoul's intelligence service says") : exported.index("## Situation")]
    assert "*yellow highlight*" in item
    assert "#numbers #nis" in item
    assert "cites ⁶ **nis-brigades** (reported), ⁷ **nis-special-forces** (reported)" in item
    assert "  Two services, **one** figure:\n\n  - NIS: 12,000\n  - DIU: agrees" in item  # its markdown, as written


def test_the_claim_table_lists_each_annotated_claim_once_in_the_briefs_order(exported: str) -> None:
    tokens = parser().parse(exported)
    rows = [tokens[i + 5].content for i, token in enumerate(tokens) if token.type == "tr_open"]
    cited = [
        "austin-evidence",
        "nis-brigades",
        "nis-special-forces",
        "austin-mission-unclear",
        "kim-lifeline",
        "china-neutral",
    ]
    assert rows[0] == "Claim"  # the header row
    assert rows[1:] == [claim.id for claim in BRIEF.claims if claim.id in cited]
    assert "| 1 | austin-evidence | Lloyd Austin, U.S. Defense Secretary | reported | B2 |" in exported


def test_an_edited_quote_is_flagged_and_an_orphan_keeps_its_original_quote(exported: str) -> None:
    china = exported[exported.index("## China's role") : exported.index("## Annotated claims")]
    assert "the brief's text here changed since the note was made" in china
    orphans = exported[exported.index("## Notes that lost their place") :]
    assert "> A sentence the brief has since dropped." in orphans
    assert "was in Regional risks" in orphans


def test_a_note_that_would_add_a_heading_or_a_link_is_kept_verbatim_in_a_code_block(exported: str) -> None:
    assert "  ```text\n  # Not a heading\n\n  See [the transcript](https://example.org) `now`\n  ```" in exported
    assert not any(token.type in ("link_open", "html_inline", "html_block") for token in all_tokens(exported))


def test_the_export_is_deterministic_whatever_order_the_notes_come_in(tmp_path: Path) -> None:
    key = brief_key(BRIEF.id, BRIEF.path)
    notes = [placed_on(BRIEF, key, index, f"note {index}") for index in range(6)]
    exported = ExportedBrief(BRIEF, key, EXPORTED_AT)
    assert markdown_export(exported, notes) == markdown_export(exported, list(reversed(notes)))


def test_a_brief_without_notes_exports_a_short_document() -> None:
    text = markdown_export(ExportedBrief(BRIEF, "id:x", EXPORTED_AT), [])
    assert front_matter_of(text)["note_count"] == 0
    assert "No notes yet." in text
    assert headings(parser().parse(text)) == [("h1", "Notes on North Korean troops in Russia")]


def test_text_from_the_brief_is_escaped_so_it_reads_as_itself() -> None:
    hostile = "# not a heading *or emphasis* [nor](link) <b>nor html</b> | pipe"
    rendered = parser().render(escape_line(hostile))
    assert rendered == "<p># not a heading *or emphasis* [nor](link) &lt;b&gt;nor html&lt;/b&gt; | pipe</p>\n"


# The property: random notes full of markdown never break the document.

SYNTAX = [
    "#", "# ", "## ", "###### x", "---", "***", "___", "===", "-", ">", "> ", ">>>>>>>>>>>>>>>>", "`", "```",
    "~~~", "```python", "](", "[", "]", "(", ")", "[x]: /url", "![i](j)", "<http://a.b>", "<div>", "<!--", "-->",
    "- ", "* ", "+ ", "1. ", "2) ", "    ", "\t", "  ", "\n", "\n\n", "\\", "|", "| a | b |\n|---|---|", "_", "**",
    "&amp;", "&#35;", "http://example.org", "[[wiki]]", "[^1]", "word", "é", "中文", "\x1b[31m", "\x00", "\u202e",
    "\r", "\r\n", "\x85", "\u2028", "\ud800", "\n\t# x", "\n\t---", "\n \t## h", "\n\t===", "\n\t<script>",
    "\n\t[r]: https://e.x", "[r]", "\n\t\t",
]  # fmt: skip
notes_text = st.lists(st.one_of(st.sampled_from(SYNTAX), st.text(max_size=4)), max_size=25).map("".join)


def placed_on(brief: Brief, key: str, index: int, note: str, tags: tuple[str, ...] = ()) -> Placed:
    sentences = [(section, sentence) for section in brief.all_sections for sentence in section.sentences]
    section, sentence = sentences[index % len(sentences)]
    anchor = anchor_for(section, sentence.start, sentence.end)
    annotation = Annotation(
        key, anchor, colour=COLOURS[index % len(COLOURS)], note=note, tags=tags, id=f"id-{index:04d}",
        created=f"2026-01-01T00:00:{index % 60:02d}", updated="2026-01-01T00:00:00",
    )  # fmt: skip
    return Placed(annotation, Found(section.id, sentence.start, sentence.end, How.EXACT))


def all_tokens(text: str) -> list[Token]:
    found: list[Token] = []
    for token in parser().parse(text):
        found.append(token)
        found.extend(token.children or ())
    return found


def expected_headings(brief: Brief, placed: list[Placed]) -> list[tuple[str, str]]:
    expected = [("h1", f"Notes on {brief.title}")]
    for item in in_reading_order(brief, placed):
        title = brief.section(item.found.section).title if item.found else ""  # type: ignore[union-attr]
        if item.found and ("h2", title) not in expected:
            expected.append(("h2", title))
    claims = any(s.claim_ids for p in placed if p.found for s in brief.section(p.found.section).sentences  # type: ignore[union-attr]
                 if s.start < p.found.end and s.end > p.found.start)  # fmt: skip
    if claims:
        expected.append(("h2", "Annotated claims"))
    if any(item.found is None for item in placed):
        expected.append(("h2", "Notes that lost their place"))
    return expected


@given(
    notes=st.lists(notes_text, min_size=1, max_size=5),
    spots=st.lists(st.integers(0, 70), min_size=5, max_size=5),
    orphan=st.booleans(),
    tags=st.lists(st.sampled_from(["a b", "#x", "_u_", "", "ok/sub", "[l](m)", "\x1b"]), max_size=3),
)
@example(notes=["===\n\t\t"], spots=[0, 0, 0, 0, 0], orphan=True, tags=[])  # a blank last line, once dropped
def test_notes_full_of_markdown_never_break_the_documents_structure(
    notes: list[str], spots: list[int], orphan: bool, tags: list[str]
) -> None:
    key = brief_key(BRIEF.id, BRIEF.path)
    placed = [placed_on(BRIEF, key, spot, note, tuple(tags)) for spot, note in zip(spots, notes, strict=False)]
    if orphan:
        placed[-1] = Placed(placed[-1].annotation, None)
    text = markdown_export(ExportedBrief(BRIEF, key, EXPORTED_AT), placed)

    assert not CONTROL.search(text)
    assert front_matter_of(text)["note_count"] == len(placed)
    tokens = parser().parse(text)
    assert headings(tokens) == expected_headings(BRIEF, placed)
    assert not [t.type for t in all_tokens(text) if t.type in ("link_open", "image", "html_block", "html_inline", "hr")]

    # One top-level list item per note, in reading order, and each holds its note whole.
    items = [token for token in tokens if token.type == "list_item_open" and token.level == 1]
    ordered = in_reading_order(BRIEF, placed)
    assert len(items) == len(ordered)
    lines = text.split("\n")
    for token, item in zip(items, ordered, strict=True):
        assert token.map is not None
        inside = "\n".join(line.removeprefix(INDENT) for line in lines[token.map[0] : token.map[1]])
        note = printable(item.annotation.note)
        if note.strip():
            # A line of spaces and tabs is emptied, and blank lines at either end are dropped.
            written = "\n".join(line if line.strip() else "" for line in note.split("\n")).strip("\n")
            assert written in inside
            if not renders_safely(written):
                fences = [t for t in tokens if t.type == "fence" and t.map and token.map[0] <= t.map[0] < token.map[1]]
                assert [t.content for t in fences] == [written + "\n"]


@pytest.mark.parametrize(
    ("note", "lines"),
    [
        ("===\n\t\t", ["  ==="]),  # a blank last line was kept as a list item's empty line: gone
        (" \t\n\nplain\n  \nafter\n\t\n", ["  plain", "", "  after"]),
        ("\n\t\n# x\n\t\ny\n \n", ["  ```text", "  # x", "", "  y", "  ```"]),  # in a code block too
        (" \n\t\n", []),
    ],
)
def test_a_notes_blank_lines_at_either_end_are_dropped_and_those_inside_kept_empty(note: str, lines: list[str]) -> None:
    assert note_lines(note) == lines


@pytest.mark.parametrize("epoch", ["99999999999999", "²", "-5", "soon", ""])
def test_a_source_date_epoch_that_is_not_a_time_gives_now(monkeypatch: pytest.MonkeyPatch, epoch: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert exported_at_now().startswith(str(datetime.now(UTC).year))


def test_the_claim_table_numbers_claims_as_the_reader_does_the_first_of_a_repeated_id_included() -> None:
    # Issue 14, point 1: the export must give each claim the number its marker shows in the text
    # and its row shows in the claim list; an id defined twice is the first definition's claim.
    twice = "\n[^nis-brigades]: Defined twice.\n\n[^austin-evidence]:"
    text = BUNDLED_BRIEF.read_text(encoding="utf-8").replace("\n[^austin-evidence]:", twice, 1)
    brief = parse_brief(text, "twice.md")[0]
    key = brief_key(brief.id, brief.path)
    exported = markdown_export(ExportedBrief(brief, key, EXPORTED_AT), [placed_on(brief, key, 0, "a note")])
    nis = brief.claim("nis-brigades")
    assert nis is not None
    assert nis.references
    number = claim_numbers(claim.id for claim in brief.claims)["nis-brigades"]
    assert brief.claims[number - 1] is nis  # the first definition, as `Brief.claim` and the markers take it
    assert f"| {number} | nis-brigades |" in exported
