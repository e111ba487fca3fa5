"""`briefing [PATH]`: the library (of the default folders, or of one), or one brief (a file, or an id) in the reader."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui import __version__
from tui.paths import library_paths, settings_path, store_path

if TYPE_CHECKING:
    from tui.cli.parser import SafeParser


def parser() -> SafeParser:
    from tui.cli.parser import SafeParser  # argparse takes 16 ms to import: not for `briefing [PATH]`

    parser = SafeParser(
        prog="briefing",
        description="Read structured briefings with the keyboard. Commands: check, export, import, guide, diff, notes.",
        epilog="`briefing COMMAND --help` describes a command.",
    )
    parser.add_argument(
        "path", nargs="?", help="a brief to show (its file, or its id in the library), or a folder of briefs to list"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(args: Sequence[str]) -> int:
    """The library or the reader for these arguments (argparse's SystemExit for --help, --version, mistakes)."""
    # `briefing exprt x`: a second name only ever follows a command.
    named_more = args and not args[0].startswith("-") and any(not arg.startswith("-") for arg in args[1:])
    if named_more and (wrong := not_a_command(args[0])) is not None:
        return wrong
    if len(args) <= 1 and not any(arg.startswith("-") for arg in args):
        # `briefing` or `briefing PATH`, the common cases: argparse (16 ms to import) is not needed.
        name: str | None = args[0] if args else None
    else:
        name = parser().parse_args(args).path
    if name is None:
        return library(library_paths())
    if not os.path.lexists(name) and (wrong := not_a_path(name)) is not None:
        return wrong
    path = Path(name)
    return library([path]) if path.is_dir() else read(path)


def not_a_command(name: str) -> int | None:
    """2 after saying that a name is no command (and which it may have meant); None when it is a path."""
    from tui.cli import COMMANDS
    from tui.cli.named import is_path, mistyped, shown

    if is_path(name):
        return None
    command = mistyped(name, COMMANDS)
    meant = f" (did you mean {command!r}?)" if command else f"; the commands are {', '.join(COMMANDS)}"
    print(f"briefing: unknown command {shown(name)}{meant}", file=sys.stderr)
    return 2


def not_a_path(name: str) -> int | None:
    """For a name that is no file or folder: open the library's brief with that id, or say what is wrong
    (an id two briefs have, a mistyped command, nothing of that name) and return 2.

    None when the name is still meant as a path (it holds a '/' or ends in '.md'): the reader says why not.
    """
    from tui.cli import COMMANDS
    from tui.cli.named import Unresolved, brief_with_id, is_path, mistyped, shown

    if is_path(name):
        return None
    try:
        path, similar = brief_with_id(name, library_paths())
    except Unresolved as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return 2
    if path is not None:
        return read(path)
    if mistyped(name, COMMANDS) is not None:
        return not_a_command(name)
    said = f"no such file, folder, command or brief id: {shown(name)}{similar}"
    print(f"briefing: {said}; the commands are {', '.join(COMMANDS)}", file=sys.stderr)
    return 2


def library(folders: list[Path]) -> int:
    """The library of these folders' briefs, until the user quits; 0."""
    from tui.app import BriefingApp

    BriefingApp(library=folders, settings=settings_path(), store=store_path()).run()
    return 0


def read(path: Path) -> int:
    """Open one brief in the reader; 1 with the reason if it cannot be read.

    Only the outline is read here; the reader parses the rest after its first frame.
    """
    from tui.core.brief.loader import open_brief
    from tui.core.outside.problems import BriefError
    from tui.core.outside.visible import one_line, visible

    try:
        brief = open_brief(path)
    except BriefError as exc:
        print(visible(exc.problem.format(one_line(str(path)))), file=sys.stderr)
        return 1
    from tui.app import BriefingApp

    BriefingApp(brief, settings=settings_path(), store=store_path()).run()
    return 0
