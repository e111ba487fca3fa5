"""The private Textual calls the reader needs, in one place, checked by a test against Textual's own.

Textual has no public way to ask a widget's repaint at once (rather than after its
message queue empties) or to update a scroll view's scrollbars after setting its virtual
size without a layout pass. Both calls are here, so that a Textual release that renames
or removes them fails `tests/test_textual_private.py`, not the reader at run time, and
`pyproject.toml` bounds Textual to the releases the tests cover.
"""

from __future__ import annotations

from textual.app import App
from textual.geometry import Size
from textual.notifications import Notification
from textual.scroll_view import ScrollView
from textual.widget import Widget

# Each name and the class it is looked up on.
USED = {"_check_refresh": Widget, "_scroll_update": ScrollView, "_unnotify": App}


def repaint_now(widget: Widget) -> None:
    """Ask the screen to repaint `widget` now, not once its own queue is empty (a frame earlier)."""
    widget._check_refresh()


def scrollbars_for(view: ScrollView, size: Size) -> None:
    """Update `view`'s scrollbars for a virtual `size` set without a layout of the screen."""
    view._scroll_update(size)


def withdraw(app: App[object], notification: Notification) -> None:
    """Take a notice down before its time (one no longer true); none shown (or gone already): nothing."""
    app._unnotify(notification)
