"""The entry point: `main(argv)` for both `briefing` and `python -m tui`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui import __version__
from tui.paths import bundled_briefs_dir, journal_dir, user_briefs_dir

if TYPE_CHECKING:
    import argparse

    from tui.core.export import Format

COMMANDS = ("check", "export", "import", "guide")


def _library_paths() -> list[Path]:
    """The bundled briefs and the user's own folder (when it exists)."""
    folders = [bundled_briefs_dir(), user_briefs_dir()]
    return [folder for folder in folders if folder.is_dir()]


def _store_path() -> Path:
    from tui.core.store import STORE_FILE
    from tui.paths import data_dir

    return data_dir() / STORE_FILE


def _settings_path() -> Path:
    from tui.core.settings import SETTINGS_FILE
    from tui.paths import config_dir

    return config_dir() / SETTINGS_FILE


def _parser() -> argparse.ArgumentParser:
    from tui.cli.parser import SafeParser

    parser = SafeParser(
        prog="briefing",
        description="Read structured briefings with the keyboard. Commands: check, export, import, guide.",
        epilog="`briefing COMMAND --help` describes a command.",
    )
    parser.add_argument("path", nargs="?", type=Path, help="a brief to show, or a folder of briefs to list")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _check_parser() -> argparse.ArgumentParser:
    from tui.cli.parser import SafeParser

    parser = SafeParser(
        prog="briefing check",
        description="Validate briefs; print FILE:LINE:COL: error|warning: message per problem. "
        "Exit 0 when there is no error, 1 when there is.",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="brief files or folders (default: the library)")
    return parser


def _export_parser() -> argparse.ArgumentParser:
    from tui.cli.parser import SafeParser

    parser = SafeParser(
        prog="briefing export",
        description="Write a brief's notes as markdown or as W3C Web Annotations (JSON). "
        "Exit 0 when written, 1 when not.",
    )
    parser.add_argument("brief", type=Path, help="the brief whose notes to export")
    # Kept as typed (not `type=Path`, which drops a trailing slash): `-o newdir/` is refused as a folder.
    parser.add_argument("-o", "--output", help="the file to write (default: standard output)")
    parser.add_argument(
        "--format",
        choices=[item.value for item in _formats()],
        help="markdown or json (default: json for a .json output, else markdown)",
    )
    return parser


def _import_parser() -> argparse.ArgumentParser:
    from tui.cli.parser import SafeParser

    parser = SafeParser(
        prog="briefing import",
        description="Add the notes of a JSON file written by `briefing export --format json`. "
        "Importing the same file again adds nothing; a file with any error is refused whole. "
        "Exit 0 when imported, 1 when not.",
    )
    parser.add_argument("file", type=Path, help="a JSON file of W3C Web Annotations")
    return parser


def _guide_parser() -> argparse.ArgumentParser:
    from tui.cli.parser import SafeParser

    parser = SafeParser(
        prog="briefing guide",
        description="Without a name, list the guides shipped with the app; with one, open it in the reader. "
        "Exit 0, 2 for a name that is not a guide.",
    )
    parser.add_argument("name", nargs="?", help="the guide to read, as listed")
    return parser


def _formats() -> list[Format]:
    from tui.core.export import Format

    return list(Format)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line and return the exit status (2 for a usage mistake)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args[:1] == ["check"]:
            from tui.cli.check import check

            options = _check_parser().parse_args(args[1:])
            return check(options.paths or _library_paths())
        if args[:1] == ["export"]:
            from tui.cli.export import export
            from tui.core.export import Format

            options = _export_parser().parse_args(args[1:])
            chosen = Format(options.format) if options.format else None
            return export(options.brief, options.output, chosen, store=_store_path(), journal=journal_dir())
        if args[:1] == ["import"]:
            from tui.cli.import_notes import import_notes

            options = _import_parser().parse_args(args[1:])
            return import_notes(options.file, store=_store_path())
        if args[:1] == ["guide"]:
            from tui.cli.guide import find_guide, list_guides

            options = _guide_parser().parse_args(args[1:])
            if options.name is None:
                return list_guides()
            guide = find_guide(options.name)
            return 2 if guide is None else _read(guide)
        if len(args) <= 1 and not any(arg.startswith("-") for arg in args):
            # `briefing` or `briefing PATH`, the common cases: argparse (16 ms to import) is not needed.
            path: Path | None = Path(args[0]) if args else None
        else:
            path = _parser().parse_args(args).path
    except SystemExit as exc:  # argparse: --help, --version, or a usage mistake
        return exc.code if isinstance(exc.code, int) else 2
    if path is None or path.is_dir():
        from tui.app import BriefingApp

        library = _library_paths() if path is None else [path]
        BriefingApp(library=library, settings=_settings_path(), store=_store_path()).run()
        return 0
    return _read(path)


def _read(path: Path) -> int:
    """Open one brief in the reader; 1 with the reason if it cannot be read.

    Only the outline is read here; the reader parses the rest after its first frame.
    """
    from tui.core.loader import open_brief
    from tui.core.problems import BriefError
    from tui.core.visible import one_line, visible

    try:
        brief = open_brief(path)
    except BriefError as exc:
        print(visible(exc.problem.format(one_line(str(path)))), file=sys.stderr)
        return 1
    from tui.app import BriefingApp

    BriefingApp(brief, settings=_settings_path(), store=_store_path()).run()
    return 0


def run() -> None:
    """The console script."""
    sys.exit(main())


if __name__ == "__main__":
    run()
