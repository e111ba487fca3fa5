"""Run a helper's `main` in a fresh forked child per round, imported once: kill tests without a start-up per kill.

    python -m tests.helpers.forked MODULE ARGS...

Each line read on stdin starts a round: a child is forked, prints "pid N", and runs
`MODULE.main()` with ARGS as its arguments, printing what it prints; once the child is
gone (killed, as a rule) this process prints "reaped N" on a line of its own. End of input: done.
A forked child is a new process as far as the files and the kill are concerned: it opens
its own files and connections, only the imported modules are shared.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path


def main() -> None:
    module, args = sys.argv[1], sys.argv[2:]
    run = importlib.import_module(module).main
    for _ in sys.stdin:
        sys.stdout.flush()  # nothing buffered to be written twice
        pid = os.fork()
        if pid == 0:
            sys.argv = [module, *args]
            print(f"pid {os.getpid()}", flush=True)
            status = 0
            try:
                run()
            except BaseException:
                traceback.print_exc()
                status = 1
            sys.stdout.flush()
            os._exit(status)  # not the parent's exit handlers
        os.waitpid(pid, 0)
        # On a line of its own: a child killed between a line and its newline (unbuffered output
        # writes them apart) left that line open.
        print(f"\nreaped {pid}", flush=True)


class Rounds:
    """The test's side: one forked child per `kill_after`, killed at a given moment."""

    def __init__(self, module: str, *args: str, cwd: Path) -> None:
        command = [sys.executable, "-m", "tests.helpers.forked", module, *args]
        self.process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def kill_after(self, seconds: float) -> list[str]:
        """Start a child, wait for its first line, SIGKILL it `seconds` later: every line it printed."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None
        assert stdout is not None
        stdin.write("go\n")
        stdin.flush()
        started = stdout.readline()
        assert started.startswith("pid "), started
        pid = int(started.split()[1])
        lines = [stdout.readline()]
        time.sleep(seconds)
        with contextlib.suppress(ProcessLookupError):  # done before the kill: reaped already
            os.kill(pid, signal.SIGKILL)
        while (line := stdout.readline()) != f"reaped {pid}\n":
            assert line, "the forking process ended"
            lines.append(line)
        return [line.rstrip("\n") for line in lines if line != "\n"]

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


if __name__ == "__main__":
    main()
