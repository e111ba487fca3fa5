"""The guides shipped with the app: listed by `briefing guide`, opened in the reader, complete, and linked."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets import OptionList

import tui.screens
import tui.widgets
from tui.__main__ import main
from tui.app import BriefingApp
from tui.core.brief.parse import parse_brief
from tui.core.outside.problems import Severity
from tui.guides import GUIDES_DIR, ORDER, guides
from tui.screens.guides import GuidesList
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until

KEYS_GUIDE = (GUIDES_DIR / "keys.md").read_text(encoding="utf-8")
# How Textual names a key in a binding, and how the guides write it.
SHOWN = {"question_mark": "?", "slash": "/", "exclamation_mark": "!"}
LINK = re.compile(r"\]\(([^)\s]+)\)")


def bound_keys() -> dict[str, str]:
    """Every key bound by the app, its screens and widgets, as the guides write it -> its binding's id."""
    classes: list[type] = [BriefingApp]
    for package in (tui.screens, tui.widgets):
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(info.name)
            classes += [
                cls for _, cls in inspect.getmembers(module, inspect.isclass) if cls.__module__ == module.__name__
            ]
    keys: dict[str, str] = {}
    for cls in classes:
        for binding in vars(cls).get("BINDINGS", []):
            assert isinstance(binding, Binding)
            for key in binding.key.split(","):
                keys[SHOWN.get(key, key)] = binding.id or binding.action
    return keys


def relative_links(path: Path) -> list[str]:
    """The relative links of a markdown file (web links, anchors and examples in code spans left out)."""
    found = LINK.findall(re.sub(r"`[^`]*`", "", path.read_text(encoding="utf-8")))
    return [link for link in found if not re.match(r"[a-z]+:|#", link)]


def test_every_guide_file_is_listed_with_a_title_and_a_summary() -> None:
    assert {path.stem for path in GUIDES_DIR.glob("*.md")} == set(ORDER)
    for guide in guides():
        assert guide.title, guide.name
        assert 20 < len(guide.summary) <= 120, guide.name


def test_briefing_guide_lists_each_guide_on_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide"]) == 0
    lines = capsys.readouterr().out.splitlines()
    for guide in guides():
        (line,) = [line for line in lines if line.split()[:1] == [guide.name]]
        assert line.endswith(guide.summary)


def test_an_unknown_guide_exits_2_and_names_the_guides(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide", "nope\x1b[31m"]) == 2
    err = capsys.readouterr().err
    assert "no guide named 'nope\\x1b[31m'" in err
    assert all(name in err for name in ORDER)
    assert "\x1b" not in err


async def test_briefing_guide_name_opens_it_in_the_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    apps: list[BriefingApp] = []
    monkeypatch.setattr("tui.app.BriefingApp.run", lambda app: apps.append(app))  # noqa: PLW0108 (a method: app is self)
    assert main(["guide", "brief-format"]) == 0
    assert main(["guide", "keys.md"]) == 0
    app = apps[0]
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.brief is not None
        assert app.screen.brief.title == "The brief format"
        assert app.screen.brief.path == str(GUIDES_DIR / "brief-format.md")
    assert apps[1].brief is not None
    assert apps[1].brief.outline.title == "Keys"


async def test_g_in_the_library_lists_the_guides_and_opens_one(tmp_path: Path) -> None:
    (tmp_path / BUNDLED_BRIEF.name).write_bytes(BUNDLED_BRIEF.read_bytes())
    app = BriefingApp(library=[tmp_path])
    async with app.run_test(size=(120, 40)) as pilot:
        library = app.screen
        assert isinstance(library, LibraryScreen)
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, GuidesList))
        assert isinstance(app.screen, GuidesList)
        assert app.screen.query_one(OptionList).option_count == len(ORDER)
        await pilot.press("j", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.loader.path == str(GUIDES_DIR / f"{ORDER[1]}.md")
        await pilot.press("q")
        assert app.screen is library
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, GuidesList))
        await pilot.press("escape")
        assert app.screen is library


def test_the_guides_binding_is_declared_once_and_shown() -> None:
    (binding,) = [b for b in LibraryScreen.BINDINGS if isinstance(b, Binding) and b.id == "library.guides"]
    assert binding.show
    assert binding.description == "Guides"


def test_every_bound_key_is_in_the_keys_guide() -> None:
    missing = {
        key: binding
        for key, binding in bound_keys().items()
        if f"`{key}`" not in KEYS_GUIDE and not (key.isdigit() and "`1` ... `9`" in KEYS_GUIDE)
    }
    assert not missing, f"keys bound but not in tui/guides/keys.md: {missing}"


def test_every_key_in_the_keys_guide_lists_is_bound() -> None:
    textual_keys = {"tab", "shift+tab", "ctrl+p", "ctrl+q", "y", "n", "enter", "down", "up"}
    bound = set(bound_keys()) | textual_keys
    for item in re.findall(r"^- (.*?): ", KEYS_GUIDE, re.MULTILINE):
        for key in re.findall(r"`([^`]+)`", item):
            assert key in bound or key in {"1", "9"}, f"{key!r} in the keys guide is bound nowhere"


@pytest.mark.parametrize("name", ORDER)
def test_each_guide_opens_as_plain_markdown_without_errors(name: str) -> None:
    path = GUIDES_DIR / f"{name}.md"
    brief, problems = parse_brief(path.read_text(encoding="utf-8"), str(path))
    assert not brief.is_brief
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    assert len(brief.sections) >= 3
    assert all(section.blocks for section in brief.sections), name


@pytest.mark.parametrize("name", ORDER)
def test_each_guides_links_resolve(name: str) -> None:
    path = GUIDES_DIR / f"{name}.md"
    for link in relative_links(path):
        assert (path.parent / link.split("#")[0]).is_file(), link


def test_a_mistyped_guide_name_says_which_was_meant(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide", "key"]) == 2
    assert "no guide named 'key' (did you mean 'keys'?)" in capsys.readouterr().err


def test_the_brief_formats_example_passes_briefing_check_with_no_problem(tmp_path: Path) -> None:
    """The example a writer copies first is clean, tradecraft rules and all."""
    from tui.cli.check import problems_of

    guide = (GUIDES_DIR / "brief-format.md").read_text(encoding="utf-8")
    example = re.search(r"```markdown\n(.*?)```", guide, re.DOTALL)
    assert example is not None
    path = tmp_path / "harbour-strike.md"
    path.write_text(example.group(1), encoding="utf-8")
    assert [problem.format(path.name) for problem in problems_of(path)] == []
