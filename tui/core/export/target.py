"""Where an export may not go: the one rule `briefing export -o` and the reader's export prompt both apply.

An export replaces its target whole. So it is refused, with the reason, when the
target is the brief being exported (by any name: another spelling, a symbolic
link, a hard link), the notes store or one of its companion files, another brief
(a markdown file with front matter that no export wrote), or anything that is not
a regular file (a folder, a name ending in a slash, a FIFO, a device, a socket).
An earlier export, a plain markdown or JSON file, or a new file may be written.

A new file goes in a folder that exists: a name in a missing folder, or a symbolic link
pointing into one, is refused with the folder named (a typo in a path made folders
nobody asked for), the same for a link as for a plain name. Only the folder the app
offers for its exports (`may_make`) is made when missing.

Checked again just before writing (the target can change while a question is
open), and `atomic.write_atomically` refuses non-regular files on its own too.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from tui.core.outside.atomic import kind_of
from tui.core.outside.files import read_bytes
from tui.core.outside.problems import BriefError
from tui.core.outside.visible import one_line

STORE_COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite's files beside the store
FRONT_MATTER_BYTES = 64 * 1024  # how much of an existing file is read to see whether it is an export
EXPORT_MARK = b'generator: "Briefing Reader"'  # a line of every markdown export's front matter (export_markdown)
# The keys of an export's front matter (export/markdown.py `front_matter`): a file whose front
# matter holds any other key (a brief's `id`) is not an export, whatever mark it carries.
EXPORT_KEYS = frozenset(
    {b"title", b"brief_id", b"file", b"source", b"date", b"exported_at", b"note_count", b"generator"}
)
_LINE_END = re.compile(rb"\r\n|\r|\n")  # as a brief's lines are read: a lone CR ends a line too


def refusal(
    target: str | os.PathLike[str],
    *,
    brief: str | os.PathLike[str],
    store: Path | None,
    may_make: str | os.PathLike[str] | None = None,
) -> str | None:
    """Why `target` must not be written by an export of `brief` (notes kept in `store`), or None if it may be.

    `target` is the name as given: a trailing slash counts (it names a folder), so pass
    the string typed, not a Path made from it. `may_make` is a folder the write may make
    if it is missing (the app's own exports folder); any other missing folder is refused.
    """
    raw = os.fspath(target)
    name = one_line(raw)
    if not raw.strip():
        return "no file name given"
    if "\0" in raw:
        return "a file name cannot hold a NUL character"
    if raw.endswith(("/", os.sep)) and not os.path.isdir(raw):
        return f"{name} ends with '/', so it names a folder: add a file name"
    try:
        info: os.stat_result | None = os.stat(raw)
    except (FileNotFoundError, NotADirectoryError):
        info = None  # a new file (or a folder still to be made): only where it leads is checked
    except OSError as exc:  # a symbolic link loop, a name too long, no permission
        return f"{name} cannot be written: {exc.strerror or exc}"
    if info is not None and stat.S_ISDIR(info.st_mode):
        return f"{name} is a folder: add a file name"
    if info is not None and not stat.S_ISREG(info.st_mode):
        return f"{name} is {kind_of(info.st_mode)}, not a regular file: choose a file"
    if _same(raw, info, os.fspath(brief)):
        return f"{name} is the brief itself; choose another file"
    if store is not None:
        for companion in ("", *STORE_COMPANIONS):
            if _same(raw, info, f"{os.fspath(store)}{companion}"):
                return f"{name} is part of the notes store; choose another file"
    if info is not None and _is_brief(raw):
        return f"{name} is a brief (it starts with front matter, and no export wrote it); choose another file"
    if info is None:
        return _missing_folder(raw, name, may_make)
    return None


def _missing_folder(raw: str, name: str, may_make: str | os.PathLike[str] | None) -> str | None:
    """Why a new file cannot go where `raw` leads: its folder (followed through a link, as the
    write follows it) is missing or is not a folder; None if it is there, or is `may_make`."""
    link = os.path.islink(raw)
    # Where the write goes: a link's target, found as `atomic.write_atomically` finds it.
    where = os.path.realpath(raw) if link else os.path.abspath(raw)
    folder = os.path.dirname(where)
    try:
        is_folder = stat.S_ISDIR(os.stat(folder).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        if may_make is not None and os.path.realpath(folder) == os.path.realpath(may_make):
            return None
        problem, advice = f"the folder {one_line(folder)} does not exist", "make it first, or choose another file"
    except OSError as exc:
        return f"{name} cannot be written: {exc.strerror or exc}"
    else:
        if is_folder:
            return None
        problem, advice = f"{one_line(folder)} is not a folder", "choose another file"
    said = f"{name} is a symbolic link to {one_line(where)}, and {problem}" if link else problem
    return f"{said}: {advice}"


def _same(target: str, info: os.stat_result | None, other: str) -> bool:
    """Whether `target` is the file `other` names: the same place once links and `..` are followed,
    or the same file on disk (a hard link, or a spelling the paths alone do not show, like case)."""
    if os.path.realpath(target) == os.path.realpath(other):
        return True
    if info is None:
        return False
    try:
        theirs = os.stat(other)
    except OSError:
        return False
    return (info.st_dev, info.st_ino) == (theirs.st_dev, theirs.st_ino)


def _is_brief(path: str) -> bool:
    """Whether an existing file reads as a brief (its first line is `---`) that is not one of our exports.

    An export is known by its front matter: only the keys an export writes, the mark among
    them. Lines end as a brief's do (CR LF, a lone CR, LF): a brief saved with old Mac
    line ends was taken for a one-line file and replaced.

    A file that cannot be read here is left to the write to report; a regular file
    being the only kind that gets this far, that is rare.
    """
    try:
        start = read_bytes(path, FRONT_MATTER_BYTES)
    except BriefError:
        return False
    start = start.removeprefix(b"\xef\xbb\xbf")
    lines = _LINE_END.split(start)
    if lines[0].rstrip() != b"---":
        return False
    marked = False
    for line in (each.rstrip() for each in lines[1:]):
        if line == b"---":
            return not marked  # the front matter ended: an export's if it carried the mark
        if line == EXPORT_MARK:
            marked = True
        elif line and line[:1] not in b" \t-#" and line.split(b":", 1)[0].strip() not in EXPORT_KEYS:
            return True  # a key no export writes (a brief's `id`, say)
    return True  # front matter longer than we read: an export's is short, so a brief's
