"""`briefing guide [NAME]`: list the guides shipped with the app, or name the one to open in the reader."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tui.cli.parser import SafeParser
from tui.core.brief.suggest import did_you_mean
from tui.core.outside.visible import one_line
from tui.guides import ORDER, guide_path, guides


def list_guides(out: TextIO | None = None) -> int:
    """Print each guide's name and one-line summary; 0."""
    out = out or sys.stdout
    width = max(len(name) for name in ORDER)
    for guide in guides():
        print(f"{guide.name.ljust(width)}  {guide.summary}", file=out)
    print("\n`briefing guide NAME` opens one in the reader.", file=out)
    return 0


def find_guide(name: str, err: TextIO | None = None) -> Path | None:
    """The guide's file, or None after saying on `err` that there is no such guide and which there are."""
    path = guide_path(name)
    if path is None:
        err = err or sys.stderr
        known = ", ".join(ORDER)
        hint = did_you_mean(name, ORDER)
        print(f"briefing guide: no guide named '{one_line(name)}'{hint}; the guides are: {known}", file=err)
    return path


def parser() -> SafeParser:
    parser = SafeParser(
        prog="briefing guide",
        description="Without a name, list the guides shipped with the app; with one, open it in the reader. "
        "Exit 0, 2 for a name that is not a guide.",
    )
    parser.add_argument("name", nargs="?", help="the guide to read, as listed")
    return parser


def main(args: Sequence[str]) -> int:
    options = parser().parse_args(args)
    if options.name is None:
        return list_guides()
    guide = find_guide(options.name)
    if guide is None:
        return 2
    from tui.cli.read import read

    return read(guide)
