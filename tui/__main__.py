"""The entry point: `main(argv)` for both `briefing` and `python -m tui`; each command is a module of `tui/cli/`."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence

from tui.cli import COMMANDS

__all__ = ["COMMANDS", "main", "run"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line and return the exit status (2 for a usage mistake)."""
    args = list(sys.argv[1:] if argv is None else argv)
    name = COMMANDS.get(args[0]) if args else None
    run: Callable[[list[str]], int] = importlib.import_module(name or "tui.cli.read").main
    try:
        return run(args[1:] if name else args)
    except SystemExit as exc:  # argparse: --help, --version, or a usage mistake
        return exc.code if isinstance(exc.code, int) else 2


def run() -> None:
    """The console script."""
    sys.exit(main())


if __name__ == "__main__":
    run()
