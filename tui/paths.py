"""The one place that decides where user data, settings and bundled briefs live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "briefing-reader"
DATA_DIR_VARIABLE = "BRIEFING_DATA_DIR"


def data_dir() -> Path:
    """Annotations, reading state and the user's briefs: `BRIEFING_DATA_DIR`, else platformdirs."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path(APP_NAME)


def config_dir() -> Path:
    """Settings such as the theme (platformdirs, so `XDG_CONFIG_HOME` is honoured)."""
    return platformdirs.user_config_path(APP_NAME)


def user_briefs_dir() -> Path:
    """Where the user keeps their own briefs."""
    return data_dir() / "briefs"


def bundled_briefs_dir() -> Path:
    """The briefs shipped with the app: inside the installed package, or `briefs/` in a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "briefs"
    return installed if installed.is_dir() else package.parent / "briefs"


def export_dir() -> Path:
    """Where exports from inside the app are offered to go: the user's documents, `briefing-notes/`."""
    return platformdirs.user_documents_path() / "briefing-notes"


def screenshot_dirs() -> list[Path]:
    """Where a screenshot from the palette goes, in order of preference: the downloads folder, else the data folder."""
    return [platformdirs.user_downloads_path(), data_dir() / "screenshots"]


def journal_dir() -> Path:
    """Where writes under way are recorded, so that files a killed write left behind are removed."""
    from tui.core.outside.atomic import JOURNAL_DIR

    return data_dir() / JOURNAL_DIR


def library_paths() -> list[Path]:
    """The folders the library lists by default: the bundled briefs and the user's own (when it exists)."""
    folders = [bundled_briefs_dir(), user_briefs_dir()]
    return [folder for folder in folders if folder.is_dir()]


def store_path() -> Path:
    """The notes store: one SQLite file in the data dir."""
    from tui.core.notes.store import STORE_FILE

    return data_dir() / STORE_FILE


def settings_path() -> Path:
    """The settings file (the theme) in the config dir."""
    from tui.core.outside.settings import SETTINGS_FILE

    return config_dir() / SETTINGS_FILE
