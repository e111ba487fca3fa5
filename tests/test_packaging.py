"""The wheel carries the briefs, the guides and the licence; an installed copy finds them from any folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("briefing_reader-*.whl")
    return built


def test_wheel_contains_the_package_and_the_briefs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = {path.name for path in (REPO / "briefs").glob("*.md")}
    assert bundled
    assert {f"tui/briefs/{name}" for name in bundled} <= names
    assert "tui/core/brief/parse.py" in names
    assert not any(name.startswith("tests/") for name in names)
    guides = {path.name for path in (REPO / "tui" / "guides").glob("*.md")}
    assert guides
    assert {f"tui/guides/{name}" for name in guides} <= names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "briefing = tui.__main__:run" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_copy_finds_its_briefs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import tui.paths; from tui.__main__ import main;"
        "print(tui.paths.bundled_briefs_dir()); sys.exit(main(['check']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(target)], cwd=elsewhere, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == str(target / "tui" / "briefs")
    assert "1 file checked: no problems" in result.stderr


def test_installed_copy_lists_and_finds_its_guides(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from tui.guides import guide_path; from tui.__main__ import main;"
        "print(guide_path('keys')); sys.exit(main(['guide']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(target)], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == str(target / "tui" / "guides" / "keys.md")
    assert lines[1].startswith("keys ")
