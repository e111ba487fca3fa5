"""The README stays true: its example brief is valid, its first lines are the two commands."""

from __future__ import annotations

import re

from tui.core.brief import parse_brief
from tui.core.model import ClaimStatus

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_example_brief_is_valid() -> None:
    example = re.search(r"```markdown\n(.*?)```\n", README, re.DOTALL)
    assert example is not None
    brief, problems = parse_brief(example.group(1), "example.md")
    assert problems == []
    assert brief.is_brief
    assert len(brief.claims) == 3
    assert [s.id for s in brief.focus_sections] == ["causes", "effects"]


def test_every_status_is_documented() -> None:
    for status in ClaimStatus:
        assert f"| `{status.value}` |" in README


def test_the_first_lines_are_the_two_commands() -> None:
    lines = README.splitlines()
    assert lines[0] == "```sh"
    assert "pip install ." in lines[1]
    assert "briefing" in lines[1]
    assert "pip install -e '.[test]'" in lines[2]
    assert "pytest" in lines[2]
    assert lines[3] == "```"
