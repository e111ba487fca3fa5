"""What an export says about the brief it comes from, and when it was made."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath

from tui.core.brief.model import Brief


@dataclass(frozen=True, slots=True)
class ExportedBrief:
    """The brief a set of notes is exported from, the key they are filed under, and the export's time."""

    brief: Brief
    key: str  # the store's brief key (see `store.brief_key`)
    exported_at: str  # ISO 8601, UTC, to the second

    @property
    def file_name(self) -> str:
        return PurePath(self.brief.path).name


def exported_at_now() -> str:
    """The time of an export: now, or `SOURCE_DATE_EPOCH` when set (for reproducible exports)."""
    moment = datetime.now(UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isascii() and epoch.isdigit():
        with contextlib.suppress(ValueError, OverflowError, OSError):  # past year 9999: not a time, so now
            moment = datetime.fromtimestamp(int(epoch), UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")
