"""Run a program in a pseudo-terminal of a given size and keep what it paints, as a terminal would."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import termios
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path


class Terminal:
    """A program in a pseudo-terminal: its output is read all along (or it would block), the last
    `keep` bytes kept; `send` types into it."""

    def __init__(
        self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path, size: tuple[int, int], keep: int = 1 << 20
    ) -> None:
        columns, rows = size
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.process = subprocess.Popen(
            list(args), stdin=slave, stdout=slave, stderr=slave, env=dict(env), cwd=cwd, start_new_session=True
        )
        os.close(slave)
        self.shown = bytearray()
        self._keep = keep
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.shown.extend(data)
            del self.shown[: -self._keep]

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def close(self, timeout: float | None = None) -> int:
        """Wait for the program to end (killing it after `timeout`), then close the terminal."""
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.master)
        self._reader.join(timeout=2)
        return self.process.returncode
