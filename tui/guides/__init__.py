"""The guides shipped with the app: markdown files it reads in its own reader (`briefing guide`, the library's `g`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

GUIDES_DIR = Path(__file__).resolve().parent
# The order they are listed in: the keys first, the internals last.
ORDER = ("keys", "brief-format", "notes-and-export", "untrusted-briefs", "how-it-works")


@dataclass(frozen=True, slots=True)
class Guide:
    """One guide: its name (the file's stem), its title and its one-line summary."""

    name: str
    title: str
    summary: str
    path: Path


def read_guide(path: Path) -> Guide:
    """A guide's `# Title` (its first line) and summary (the paragraph after it)."""
    # The guides are ours and small: no bounded read is needed to take their first lines.
    lines = path.read_text(encoding="utf-8").splitlines()
    title = lines[0].removeprefix("# ").strip() if lines else path.stem
    summary: list[str] = []
    for line in lines[1:]:
        if line.strip():
            summary.append(line.strip())
        elif summary:
            break
    # Shown as plain text in a list: the summary's code spans lose their backticks.
    return Guide(path.stem, title, " ".join(summary).replace("`", ""), path)


def guides() -> list[Guide]:
    """Every guide, in ORDER."""
    return [read_guide(GUIDES_DIR / f"{name}.md") for name in ORDER]


def guide_path(name: str) -> Path | None:
    """The file of the guide called `name` (with or without `.md`), or None if there is none."""
    stem = name.removesuffix(".md")
    return GUIDES_DIR / f"{stem}.md" if stem in ORDER else None
