"""Which brief file each notes key belongs to, and its title: the library read by its front matter alone."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tui.core.brief.outline import read_outline
from tui.core.library import expand, front_matter, superseded
from tui.core.notes.annotation import brief_key
from tui.core.outside.files import read_text
from tui.core.outside.problems import BriefError
from tui.core.outside.visible import shown_name


class Shelf:
    """The briefs of some folders (and files named on the command line) by notes key, read when first asked.

    Only the front matter of each brief is read (64 KiB at most), as `briefing export ID`
    finds a brief: a library of 1,000 briefs is not parsed to title a page of search results.
    """

    def __init__(self, folders: Iterable[Path], *, bundled: Path | None = None, own: Path | None = None) -> None:
        self._folders = list(folders)
        self._bundled, self._own = bundled, own
        self._paths: dict[str, Path] | None = None
        self._titles: dict[str, str] = {}
        self._named: dict[str, Path] = {}  # briefs named outside the folders: they count as on the shelf

    def add(self, path: Path) -> str:
        """A brief named on the command line, wherever it is: its key (it is on the shelf from now on)."""
        metadata = front_matter(path)
        key = brief_key(metadata.id if metadata else None, path)
        self._named[key] = path
        if metadata is not None and metadata.title:
            self._titles.setdefault(key, metadata.title)
        return key

    def _read(self) -> dict[str, Path]:
        if self._paths is None:
            found: list[tuple[Path, str]] = []
            for path in dict.fromkeys(expand(self._folders)):  # a folder given twice is read once
                metadata = front_matter(path)
                key = brief_key(metadata.id if metadata else None, path)
                found.append((path, key))
                if metadata is not None and metadata.title:
                    self._titles.setdefault(key, metadata.title)
            # The user's copy of a bundled brief (E edits a copy) is the brief its id means.
            replaced = superseded(found, self._bundled, self._own) if self._bundled and self._own else set()
            self._paths = {}
            for path, key in found:
                if path not in replaced:
                    self._paths.setdefault(key, path)  # briefs sharing an id share their notes: the first stands
        return self._paths

    def path(self, key: str) -> Path | None:
        """The file of the brief whose notes are filed under `key`, or None if no brief here has it."""
        return self._named.get(key) or self._read().get(key)

    def title(self, key: str) -> str | None:
        """The brief's title (front matter, else its first heading or file name), or None if it is not here."""
        path = self.path(key)
        if path is None:
            return None
        if key not in self._titles:
            try:  # no title in the front matter (plain markdown): the whole outline says it
                self._titles[key] = read_outline(read_text(path), str(path)).title
            except BriefError:
                self._titles[key] = shown_name(path.stem)
        return self._titles[key]
