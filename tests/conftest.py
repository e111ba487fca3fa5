"""Shared fixtures: every test runs with its data and config dirs in a temporary folder."""

from __future__ import annotations

import inspect
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tui.core.brief.loader import BriefLoader, open_brief
from tui.core.brief.model import Brief

# CI (which sets CI=true) sees the same examples on every run; HYPOTHESIS_PROFILE picks another.
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True, print_blob=True
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
# HYPOTHESIS_PROFILE=thorough: ten times the examples, for a long run by hand (tests that set their own count keep it).
settings.register_profile("thorough", settings.get_profile("dev"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

REPO = Path(__file__).resolve().parent.parent
BUNDLED_BRIEF = REPO / "briefs" / "north-korean-troops-in-russia.md"

# Each test has one kind, so `pytest -m unit` (or app, or system) runs one part of the suite.
KINDS = ("unit", "app", "system")
# Files whose every test runs other processes (a killed app, a probe per module, a built wheel);
# elsewhere a system test says so with @pytest.mark.system.
SYSTEM_FILES = {"test_kill_app.py", "test_layering.py", "test_offline.py", "test_packaging.py"}


def kind_of(item: pytest.Item) -> str:
    """A test's kind: its own mark, else `system` for the files above, else `app` for a test that
    runs the app under Pilot (a coroutine, or a snapshot), else `unit`."""
    marked = [kind for kind in KINDS if item.get_closest_marker(kind)]
    if marked:
        return marked[0]
    if item.path.name in SYSTEM_FILES:
        return "system"
    function = getattr(item, "function", None)
    uses_app = "snap_compare" in getattr(item, "fixturenames", ())
    return "app" if uses_app or inspect.iscoroutinefunction(function) else "unit"


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups (its hook would otherwise run first)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        kind = kind_of(item)
        if not item.get_closest_marker(kind):
            item.add_marker(kind)
        if kind == "system" and item.get_closest_marker("xdist_group") is None:
            # A system test's module-scoped fixture (a wheel built, a process started) is made once,
            # on one worker, when the suite runs with `--dist loadgroup`.
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


@pytest.fixture(autouse=True)
def private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the data and config dirs (and HOME) away from the developer's own."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(home / "briefing-data"))
    return home


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a brief file from text (or bytes) and return its path."""

    def _write(content: str | bytes, name: str = "brief.md") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


@pytest.fixture(scope="module")
def loader() -> BriefLoader:
    """The bundled brief, loaded in full before the app starts (the reader then has no worker to wait for)."""
    loaded = open_brief(BUNDLED_BRIEF)
    loaded.finish()
    return loaded


@pytest.fixture(scope="module")
def brief(loader: BriefLoader) -> Brief:
    """The bundled brief, parsed."""
    assert loader.brief is not None
    return loader.brief


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[tuple[Path, Callable[[], None]]]:
    """A folder on its own file system, and how to make it read-only once the test has filled it."""
    folder = tmp_path / "mounted"
    folder.mkdir()
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)], check=True, capture_output=True
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a file system here: {exc}")

    def lock() -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)

    try:
        yield folder, lock
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)
