"""The README stays true and short: its first lines are the two commands, its keys are bound, its links resolve."""

from __future__ import annotations

import re

from tui.__main__ import COMMANDS
from tui.core.brief.model import ClaimStatus
from tui.core.brief.parse import parse_brief
from tui.guides import GUIDES_DIR, ORDER

from .conftest import REPO
from .test_guides import bound_keys, relative_links

README = (REPO / "README.md").read_text(encoding="utf-8")
BRIEF_FORMAT = (GUIDES_DIR / "brief-format.md").read_text(encoding="utf-8")
MAX_README_BYTES = 10 * 1024


def section(text: str, title: str) -> str:
    """The text of a `## title` section."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.DOTALL | re.MULTILINE)
    assert match is not None, title
    return match.group(1)


def test_the_readme_is_a_short_page() -> None:
    assert len(README.encode("utf-8")) <= MAX_README_BYTES


def test_the_first_lines_are_the_two_commands() -> None:
    lines = README.splitlines()
    assert lines[0] == "```sh"
    assert "pip install ." in lines[1]
    assert "briefing" in lines[1]
    assert "pip install -e '.[test]'" in lines[2]
    assert "pytest" in lines[2]
    assert lines[3] == "```"


def test_the_readme_shows_screenshots_that_exist() -> None:
    images = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", README)
    assert len(images) >= 2
    assert all((REPO / image).is_file() for image in images)


def test_every_relative_link_of_the_readme_resolves() -> None:
    links = relative_links(REPO / "README.md")
    assert {f"tui/guides/{name}.md" for name in ORDER} <= set(links)
    assert "LICENSE" in links
    for link in links:
        assert (REPO / link.split("#")[0]).exists(), link


def test_every_key_of_the_main_keys_table_is_bound() -> None:
    bound = set(bound_keys()) | {"ctrl+p"}  # the palette is Textual's
    cells = re.findall(r"^\| (.*?) \| .* \|$", section(README, "Main keys"), re.MULTILINE)
    keys = [key for cell in cells[2:] for key in re.findall(r"`([^`]+)`", cell)]
    assert len(keys) > 20
    for key in keys:
        assert key in bound or key in {"1", "9"}, key


def test_the_command_table_lists_every_command() -> None:
    table = section(README, "Command line")
    listed = set(re.findall(r"^\| `briefing ([a-z]+)", table, re.MULTILINE))
    assert listed == set(COMMANDS)


def test_the_example_brief_is_valid() -> None:
    example = re.search(r"```markdown\n(.*?)```\n", BRIEF_FORMAT, re.DOTALL)
    assert example is not None
    brief, problems = parse_brief(example.group(1), "example.md")
    assert problems == []
    assert brief.is_brief
    assert len(brief.claims) == 3
    assert [s.id for s in brief.focus_sections] == ["causes", "effects"]


def test_every_status_is_documented() -> None:
    for status in ClaimStatus:
        assert f"- `{status.value}`: " in BRIEF_FORMAT
