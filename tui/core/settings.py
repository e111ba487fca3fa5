"""Settings (the theme, for now) in a small JSON file, read forgivingly and written atomically."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

SETTINGS_FILE = "settings.json"


def load_settings(path: Path) -> dict[str, str]:
    """The settings saved at `path`; none when the file is missing, unreadable or not ours."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items() if isinstance(key, str) and isinstance(value, str)}


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a crash leaves the old file or the new, never half of one.

    A temporary file in the same folder is written and flushed to disk, renamed over
    `path`, and the folder itself is flushed so the rename survives a power cut.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def save_settings(path: Path, settings: dict[str, str]) -> None:
    """Write the settings to `path`, atomically."""
    write_atomically(path, json.dumps(settings, indent=2, sort_keys=True) + "\n")
