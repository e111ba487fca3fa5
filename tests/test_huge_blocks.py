"""A long top-level fence or HTML block is taken a bounded number of lines at a time, not parsed
in one call, and gives exactly the section a whole parse gives.

A brief of 20 MiB that was one fence left open held the reader's event loop for 16 to 24 s
in one parse: keys and quitting waited.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tui.core.brief import blocks, section
from tui.core.brief.blocks import LinkDefinitions, markdown
from tui.core.brief.chunks import CHUNK_CHARS
from tui.core.brief.lines import fence_closes
from tui.core.brief.model import BlockKind, Section
from tui.core.brief.outline import read_outline
from tui.core.brief.section import build_section, section_steps

from .bench.pathological import SHAPES


def _made(steps: Iterator[None]) -> tuple[Section, int]:
    """The section `section_steps` returns, and how many times it paused."""
    pauses = 0
    while True:
        try:
            next(steps)  # type: ignore[call-overload]
        except StopIteration as done:
            return done.value, pauses
        pauses += 1


def in_steps(lines: list[str], size: int, monkeypatch: pytest.MonkeyPatch) -> tuple[Section, int]:
    """The section of `lines` made in steps as a long one is, with parts, pieces and windows of about `size`."""
    with monkeypatch.context() as patched:
        patched.setattr(blocks, "HUGE_PART", 1)
        patched.setattr(blocks, "CHUNK_CHARS", size)
        patched.setattr(blocks, "INSIDE_LINES", 3, raising=False)  # (raising: to run it on older code too)
        patched.setattr(section, "UNITS_WINDOW", size, raising=False)
        patched.setattr(section, "BLOCKS_AT_ONCE", 4)
        patched.setattr(section, "parse_parts", functools.partial(blocks.parse_parts, chunk=size))
        return _made(section_steps("s", "T", 1, lines, 3, citations=True, links=LinkDefinitions()))


def whole(lines: list[str]) -> Section:
    """The section of `lines` parsed at once, however long (no parts, no pieces)."""
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(section, "parse_blocks", functools.partial(blocks.parse_blocks, chunk=10**12))
        return build_section("s", "T", 1, lines, 3, citations=True, links=LinkDefinitions())


# Lines inside a fence opened with `char` * 5 that do not close it, though some look as if they did.
def _inside_fence(char: str) -> st.SearchStrategy[list[str]]:
    other = "~" if char == "`" else "`"
    return st.lists(
        st.sampled_from(
            [
                "x",
                "code();",
                "  two spaces",
                "\ttab",
                " \t mixed",
                "    four",
                "",
                "   ",
                "\t",
                "\tx",
                "  \t\tx",
                char * 4,  # shorter than the opening
                char * 5 + " x",
                "    " + char * 5,  # indented four: code
                "\t" + char * 5,
                char * 5 + "\u3000",  # not a space or tab after it: text
                char * 5 + "\u00a0",
                other * 6,
                "<div>",
                "# not a heading",
                "- not an item",
                "[a]: /not-a-definition",
            ]
        ),
        max_size=30,
    )


@st.composite
def fences(draw: st.DrawFn, last: bool) -> str:
    char = draw(st.sampled_from("`~"))
    indent = " " * draw(st.integers(0, 3))
    info = draw(st.sampled_from(["", "py", " python x ", "a\tb", "x~"]))
    inside = draw(_inside_fence(char))
    closing = draw(st.sampled_from(["", char * 5, " " * 3 + char * 6, char * 5 + " \t"]))
    if not closing and not last:
        closing = char * 5  # left open, it would take in the blocks after it
    # Lines inside lose up to as many columns of white space as the opening has spaces: some have fewer.
    less = draw(st.lists(st.sampled_from(["", " ", "\t", " \t"]), min_size=len(inside), max_size=len(inside)))
    inside = [f"{indent}{line}" if not cut else cut + line for line, cut in zip(inside, less, strict=True)]
    return "\n".join([f"{indent}{char * 5}{info}", *inside, *([closing] * bool(closing))])


# HTML blocks: their opening (each kind of CommonMark's seven), their last line and what
# ends them (None: a blank line, which is not in them).
_HTML = {
    "<script>": ("</script>", "</script>"),
    "<pre class='x'>": ("x </pre> after", "</pre>"),
    "<!--": ("-->", "-->"),
    "<?php": ("?>", "?>"),
    "<!DOCTYPE html": (">", ">"),
    "<![CDATA[": ("]]>", "]]>"),
    "<div>": ("", None),
    "</table>": ("", None),
    '<a href="x">': ("", None),
}
_html_inside = st.lists(
    st.sampled_from(["text", "# not a heading", "```", "- not an item", "    indented", "\tt", "<div>", "<a>"]),
    max_size=30,
)


@st.composite
def html_blocks(draw: st.DrawFn, last: bool) -> str:
    opening = draw(st.sampled_from(list(_HTML)))
    closing, end = _HTML[opening]
    indent = " " * draw(st.integers(0, 3))
    inside = draw(_html_inside)
    if end is not None:  # a blank line does not end these
        inside += draw(st.lists(st.sampled_from(["", "more"]), max_size=4))
        inside = [line for line in inside if end not in line]
    closed = end is not None and (not last or draw(st.booleans()))
    return "\n".join([indent + opening, *inside, *([closing] if closed else [])])


def documents(draw: st.DrawFn) -> str:
    count = draw(st.integers(1, 6))
    found = []
    for number in range(count):
        last = number == count - 1
        found.append(
            draw(
                st.one_of(
                    st.sampled_from(["Text.", "# H", "Two[^c]."]),
                    fences(last),
                    html_blocks(last),
                )
            )
        )
    return "\n\n".join(found) + draw(st.sampled_from(["", "\n", "\n\n\n"]))


@settings(max_examples=300, deadline=None)
@given(st.composite(documents)(), st.integers(8, 40))
@example("```\n" + "x\n" * 40, 8)
@example("  ~~~ info\n" + "   a\n  b\n \tc\n\td\n\n\n" * 10, 8)
@example("<div>\n" + "x\n" * 40 + "\nafter", 8)
@example("<!--\n" + "x\n\n" * 40 + "-->\nafter", 8)
@example("```\n" + "x\n" * 40 + "```\u3000\n" + "more\n" * 20, 8)
def test_long_fences_and_html_blocks_in_steps_make_the_section_whole_makes(text: str, size: int) -> None:
    lines = text.split("\n")
    with pytest.MonkeyPatch.context() as monkeypatch:
        made, _ = in_steps(lines, size, monkeypatch)
    assert made == whole(lines)
    assert made.sentences == whole(lines).sentences


@pytest.mark.parametrize(
    "text",
    [
        "- item\n\n  ```\n" + "  x\n" * 40 + "  ```\n\nafter",  # a fence in a list item
        "1. item\n   ~~~\n" + "   x\n" * 40 + "   ~~~\nafter",
        "- item\n\n  <div>\n" + "  x\n" * 40 + "\nafter",
    ],
)
def test_a_long_block_that_is_not_top_level_is_parsed_whole(text: str) -> None:
    lines = text.split("\n")
    with pytest.MonkeyPatch.context() as monkeypatch:
        made, _ = in_steps(lines, 8, monkeypatch)
    assert made == whole(lines)


def _parsed_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    sizes: list[int] = []
    parse = MarkdownIt.parse

    def counted(self: MarkdownIt, src: str, env: object = None) -> object:
        sizes.append(len(src))
        return parse(self, src, env)  # type: ignore[arg-type]

    monkeypatch.setattr(MarkdownIt, "parse", counted)
    return sizes


@pytest.mark.parametrize("shape", ["fence left open", "html block left open"])
def test_a_fence_or_html_block_of_megabytes_is_never_handed_to_markdown_it_whole(
    shape: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    outline = read_outline(SHAPES[shape](3_000_000))
    start, end = outline.headings[-1].body
    lines = outline.layout.lines[start:end]
    sizes = _parsed_sizes(monkeypatch)
    made, pauses = _made(section_steps("s", "T", start, lines, start + 1, citations=True, links=outline.links))
    assert max(sizes) <= 4 * CHUNK_CHARS  # was the whole 3 MB, in one call
    assert pauses > 100  # a few ms of work each
    kind = BlockKind.CODE if shape.startswith("fence") else BlockKind.HTML
    assert [block.kind for block in made.blocks] == [kind]
    assert len(made.text) > 2_900_000


def test_a_fence_of_megabytes_makes_the_section_whole_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["Before.", "", "  ```py", *(["  x = 1", "\tindented", "", "   "] * 100_000), "  ````  ", "", "After."]
    sizes = _parsed_sizes(monkeypatch)
    made, _ = _made(section_steps("s", "T", 1, lines, 3, citations=True, links=LinkDefinitions()))
    assert max(sizes) <= 4 * CHUNK_CHARS
    expected = whole(lines)
    assert max(sizes) > 2_000_000  # the whole, at once
    assert made == expected
    assert made.sentences == expected.sentences
    assert [block.kind for block in made.blocks] == [BlockKind.PARAGRAPH, BlockKind.CODE, BlockKind.PARAGRAPH]


_CLOSINGS = [
    "```",
    "   ```",
    "    ```",
    "\t```",
    " \t```",
    "````",
    "``",
    "```x",
    "``` \t ",
    "```\u3000",
    "```\u00a0",
    "~~~",
]


@pytest.mark.parametrize("line", _CLOSINGS)
def test_a_fence_closes_where_markdown_it_closes_it(line: str) -> None:
    # "```\u3000" was taken for a closing fence: a long section was cut inside the fence there.
    tokens = markdown().parse(f"```\nx\n{line}\ny\n")
    assert fence_closes(line, ("`", 3)) == (tokens[0].content == "x\n")


def test_the_outline_sees_a_fence_go_on_where_markdown_it_does() -> None:
    # The outline took "```\u3000" for a closing fence: a line inside the fence was a section,
    # and the real closing fence opened one that hid the next section.
    text = "# X\n\nLead.\n\n## A\n\n```\nx\n```\u3000\n## Not a heading\n```\n\n## B\n\nText.\n"
    assert [heading.title for heading in read_outline(text).headings] == ["A", "B"]
