"""Property tests: any text, and any mutation of a brief, parses; the only error is ours."""

from __future__ import annotations

import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.brief.model import Brief
from tui.core.brief.parse import load_brief, parse_brief
from tui.core.outside.decode import decode
from tui.core.outside.problems import BriefError, Problem

from .conftest import BUNDLED_BRIEF
from .test_check import VALID
from .test_parse import RICH

# Markdown's own syntax, so random text hits the parser's interesting paths.
BUNDLED = BUNDLED_BRIEF.read_text(encoding="utf-8")

# fmt: off
PIECES = [
    "---\n", "## ", "# ", "### ", "\n", "\n\n", "    ", "- ", "1. ", "> ", "```", "~~~", "| a | b |\n|---|---|\n",
    "[^c1]", "[^c1]: ", "[^", "]", "[", "(", ")", "*", "**", "_", "`", "\\", "<div>", "-->", "<!--", "{#x}",
    "id: x\n", "title: T\n", "focus: [a, b]\n", "- status: reported\n", "- claimant: X\n", "    - grade: Z9\n",
    "U.S. ", "Lt. Gen. ", "12,000. ", "1.5 ", '"Quote." ', "Word. ", "\t", "\r\n", "\u202e", "\x1b[31m", "é",
]
# fmt: on
markdownish = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60).map("".join)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail instead of hanging: a parse that does not end in time raises TimeoutError."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"parsing took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse_checked(text: str) -> None:
    """Parse within a time limit and check the invariants of the result."""
    with within(10):
        brief, problems = parse_brief(text, "any.md")
    check_invariants(brief, problems)


def check_invariants(brief: Brief, problems: list[Problem]) -> None:
    """What must hold of any parse: offsets in range, texts consistent, problems placed."""
    assert isinstance(brief.title, str)
    for section in brief.all_sections:
        position = 0
        for block in section.blocks:
            assert section.text[block.start : block.end] == block.text
            assert block.start >= position
            position = block.end
            for span in block.spans:
                assert 0 <= span.start < span.end <= len(block.text)
            for sentence in block.sentences:
                assert block.start <= sentence.start < sentence.end <= block.end
        for reference in section.references:
            assert 0 <= reference.offset <= len(section.text)
            assert reference.line >= 1
            assert reference.column >= 1
    for problem in problems:
        assert problem.line >= 1
        assert problem.column >= 1


@given(st.text())
def test_any_text_parses(text: str) -> None:
    parse_checked(text)


@settings(max_examples=300)
@given(markdownish)
def test_markdownish_text_parses(text: str) -> None:
    parse_checked(text)


@st.composite
def mutated_brief(draw: st.DrawFn) -> str:
    """A valid brief with a few lines deleted, duplicated, swapped or edited."""
    lines = draw(st.sampled_from([VALID, RICH, BUNDLED])).split("\n")
    for _ in range(draw(st.integers(1, 6))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate", "edit"]))
        if action == "delete" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "insert":
            lines.insert(index, draw(markdownish))
        elif action == "truncate":
            lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
        else:
            line = lines[index]
            cut = draw(st.integers(0, len(line)))
            lines[index] = line[:cut] + draw(st.sampled_from(PIECES)) + line[cut:]
    return "\n".join(lines)


@settings(max_examples=300)
@given(mutated_brief())
def test_mutated_briefs_parse(text: str) -> None:
    parse_checked(text)


@given(st.binary(max_size=200))
def test_any_bytes_decode_or_give_a_problem(data: bytes) -> None:
    result = decode(data)
    if isinstance(result, Problem):
        assert result.severity.value == "error"
    else:
        parse_checked(result)


@given(st.binary(max_size=200))
def test_loading_any_file_raises_only_brief_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "random.md")
        path.write_bytes(data)
        try:
            with within(10):
                brief, problems = load_brief(path)
        except BriefError as exc:
            assert exc.problem.severity.value == "error"
        else:
            check_invariants(brief, problems)
