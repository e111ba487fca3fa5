"""What changed since the reader last read a brief: the version last read, the changes, the walk through them."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from tui.core.brief.model import Brief
from tui.core.changes.compare import Changes, Mark, Stopped, compare
from tui.core.changes.fingerprint import BadFingerprint, Fingerprint, decode, encode, fingerprint_of
from tui.core.changes.report import summary_phrases
from tui.core.outside.visible import pictured

# One cell each, told apart without colour (NO_COLOR); the lens's own gutter uses `~`, so not that.
CHANGE_MARKS = {Mark.NEW: "+", Mark.CHANGED: "*", Mark.REMOVED: "_"}
# Several sentences on one line: the mark of the first of these kinds among them shows.
MARK_ORDER = (Mark.CHANGED, Mark.NEW, Mark.REMOVED)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
FIRST_READING = "First reading: changes show from the next version on"


@dataclass(frozen=True, slots=True)
class Baseline:
    """The version last read: its fingerprint, and when it was kept (as the store says it: ISO 8601)."""

    fingerprint: Fingerprint
    saved: str


@dataclass(frozen=True, slots=True)
class Looked:
    """A look at the brief as it is now against the version last read (made off the event loop)."""

    current: Fingerprint
    encoded: bytes  # `current` as the store keeps it, encoded once: leaving saves it in one small write
    baseline: Baseline | None  # None: a first reading (or a stored fingerprint that could not be read)
    changes: Changes | None
    damaged: str = ""  # why a stored fingerprint could not be read, if one could not


def look(brief: Brief, stored: tuple[bytes, str] | Baseline | None, stop: Callable[[], bool] | None = None) -> Looked:
    """Fingerprint the whole `brief` and compare it with the version last read: `stored` as the store gives
    it (bytes and when), or a Baseline carried over from a reader of the same brief, or None.

    `stop`: asked now and then; True gives up (Stopped): the reader that asked is gone.
    """
    current = fingerprint_of(brief)
    encoded = encode(current)
    baseline: Baseline | None = None
    damaged = ""
    if isinstance(stored, Baseline):
        baseline = stored
    elif stored is not None:
        data, saved = stored
        try:
            baseline = Baseline(decode(data, stop), saved)
        except BadFingerprint as exc:
            if stop is not None and stop():
                raise Stopped from exc
            damaged = str(exc)
    changes = compare(baseline.fingerprint, brief, stop) if baseline is not None else None
    return Looked(current, encoded, baseline, changes, damaged)


STOP_SAID = {
    Mark.NEW: "new text",
    Mark.CHANGED: "changed text",
    Mark.REMOVED: "text removed before this sentence",
}


def day_of(saved: str) -> str:
    """The day a time from the store names ("2026-12-01"), or the time itself pictured and cut."""
    match = _DAY.match(saved)
    return match.group() if match else pictured(saved)[:40] or "an unknown day"


@dataclass(frozen=True, slots=True)
class Stop:
    """Where a walk through the changes stops: a section, a sentence, its number among the stops."""

    section: str
    sentence: int
    number: int
    total: int
    wrapped: str = ""  # "top" or "bottom": came round the end (or the start) of the brief to there
    mark: Mark | None = None  # what changed there (the cursor's mark hides the gutter's: it is said)

    @property
    def said(self) -> str:
        round_ = f" (from the {self.wrapped})" if self.wrapped else ""
        what = f": {STOP_SAID[self.mark]}" if self.mark is not None else ""
        return f"Change {self.number:,}/{self.total:,} in the text{round_}{what}"


class SinceRead:
    """The changes since the last reading of the brief open in the reader, once looked for."""

    def __init__(self) -> None:
        self.known = False  # looked for (the version last read read from the store, and compared)
        self.baseline: Baseline | None = None  # the version the marks are against (after a first reading: this one)
        self.first_reading = False  # no version was kept: this one is, and changes show from the next on
        self.damaged = False
        self.current: Fingerprint | None = None
        self.encoded: bytes | None = None
        self.changes: Changes | None = None  # None or empty: nothing to show
        self._stops: list[tuple[int, int]] = []  # (section order, sentence) of each run of marked sentences
        self._sections: list[str] = []  # section ids in reading order
        self._order: dict[str, int] = {}

    def took(self, looked: Looked, now: str) -> None:
        """What a look found; `now`: when a first reading's version is kept (it is the baseline from now)."""
        self.known = True
        self.current, self.encoded = looked.current, looked.encoded
        self.first_reading = looked.baseline is None
        self.damaged = bool(looked.damaged)  # a record kept that could not be read back: not a first reading
        self.baseline = looked.baseline or Baseline(looked.current, now)
        self._show(looked.changes)

    def _show(self, changes: Changes | None) -> None:
        self.changes = changes if changes is not None and not changes.empty else None
        self._sections = list(changes.order) if self.changes is not None and changes is not None else []
        self._order = {section: number for number, section in enumerate(self._sections)}
        self._stops = []
        previous: tuple[str, int] | None = None
        for section, index in self.changes.stops() if self.changes is not None else []:
            if previous != (section, index - 1):  # a run of marked sentences is one stop, at its first
                self._stops.append((self._order[section], index))
            previous = (section, index)

    @property
    def stops(self) -> int:
        return len(self._stops)

    def marks_in(self, section_id: str) -> Mapping[int, Mark]:
        """The marked sentences of a section, by index."""
        return self.changes.marks.get(section_id, {}) if self.changes is not None else {}

    @property
    def since(self) -> str:
        return day_of(self.baseline.saved) if self.baseline is not None else "an unknown day"

    def summary(self) -> str | None:
        """What to say once the changes are found: None if there are none."""
        if self.changes is None:
            return None
        phrases = summary_phrases(self.changes) or ["its text changed"]
        walk = ", ]c walks them" if self._stops else ""
        said = f"Changed since you last read it on {self.since}: {', '.join(phrases)}."
        return f"{said} D lists them{walk}, R marks them read"

    def nothing_said(self) -> str:
        """Why there is nothing to show: a first reading, or no change since the last."""
        if self.first_reading and self.damaged:
            return "The record of your last reading could not be read back: changes show from the next version on"
        if self.first_reading:
            return FIRST_READING
        return f"No changes since you last read it on {self.since}"

    def step(self, section_id: str | None, sentence: int, step: int) -> Stop | None:
        """The next (`step` 1) or previous (-1) run of changed sentences from the cursor's place, round the
        brief; None if nothing is marked."""
        if not self._stops:
            return None
        here = (self._order.get(section_id, -1) if section_id is not None else -1, sentence)
        wrapped = ""
        if step > 0:
            at = bisect_right(self._stops, here)
            if at == len(self._stops):
                at, wrapped = 0, "top"
        else:
            at = bisect_left(self._stops, here) - 1
            if at < 0:
                at, wrapped = len(self._stops) - 1, "bottom"
        order, index = self._stops[at]
        section = self._sections[order]
        return Stop(section, index, at + 1, len(self._stops), wrapped, self.marks_in(section).get(index))

    def mark_read(self, now: str) -> bool:
        """Everything read: the version open is the baseline from now on, nothing marked. False if not known yet."""
        if not self.known or self.current is None:
            return False
        self.baseline = Baseline(self.current, now)
        self.first_reading = False
        self._show(None)
        return True
