"""Settings (the theme, for now) in a small JSON file, read forgivingly and written atomically."""

from __future__ import annotations

import json
from pathlib import Path

from tui.core.atomic import write_atomically

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


def save_settings(path: Path, settings: dict[str, str], *, journal: Path | None = None) -> None:
    """Write the settings to `path`, atomically (recorded in `journal` while it runs, see `atomic`)."""
    write_atomically(path, json.dumps(settings, indent=2, sort_keys=True) + "\n", journal=journal)
