"""Opening a file in the user's editor: which command, at which line, and a bundled brief copied to edit.

The editor is `$VISUAL`, else `$EDITOR` (split as a shell would, so `code --wait` works),
else the first of `nano` and `vi` found on PATH. A variable set but empty counts as unset,
as git and `${VISUAL:-...}` take it; one that is blank or cannot be split (an unclosed quote)
is an error that names it. Nothing here runs the editor: the screen does, suspended.

The line is passed the way each editor takes it: `+LINE FILE` for the vi and emacs families,
nano and the many that copied them; `FILE:LINE` with the flag that makes it mean a line (and
waits, for the graphical ones) for those in `COLON_EDITORS`. An editor in neither list gets the
file alone: an unknown editor may read `+12` as a second file to create, and a wrong line
costs less than a stray file.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.core.outside.atomic import write_atomically
from tui.core.outside.decode import decode
from tui.core.outside.files import MAX_BRIEF_BYTES, read_bytes
from tui.core.outside.problems import BriefError, Problem
from tui.core.outside.visible import one_line

DEFAULT_EDITORS = ("nano", "vi")  # tried in this order on PATH when neither variable is set
SETTING_SHOWN = 80  # characters of a bad setting quoted in its message

# Editors that take `+LINE` before the file.
PLUS_EDITORS = frozenset(
    """
    vi vim nvim view gvim mvim vis elvis nvi ex neovim lvim
    nano pico rnano emacs emacsclient xemacs mg jed jove zile
    micro kak joe jmacs jstar jpico rjoe ne mcedit gedit pluma xed mousepad
    """.split()
)
# Editors that take `FILE:LINE`, with the flags they need for it (and to wait until the file is closed).
COLON_EDITORS: Mapping[str, tuple[str, ...]] = {
    "hx": (),
    "helix": (),
    "code": ("--wait", "--goto"),
    "codium": ("--wait", "--goto"),
    "code-insiders": ("--wait", "--goto"),
    "subl": ("--wait",),
    "zed": ("--wait",),
}
# `vim.basic`, `vim.tiny`, `nvim.appimage`, `emacs-29.1`, `nano.exe`: the name before such a suffix.
_SUFFIX = re.compile(r"(?:\.(?:basic|tiny|nox|gtk3?|athena|appimage|exe)|-\d[\d.]*)$", re.IGNORECASE)


class NoEditor(Exception):
    """No editor to run: its message says why and what to set, ready to show."""


@dataclass(frozen=True, slots=True)
class Editor:
    """An editor's command as set (split into words), and where it was set ("$VISUAL", "$EDITOR", "default")."""

    words: tuple[str, ...]
    origin: str

    @property
    def program(self) -> str:
        return self.words[0]

    def shown(self) -> str:
        """The command as the user would write it, on one line, control characters escaped."""
        text = shlex.join(self.words)
        cut = text if len(text) <= SETTING_SHOWN else text[: SETTING_SHOWN - 1] + "…"
        return one_line(cut)


def editor_from(environment: Mapping[str, str], which: Callable[[str], str | None] = shutil.which) -> Editor:
    """The editor to run: `$VISUAL`, else `$EDITOR`, else nano or vi on PATH; NoEditor saying why not."""
    for name in ("VISUAL", "EDITOR"):
        setting = environment.get(name, "")
        if not setting:
            continue  # unset, or set to nothing: the next
        shown = one_line(setting if len(setting) <= SETTING_SHOWN else setting[: SETTING_SHOWN - 1] + "…")
        try:
            words = shlex.split(setting)
        except ValueError as exc:
            raise NoEditor(f"${name} cannot be read as a command ({exc}): {shown}") from None
        if not words:
            raise NoEditor(f"${name} is blank: set it to your editor's command, like `vim`")
        return Editor(tuple(words), f"${name}")
    for program in DEFAULT_EDITORS:
        if which(program) is not None:
            return Editor((program,), "default")
    raise NoEditor("No editor found: set $EDITOR to your editor's command (like `export EDITOR=vim`) and start again")


def kind_of(program: str, which: Callable[[str], str | None] = shutil.which) -> str:
    """The editor a program is, by name ("vim" for `/usr/bin/vim.basic`); a name no list knows
    is followed through its links on PATH (`editor` -> `/bin/nano`: "nano")."""
    name = _plain(program)
    if name in PLUS_EDITORS or name in COLON_EDITORS:
        return name
    found = which(program)
    if found is None:
        return name
    return _plain(os.path.realpath(found))


def _plain(program: str) -> str:
    return _SUFFIX.sub("", Path(program).name.lower())


def command_for(editor: Editor, path: Path, line: int, which: Callable[[str], str | None] = shutil.which) -> list[str]:
    """The command that opens `path` in `editor` at `line` (1-based), as the editor takes a line."""
    # Absolute: a file named "-x" or "+3" must not be read as an option.
    target = str(path.absolute())
    words = list(editor.words)
    kind = kind_of(editor.program, which)
    line = max(1, line)
    if kind in COLON_EDITORS:
        flags = [flag for flag in COLON_EDITORS[kind] if flag not in words]
        return [*words, *flags, f"{target}:{line}"]
    if kind in PLUS_EDITORS:
        return [*words, f"+{line}", target]
    return [*words, target]


def found(editor: Editor, which: Callable[[str], str | None] = shutil.which) -> bool:
    """Whether the editor's program can be run (on PATH, or a path to an executable)."""
    return which(editor.program) is not None


# The line of a sentence. A paragraph's text joins its source lines with spaces (soft breaks) and
# drops the markdown (`**`, `[...](...)`, `[^id]`), so an offset in it is not an offset in the
# file: each word before the sentence is found again in the source, in order, from the block's
# first line. A word the markdown broke up (`un*believ*able`) is matched a character at a time.

# A find per word before the sentence: 0.1 s of one core for a sentence at the end of a 1.2 MB paragraph.
LOOK_AHEAD_LINES = 3  # source lines a word may be looked for ahead of the last one found


def sentence_line(lines: Sequence[str], block_line: int, block_text: str, offset: int) -> int:
    """The line (1-based) of the file `lines` on which the text at `offset` of a block starts, the
    block's text starting on line `block_line`. Never before the block's line, never past the file."""
    first = max(1, min(block_line, len(lines) or 1))
    offset = max(0, min(offset, len(block_text)))
    head = block_text[offset:].split(None, 1)
    if not head or not lines:
        return first
    row, column = first - 1, 0
    for word in block_text[:offset].split():
        place = _find(lines, row, column, word)
        if place is not None:  # else changed by the markdown past finding (an entity): the next word
            _, row, column = place
    place = _find(lines, row, column, head[0])
    return row + 1 if place is None else place[0] + 1  # not found: where the words before it led


def _find(lines: Sequence[str], row: int, column: int, word: str) -> tuple[int, int, int] | None:
    """Where `word` is next in `lines` from (row, column), a few lines ahead at most: the row it
    starts on, and the row and column just after it; None if it is not there."""
    last = min(len(lines), row + 1 + LOOK_AHEAD_LINES)
    for at in range(row, last):
        found = lines[at].find(word, column if at == row else 0)
        if found >= 0:
            return at, at, found + len(word)
    # Broken up by the markdown: each of its characters in turn, in order.
    start: int | None = None
    for character in word:
        while row < last:
            found = lines[row].find(character, column)
            if found >= 0:
                start = row if start is None else start
                column = found + 1
                break
            row, column = row + 1, 0
        else:
            return None
    return None if start is None else (start, row, column)


# A bundled brief is inside the installed package (read-only, replaced by an upgrade): it is edited
# as a copy in the user's briefs folder, which the library then lists in its place.

COPIED, SAME, OTHER = "copied", "same", "other"


def copy_to_edit(source: Path, folder: Path, *, journal: Path | None = None) -> tuple[Path, str]:
    """Copy the brief `source` into `folder` under its own name, to edit it there, and say how it went:
    COPIED; SAME (an identical copy was there already: it is used); OTHER (a different file has the name:
    it is left as it is, and is the one to edit). Never writes over a file; OSError or BriefError if the
    copy cannot be read or made (BriefError names the file)."""
    data = read_bytes(source, MAX_BRIEF_BYTES)
    target = folder / source.name
    if os.path.lexists(target):
        there = read_bytes(target, len(data))  # one byte more than the source: longer is different
        return target, SAME if there == data else OTHER
    folder.mkdir(parents=True, exist_ok=True)
    # Checked just above: a file made there in between would be replaced. Only this app, at a key, makes it.
    checked = decode(data)  # UTF-8, or a problem naming the line
    if isinstance(checked, Problem):
        raise BriefError(str(source), checked)
    write_atomically(target, data.decode("utf-8"), journal=journal)  # byte for byte (a BOM kept)
    return target, COPIED
