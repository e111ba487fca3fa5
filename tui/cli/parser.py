"""The command line's argument parser: its messages name files, so they are printed as visible escapes."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from tui.core.outside.visible import visible


class SafeParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors cannot carry a file name's escape sequences to the terminal."""

    def error(self, message: str) -> NoReturn:
        # argparse quotes what it could not take (`briefing *.md`: every file name) as it is.
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {visible(message)}\n")
