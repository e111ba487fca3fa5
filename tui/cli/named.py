"""What a name on the command line means: a file or folder, a brief's id in the library, or a mistyped command."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from tui.core.brief.metadata import BRIEF_ID
from tui.core.brief.suggest import CUTOFF, did_you_mean
from tui.core.library import is_brief_file, superseded, with_id
from tui.core.outside.visible import one_line, visible

SHOWN_FILES = 5  # an id many briefs share names this many of them


class Unresolved(Exception):
    """A name that is not a brief of the library; its message says why, ready to print after 'briefing: '."""


def shown(text: str) -> str:
    """A name from the command line, quoted as safe to print: on one line, control characters pictured."""
    return visible(repr(one_line(text)))


def is_path(name: str) -> bool:
    """Whether a name is a path: it exists (a broken link too), holds a '/', or ends in '.md'."""
    return os.path.lexists(name) or "/" in name or os.sep in name or is_brief_file(Path(name))


def could_be_an_id(name: str) -> bool:
    """Whether a name may be a brief's id (a-z, 0-9 and '-'), and is not a path."""
    return BRIEF_ID.fullmatch(name) is not None and not is_path(name)


def mistyped(name: str, commands: Iterable[str]) -> str | None:
    """The command a name that is not a path was most likely meant to be, or None."""
    if is_path(name):
        return None
    found = difflib.get_close_matches(name.lower(), list(commands), n=1, cutoff=CUTOFF)
    return found[0] if found else None


def brief_with_id(brief_id: str, folders: list[Path]) -> tuple[Path | None, str]:
    """The one brief in `folders` whose front matter has this id, or None and the known id most like it
    (" (did you mean 'x'?)", or ""); Unresolved when several briefs have it."""
    found, ids = with_id(folders, brief_id) if could_be_an_id(brief_id) else ([], [])
    if len(found) > 1:  # the user's copy of a bundled brief is the one meant
        from tui.paths import bundled_briefs_dir, user_briefs_dir

        replaced = superseded(((path, f"id:{brief_id}") for path in found), bundled_briefs_dir(), user_briefs_dir())
        found = [path for path in found if path not in replaced]
    if len(found) == 1:
        return found[0], ""
    if found:
        names = ", ".join(one_line(str(path)) for path in found[:SHOWN_FILES])
        more = f" and {len(found) - SHOWN_FILES} more" if len(found) > SHOWN_FILES else ""
        raise Unresolved(visible(f"{len(found)} briefs have the id {brief_id!r}: {names}{more}; name the file"))
    return None, did_you_mean(brief_id, ids)


def brief_named(name: str, command: str, folders: list[Path], err: TextIO) -> Path | None:
    """The brief (or folder) a name means: a path as given, or the brief in `folders` with that id; None
    after saying on `err` why not (no such file, folder or id; or several briefs have the id)."""
    if is_path(name):
        return Path(name)
    try:
        found, similar = brief_with_id(name, folders)
    except Unresolved as exc:
        print(f"briefing {command}: {exc}", file=err)
        return None
    if found is None:
        print(f"briefing {command}: no such file, folder or brief id: {shown(name)}{similar}", file=err)
    return found
