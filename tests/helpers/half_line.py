"""A child for `forked`'s own test: a whole line, then a line left open (as a kill can leave one), then a wait."""

from __future__ import annotations

import sys
import time


def main() -> None:
    sys.stdout.write("first\nhalf")  # one write: both are in the pipe before the kill
    sys.stdout.flush()
    time.sleep(60)
