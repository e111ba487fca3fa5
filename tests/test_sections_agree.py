"""The fast line scan finds the same level-2 headings as CommonMark does (markdown-it-py).

Checked on documents built from the blocks briefs are made of (paragraphs, headings of both
kinds, lists, quotes, fences, tables, HTML blocks, link definitions). On arbitrary text the
scan can still differ in corner cases of link definitions and deeply nested containers.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.brief.blocks import markdown
from tui.core.brief.scan import scan

WORDS = ["alpha", "beta", "U.S.", "12,000", "*em*", "`code`", "[^c1]", "a|b", "#", "-", "---", "===", "<b>"]
words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)
line = words.filter(lambda text: not text.startswith(("#", "-", "=", "|", "<")))


def items(prefix: str) -> st.SearchStrategy[str]:
    return st.lists(words, min_size=1, max_size=3).map(lambda texts: "\n".join(prefix + text for text in texts))


# Blocks of every kind that can hold or look like a heading, blank lines between them.
block = st.one_of(
    st.lists(line, min_size=1, max_size=3).map("\n".join),
    words.map(lambda text: "## " + text),
    words.map(lambda text: "# " + text),
    words.map(lambda text: "### " + text),
    st.tuples(st.lists(line, min_size=1, max_size=2).map("\n".join), st.sampled_from(["---", "===", "-", "=="])).map(
        "\n".join
    ),
    items("- "),
    items("1. "),
    items("> "),
    items("> > "),
    st.lists(words, max_size=3).map(lambda body: "```\n" + "\n".join(body) + "\n```"),
    st.lists(words, max_size=3).map(lambda body: "~~~~\n" + "\n".join(body) + "\n~~~~"),
    st.just("| a | b |\n|---|---|\n| 1 | 2 |"),
    st.just("---"),
    st.just("***"),
    st.just("    indented\n    ## code"),
    st.just("[ref]: https://example.org"),
    # list items whose content goes on after a blank line, headings and underlines included
    st.tuples(words, st.sampled_from(["## In item", "Para in item\n  ---", "text", "```\n  ## code\n  ```"])).map(
        lambda pair: f"- {pair[0]}\n\n  {pair[1]}"
    ),
    # HTML blocks that run over blank lines to their end marker
    st.sampled_from(["<!--\n\n## Draft\n\n-->", "<pre>\n\n## Pre\n\n</pre>", "<div>\n\n## After div"]),
    # and those that end on their first line, their opening included (`<!-->` is a whole comment)
    st.sampled_from(["<!-->\n\n## After comment", "<?>\n\n## After instruction", "<!---->\n## After"]),
)
documents = st.lists(block, max_size=12).map("\n\n".join)


def commonmark_sections(text: str) -> list[int]:
    """The 1-based lines of the top-level level-2 headings markdown-it-py finds."""
    tokens = markdown().parse(text)
    return [t.map[0] + 1 for t in tokens if t.type == "heading_open" and t.tag == "h2" and t.level == 0 and t.map]


@settings(max_examples=500)
@given(documents)
def test_scan_finds_the_headings_commonmark_finds(text: str) -> None:
    text = "text\n\n" + text  # no front matter: a leading "---" would open one
    assert [section.line for section in scan(text, claims=False).sections] == commonmark_sections(text)


def test_setext_headings_make_sections() -> None:
    text = "Project\n=======\n\nIntro.\n\nInstall\n-------\n\nRun it.\n\n- item\n---\n\nUsage\nnotes\n---\n"
    layout = scan(text, claims=False)
    assert layout.title == "Project"
    assert [(s.heading, s.line) for s in layout.sections] == [("Install", 6), ("Usage notes", 14)]


@pytest.mark.parametrize("opening", ["<!-->", "<?>", "<!--->", "<script></script>"])
def test_an_html_block_that_ends_on_its_first_line_hides_no_heading(opening: str) -> None:
    # markdown-it looks for the end in the whole line: the scan took `<!-->` for a comment left open.
    text = f"text\n\n{opening}\n\n## After\n\nbody\n"
    assert [section.line for section in scan(text, claims=False).sections] == commonmark_sections(text) == [5]
