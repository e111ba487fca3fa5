"""A store backed up with the `sqlite3` shell's `.dump` and restored into a new file, as a user would.

Python's `iterdump` cannot restore a full-text index (it writes the virtual table's
row into sqlite_master, which `executescript` then cannot read back); the shell can.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path


def dump_and_restore(source: Path, target: Path) -> None:
    """Write `.dump` of `source` into a new database at `target` (user_version is not dumped)."""
    shell = shutil.which("sqlite3")
    assert shell is not None, "the sqlite3 shell is needed (.ci/run installs it)"
    dump = subprocess.run([shell, str(source), ".dump"], check=True, capture_output=True, timeout=60).stdout
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([shell, str(target)], input=dump, check=True, capture_output=True, timeout=60)
    with sqlite3.connect(target) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 0
