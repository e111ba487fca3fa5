"""Offline: reading, annotating, searching and exporting never reach for the network."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import BUNDLED_BRIEF, REPO


def test_the_app_works_with_the_network_blocked(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "tests.helpers.offline", str(BUNDLED_BRIEF), str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    steps = ["annotated", "searched and used the claims", "exported from the reader"]
    steps += ["exported and imported on the command line", "network attempts: 0"]
    said = [line for line in run.stdout.splitlines() if not line.endswith("already in the store")]
    assert said == steps  # every step done, and not one attempt to reach the network
    assert "offline" in (tmp_path / "notes.md").read_text()


def test_the_audit_hook_does_block_a_connection(tmp_path: Path) -> None:
    """The check above could pass by never looking: here the same hook stops a real attempt."""
    code = (
        "import sys, socket\n"
        "from tests.helpers.offline import block_network, ATTEMPTS\n"
        "sys.addaudithook(block_network)\n"
        "try:\n"
        "    socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
        "except PermissionError:\n"
        "    print('blocked', len(ATTEMPTS))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "blocked 1"
