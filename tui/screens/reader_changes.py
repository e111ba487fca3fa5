"""The reader's changes since the last reading: marks in the gutter, `]c` / `[c` to walk them, `D` to list
them, `R` to mark everything read; the version read kept when the reader leaves."""

from __future__ import annotations

import contextlib
import time
from functools import partial
from typing import ClassVar, Literal

from textual import events, work
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.notifications import Notification, Notify
from textual.widgets import Input
from textual.worker import get_current_worker

from tui.core.brief.loader import BriefLoader
from tui.core.brief.model import Brief, Section
from tui.core.changes.compare import Stopped
from tui.core.notes.access import Notes
from tui.core.notes.annotation import now
from tui.core.notes.store_errors import StoreError
from tui.core.reading.change_list import Target, entries
from tui.core.reading.since import Baseline, Looked, SinceRead, look
from tui.screens.reader_lens import LensScreen
from tui.screens.store_calls import in_store
from tui.widgets.claim_sidebar import ClaimSidebar
from tui.widgets.section_view import SectionView
from tui.widgets.summary_banner import SummaryBanner
from tui.widgets.textual_private import withdraw

PREFIX_SECONDS = 1.5  # after `]` or `[`, the time `c` has to complete `]c` or `[c`


class ChangesScreen(LensScreen):
    """What changed since the reader last read this brief; `ReaderScreen` builds on it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Textual has no key sequences: `]` (or `[`) starts one that `c` completes (see `action_focus_claims`).
        # Run from the palette, they walk at once. In the claim list, its own `]` and `[` win.
        # Shown as the two keys they are pressed as ("] c"), in the help and the palette alike.
        Binding("]", "change_key(1)", "Next change", show=False, key_display="] c", id="changes.next", priority=True),
        Binding(
            "[",
            "change_key(-1)",
            "Previous change",
            show=False,
            key_display="[ c",
            id="changes.previous",
            priority=True,
        ),
        Binding("D", "list_changes", "Changes since last read", show=False, id="changes.list"),
        Binding("R", "mark_read", "Mark all read", show=False, id="changes.read"),
    ]

    def __init__(self, loader: BriefLoader, notes: Notes | None = None, *, start_at: str = "") -> None:
        super().__init__(loader, notes, start_at=start_at)
        self.since = SinceRead()
        self.given_baseline: Baseline | None = None  # carried over from a reader of the same brief (a reload)
        self.leaving_for_reload: bool = False  # replaced by a reload of the same brief: the version is not saved
        self.since_unreadable = False  # the store could not be read: no changes are shown, none saved
        self.covered = False  # another screen is (or was until now) over this one: the palette, say
        self.change_prefix: tuple[int, float] | None = None  # a `]` or `[` waiting for its `c`, and when
        self.summary_notice: Notification | None = None  # "Changed since you last read it…", while shown
        self.change_notice: Notification | None = None  # the last "Change 2/7", taken down when the next is said

    # Looking for changes, once the whole brief is here

    def on_mount(self) -> None:
        if self.brief is not None:  # whole from the start (a reload): no `loaded` to wait for
            self.changes_loaded(self.brief)

    def changes_loaded(self, brief: Brief) -> None:
        """The whole brief is here: compare it with the version last read, off the event loop."""
        if self.notes.path is None and self.given_baseline is None:
            return  # no store: nothing was kept, and nothing can be
        self.look_for_changes(brief, self.given_baseline)

    def take_baseline(self, baseline: object) -> None:
        """The version last read, carried over by the reader this one replaced (a reload of the same brief):
        used instead of the store's, which that reader did not overwrite."""
        if not isinstance(baseline, Baseline):
            return
        self.given_baseline = baseline
        if self.brief is not None and self.is_mounted:
            self.look_for_changes(self.brief, baseline)

    def baseline_to_carry(self) -> Baseline | None:
        """What a reload of this brief carries over to the new reader (see `take_baseline`)."""
        return self.since.baseline if self.since.known else self.given_baseline

    @work(thread=True, exclusive=True, group="since-read", exit_on_error=False, description="look for changes")
    def look_for_changes(self, brief: Brief, given: Baseline | None) -> None:
        """Fingerprint the brief (0.2 s for 5 MB), read the version last read, compare them."""
        stored: tuple[bytes, str] | Baseline | None = given
        if stored is None:
            try:
                stored = self.notes.read_fingerprint(self.reading.brief_key)
            except StoreError:
                # Said when the notes failed; nothing is saved over what could not be read.
                self.app.call_from_thread(setattr, self, "since_unreadable", True)
                return
        worker = get_current_worker()
        try:
            looked = look(brief, stored, lambda: worker.is_cancelled)  # given up once the reader is gone
        except Stopped:
            return
        if not worker.is_cancelled:  # a baseline carried over since: its look counts, not this
            self.app.call_from_thread(self.changes_found, looked)

    def changes_found(self, looked: Looked) -> None:
        if not self.is_attached:
            return
        if looked.damaged:
            self.notify(
                f"The version you last read could not be read back ({looked.damaged}): this one is kept now.",
                severity="warning",
                timeout=8,
            )
        self.since.took(looked, now())
        if self.since.first_reading:  # kept at once: a crash before leaving still finds it next time
            self.save_version()
        self.draw_changes()
        if (summary := self.since.summary()) is not None:
            self.summary_notice = Notification(summary, timeout=10, markup=False)
            self.app.post_message(Notify(self.summary_notice))

    def take_down_summary(self) -> None:
        """Take down "Changed since you last read…" (once the app has it: its message may still be queued):
        marked read, or another reader (a reload, the copy of a bundled brief) says its own."""
        if self.summary_notice is not None:
            self.app.call_later(withdraw, self.app, self.summary_notice)
            self.summary_notice = None

    def draw_changes(self) -> None:
        for view in self.query(SectionView):
            view.show_changes(self.since.marks_in(view.section.id))
        for banner in self.query(SummaryBanner):  # the bottom line above the columns, marked as in its column
            banner.show_changes(self.since.marks_in(banner.section.id))
        changes = self.since.changes
        claims = {change.id: change for change in changes.claims if change.kind != "removed"} if changes else {}
        self.query_one(ClaimSidebar).set_changes(claims)  # its detail says how a claim changed (a trial missed it)

    def show_in(self, view: SectionView, section: Section) -> None:
        super().show_in(view, section)
        view.show_changes(self.since.marks_in(view.section.id))

    def version_to_keep(self) -> bytes | None:
        """The version open, encoded, if the store can keep it: none before it is known, without a store, or
        with a read-only one (said once, with the notes: a failing save is not said again as if notes could
        not be kept, an attack's second toast)."""
        if self.notes.path is None or self.notes.unwritable is not None:
            return None
        return self.since.encoded

    def save_version(self) -> None:
        if (encoded := self.version_to_keep()) is None:
            return
        call = partial(self.notes.save_fingerprint, self.reading.brief_key, encoded)
        in_store(self, call, lambda _: None, self.store_failed, group="since-save")

    def on_unmount(self) -> None:
        """Leaving the brief: the version read is kept (encoded once found, so one small write), unless a
        reload of the same brief replaces this reader (the new one carries the baseline on), or changes
        are still marked: they stay until marked read (R), not gone because the brief was glanced at."""
        encoded = self.version_to_keep()
        if self.leaving_for_reload or encoded is None or self.since.changes is not None:
            return
        with contextlib.suppress(StoreError):
            self.notes.save_fingerprint(self.reading.brief_key, encoded)

    # ]c and [c

    def on_key(self, event: events.Key) -> None:  # noqa: ARG002
        """Any key that reaches the screen (not `]`, `[` or `c`: priority bindings) drops a waiting `]` or `[`."""
        self.change_prefix = None

    def on_screen_suspend(self) -> None:
        # A screen over this one: the palette, whose commands run without a key (they walk at once).
        self.change_prefix, self.covered = None, True

    def on_screen_resume(self) -> None:
        # After the command the palette runs, if any: it was queued on the app before this.
        self.app.call_later(self.uncovered)

    def uncovered(self) -> None:
        self.covered = False

    def action_change_key(self, step: int) -> None:
        """`]` or `[`: wait for `c`; run from the palette: walk at once. In the claim list (its own `]` and `[`)
        or a text field, the key is theirs.

        A priority binding, as `c` is: one that waits for the key to reach the screen can come after a
        `c` typed right behind it, which `c`'s binding has taken by then (`]c` sent at once by tmux)."""
        focused = self.focused
        if focused is not None and (
            isinstance(focused, Input) or any(isinstance(node, ClaimSidebar) for node in focused.ancestors_with_self)
        ):
            raise SkipAction
        if self.covered:
            self.walk_changes(step)
            return
        self.change_prefix = (step, time.monotonic())

    def action_focus_claims(self) -> None:
        """`c`: after `]` or `[`, the next or previous change; else the claim list."""
        prefix, self.change_prefix = self.change_prefix, None
        if prefix is not None and time.monotonic() - prefix[1] <= PREFIX_SECONDS:
            self.walk_changes(prefix[0])
            return
        super().action_focus_claims()

    def not_known(self) -> bool:
        """Say why the changes are not known (yet), if they are not: True then."""
        if self.since.known:
            return False
        if self.brief is None:
            said = "Still loading the brief: its changes once it is loaded"
        elif self.notes.path is None and self.given_baseline is None:
            said = "Notes are not kept here, nor the version you read: no changes to show"
        elif self.since_unreadable:
            said = "The notes store could not be read: no changes to show"
        else:
            said = "Looking for changes since you last read it…"
        self.notify(said, timeout=3)
        return True

    def walk_changes(self, step: int) -> None:
        """The cursor to the next (or previous) changed sentence, round the brief; the column shows its section."""
        if self.not_known():
            return
        view = self.focused_view() or self.current_view or self.first_view
        sentence = view.current if view is not None else None
        stop = self.since.step(view.section.id if view else None, sentence.index if sentence else -1, step)
        if stop is None:
            self.notify(self.since.nothing_said(), timeout=3, markup=False)
            return
        section = self.loader.section_by_id(stop.section)
        shown = self.view_showing(section) if section is not None else None
        if shown is None:
            return
        shown.move_to(stop.sentence)
        shown.focus()
        if self.change_notice is not None:  # one at a time, as the warnings' walk says them
            self.app.call_later(withdraw, self.app, self.change_notice)
        self.change_notice = Notification(stop.said, timeout=2, markup=False)
        self.app.post_message(Notify(self.change_notice))

    # D and R

    def action_list_changes(self) -> None:
        """D: every change since the last reading, claims first; enter goes to one, R marks all read."""
        if self.not_known():
            return
        from tui.screens.changes_list import ChangesList  # imported when first opened, like the other dialogs

        titles = self.reading.section_titles()
        found, more = entries(self.since.changes, titles) if self.since.changes else ([], 0)
        self.app.push_screen(ChangesList(found, more, self.since.nothing_said(), self.since.since), self.chosen)

    def chosen(self, target: Target | Literal["read"] | None) -> None:
        if target == "read":
            self.action_mark_read()
        elif isinstance(target, Target) and target.claim:
            self.go_to_chosen_claim(target.claim)
        elif isinstance(target, Target):
            section = self.loader.section_by_id(target.section)
            view = self.view_showing(section) if section is not None else None
            if view is not None:
                view.move_to(target.sentence)
                self.last_view = view
                view.focus()

    def go_to_chosen_claim(self, claim_id: str | None) -> None:
        """A claim's first citation (the reader's)."""
        raise NotImplementedError

    def action_mark_read(self) -> None:
        """R: everything read: the version open is the one the next changes are against; the marks go."""
        had = self.since.changes is not None
        if self.not_known() or not self.since.mark_read(now()):
            return
        self.draw_changes()
        self.save_version()
        self.take_down_summary()  # "Changed since…" is no longer what the marks say
        said = "Marked as read: changes show from the next version on" if had else "Nothing new to mark as read"
        if had and self.notes.unwritable is not None:
            said = "Marked as read until you leave: the notes store is read-only, so the version read is not kept"
        self.notify(said, timeout=5)
