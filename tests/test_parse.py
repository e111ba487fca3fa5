"""The parser: model fields, blocks, spans, offsets, citations, plain markdown."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tui.core.brief.model import BlockKind, Brief, ClaimStatus, Container, Grade, Section, SpanStyle
from tui.core.brief.outline import parse_section, parse_summary, read_outline
from tui.core.brief.parse import parse_brief

RICH = """\
---
id: rich
title: "A rich: brief"
date: 2024-10-23
authors:
  - Ann Analyst
  - 'Bob O''Brien'
sources: [Report one, "Report, two"]
tags: [a, b]
focus: [china, second]
---

# Heading one is the title

The *bottom* line.[^c1]

## First part

Some *emphasis*, **strong**, `code [^c1]`, ~~gone~~ and a [link](https://example.org).
A soft break joins lines. A hard break\\
ends here.[^c1] Escaped \\[^c1] is text.

- Item one.[^c2]
- Item two has
  two lines.
    1. Nested first.
    2. Nested second.

> Quoted **text**.
>
> > Deeper.

```python
## not a heading
code line two
```

### A sub heading

| Who | Said |
|-----|------|
| NIS | *12,000*[^c2] |
| Kremlin | denied |

Uses [a definition][elsewhere].

---

## China's role {#china}

China text.[^c2]

## Second

[elsewhere]: https://example.com/def

[^c1]: The *first* claim.
    - claimant: Someone
    - reported by: An outlet
    - status: Reported
    - date: 2024-10
    - grade: b2
    - supports: c2

[^c2]: The second claim,
    continued here.

    - claimant: Other
    - status: denied
    - contradicts: c1
"""


@pytest.fixture(scope="module")
def rich() -> Brief:
    brief, problems = parse_brief(RICH, "rich.md")
    assert [p.message for p in problems] == ["claim 'c2' does not say where it was reported ('reported by')"]
    return brief


def section(brief: Brief, section_id: str) -> Section:
    found = brief.section(section_id)
    assert found is not None
    return found


def test_metadata(rich: Brief) -> None:
    assert rich.is_brief
    assert rich.id == "rich"
    assert rich.title == "A rich: brief"
    assert rich.date == "2024-10-23"
    assert rich.authors == ("Ann Analyst", "Bob O'Brien")
    assert rich.sources == ("Report one", "Report, two")
    assert rich.tags == ("a", "b")
    assert rich.focus == ("china", "second")
    assert [s.id for s in rich.focus_sections] == ["china", "second"]


def test_sections_and_ids(rich: Brief) -> None:
    assert [(s.id, s.title, s.line) for s in rich.sections] == [
        ("first-part", "First part", 17),
        ("china", "China's role", 49),
        ("second", "Second", 53),
    ]
    assert rich.summary is not None
    assert rich.summary.id == "summary"
    assert rich.summary.text == "The bottom line."


def test_blocks_are_flat_with_nesting_recorded(rich: Brief) -> None:
    blocks = section(rich, "first-part").blocks
    shape = [(b.kind, b.depth, b.quote, b.marker, b.level) for b in blocks]
    assert shape == [
        (BlockKind.PARAGRAPH, 0, 0, "", 0),
        (BlockKind.ITEM, 1, 0, "-", 0),
        (BlockKind.ITEM, 1, 0, "-", 0),
        (BlockKind.ITEM, 2, 0, "1.", 0),
        (BlockKind.ITEM, 2, 0, "2.", 0),
        (BlockKind.PARAGRAPH, 0, 1, "", 0),
        (BlockKind.PARAGRAPH, 0, 2, "", 0),
        (BlockKind.CODE, 0, 0, "", 0),
        (BlockKind.HEADING, 0, 0, "", 3),
        (BlockKind.TABLE, 0, 0, "", 0),
        (BlockKind.PARAGRAPH, 0, 0, "", 0),
        (BlockKind.RULE, 0, 0, "", 0),
    ]
    assert [b.line for b in blocks][:4] == [19, 23, 24, 26]
    assert blocks[2].text == "Item two has two lines."
    assert blocks[7].text == "## not a heading\ncode line two"
    assert blocks[7].info == "python"


def test_inline_markdown_becomes_spans(rich: Brief) -> None:
    block = section(rich, "first-part").blocks[0]
    assert block.text.startswith("Some emphasis, strong, code [^c1], gone and a link.")
    styled = {(block.text[s.start : s.end], s.style, s.href) for s in block.spans}
    assert styled == {
        ("emphasis", SpanStyle.EMPHASIS, None),
        ("strong", SpanStyle.STRONG, None),
        ("code [^c1]", SpanStyle.CODE, None),
        ("gone", SpanStyle.STRIKE, None),
        ("link", SpanStyle.LINK, "https://example.org"),
    }
    assert "A hard break\nends here." in block.text
    assert block.text.endswith("Escaped [^c1] is text.")


def test_link_definitions_work_across_sections(rich: Brief) -> None:
    block = section(rich, "first-part").blocks[10]
    assert block.text == "Uses a definition."
    assert [(s.style, s.href) for s in block.spans] == [(SpanStyle.LINK, "https://example.com/def")]


def test_table_cells(rich: Brief) -> None:
    table = section(rich, "first-part").blocks[9]
    assert table.header_rows == 1
    rows = [[table.text[a:b] for a, b in row] for row in table.cells]
    assert rows == [["Who", "Said"], ["NIS", "12,000"], ["Kremlin", "denied"]]
    assert [(table.text[s.start : s.end], s.style) for s in table.spans] == [("12,000", SpanStyle.EMPHASIS)]
    assert [s.claim_ids for s in table.sentences] == [(), ("c2",), ()]


def test_sentence_offsets_point_into_the_section_text(rich: Brief) -> None:
    for part in rich.all_sections:
        for block in part.blocks:
            assert part.text[block.start : block.end] == block.text
            for sentence in block.sentences:
                assert block.start <= sentence.start < sentence.end <= block.end
                assert part.sentence_text(sentence) == part.sentence_text(sentence).strip()
        assert [s.index for s in part.sentences] == list(range(len(part.sentences)))
    first = section(rich, "first-part")
    texts = [first.sentence_text(s) for s in first.sentences]
    assert texts[:4] == [
        "Some emphasis, strong, code [^c1], gone and a link.",
        "A soft break joins lines.",
        "A hard break\nends here.",
        "Escaped [^c1] is text.",
    ]


def test_citations_tie_to_the_sentence_they_end(rich: Brief) -> None:
    first = section(rich, "first-part")
    cited = [(first.sentence_text(s), s.claim_ids) for s in first.sentences if s.claim_ids]
    assert cited == [("A hard break\nends here.", ("c1",)), ("Item one.", ("c2",)), ("NIS\t12,000", ("c2",))]
    refs = [(r.claim_id, r.line, r.column) for r in first.references]
    assert refs == [("c1", 21, 11), ("c2", 23, 12), ("c2", 42, 17)]


def test_claims(rich: Brief) -> None:
    first, second = rich.claims
    assert first.id == "c1"
    assert first.statement == "The first claim."
    assert [(first.statement[s.start : s.end], s.style) for s in first.statement_spans] == [
        ("first", SpanStyle.EMPHASIS)
    ]
    assert (first.claimant, first.reported_by, first.status, first.date) == (
        "Someone",
        "An outlet",
        ClaimStatus.REPORTED,
        "2024-10",
    )
    assert first.grade == Grade("B", 2)
    assert str(first.grade) == "B2"
    assert first.supports == ("c2",)
    assert [(r.section_id, r.line) for r in first.references] == [("summary", 15), ("first-part", 21)]
    assert second.statement == "The second claim, continued here."
    assert second.status is ClaimStatus.DENIED
    assert second.contradicts == ("c1",)
    assert second.reported_by == ""
    assert [r.section_id for r in second.references] == ["first-part", "first-part", "china"]


def test_claim_definitions_are_not_prose(rich: Brief) -> None:
    assert section(rich, "second").blocks == ()
    assert "claimant" not in "".join(s.text for s in rich.all_sections)


def test_the_model_is_immutable(rich: Brief) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        rich.title = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rich.sections[0].blocks[0].text = "changed"  # type: ignore[misc]
    assert isinstance(rich.sections, tuple)
    assert isinstance(rich.claims[0].references, tuple)


def test_plain_markdown_opens_by_its_level_two_headings() -> None:
    text = "# Project\n\nIntro text.[^1]\n\n## Install\n\nRun it.\n\n## Usage\n\nUse it.\n\n[^1]: A footnote.\n"
    brief, problems = parse_brief(text, "docs/README.md")
    assert not brief.is_brief
    assert brief.id is None
    assert brief.title == "Project"
    assert [s.id for s in brief.sections] == ["install", "usage"]
    assert brief.claims == ()
    assert brief.summary is not None
    assert brief.summary.text == "Intro text.[^1]"
    assert brief.sections[1].text == "Use it.\n\n[^1]: A footnote."
    assert [p.severity.value for p in problems] == ["warning"]


def test_plain_markdown_without_heading_is_titled_by_its_file_name() -> None:
    brief, _ = parse_brief("Just text.\n", "notes/todo-list.md")
    assert brief.title == "todo-list"
    assert brief.sections == ()
    assert brief.summary is not None


def test_code_fence_hides_headings_and_definitions() -> None:
    text = "---\nid: x\ntitle: X\n---\n\n## A\n\n~~~\n## B\n[^c]: not a claim\n~~~\n"
    brief, _ = parse_brief(text)
    assert [s.id for s in brief.sections] == ["a"]
    assert brief.claims == ()
    assert brief.sections[0].blocks[0].text == "## B\n[^c]: not a claim"


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("## China's role", "chinas-role"),
        ("## Regional risks: Europe & NATO", "regional-risks-europe--nato"),
        ("## *Motives*", "motives"),
        ("## Motives ##", "motives"),
        ("## Über Café", "über-café"),
        ("## Risks {#risks}", "risks"),
        ("##", "section-1"),
    ],
)
def test_section_ids(heading: str, expected: str) -> None:
    brief, _ = parse_brief(f"{heading}\n\ntext\n")
    assert brief.sections[0].id == expected


BRIEF_HEAD = "---\nid: t\ntitle: T\n---\n\n"
CLAIMS = "\n[^a]: A.\n    - claimant: x\n    - status: reported\n    - reported by: y\n"


def parsed_body(body: str) -> Brief:
    brief, _ = parse_brief(BRIEF_HEAD + body + "\n" + CLAIMS)
    return brief


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("Use \\` as a quote mark.[^a]", 24),
        ("A `code [^a]` span, then a real one.[^a]", 37),
        ("Escaped \\[^a] first, then a real one.[^a]", 38),
        ("> > Deep in quotes.[^a]", 20),
        ("1. In a list.[^a]", 14),
        ("| x[^a] | y[^a] |", 12),
    ],
)
def test_citation_columns(line: str, column: int) -> None:
    table = "|---|---|\n" if line.startswith("|") else ""
    brief = parsed_body(f"## S\n\n{line}\n{table}")
    refs = brief.sections[0].references
    assert refs[-1].line == 8
    assert refs[-1].column == column


def test_citation_without_a_sentence_of_its_own() -> None:
    brief = parsed_body("## S\n\nFirst sentence.\n\n- [^a]\n\nLater sentence.")
    section = brief.sections[0]
    (ref,) = section.references
    assert section.sentence_text(section.sentences[ref.sentence]) == "First sentence."
    assert section.sentences[ref.sentence].claim_ids == ("a",)
    alone = parsed_body("## S\n\n[^a]\n\nLater sentence.").sections[0]
    assert alone.references[0].sentence == 0
    assert alone.sentences[0].claim_ids == ("a",)


def test_a_citation_between_sentences_belongs_to_the_one_it_ends() -> None:
    section = parsed_body("## S\n\nFirst sentence. [^a]Second sentence.").sections[0]
    assert [s.claim_ids for s in section.sentences] == [("a",), ()]


def test_html_comments_over_blank_lines_hide_headings_and_claims() -> None:
    body = "## S\n\nText.[^a]\n\n<!--\n\n## Draft\n\n[^old]: Old.\n    - claimant: x\n\n-->\n"
    brief = parsed_body(body)
    assert [s.id for s in brief.sections] == ["s"]
    assert [c.id for c in brief.claims] == ["a"]


def test_headings_inside_list_items_are_not_sections() -> None:
    brief = parsed_body("## S\n\n- item\n\n  ## In item\n\nText.[^a]")
    assert [s.id for s in brief.sections] == ["s"]
    assert [b.text for b in brief.sections[0].blocks] == ["item", "In item", "Text."]


def test_link_labels_match_without_case_the_first_definition_winning() -> None:
    brief = parsed_body("## S\n\nSee [link][FOO].[^a]\n\n[Foo]: http://a\n[foo]: http://b\n")
    assert brief.sections[0].blocks[0].spans[0].href == "http://a"


def test_our_own_readme_opens_as_plain_markdown() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    brief, problems = parse_brief(readme, "README.md")
    assert not brief.is_brief
    assert brief.title == "Briefing Reader"
    headings, fenced = [], False
    for line in readme.splitlines():
        fenced ^= line.startswith("```")
        if line.startswith("## ") and not fenced:
            headings.append(line[3:])
    assert len(headings) >= 4
    assert [s.title for s in brief.sections] == headings
    assert [p.severity.value for p in problems] == ["warning"]


@pytest.mark.parametrize(
    ("markdown", "sections"),
    [
        # CommonMark spec style examples: only top-level level-2 headings make sections
        ("Foo *bar*\n=========\n\nFoo *bar*\n---------\n", ["Foo bar"]),
        ("> ## Quoted\n\n## Real\n", ["Real"]),
        ("    ## indented code\n\n  ## Three spaces is fine\n", ["Three spaces is fine"]),
        ("```\n## in fence\n```\n\n~~~~\n```\n## still in fence\n~~~~\n", []),
        ("<div>\n## in html until blank\n</div>\n\n## After\n", ["After"]),
        ("- a\n- b\n\n  ## in item\n\n## Out\n", ["Out"]),
        ("## Closing hashes ##\n\n##Not a heading\n", ["Closing hashes"]),
        ("| a | b |\n| - | - |\n---\n", []),
        ("Text\n<b>inline</b> html\n---\n", ["Text <b>inline</b> html"]),
        ("<!-- a\n\n## commented\n-->\n\n## Shown\n", ["Shown"]),
    ],
)
def test_commonmark_examples(markdown: str, sections: list[str]) -> None:
    brief, _ = parse_brief(markdown, "spec.md")
    assert [s.title for s in brief.sections] == sections


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("wrapped [^a] here.", "wrapped here."),
        ("3,000 [^a].", "3,000."),
        ("First sentence. [^a]Second.", "First sentence. Second."),
        ("[^a] According to X.", "According to X."),
        ("Troops.[^a] Next.", "Troops. Next."),
        ("a [^a][^a] b.", "a b."),
    ],
)
def test_cutting_a_citation_leaves_the_text_as_without_it(body: str, text: str) -> None:
    assert parsed_body(f"## S\n\n{body}").sections[0].blocks[0].text == text


def test_a_citation_inside_link_text_keeps_the_link() -> None:
    block = parsed_body("## S\n\nSee [the report[^a]](http://x.org).").sections[0].blocks[0]
    assert block.text == "See the report."
    assert [(block.text[s.start : s.end], s.style, s.href) for s in block.spans] == [
        ("the report", SpanStyle.LINK, "http://x.org")
    ]


def test_images_show_their_alt_text_with_its_citations() -> None:
    section = parsed_body("## S\n\n![*Map* of Kursk[^a]](m.png) shown.").sections[0]
    block = section.blocks[0]
    assert block.text == "Map of Kursk shown."
    assert (SpanStyle.IMAGE, "m.png") in [(s.style, s.href) for s in block.spans]
    assert [r.column for r in section.references] == [17]


def test_a_citation_at_the_start_of_a_block_belongs_to_its_first_sentence() -> None:
    section = parsed_body("## S\n\nFirst para.\n\n[^a] According to Reuters, troops moved.").sections[0]
    assert [s.claim_ids for s in section.sentences] == [(), ("a",)]


def test_a_claim_right_after_a_list_item_is_a_claim() -> None:
    brief = parsed_body("## S\n\n- Ships queue.[^b]\n[^b]: B.\n    - claimant: X\n    - status: reported")
    assert [c.id for c in brief.claims] == ["b", "a"]
    assert brief.sections[0].blocks[0].text == "Ships queue."


def test_headings_use_the_files_link_definitions() -> None:
    brief = parsed_body("## See the [Reuters report][r]\n\nText.[^a]\n\n[r]: http://r.example\n")
    assert brief.sections[0].id == "see-the-reuters-report"


def test_claim_fields_may_be_bold_or_wrapped() -> None:
    text = (
        BRIEF_HEAD
        + "Sum.[^b]\n\n[^b]: B.\n    - **Claimant:** The Ministry of\n      Defence\n    - **status**: reported\n"
    )
    brief, problems = parse_brief(text)
    assert [p.message for p in problems] == ["claim 'b' does not say where it was reported ('reported by')"]
    assert brief.claims[0].claimant == "The Ministry of Defence"
    assert brief.claims[0].status is ClaimStatus.REPORTED


def test_the_outline_parses_sections_one_at_a_time() -> None:
    outline = read_outline(RICH, "rich.md")
    assert [h.id for h in outline.headings] == ["first-part", "china", "second"]
    assert outline.title == "A rich: brief"
    whole, _ = parse_brief(RICH, "rich.md")
    assert parse_section(outline, 1) == whole.sections[1]
    assert parse_summary(outline) == whole.summary


def test_containers_keep_the_order_of_nesting() -> None:
    item_then_quote = parsed_body("## S\n\n- > x.[^a]").sections[0].blocks[0]
    quote_then_item = parsed_body("## S\n\n> - x.[^a]").sections[0].blocks[0]
    assert item_then_quote.containers == (Container.ITEM, Container.QUOTE)
    assert quote_then_item.containers == (Container.QUOTE, Container.ITEM)
    assert (item_then_quote.depth, item_then_quote.quote) == (1, 1)


def test_sentences_know_their_block(rich: Brief) -> None:
    for section in rich.all_sections:
        for number, block in enumerate(section.blocks):
            assert all(sentence.block == number for sentence in block.sentences)


def test_claim_fields_are_plain_text() -> None:
    text = BRIEF_HEAD + "Sum.[^b]\n\n[^b]: B.\n    - claimant: *The* [Ministry](http://m)\n    - status: reported\n"
    brief, _ = parse_brief(text)
    assert brief.claims[0].claimant == "The Ministry"


def test_control_characters_become_visible_symbols_in_place() -> None:
    brief = parsed_body("## S\n\nRed \x1b[31malert\x1b]52;c;aGk=\x07 and \u202eevil.[^a]")
    block = brief.sections[0].blocks[0]
    assert block.text == "Red ␛[31malert␛]52;c;aGk=␇ and \ufffdevil."
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in block.text)
    assert brief.sections[0].references[0].column == len("Red \x1b[31malert\x1b]52;c;aGk=\x07 and \u202eevil.") + 1


@pytest.mark.parametrize(
    "heading",
    ["Plain title", "  spaced   out  ", "Café: 3 # 4 - 5 + 6 = 7 (8) {9} 10% $1 @x ^y", "a &amp; b", "*em*", "`c`",
     "x [^c] y", "[l](u)", "a\\*b", "<b>t</b>", "~~s~~", "_u_", "!x", "a ] b"],
)  # fmt: skip
def test_a_heading_title_reads_the_same_with_or_without_markdown_it(heading: str) -> None:
    from tui.core.brief.blocks import markdown
    from tui.core.brief.inline import convert_inline
    from tui.core.brief.outline import title_inline

    for is_brief in (False, True):
        tokens = markdown(is_brief).parseInline(heading, {"references": {}})
        assert title_inline(heading, is_brief, {}) == convert_inline(tokens[0].children if tokens else None)


def test_the_fast_slug_of_an_ascii_title_is_the_slug_by_character_category() -> None:
    import string
    import unicodedata

    from tui.core.brief.scan import slug

    for text in [string.printable, "Hello, World!", "  A--b__c  ", "Tab\there", "100% [sure]", "Crème brûlée"]:
        by_category = "".join(ch for ch in text.lower() if ch in "-_ " or unicodedata.category(ch)[0] in "LNM")
        assert slug(text) == by_category.replace(" ", "-")


def test_a_code_span_of_spaces_after_a_citation_leaves_no_empty_span() -> None:
    """Found by Hypothesis: "text.[^a]⏎`⏎`" made a code span from 15 to 15 in a 15-character paragraph."""
    text = "---\nid: t\ntitle: T\n---\n\n# T\n\nSome text here.[^a]\n`\n`\n\n## A\n\nx\n\n"
    text += "[^a]: A claim.\n    - status: claimed\n"
    brief, _ = parse_brief(text, "t.md")
    assert brief.summary is not None
    (block,) = brief.summary.blocks
    assert block.text == "Some text here."
    assert block.spans == ()
