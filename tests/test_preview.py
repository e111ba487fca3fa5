"""A long first section shows its first part at once, then the whole section, the cursor kept."""

from __future__ import annotations

import statistics
import time

import pytest
from markdown_it import MarkdownIt

from tui.app import BriefingApp
from tui.core.brief.chunks import CHUNK_CHARS, PREVIEW_CHARS, preview_end, preview_part
from tui.core.brief.loader import BriefLoader
from tui.core.brief.model import Section
from tui.core.brief.parse import parse_brief
from tui.screens.reader import ReaderScreen
from tui.widgets.section_view import SectionView

from .bench.pathological import CLAIM, HEAD, SECTION, SHAPES
from .helpers.waiting import until
from .test_loading import HeldLoader

SIZE = 5 * CHUNK_CHARS  # several chunks, more than a preview looks at (4): long enough, and quick


def same_start(preview: Section, whole: Section) -> None:
    """The preview is a prefix of the whole section: text, blocks and sentences."""
    assert preview.partial
    assert not whole.partial
    assert whole.text.startswith(preview.text)
    assert len(preview.text) < len(whole.text)
    assert preview.blocks[:-1] == whole.blocks[: len(preview.blocks) - 1]
    assert whole.blocks[len(preview.blocks) - 1].text.startswith(preview.blocks[-1].text)
    assert [(s.start, s.end, s.block) for s in preview.sentences] == [
        (s.start, s.end, s.block) for s in whole.sentences[: len(preview.sentences)]
    ]


@pytest.mark.parametrize("shape", ["list items", "ordered list items", "table rows", "paragraphs"])
def test_a_preview_is_the_start_of_the_whole_section(shape: str) -> None:
    loader = BriefLoader(SHAPES[shape](SIZE), "long.md")
    preview = loader.preview(0)
    assert loader.parsed(0) is None  # the section itself is not parsed yet
    assert loader.preview(0) is preview
    assert len(preview.text) < 4 * CHUNK_CHARS
    same_start(preview, loader.section(0))
    assert loader.preview(0) is loader.section(0)  # once parsed, the whole section


@pytest.mark.parametrize("shape", ["entities", "fence left open", "long line", "'![' runs", "wide table"])
def test_a_section_that_cannot_be_cut_has_a_bounded_preview_marked_inexact(shape: str) -> None:
    loader = BriefLoader(SHAPES[shape](SIZE // 2), "long.md")
    preview = loader.preview(0)
    assert preview.partial
    assert loader.parsed(0) is None
    assert not loader.exact_preview(0)
    assert len(preview.text) <= PREVIEW_CHARS
    whole = loader.section(0)
    assert loader.preview(0) is whole
    assert not whole.partial


def test_a_preview_at_a_cut_is_marked_exact() -> None:
    loader = BriefLoader(SHAPES["list items"](SIZE), "long.md")
    assert loader.preview(0).partial
    assert loader.exact_preview(0)


def test_a_huge_line_is_cut_at_a_space_and_a_huge_paragraph_at_a_line_end() -> None:
    found = preview_part(["word " * 100_000])
    assert found is not None
    (line,), exact = found
    assert not exact
    assert PREVIEW_CHARS // 2 < len(line) <= PREVIEW_CHARS
    assert line.endswith("word")
    found = preview_part(["x" * 1_000_000])
    assert found == (["x" * PREVIEW_CHARS], False)  # no space: cut at the bound
    paragraph = ["a line of a paragraph"] * 100_000
    found = preview_part(paragraph)
    assert found is not None
    assert found[0] == paragraph[: len(found[0])]  # whole lines
    assert PREVIEW_CHARS // 2 < sum(len(line) + 1 for line in found[0]) <= PREVIEW_CHARS
    assert preview_part(["short"] * 100) is None  # parsed whole: no preview
    table = ["", "|" + "a|" * 40_000, "|" + "-|" * 40_000]
    assert preview_part(table) == (["", table[1][: PREVIEW_CHARS - 1]], False)  # not an empty exact preview


def fed_to_the_parser(monkeypatch: pytest.MonkeyPatch, text: str) -> int:
    """How many characters markdown-it parses before the reader's first frame."""
    fed: list[int] = []
    parse = MarkdownIt.parse

    def counted(self: MarkdownIt, src: str, env: object = None) -> object:
        fed.append(len(src))
        return parse(self, src, env)  # type: ignore[arg-type]

    with monkeypatch.context() as patched:
        patched.setattr(MarkdownIt, "parse", counted)
        BriefLoader(text, "long.md").first_sections(3, preview=True)
    return sum(fed)


# What three columns may parse before the first frame: a short section whole (under two
# chunks) or a preview (a cut within two chunks, else PREVIEW_CHARS), each.
FIRST_FRAME_CHARS = 3 * (2 * CHUNK_CHARS + 1_000)


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
def test_what_is_parsed_before_the_first_frame_is_bounded_whatever_the_size(
    shape: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for size in (100_000, 400_000):
        fed = fed_to_the_parser(monkeypatch, SHAPES[shape](size))
        assert fed <= FIRST_FRAME_CHARS, f"{fed:,} characters parsed at {size:,} bytes"


def first_part_seconds(text: str) -> float:
    """Median processor seconds of the first sections (previews) of a fresh loader, the outline read before."""
    times = []
    for _ in range(3):
        loader = BriefLoader(text, "long.md")
        started = time.process_time()
        loader.first_sections(3, preview=True)
        times.append(time.process_time() - started)
    return statistics.median(times)


# Shapes whose one section has no cut: one huge paragraph, line or table row. (The first
# text of `blockquotes nested` and `headings` grows with the outline pass, not the preview.)
UNCUT = [
    "'![' runs",
    "'[' runs",
    "'[^' runs",
    "'[a' runs",
    "hard breaks",
    "wide table",
    "links",
    "blockquote lines",
    "entities left open",
    "citations",
]


@pytest.mark.parametrize("shape", UNCUT)
def test_the_first_text_of_a_section_without_cuts_takes_no_longer_at_4x_the_size(shape: str) -> None:
    small, large = (first_part_seconds(SHAPES[shape](size)) for size in (128_000, 512_000))
    # The preview is bounded: about the same time at both sizes. A whole parse takes 4x.
    assert large < 2.5 * small + 0.01, f"{small:.3f} s, {large:.3f} s"


def test_short_sections_and_tables_that_end_early_have_no_preview() -> None:
    assert preview_end(["- x"] * 100) is None
    table = ["| a | b |", "|---|---|", *["| 1 | 2 |"] * 10, "", *["text"] * 20_000]
    assert preview_end(table) is None  # the table ends before a chunk: no row to cut at
    assert preview_end(["| a |", "| b |", *["| 1 |"] * 20_000]) is None  # no delimiter row: no table


async def test_the_first_part_shows_before_the_section_is_parsed_then_the_whole() -> None:
    loader = HeldLoader(SHAPES["list items"](SIZE), "long.md")
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one("#view-0", SectionView)
        # Shown at once: the first part, while the section itself is not parsed.
        assert view.section.partial
        assert loader.parsed(0) is None
        assert view.lines
        assert "loading the rest" in str(screen.query_one(".column-title").render())
        await pilot.press("j", "j", "j")
        assert view.cursor == 3
        before = view.current
        assert before is not None
        # No note on a first part: said, and nothing made.
        await pilot.press("m")
        assert any("still loading" in str(n.message) for n in app._notifications)
        assert screen.placed == []
        loader.go = True
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.brief is not None
        whole = loader.parsed(0)
        assert whole is not None
        assert view.section is whole
        assert not view.section.partial
        assert "loading the rest" not in str(screen.query_one(".column-title").render())
        assert view.cursor == 3
        assert view.current == before


def test_a_long_section_loads_a_part_at_a_time_as_it_parses_whole() -> None:
    text = SHAPES["list items"](SIZE)
    loader = BriefLoader(text, "long.md")
    pauses = 0
    for done, _ in loader.steps():
        if done == 1:  # a step inside the first section (0 is the bottom line up front): not parsed yet
            assert loader.parsed(0) is None
            pauses += 1
    assert pauses >= 3  # a pause between parts of about CHUNK_CHARS each
    assert loader.brief == parse_brief(text, "long.md")[0]


async def test_a_saved_cursor_past_the_first_part_is_kept_for_the_whole_section() -> None:
    loader = HeldLoader(SHAPES["list items"](SIZE), "long.md")
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one("#view-0", SectionView)
        shown = len(view.section.sentences)
        assert view.section.partial
        screen.restore_reading_state({"columns": ["body"], "cursors": [shown + 500], "focus": 0})
        assert view.cursor == shown - 1  # as far as the first part goes
        assert loader.parsed(0) is None  # and the section was not parsed whole to get there
        assert screen.reading_state()["cursors"] == [shown + 500]  # a quit now keeps the place, not the part's end
        loader.go = True
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.section is loader.parsed(0)
        assert view.cursor == shown + 500


async def test_an_inexact_preview_takes_no_note_and_its_cursor_is_kept_in_the_whole_section() -> None:
    # One paragraph, no cut: links and emphasis go on over the lines the preview cuts between.
    body = "".join(f"Sentence {n} says *something [about* it\nhere](x). " for n in range(SIZE // 40))
    loader = HeldLoader(HEAD + SECTION + body + "\n\n" + CLAIM, "long.md")
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one("#view-0", SectionView)
        assert view.section.partial
        assert not loader.exact_preview(0)
        await pilot.press("j")
        view.move_to(len(view.section.sentences) - 1)  # the preview's last sentence, cut short
        before = view.current
        assert before is not None
        for key in ("m", "a"):  # neither a highlight nor a note on text that is not the section's yet
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            assert screen.placed == []
        assert any("still loading" in str(n.message) for n in app._notifications)
        loader.go = True
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.section is loader.parsed(0)
        assert 0 <= view.cursor < len(view.section.sentences)
        assert view.current is not None
        assert view.current.start == before.start  # the same sentence, now whole


async def test_a_long_brief_shows_its_first_part_then_its_whole_outline(monkeypatch: pytest.MonkeyPatch) -> None:
    """A brief of 20 MB of sections waited 6-9 s for its whole outline before its first frame."""
    from tui.core.brief import outline

    monkeypatch.setattr(outline, "PROGRESSIVE_ABOVE", 1_000)
    monkeypatch.setattr(outline, "FIRST_PART", 2_000)
    monkeypatch.setattr(outline, "LINES_AT_ONCE", 50)
    text = SHAPES["sections"](40_000)  # 2,500 sections, "## H0" to "## H2499"
    loader = HeldLoader(text, "long.md")
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert not loader.outline.complete
        assert loader.section_count < 200
        views = list(screen.query(SectionView))
        assert [view.section.id for view in views] == ["h0", "h1", "h2"]
        assert all(view.section.partial for view in views)
        # A short section is whole already: it is the brief that is loading, not "the rest of this section".
        assert "loading the brief…" in str(screen.query_one(".column-title").render())
        # Where the reader left off lies past the first part: put back once the whole outline is read.
        screen.restore_reading_state({"columns": ["h2000", "h1"], "cursors": [0, 0], "focus": 0})
        assert views[0].section.id == "h0"
        loader.go = True
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert loader.outline.complete
        assert loader.section_count == 2_500
        assert [view.section.id for view in views] == ["h2000", "h1", "h2"]
        assert not any(view.section.partial for view in views)
        assert all(loader.section_by_id(view.section.id) is view.section for view in views)
        await pilot.press("9")
        assert views[0].section.id == "h8"


async def test_a_link_into_a_long_brief_goes_to_its_section_once_the_outline_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.core.brief import outline

    monkeypatch.setattr(outline, "PROGRESSIVE_ABOVE", 1_000)
    monkeypatch.setattr(outline, "FIRST_PART", 2_000)
    monkeypatch.setattr(outline, "LINES_AT_ONCE", 50)
    loader = HeldLoader(SHAPES["sections"](40_000), "long.md")
    app = BriefingApp(BriefLoader(SHAPES["sections"](2_000), "other.md"))
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = ReaderScreen(loader, start_at="h2400")  # as a link's '#h2400' opens it
        await app.push_screen(screen)
        await pilot.pause()
        views = list(screen.query(SectionView))
        assert views[0].section.id == "h0"  # not read yet
        loader.go = True
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert views[0].section.id == "h2400"
        assert not views[0].section.partial
        assert app.focused is views[0]


async def test_a_long_whole_section_is_wrapped_in_a_thread_then_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    """20 MB of an HTML block took 28 s to wrap when the whole section replaced its first part: keys waited."""
    from tui.screens import reader

    monkeypatch.setattr(reader, "WRAP_AHEAD", 10)  # every whole section here counts as long
    wrapped: list[int] = []
    original = SectionView.wrap_ahead

    def counted(self: SectionView, section: Section, markers: dict[int, str]):  # type: ignore[no-untyped-def]
        wrapped.append(len(section.text))
        return original(self, section, markers)

    monkeypatch.setattr(SectionView, "wrap_ahead", counted)
    loader = HeldLoader(SHAPES["list items"](SIZE), "long.md")
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one("#view-0", SectionView)
        assert view.section.partial
        loader.go = True
        await app.workers.wait_for_complete()
        await until(pilot, lambda: not view.section.partial)
        assert view.section is loader.parsed(0)
        assert wrapped  # by the thread, ahead of the swap
        assert len(view.lines) > 1_000
