"""A table or a code line wider than its column is shown with every word whole (a README's six-column table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.brief.model import BlockKind
from tui.core.display.paint import GUTTER
from tui.core.display.wrap import CONTINUED, cell_width
from tui.screens.reader import ReaderScreen

from .helpers.waiting import until

README = """# Project Widget

Widget is a small tool for reading things.

## Options

| Option | Type | Default | Required | Environment variable | Description of what the option does |
|---|---|---|---|---|---|
| --verbose | boolean | false | no | WIDGET_VERBOSE | Print every step that the program takes while running |
| --output | path | ./out | yes | WIDGET_OUTPUT | Where the generated files are written at the end |

```
widget --verbose --output ./somewhere/far/away/in/the/filesystem --format json --retries 3
```
"""


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_a_six_column_table_and_a_long_code_line_keep_every_word_whole(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """Cut like code at the column's edge, cells were cut mid-word: `Environment vari` | `able`."""
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    app = BriefingApp(open_brief(readme))
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.views)
        view = app.screen.views[0]  # type: ignore[attr-defined]
        await until(pilot, lambda: bool(view.lines))
        room = view.scrollable_content_region.width - GUTTER
        text = view.section.text
        words: list[str] = []
        for line in view.lines:
            shown = line.prefix + text[line.start : line.end]
            assert cell_width(shown) <= room, shown
            if line.block >= 0 and view.section.blocks[line.block].kind in (BlockKind.TABLE, BlockKind.CODE):
                words += text[line.start : line.end].split()
        table_and_code = [b.text for b in view.section.blocks if b.kind in (BlockKind.TABLE, BlockKind.CODE)]
        assert words == " ".join(table_and_code).split()  # each word whole, on one line, in order
        assert any(line.prefix.endswith(CONTINUED) for line in view.lines)  # the code line's rest, marked
        drawn = "\n".join(view.render_line(y).text for y in range(view.size.height))
        assert "Environment variable" in drawn


def test_a_header_cell_with_a_tab_labels_its_records_without_the_tab(tmp_path: Path) -> None:
    """Found by fuzzing: a label is drawn as a prefix, so a raw tab in it moved the terminal's cursor."""
    from tui.core.display.wrap import wrap_section

    path = tmp_path / "wide.md"
    cells = " | ".join(f"column {n} with a long header" for n in range(6))
    path.write_text(f"# T\n\n## S\n\n| a\tb | {cells} |\n|---|{'---|' * 6}\n| x | {' | '.join('y' * 6)} |\n", "utf-8")
    loader = open_brief(path)
    loader.finish()
    assert loader.brief is not None
    section = loader.brief.sections[0]
    assert section.blocks[0].kind is BlockKind.TABLE
    lines = wrap_section(section, 40)
    labels = [line.prefix for line in lines if "a" in line.prefix and "b" in line.prefix]
    assert labels  # the records are labelled by the header, "a b: x"
    assert all("\t" not in line.prefix and "\n" not in line.prefix for line in lines)
