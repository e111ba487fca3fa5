"""The private Textual calls the app makes are the ones `textual_private` names, and Textual still has them."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from tui.widgets import textual_private

PACKAGE = Path(__file__).resolve().parents[1] / "tui"


def test_textual_still_has_each_private_call_with_the_signature_used() -> None:
    expected = {
        "_check_refresh": ["self"],
        "_scroll_update": ["self", "virtual_size"],
        "_unnotify": ["self", "notification", "refresh"],
    }
    assert set(textual_private.USED) == set(expected)
    for name, owner in textual_private.USED.items():
        method = getattr(owner, name, None)
        assert callable(method), f"Textual's {owner.__name__} no longer has {name}: see tui/widgets/textual_private.py"
        assert list(inspect.signature(method).parameters) == expected[name]


def test_no_module_but_textual_private_calls_them() -> None:
    callers = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if re.search(r"\.(_check_refresh|_scroll_update|_unnotify)\(", path.read_text(encoding="utf-8"))
    ]
    assert callers == ["widgets/textual_private.py"]


def test_the_textual_version_allowed_is_bounded_above() -> None:
    pyproject = (PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8")
    requirement = re.search(r'"textual([^"]*)"', pyproject)
    assert requirement is not None
    assert "<" in requirement.group(1), "a Textual release may change the private calls: bound it"
