"""The entry point: `main(argv)` for both `briefing` and `python -m tui`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tui import __version__
from tui.paths import bundled_briefs_dir, user_briefs_dir

COMMANDS = ("check",)


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
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Read structured briefings with the keyboard. Commands: check.",
        epilog="`briefing check --help` describes the check command.",
    )
    parser.add_argument("path", nargs="?", type=Path, help="a brief to show, or a folder of briefs to list")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing check",
        description="Validate briefs; print FILE:LINE:COL: error|warning: message per problem. "
        "Exit 0 when there is no error, 1 when there is.",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="brief files or folders (default: the library)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line and return the exit status (2 for a usage mistake)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args[:1] == ["check"]:
            from tui.cli.check import check

            options = _check_parser().parse_args(args[1:])
            return check(options.paths or _library_paths())
        options = _parser().parse_args(args)
    except SystemExit as exc:  # argparse: --help, --version, or a usage mistake
        return exc.code if isinstance(exc.code, int) else 2
    path: Path | None = options.path
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
