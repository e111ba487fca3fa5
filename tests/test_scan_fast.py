"""The scan's fast way (plain lines by their learned effect, runs of them skipped) finds what reading
every line with `step` finds, and its cost per line does not grow with the brief."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.brief.scan import Layout, Scanner, scan

# Pieces a line starts with: indentation, every block marker, things that only look like one.
STARTS = [" ", "  ", "   ", "    ", "\t", "- ", "-", "* ", "+ ", "1. ", "2) ", "10. ", "1234567890. ", "> ", ">"]
STARTS += ["# ", "## ", "### ", "####### ", "#", "| ", "|", "---", "- - -", "***", "===", "==", "```", "~~~", "``` x"]
STARTS += ["<div>", "<!--", "-->", "</div>", "<pre>", "[^c]: ", "[a]: /u", "[a]:", "   - ", "  1. ", ":", "_", "[ ] "]
STARTS += ["#x", "##x", "_x", "~", "~~", "`", "= ", ": ", "\u3000", "\xa0", "\u0663. ", "\\", "\u2424", "``", "````"]
STARTS += ["</pre>", "<?", "<!X", "<![CDATA[", "<Script>"]
ENDS = ["x", "Word", "é", "Ω", "²", "1", "12", " ", "", "|", "---", ":-:", " #", " ##", " {#id}", "`", "]", "[a]: /u"]
ENDS += ["\u0663", "\u3000-", "_ _ _", "- claimant: c", "\t", " -->", "?>", "]]>", "</SCRIPT>", ">", "<div>"]
ENDS += ["_", "=", "~", "``", "`", "#", "##"]
line = st.tuples(st.lists(st.sampled_from(STARTS), max_size=4).map("".join), st.sampled_from(ENDS)).map("".join)
# Repeated lines, and repeated starts with other ends: the runs the fast way skips or learns from.
group = st.one_of(
    line.map(lambda text: [text]),
    st.tuples(line, st.integers(2, 6)).map(lambda pair: [pair[0]] * pair[1]),
    st.tuples(st.sampled_from(STARTS), st.lists(st.sampled_from(ENDS), min_size=2, max_size=5)).map(
        lambda pair: [pair[0] + end for end in pair[1]]
    ),
    st.just([""]),
)
documents = st.tuples(
    st.booleans(), st.lists(group, max_size=25).map(lambda groups: [text for lines in groups for text in lines])
).map(lambda pair: ("---\nid: x\n---\n" if pair[0] else "") + "\n".join(pair[1]))


def both(text: str, claims: bool) -> tuple[Layout, Layout]:
    return Scanner(text, claims).run(fast=True), Scanner(text, claims).run(fast=False)


@settings(max_examples=1500, deadline=None)
@given(documents, st.booleans())
def test_the_fast_way_finds_what_reading_every_line_finds(text: str, claims: bool) -> None:
    fast, slow = both(text, claims)
    assert fast == slow


def test_learned_effects_are_kept_apart_by_state() -> None:
    """The same line after a paragraph, in a list item, in a quote, in a table: each read as `step` reads it."""
    text = "\n".join(
        ["Para", "- x", "- x", "", "- a", "  - x", "  - x", "> q", "- x", "", "| a |", "|---|", "| x |", "| x |", "x"]
        + ["", "Title", "---", "- x", "---", "1. x", "2. x", "10. x", "1234567890. x", "    - x", "- x"] * 3
    )
    fast, slow = both(text, True)
    assert fast == slow
    assert [section.line for section in fast.sections] == [17, 28, 39]


@pytest.mark.parametrize(
    "text",
    [
        "x\n~~~---\n---\nid: x\n---\n",  # a line of markers that opens a fence, after a paragraph
        "---x\n---\n---\n---",  # "---" before a letter, and a whole line of it
        "Para\n| a |\n|---|\n|---|\n",  # a delimiter row under a header, then one under nothing
        "#x\n#x\n# T\n##x\n## S\n",  # "#" before a letter is text; "# " is a heading
        "- x\n- x\n  ``a\n  ``a\n  ```a\n  x\n  ```\n## S\n",  # two backticks are text, three a fence
        "T\n===\n===\nx\n===\n",  # a title, then underlines that make none
        # the same lines, one after another: claims, link definitions, HTML, text
        "L\n\n" + "[^c]: A.\n    - claimant: c\n" * 3 + "[a]: /u\n" * 3 + "<a\n" * 3 + "[a]\n" * 3 + "## S\n",
        "a\n|---|\n|---|\n| x |\n|---|\n",  # the same delimiter rows, under a header and not
    ],
)
def test_lines_that_look_alike_to_the_fast_way_are_read_as_step_reads_them(text: str) -> None:
    fast, slow = both(text, True)
    assert fast == slow


def test_a_claim_cut_out_of_the_lines_keeps_later_runs_in_place() -> None:
    """Claim lines are blanked in the layout: the offsets the fast way skips by must not move."""
    text = "---\nid: x\n---\n\nLead.[^c]\n\n" + "[^c]: A claim.\n    - claimant: c\n\n" + "- x\n" * 50 + "## End\n"
    fast, slow = both(text, True)
    assert fast == slow
    assert [section.line for section in fast.sections] == [60]


def test_a_run_of_plain_lines_is_read_line_by_line_only_a_few_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """Twenty thousand list items (or quote lines, headings, table rows...) take a few reads of a line, not one each.

    Each line read by `step` costs its every test (about 5 µs): a brief of a million list items
    (4 MB) took 5 s before it showed. Counted, not timed, so the machine's load does not matter.
    """
    reads = 0
    step = Scanner.step

    def counted(self: Scanner, index: int) -> int:
        nonlocal reads
        reads += 1
        return step(self, index)

    monkeypatch.setattr(Scanner, "step", counted)
    head = "---\nid: x\n---\n\n# T\n\nLead.\n\n## Body\n\n"
    shapes = ["- x\n", "1. x\n", "1) x\n", "* x\n", "> > > x\n", "### H\n", "  - item\n", "| a | b |\n", "Text\n"]
    shapes += ["[a]\n", "<a\n", "`a`\n", "[a]: /u\n"]  # not plain, but each the same as the line before
    shapes += ["- [ ] task\n", "    code\n", "> - x\n", "| 1 | 2 |\n", "***\n", "_a_\n", "``a``\n", "=a\n", "#tag\n"]
    for unit in shapes:
        reads = 0
        scan(head + unit * 20_000, claims=True)
        assert reads < 100, f"{unit!r}: {reads} lines read one by one"
    for numbered in ("{n}. x\n", "- x{n}\n", "{n}) {n}\n"):
        reads = 0
        scan(head + "".join(numbered.format(n=n) for n in range(20_000)), claims=True)
        assert reads < 100, f"{numbered!r}: {reads} lines read one by one"


def _scan_seconds(text: str) -> float:
    """The least processor time of three scans (the machine is shared)."""
    times = []
    for _ in range(3):
        started = time.process_time()
        scan(text, claims=True)
        times.append(time.process_time() - started)
    return min(times)


def test_the_scan_time_grows_no_faster_than_the_lines() -> None:
    """Four times the lines of any shape, at most about four times the time (10 times, with room)."""
    head = "---\nid: x\n---\n\n# T\n\nLead.\n\n## Body\n\n"
    shapes = ["- x\n", "- x\n  - y\n", "## S\n\nText.\n\n", "T\n--\n\n", "> a\n> - b\n", "| 1 | 2 |\n"]
    for unit in shapes:
        small, large = head + unit * (100_000 // len(unit)), head + unit * (400_000 // len(unit))
        ratio = _scan_seconds(large) / max(_scan_seconds(small), 0.01)
        assert ratio < 10, f"{unit!r}: {ratio:.1f} times the time for 4 times the lines"


def test_a_line_nested_a_hundred_thousand_deep_is_read_in_time_linear_in_its_length() -> None:
    # Containers were taken off one by one, each copying the rest of the line: 1 MB of '>'
    # on one line took 10 s before the first frame, 4 MB never showed.
    from tests.helpers.growth import seconds
    from tui.core.brief.lines import LAZY, QUOTE, lazy_kind

    short = seconds(lambda: lazy_kind(">" * 25_000 + "x", QUOTE))
    long = seconds(lambda: lazy_kind(">" * 100_000 + "x", QUOTE))
    assert long < 10 * short  # 4x the length: about 4x the time (was 16x)
    assert lazy_kind(">" * 100 + "x", QUOTE) == LAZY  # markdown takes the next lines lazily, as before
