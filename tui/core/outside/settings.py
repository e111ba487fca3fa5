"""Settings (the theme, the text's measure) in a small JSON file: read through the bounded reader, written atomically,
and never written over a file that could not be read.

A settings file that cannot be used (not a regular file, too large, not UTF-8, not
a JSON object) gives the defaults and a problem to show; saving then refuses with
SettingsUnreadable, so the user's file stays as it was until they fix or remove it.
Keys and values this version does not know are kept when the file is saved.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.outside.atomic import write_atomically
from tui.core.outside.decode import decode
from tui.core.outside.files import read_bytes
from tui.core.outside.problems import BriefError, Problem
from tui.core.outside.visible import visible

SETTINGS_FILE = "settings.json"
MAX_SETTINGS_BYTES = 64 * 1024  # a theme name is a few bytes; anything near this is not ours
MEASURE = "measure"  # the key of the most cells of text a line of a column holds
DEFAULT_MEASURE = 88  # a comfortable line: at 180 columns, focus mode ran lines to 170 characters
MEASURES = range(40, 401)  # a measure outside this is a mistake (40: a narrow column; 400: no cap at all)


class SettingsUnreadable(Exception):
    """The settings file exists but cannot be read as settings; its text says which file and why."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The settings read (string values only), and why the file could not be used, if it could not.

    `measure` is the text's measure, the default if none was given or it was not usable;
    `warnings` says what was ignored and why (the file itself was read).
    """

    values: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    measure: int = DEFAULT_MEASURE
    warnings: tuple[str, ...] = ()


def read_measure(value: object) -> tuple[int, str | None]:
    """The measure a settings value gives (a whole number, or one written as a string), or the
    default and why `value` was not used."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value) < 10:
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value in MEASURES:
        return value, None
    # A list or an object is named, not written out (one nested deeply has no repr).
    said = repr(value)[:41] if isinstance(value, str | int | float) or value is None else f"a {type(value).__name__}"
    if isinstance(value, float) and not math.isfinite(value):  # 1e400 in JSON: not "the measure inf"
        said = "a number too large"
    shown = visible(said if len(said) <= 40 else said[:39] + "…")
    return DEFAULT_MEASURE, (
        f"The measure {shown} in the settings must be a whole number from {MEASURES.start} to {MEASURES.stop - 1}"
        f" (cells of text a line): {DEFAULT_MEASURE} is used."
    )


def _raw(path: Path) -> dict[str, Any]:
    """Everything in the settings file (an empty object when it is missing or empty); SettingsUnreadable if unusable."""
    name = os.fspath(path)
    try:
        data = read_bytes(path, MAX_SETTINGS_BYTES)
    except BriefError as exc:
        if _missing(path):
            return {}  # no file yet (or a link to none): the defaults, and the first save makes one
        raise SettingsUnreadable(f"{name}: {exc.problem.message}") from None
    if len(data) > MAX_SETTINGS_BYTES:
        raise SettingsUnreadable(f"{name}: larger than {MAX_SETTINGS_BYTES:,} bytes, the most a settings file may be")
    if not data.strip():
        return {}  # an empty file holds nothing to lose
    text = decode(data)
    if isinstance(text, Problem):
        raise SettingsUnreadable(text.format(name))
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SettingsUnreadable(f"{name}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    except ValueError as exc:  # nesting too deep, a number too long
        raise SettingsUnreadable(f"{name}: not JSON: {exc}") from None
    if not isinstance(loaded, dict):
        raise SettingsUnreadable(f"{name}: not a JSON object")
    return loaded


def _missing(path: Path) -> bool:
    """Whether nothing is there (a link to nothing counts: writing through it loses nothing)."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False  # there, but not usable (a symlink loop, no permission): the user's to see to
    return False


def read_settings(path: Path) -> Settings:
    """The settings saved at `path`, or the defaults and the reason the file could not be used."""
    try:
        data = _raw(path)
    except SettingsUnreadable as exc:
        return Settings({}, str(exc))
    except RecursionError:
        return Settings({}, f"{os.fspath(path)}: not JSON: nested too deeply")
    values = {key: value for key, value in data.items() if isinstance(key, str) and isinstance(value, str)}
    if MEASURE not in data:
        return Settings(values)
    measure, problem = read_measure(data[MEASURE])
    return Settings(values, measure=measure, warnings=(problem,) if problem else ())


def load_settings(path: Path) -> dict[str, str]:
    """The settings saved at `path`; none when the file is missing, unreadable or not ours."""
    return read_settings(path).values


def save_settings(path: Path, settings: dict[str, str], *, journal: Path | None = None) -> None:
    """Write the settings to `path`, atomically (recorded in `journal` while it runs, see `atomic`)."""
    write_atomically(path, json.dumps(settings, indent=2, sort_keys=True) + "\n", journal=journal)


def update_settings(path: Path, changes: dict[str, str], *, journal: Path | None = None) -> None:
    """Set `changes` in the settings file, keeping whatever else it holds.

    SettingsUnreadable, and nothing written, when the file there cannot be read: a
    file the app could not read is the user's to fix, never the app's to replace.
    """
    try:
        data = _raw(path)
    except RecursionError:
        raise SettingsUnreadable(f"{os.fspath(path)}: not JSON: nested too deeply") from None
    data.update(changes)
    write_atomically(path, json.dumps(data, indent=2, sort_keys=True) + "\n", journal=journal)
