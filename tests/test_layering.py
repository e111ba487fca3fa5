"""The core stays free of the UI: importing any `tui.core` module loads neither textual nor rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import tui.core

CORE_MODULES = sorted(f"tui.core.{info.name}" for info in pkgutil.iter_modules(tui.core.__path__))
PROBE = """
import importlib, sys
importlib.import_module(sys.argv[1])
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"textual", "rich"})
print(",".join(loaded))
"""


def loaded_ui_libraries(*args: str) -> str:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_the_core_has_modules() -> None:
    assert {"tui.core.brief", "tui.core.model", "tui.core.validate"} <= set(CORE_MODULES)


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_loads_no_ui_library(module: str) -> None:
    assert loaded_ui_libraries(module) == ""


CHECK_PROBE = """
import sys
from tui.__main__ import main
status = main(["check", sys.argv[1]])
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"textual", "rich"})
print(status, ",".join(loaded))
"""


def test_briefing_check_uses_only_the_core(tmp_path) -> None:  # type: ignore[no-untyped-def]
    brief = tmp_path / "b.md"
    brief.write_text("# T\n\n## A\n\ntext\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", CHECK_PROBE, str(brief)], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1].strip() == "0"


def test_the_probe_would_notice_a_ui_import() -> None:
    assert loaded_ui_libraries("rich.text") == "rich"
