"""A section parsed in parts gives exactly the blocks it gives parsed whole.

Cuts are forced everywhere the chunker allows one (a part of one character), on
documents built from every kind of block, joined by blank lines or not, and on the
pathological shapes, the bundled brief and a generated one.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tui.core.brief.blocks import BlockDraft, parse_blocks, parse_parts
from tui.core.brief.chunks import CHUNK_CHARS, cuts, forced_pieces
from tui.core.brief.model import BlockKind
from tui.core.brief.outline import read_outline

from .bench.generate import generate
from .bench.pathological import SHAPES
from .test_properties import BUNDLED
from .test_sections_agree import block, words

WHOLE = 10**12

tricky = st.sampled_from(
    [
        "- a\n  ```\n  code\n\nafter\n\n```\nreal fence\n\nstill fence\n```",  # an item's fence ends with the item
        "  ```\nindented fence\n\nstill fence\n  ```",
        "- a\n\n      ```\n\nb",
        "text\n2. lazy\n3. lazy too",
        "1. one\n2. two\n3. three",
        "- a\n1) b\n2) c\n- d",
        "* a\n* b\n- c\n+ d",
        "- - -\n- x\n- y",
        "<div>\n- x\n- y\n\n- z",
        "<!-- open\n\n- x\n\n-->\n\n- y",
        "> quote\n- item\n- item",
        "- a\nlazy\n- b\n- c",
        "- ```\n- x\n- y",
        "| a |\n|---|\n- x\n- y",
        "-\n- x\n-\n- y",
        "    code\n\nparagraph\n\n    code",
        "[ref]:\n/url\n\n- x\n- y",
        # headings in the first column: each ends what was open before it
        "> quote\n# H\nlazy\n# H2",
        "- item\n# H\n  indented\n## H",
        "para\n# H\n===\n#\n#H\n####### no",
        "| a |\n|---|\n| 1 |\n# H\n| 2 |",
        "<div>\n# H\n# H",
        "```\n# H\n```\n# H",
        "# H\n    code\n# H #\n# H\\\ncontinued?",
    ]
)
piece = st.one_of(block, tricky, words.map(lambda text: "- " + text), words.map(lambda text: "2. " + text))
documents = st.lists(st.tuples(piece, st.sampled_from(["\n", "\n\n", "\n\n\n"])), max_size=14).map(
    lambda parts: "".join(text + gap for text, gap in parts)
)


def same_in_parts(text: str) -> None:
    # The link definitions as the outline finds them in the whole file, as when a brief is read
    # (a definition it does not find, in a quote or over several lines, defines links only
    # after it in a part: see `parse_blocks`).
    lines = text.split("\n")
    whole = parse_blocks(lines, 7, citations=True, links=read_outline(text).links, chunk=WHOLE)
    assert parse_blocks(lines, 7, citations=True, links=read_outline(text).links, chunk=1) == whole


@settings(max_examples=400, deadline=None)
@given(documents)
@example("alpha\n[ref]: https://example.org\n### alpha\n\n[ref]:\n/url\n\n- x\n- y\n")  # a definition over two lines
def test_a_section_parses_the_same_in_parts_as_whole(text: str) -> None:
    same_in_parts("text\n\n" + text)  # no front matter: a leading "---" would open one


@pytest.mark.parametrize("name", ["bundled", "generated", *SHAPES])
def test_briefs_parse_the_same_in_parts_as_whole(name: str) -> None:
    text = BUNDLED if name == "bundled" else generate(100_000) if name == "generated" else SHAPES[name](3000)
    outline = read_outline(text)
    for heading in outline.headings:
        lines = outline.layout.lines[heading.body[0] : heading.body[1]]
        whole = parse_blocks(lines, heading.body[0] + 1, citations=True, links=outline.links, chunk=WHOLE)
        parts = parse_blocks(lines, heading.body[0] + 1, citations=True, links=outline.links, chunk=1)
        assert parts == whole


def test_long_flat_sections_are_cut_and_short_ones_not() -> None:
    items = ["- item"] * 20_000
    assert len(cuts(items)) >= 3
    assert cuts(items[:100]) == []
    assert cuts(["```", *items]) == []  # all in a fence left open


rows = st.sampled_from(
    [
        "| 1 | 2 |",
        "| a [^c] | *b* |",
        "| x | y | z |",  # a cell more than the header: dropped
        "| only |",  # a cell less: filled in
        "| `a|b` | c |",
        "| \\| | q |",
        "|a|b|",
        "| [l](u) | **s",
        "| ~~x~~ | [^c] ok |",
        "|  |  |",
        "| a | b \\\\| c |",
        "|",
    ]
)
after_table = st.sampled_from(["", "\ntext after", "\n> quote", "\n\npara", "\n- item", "\n```\ncode\n```", "\nlazy"])


@settings(max_examples=300, deadline=None)
@given(st.lists(rows, min_size=1, max_size=40), after_table, st.sampled_from(["", "\n", "\n\n"]))
def test_a_table_parses_the_same_a_few_rows_at_a_time_as_whole(body: list[str], after: str, before: str) -> None:
    text = before + "| h1 | h2 |\n|---|:-:|\n" + "\n".join(body) + after
    lines = text.split("\n")
    whole = parse_blocks(lines, 7, citations=True, links={}, chunk=WHOLE)
    assert parse_blocks(lines, 7, citations=True, links={}, chunk=1) == whole
    assert parse_blocks(lines, 7, citations=True, links={}, chunk=30) == whole


def test_a_table_past_the_cells_markdown_it_fills_in_ends_where_it_ends_whole() -> None:
    # markdown-it ends a table after 65,536 missing cells filled in: parts must count them alike.
    # Each pair of rows fills in 2 cells and gives 2 back (cuts may fall there); then 32,768 short
    # rows reach the limit and the last 1,232 are past it.
    lines = ["| a | b | c |", "|-|-|-|", *["| x |", "| x | y | z | w | v |"] * 5_000, *["| x |"] * 34_000, "after"]
    whole = parse_blocks(lines, 1, citations=True, links={}, chunk=WHOLE)
    assert parse_blocks(lines, 1, citations=True, links={}, chunk=100) == whole
    assert whole[0][1].kind is BlockKind.PARAGRAPH  # the rows past the limit: a paragraph


def parsed_in_parts(shape: str, size: int) -> tuple[list[BlockDraft], list[int], int]:
    """The blocks of the first section of `shape` parsed in parts, as whole, the sizes given to the
    parser and how many parts."""
    outline = read_outline(SHAPES[shape](size))
    start, end = outline.headings[0].body
    lines = outline.layout.lines[start:end]
    parsed: list[int] = []
    parse = MarkdownIt.parse

    def counted(self: MarkdownIt, src: str, env: object = None) -> object:
        parsed.append(len(src))
        return parse(self, src, env)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(MarkdownIt, "parse", counted)
        parts = list(parse_parts(lines, start + 1, citations=True, links={}))
    drafts = [draft for part, _ in parts for draft in part]
    assert drafts == parse_blocks(lines, start + 1, citations=True, links={}, chunk=WHOLE)[0]
    return drafts, parsed, len(parts)


def test_a_long_table_is_parsed_a_few_rows_at_a_time() -> None:
    drafts, parsed, parts = parsed_in_parts("table rows", 400_000)
    assert parts >= 10  # a pause between parts: the loader's progress moves
    assert max(parsed) < 2 * CHUNK_CHARS  # only a part's tokens at a time
    assert len(drafts) == 1  # one table


def test_a_section_of_headings_without_blank_lines_is_parsed_a_few_headings_at_a_time() -> None:
    # Cut only after blank lines, 4 MB of `### H` lines was one token list of 1.4 GB.
    _, parsed, parts = parsed_in_parts("headings", 400_000)
    assert parts >= 10
    assert max(parsed) < 2 * CHUNK_CHARS


def test_a_long_table_after_a_short_paragraph_is_parsed_a_few_rows_at_a_time() -> None:
    lines = ["An intro.", "", "| a | b |", "|---|---|", *["| 1 | [^c] 2 |"] * 20_000, "", "After."]
    assert cuts(lines)[0] == 2  # before the table, the part before it however short
    parts = list(parse_parts(lines, 5, citations=True, links={}))
    assert len(parts) >= 5
    assert parse_blocks(lines, 5, citations=True, links={}) == parse_blocks(
        lines, 5, citations=True, links={}, chunk=WHOLE
    )


def test_a_table_of_few_huge_rows_is_parsed_once_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    # Counting a huge header's cells in a parse of its own doubled the memory of a wide table.
    outline = read_outline(SHAPES["wide table"](300_000))
    start, end = outline.headings[0].body
    sources: list[int] = []
    parse = MarkdownIt.parse

    def counted(self: MarkdownIt, src: str, env: object = None) -> object:
        sources.append(len(src))
        return parse(self, src, env)  # type: ignore[arg-type]

    with monkeypatch.context() as patched:
        patched.setattr(MarkdownIt, "parse", counted)
        lines = outline.layout.lines[start:end]
        parse_blocks(lines, start + 1, citations=True, links={})
    assert sum(sources) <= sum(len(line) + 1 for line in lines)  # every line parsed once


def test_a_huge_paragraph_with_no_exact_cut_is_parsed_in_pieces_that_keep_its_text() -> None:
    # One paragraph of a million lines was one parse of 16 s to minutes: keys, even `q`, waited.
    lines = ["![" * 40] * 8_000 + ["word " * 80_000]  # lines, then a line longer than a piece
    parsed: list[int] = []
    parse = MarkdownIt.parse

    def counted(self: MarkdownIt, src: str, env: object = None) -> object:
        parsed.append(len(src))
        return parse(self, src, env)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(MarkdownIt, "parse", counted)
        parts = list(parse_parts(lines, 1, citations=True, links={}))
    assert len(parts) >= 20
    assert max(parsed) <= 2 * CHUNK_CHARS + 100
    pieces = forced_pieces(lines, CHUNK_CHARS)
    rebuilt: dict[int, str] = {}
    for at, piece in pieces:
        for offset, line in enumerate(piece):
            rebuilt[at + offset] = rebuilt.get(at + offset, "") + line
    assert [rebuilt[index] for index in range(len(lines))] == lines


def test_forced_pieces_never_cut_a_fence_and_prefer_the_first_column() -> None:
    lines = ["text"] * 10 + ["```", *(["    code"] * 50), "```"] + ["    indented", "first column"] * 30
    pieces = forced_pieces(lines, 40)
    starts = [at for at, _ in pieces]
    fence_open, fence_close = 10, 61
    assert not [at for at in starts if fence_open < at <= fence_close]
    # After the fence (long past the size), the next line is cut whatever it is; then the first column.
    assert all(lines[at][:1] != " " for at in starts[1:] if at > fence_close + 1)


# The inside of an HTML block of each kind (CommonMark's 1 to 7): lines in the first column that
# would start blocks of their own outside it, with blank lines in those that go on over them.
_INSIDE = ["text in the block", "# not a heading", "```", "- not an item", "> not a quote"]
_OVER_BLANKS = [*_INSIDE, "", "after a blank line", ""] * 6
html_blocks = {
    "1 script": ["<script>", *_OVER_BLANKS, "</script> ends here"],
    "1 pre": ["<pre>", *_OVER_BLANKS, "x </pre>"],
    "2 comment": ["<!--", *_OVER_BLANKS, "-->"],
    "3 processing instruction": ["<?php", *_OVER_BLANKS, "?>"],
    "4 declaration": ["<!DOCTYPE", *_OVER_BLANKS, ">"],
    "5 cdata": ["<![CDATA[", *_OVER_BLANKS, "]]>"],
    "6 block tag": ["<div>", *_INSIDE * 6],
    "6 block tag on a long line": ["<div> " + "word " * 40, *_INSIDE * 6],
    "7 tag alone after a heading": ["# Heading", '<a href="x">', *_INSIDE * 6],
    "1 left open": ["<style>", *_OVER_BLANKS],
    "6 left open": ["<table>", *_INSIDE * 6],
}


@pytest.mark.parametrize("name", html_blocks)
def test_forced_pieces_never_cut_an_html_block(name: str) -> None:
    # Cut inside, a huge HTML block left open showed its later lines as paragraphs (and took five
    # times as long to parse, inline): pieces must give the blocks the whole gives.
    lines = [*["paragraph before", ""] * 4, *html_blocks[name], "", "after", "", "more after", ""]
    whole, _ = parse_blocks(lines, 1, citations=True, links={}, chunk=WHOLE)
    pieces = forced_pieces(lines, 40)
    assert len(pieces) > 1  # cut, but not inside the block
    in_pieces = [draft for at, piece in pieces for draft in parse_blocks(piece, 1 + at, citations=True, links={})[0]]
    assert in_pieces == whole
    assert sum(draft.kind is BlockKind.HTML for draft in whole) == 1


def test_a_paragraph_goes_on_over_a_tag_alone_and_forced_pieces_still_cut_it() -> None:
    # `<a>` alone in a paragraph starts no HTML block: the paragraph is cut as any other.
    lines = ["text " * 4, "<a>", *["more text"] * 40]
    assert len(forced_pieces(lines, 40)) > 3


def test_a_megabyte_html_block_left_open_is_one_block_not_pieces() -> None:
    drafts, _, _ = parsed_in_parts("html block left open", 1_000_000)
    assert [draft.kind for draft in drafts] == [BlockKind.HTML]


# Blocks that forced pieces cut around exactly: one-line paragraphs, headings, fences and HTML
# blocks of every kind, with lines inside that would start blocks of their own outside (and
# none that ends the block early: the lines after it would make a paragraph, which pieces cut).
_ENDS = {
    "<script>": ("</script>", "</pre>", "</style>", "</textarea>"),
    "<!--": ("-->",),
    "<?x": ("?>",),
    "<!X": (">",),
    "<![CDATA[": ("]]>",),
    "<div>": ("",),  # a blank line
    '<a href="x">': ("",),
}
_inside = st.lists(st.sampled_from([*_INSIDE, "", "<div>", "<a>", "-->", "```", "</pre>", "?>"]), max_size=8)


def _html_block(opening: str, inside: list[str]) -> str:
    ends = _ENDS[opening]
    kept = [line for line in inside if not any(end in line if end else not line for end in ends)]
    return "\n".join([opening, *kept, *([ends[0]] if ends[0] else [])])


top_blocks = st.one_of(
    words,
    words.map(lambda text: "# " + text),
    _inside.map(lambda lines: "\n".join(["~~~", *lines, "~~~"])),
    st.builds(_html_block, st.sampled_from(list(_ENDS)), _inside),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(top_blocks, min_size=1, max_size=20), st.integers(64, 100))  # no line longer: none split
def test_forced_pieces_of_whole_blocks_parse_as_the_whole(blocks: list[str], size: int) -> None:
    lines = "\n\n".join(blocks).split("\n")
    whole, _ = parse_blocks(lines, 1, citations=True, links={}, chunk=WHOLE)
    pieces = forced_pieces(lines, size)
    in_pieces = [draft for at, piece in pieces for draft in parse_blocks(piece, 1 + at, citations=True, links={})[0]]
    assert in_pieces == whole


def test_a_table_of_many_rows_is_checked_a_bounded_number_of_rows_a_step(monkeypatch: pytest.MonkeyPatch) -> None:
    # The cells of every row were counted in one step (where the rows may be cut), and again in
    # the last (rows with cells cut off): 2 s each for 20 MB of rows, keys waiting.
    from tui.core.brief import chunks, section
    from tui.core.brief.section import section_steps

    outline = read_outline(SHAPES["table rows"](1_000_000))
    start, end = outline.headings[-1].body
    lines = outline.layout.lines[start:end]
    rows = [0]
    cells, pipe = chunks.row_cells, section._PIPE

    def counted(line: str) -> int:
        rows[0] += 1
        return cells(line)

    class Counted:
        def split(self, text: str) -> list[str]:
            rows[0] += 1
            return pipe.split(text)

    monkeypatch.setattr(chunks, "row_cells", counted)
    monkeypatch.setattr(section, "_PIPE", Counted())
    steps = section_steps("s", "T", start, lines, start + 1, citations=True, links=outline.links)
    most, done = 0, False
    while not done:
        rows[0] = 0
        try:
            next(steps)
        except StopIteration as made:
            done = True
            assert len(made.value.blocks[0].cells) > 90_000
        most = max(most, rows[0])
    assert 0 < most <= 20_000
