"""The library: finding brief files in folders, and what the library lists of each."""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.brief.outline import read_outline
from tui.core.brief.parse import load_brief
from tui.core.notes.annotation import brief_key
from tui.core.notes.store_errors import StoreError
from tui.core.outside.decode import decode
from tui.core.outside.files import read_bytes, read_text
from tui.core.outside.problems import BriefError, Problem, Severity
from tui.core.outside.visible import shown_name

if TYPE_CHECKING:
    from tui.core.brief.metadata import Metadata
    from tui.core.notes.access import Notes

BRIEF_SUFFIXES = (".md", ".markdown")
# Seconds a brief may take to read before the library lists it as still being read and goes on
# with the next: one slow brief (a pathological one took 22 s) blanked the whole library.
READ_BUDGET = 0.5
# Bytes of a brief read to find its id: front matter opens the file and is a few lines long.
# A brief whose front matter runs on past them is read whole.
FRONT_MATTER_BYTES = 64 * 1024


def is_brief_file(path: Path) -> bool:
    """Whether a path names a markdown file by its suffix."""
    return path.suffix.lower() in BRIEF_SUFFIXES


def briefs_in(folder: Path) -> list[Path]:
    """The markdown files below a folder, sorted; hidden folders and files are skipped."""
    found: list[Path] = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        found.extend(Path(root, name) for name in files if not name.startswith(".") and is_brief_file(Path(name)))
    return sorted(found)


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Each path as given, with folders replaced by the briefs inside them."""
    for path in paths:
        if path.is_dir():
            yield from briefs_in(path)
        else:
            yield path


@dataclass(frozen=True, slots=True)
class Entry:
    """A brief as the library lists it.

    `error` is its first error (with `errors` counting them all): a brief with errors is listed
    and opens with what can be shown. Only a file that cannot be read at all (not text, too
    big, unreadable) is `refused`: then `error` says why.
    """

    path: Path
    title: str
    date: str = ""
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    claims: int = 0
    error: str = ""
    key: str = ""  # what its notes are filed under (see store.brief_key)
    notes: int = 0  # filled in from the notes store, when there is one
    at: str = ""  # the section the reader was last at
    reading: bool = False  # still being read, past the budget: listed by its file name until done
    shared_with: tuple[Path, ...] = ()  # other briefs with the same id: their notes are one (see `sharing`)
    errors: int = 0  # how many errors `briefing check` finds in it
    refused: bool = False  # it cannot be read at all, so cannot be opened (`error` says why)
    read: str = ""  # when the reader last saved its place in it (an ISO time), from the notes store
    superseded: bool = False  # a bundled brief the user's copy of it replaces: not listed (see `superseded`)

    def matches(self, query: str) -> bool:
        """Whether the filter `query` is in the title, a source or a tag (ignoring case)."""
        needle = query.lower()
        return any(needle in text.lower() for text in (self.title, *self.sources, *self.tags))


def entry(path: Path) -> Entry:
    """Read one brief for the library: never raises, a brief that fails shows its first error."""
    try:
        brief, problems = load_brief(path)
    except BriefError as exc:
        problem = exc.problem
        return refused(path, f"line {problem.line}: {problem.message}")
    errors = [p for p in problems if p.severity is Severity.ERROR]
    error = f"line {errors[0].line}: {errors[0].message}" if errors else ""
    key = brief_key(brief.id, path)
    claims = len(brief.claims)
    return Entry(path, brief.title, brief.date or "", brief.sources, brief.tags, claims, error, key, errors=len(errors))


def refused(path: Path, why: str) -> Entry:
    """What the library lists for a file that cannot be read at all: its name and why."""
    return Entry(path, shown_name(path.name), error=why, refused=True)


def errors_mark(count: int) -> str:
    """How the library marks a brief with errors ("1 error", "3 errors"; "" for none)."""
    return f"{count:,} error{'s' * (count != 1)}" if count else ""


def shown_path(path: Path, folders: Iterable[Path], home: Path | None = None) -> str:
    """Where a brief is, as the library shows it: relative to the library folder it was found in,
    else with `~` for the home folder; never a machine's absolute path when either applies.

    Only text: the caller pictures it (see `visible.one_line`).
    """
    for folder in folders:
        if folder != path and path.is_relative_to(folder):
            return str(path.relative_to(folder))
    home = Path.home() if home is None else home
    if path.is_relative_to(home):
        return str(Path("~", path.relative_to(home)))
    return str(path)


def sharing(briefs: Iterable[tuple[Path, str]]) -> dict[Path, tuple[Path, ...]]:
    """For each brief (path, notes key) whose key is a front-matter id another brief has too, the others.

    Notes are filed under a brief's id so that they follow a renamed file; two files with one id
    therefore show, and change, the same notes. That stays, but is said.
    """
    by_key: dict[str, dict[Path, None]] = {}  # a path listed twice (a folder given twice) is one brief
    for path, key in briefs:
        if key.startswith("id:"):
            by_key.setdefault(key, {})[path] = None
    return {
        path: tuple(other for other in paths if other != path)
        for paths in by_key.values()
        if len(paths) > 1
        for path in paths
    }


def same_id_notice(others: tuple[Path, ...]) -> str:
    """What to say of a brief sharing its id with `others` ("same id as OTHER.md: notes are shared")."""
    if not others:
        return ""
    more = f" and {len(others) - 1} more" if len(others) > 1 else ""
    return f"same id as {shown_name(others[0].name)}{more}: notes are shared"


def sharing_with(entries: Iterable[Entry], path: Path, key: str) -> tuple[Path, ...]:
    """The other briefs listed in `entries` whose notes key is `key`, the one of the brief at `path`
    as it was just opened (it may have changed since the library read it)."""
    listed = ((item.path, item.key) for item in entries if item.path != path and not (item.reading or item.superseded))
    return sharing([*listed, (path, key)]).get(path, ())


def reader_notice(others: tuple[Path, ...]) -> str:
    """What the reader says of a brief opened from a library where `others` have its id too."""
    if not others:
        return ""
    more = f" and {len(others) - 1:,} more" if len(others) > 1 else ""
    return (
        f"{shown_name(others[0].name)}{more} in the library {'have' if more else 'has'} this brief's id: "
        "their notes are one, and a note made or deleted here is made or deleted there. "
        "Give each its own id (`id:` in the front matter) to keep them apart."
    )


def superseded(briefs: Iterable[tuple[Path, str]], bundled: Path, own: Path) -> set[Path]:
    """The briefs (path, notes key) in the `bundled` folder whose id a brief in the user's `own` folder has too.

    Editing a bundled brief (E) makes a copy of it in the user's folder, with its id: the copy takes the
    bundled brief's place, in the library and for `briefing <id>`, rather than being two briefs that share
    an id. Two of the user's own briefs with one id still share it, and are said to.
    """
    if bundled == own:
        return set()
    listed = [(path, key) for path, key in briefs if key.startswith("id:")]
    owned = {key for path, key in listed if path.is_relative_to(own)}
    return {path for path, key in listed if key in owned and path.is_relative_to(bundled)}


def with_own_copies(entries: list[Entry], bundled: Path, own: Path) -> list[Entry]:
    """The entries, the bundled briefs the user has a copy of marked `superseded` (the same objects when unchanged)."""
    replaced = superseded(((item.path, item.key) for item in entries if not item.reading), bundled, own)
    return [
        item if (item.path in replaced) == item.superseded else replace(item, superseded=item.path in replaced)
        for item in entries
    ]


def with_sharing(entries: list[Entry]) -> list[Entry]:
    """The entries, each marked with the other entries that have its id (the same object when unchanged);
    a superseded entry (not listed) shares with none."""
    shared = sharing((item.path, item.key) for item in entries if not item.reading and not item.superseded)
    marked = []
    for item in entries:
        others = shared.get(item.path, ())
        marked.append(item if others == item.shared_with else replace(item, shared_with=others))
    return marked


def still_reading(path: Path) -> Entry:
    """What the library lists for a brief still being read."""
    return Entry(path, shown_name(path.name), reading=True)


Results = queue.SimpleQueue[tuple[int, Entry]]


def _read_into(results: Results, index: int, path: Path, read: Callable[[Path], Entry]) -> None:
    try:
        found = read(path)
    except Exception as exc:  # `entry` never raises, but a bug must not leave the list waiting forever
        found = refused(path, f"could not be read: {type(exc).__name__}")
    results.put((index, found))


def read_each(
    paths: Iterable[Path],
    *,
    budget: float = READ_BUDGET,
    read: Callable[[Path], Entry] = entry,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[tuple[int, Entry]]:
    """(index, entry) for each brief as soon as it is read, the index its place in `paths`.

    Each brief is read on a thread of its own and waited for at most `budget` seconds: one that
    takes longer is yielded as still being read (see `still_reading`), the next is started, and
    the slow one is yielded again when it is done. A brief's first yield comes after those of
    the briefs before it (only the slow ones come again later). Stops early once `cancelled()` says so (the
    threads still running finish on their own; they hold nothing but the file they read).
    """
    results: Results = queue.SimpleQueue()
    waiting = 0
    for index, path in enumerate(paths):
        if cancelled():
            return
        threading.Thread(target=_read_into, args=(results, index, path, read), daemon=True).start()
        waiting += 1
        deadline = time.monotonic() + budget
        while True:
            try:
                done, found = results.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                yield index, still_reading(path)
                break
            waiting -= 1
            yield done, found
            if done == index:
                break
    while waiting and not cancelled():
        try:
            done, found = results.get(timeout=0.1)
        except queue.Empty:
            continue
        waiting -= 1
        yield done, found


@dataclass(frozen=True, slots=True)
class Known:
    """What the notes store says of the briefs: notes and reading place by brief key, or why it cannot say."""

    counts: Mapping[str, int] = field(default_factory=dict)
    places: Mapping[str, str] = field(default_factory=dict)
    read: Mapping[str, str] = field(default_factory=dict)  # when each was last read, by brief key
    error: str = ""  # why the notes could not be read ("": they were, or no store is kept)

    def apply(self, item: Entry) -> Entry:
        """The entry with its notes counted, where the reader was last, and when."""
        if item.reading or not item.key:
            return item
        notes, at, read = self.counts.get(item.key, 0), self.places.get(item.key, ""), self.read.get(item.key, "")
        if (notes, at, read) == (item.notes, item.at, item.read):
            return item
        return replace(item, notes=notes, at=at, read=read)


def known_notes(notes: Notes) -> Known:
    """Ask the store once for every brief's notes and reading place; never raises (see `Known.error`)."""
    if notes.path is None:
        return Known()  # no store kept: the library lists the briefs, the reader says why
    try:
        store = notes.store()
        states = store.reading_states()
        places = {key: at for key, state in states.items() if isinstance(at := state.get("at"), str)}
        return Known(store.counts(), places, store.read_times())
    except StoreError as exc:
        why = "the notes store is locked by another program" if "locked" in str(exc) else str(exc)
        return Known(error=why)
    except Exception as exc:  # a bug or a hostile store must not empty the library: it says what went wrong
        return Known(error=f"{type(exc).__name__}: {exc}")


def read_library(paths: Iterable[Path]) -> list[Entry]:
    """An entry for every brief in `paths` (files, or folders searched for markdown)."""
    return [entry(path) for path in expand(paths)]


def front_matter_id(path: Path) -> str | None:
    """The id a brief's front matter gives it, as the reader reads it; None without one, or unreadable.

    Only the front matter is read (the file's first 64 KiB, unless it runs on past them), so that
    finding a brief by id in a large library stays quick.
    """
    metadata = front_matter(path)
    return None if metadata is None else metadata.id


def front_matter(path: Path) -> Metadata | None:
    """What a brief's front matter says (its id, title...), read as `front_matter_id` reads it; None
    without front matter, or unreadable."""
    try:
        data = read_bytes(path, FRONT_MATTER_BYTES)
        cut = len(data) > FRONT_MATTER_BYTES
        if cut:
            data = data[: data.rfind(b"\n", 0, FRONT_MATTER_BYTES) + 1]  # whole lines only
        text = decode(data)
        if isinstance(text, Problem):
            return None
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if lines[0].rstrip() != "---":
            return None  # no front matter, no id
        end = next((index for index in range(1, len(lines)) if lines[index].rstrip() in ("---", "...")), None)
        if end is not None:
            text = "\n".join(lines[: end + 1]) + "\n"  # the front matter alone: its id is all that is wanted
        elif cut:
            text = read_text(path)  # never closed in the part read: read the whole file, as the reader does
        return read_outline(text, str(path)).metadata
    except BriefError:
        return None


def with_id(folders: Iterable[Path], brief_id: str) -> tuple[list[Path], list[str]]:
    """The briefs in `folders` whose id is `brief_id`, and every id found there (for a suggestion)."""
    found: list[Path] = []
    ids: dict[str, None] = {}
    for path in dict.fromkeys(expand(folders)):  # a folder given twice is read once
        known = front_matter_id(path)
        if known is not None:
            ids[known] = None
            if known == brief_id:
                found.append(path)
    return found, list(ids)
