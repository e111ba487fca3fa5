"""`briefing [PATH]`: the library (of the default folders, or of one), or one brief in the reader."""

from __future__ import annotations

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
        description="Read structured briefings with the keyboard. Commands: check, export, import, guide.",
        epilog="`briefing COMMAND --help` describes a command.",
    )
    parser.add_argument("path", nargs="?", type=Path, help="a brief to show, or a folder of briefs to list")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(args: Sequence[str]) -> int:
    """The library or the reader for these arguments (argparse's SystemExit for --help, --version, mistakes)."""
    if len(args) <= 1 and not any(arg.startswith("-") for arg in args):
        # `briefing` or `briefing PATH`, the common cases: argparse (16 ms to import) is not needed.
        path: Path | None = Path(args[0]) if args else None
    else:
        path = parser().parse_args(args).path
    if path is None or path.is_dir():
        return library(library_paths() if path is None else [path])
    return read(path)


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
