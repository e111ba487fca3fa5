"""The reader shows a returning reader what changed since they last read a brief: marks in the gutter, `]c`
and `[c` to walk them, `D` to list them (claims first), `R` to mark all read; leaving keeps the version read."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import OptionList, Static

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.brief.parse import parse_brief
from tui.core.changes.compare import Mark
from tui.core.changes.fingerprint import encode, fingerprint_of
from tui.core.notes.access import Notes
from tui.core.notes.annotation import brief_key
from tui.core.notes.store import STORE_FILE
from tui.core.reading.since import CHANGE_MARKS
from tui.screens.changes_list import ChangesList
from tui.screens.reader import ReaderScreen
from tui.screens.reader_changes import PREFIX_SECONDS
from tui.widgets.claim_list import ClaimList
from tui.widgets.claim_sidebar import ClaimSidebar
from tui.widgets.section_view import SectionView
from tui.widgets.summary_banner import SummaryBanner

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import palette_settled, until
from .test_reader import keys_for

KEY = brief_key("north-korean-troops-in-russia", BUNDLED_BRIEF)  # by its id: a copy has the same key
INSERTED = "A whole new paragraph arrives here, between two others."


def edited(text: str) -> str:
    """The bundled brief with a claim's status changed, a paragraph inserted and a section renamed."""
    text = text.replace("status: reported", "status: confirmed", 1)  # austin-evidence
    text = text.replace("## China's role", "## Beijing's part")
    at = text.index("The detailed figures")
    return text[:at] + INSERTED + "\n\n" + text[at:]


def keep_version(store: Path, text: str) -> None:
    """The store holds the fingerprint of `text`, as if it had been read and left."""
    brief, _ = parse_brief(text, str(BUNDLED_BRIEF))
    notes = Notes(store)
    try:
        notes.save_fingerprint(KEY, encode(fingerprint_of(brief)))
    finally:
        notes.close()


def kept(store: Path) -> bytes | None:
    notes = Notes(store)
    try:
        found = notes.read_fingerprint(KEY)
    finally:
        notes.close()
    return found[0] if found else None


async def settle(app: BriefingApp) -> None:
    for _ in range(4):  # loading starts the look for changes, which may start a save
        await app.workers.wait_for_complete()


def reader(app: BriefingApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def gutter_marks(view: SectionView) -> dict[int, str]:
    """The change marks drawn in a column's gutter, by display line."""
    marks = set(CHANGE_MARKS.values())
    drawn = {}
    for y in range(len(view.lines)):
        cell = view._gutter(y).text
        if cell in marks:
            drawn[y] = cell
    return drawn


def notices(app: BriefingApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def sentence_text(view: SectionView) -> str:
    sentence = view.current
    assert sentence is not None
    return view.section.text[sentence.start : sentence.end].strip()


async def test_changes_are_marked_walked_listed_and_marked_read(tmp_path: Path) -> None:
    store, copy = tmp_path / STORE_FILE, tmp_path / "brief.md"
    app = await opened_on_the_edited_copy(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app)
        screen = reader(app)
        await until(pilot, lambda: screen.since.known)
        said = notices(app)
        assert any(
            n.startswith("Changed since you last read it on ")
            and "1 paragraph added, 1 claim now confirmed, 1 section renamed. D lists them, ]c walks them" in n
            and n.endswith(", R marks them read")
            for n in said
        ), said
        # The inserted paragraph's sentence is marked new, in the gutter of the column showing Situation.
        situation = screen.loader.section_by_id("situation")
        assert situation is not None
        marks = screen.since.marks_in("situation")
        assert set(marks.values()) == {Mark.NEW}
        view = screen.query(SectionView).first()
        await pilot.press("2")  # Situation in the focused column
        await pilot.pause()
        view = screen.focused_view() or view
        assert view.section.id == "situation"
        new_index = next(iter(marks))
        top, bottom = view.lines_of(view.section.sentences[new_index])
        assert dict.fromkeys(range(top, bottom + 1), "+") == gutter_marks(view)
        # ]c from the top: the new paragraph; again: round the brief, from the top.
        await pilot.press("1", "right_square_bracket", "c")
        await pilot.pause()
        view = screen.focused_view()
        assert view is not None
        assert view.section.id == "situation"
        assert sentence_text(view).startswith(INSERTED[:20])
        await pilot.press("right_square_bracket", "c")
        await pilot.pause()
        assert any("(from the top)" in n for n in notices(app))
        await pilot.press("left_square_bracket", "c")  # back, round the start: the last change
        await pilot.pause()
        assert any("(from the bottom)" in n for n in notices(app))
        # `]` then another key: no walk; `c` then focuses the claims, as ever.
        await pilot.press("right_square_bracket", "j", "c")
        await pilot.pause()
        assert isinstance(app.focused, ClaimList)
        await pilot.press("escape")
        # D: claims first; enter on the claim goes to its first citation.
        await pilot.press("D")
        await until(pilot, lambda: isinstance(app.screen, ChangesList))
        listed = app.screen.query_one("#changes-list", OptionList)
        lines = [str(listed.get_option_at_index(n).prompt) for n in range(listed.option_count)]
        assert lines[0] == "* austin-evidence: reported → confirmed"
        assert any("Beijing's part: renamed from China's role" in line for line in lines)
        assert any("paragraph added" in line and "A whole new paragraph" in line for line in lines)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        view = screen.focused_view()
        assert view is not None
        cited = view.current
        assert cited is not None
        assert "austin-evidence" in cited.claim_ids
        # R: all read, the marks gone, the version kept; opened again, nothing is marked.
        await pilot.press("R")
        await settle(app)
        assert screen.since.changes is None
        assert all(not v.changes for v in screen.query(SectionView))
        assert "Marked as read: changes show from the next version on" in notices(app)
    app = BriefingApp(open_brief(copy), store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app)
        screen = reader(app)
        await until(pilot, lambda: screen.since.known)
        assert screen.since.changes is None
        await pilot.press("D")
        await until(pilot, lambda: isinstance(app.screen, ChangesList))
        assert "No changes since you last read it on" in str(app.screen.query_one("#changes-title").render())


async def test_leaving_keeps_the_version_read_once_marked_read_and_a_first_reading_marks_nothing(
    tmp_path: Path,
) -> None:
    store = tmp_path / STORE_FILE
    copy = tmp_path / "brief.md"
    original = BUNDLED_BRIEF.read_text(encoding="utf-8")
    copy.write_text(original, encoding="utf-8")
    app = BriefingApp(open_brief(copy), store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app)
        screen = reader(app)
        await until(pilot, lambda: screen.since.known)
        assert screen.since.first_reading
        assert screen.since.changes is None
        await settle(app)
        assert kept(store) is not None  # a first reading keeps its version at once
        await pilot.press("D")
        await until(pilot, lambda: isinstance(app.screen, ChangesList))
        title = str(app.screen.query_one("#changes-title").render())
        assert title == "First reading: changes show from the next version on"
    # Edited while away, glanced at, left: the changes stay until marked read (a trial left within 3 s and
    # lost them); marked read and left, the edited version is the one kept, and the next opening shows nothing.
    first_kept = kept(store)
    copy.write_text(edited(original), encoding="utf-8")
    for mark_read in (False, True):
        app = BriefingApp(open_brief(copy), store=store)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app)
            screen = reader(app)
            await until(pilot, lambda: reader(pilot.app).since.known)  # type: ignore[arg-type]
            assert screen.since.changes is not None
            if mark_read:
                await pilot.press("R")
            await pilot.press("q")
        assert kept(store) == (screen.since.encoded if mark_read else first_kept)
    app = BriefingApp(open_brief(copy), store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app)
        screen = reader(app)
        await until(pilot, lambda: screen.since.known)
        assert screen.since.changes is None
        assert all(not v.changes for v in screen.query(SectionView))


async def test_a_reader_replaced_by_a_reload_keeps_nothing_and_the_new_one_takes_the_baseline(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    app = await opened_on_the_edited_copy(tmp_path)
    before = kept(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app)
        screen = reader(app)
        await until(pilot, lambda: screen.since.known)
        carried = screen.baseline_to_carry()
        screen.leaving_for_reload = True
    assert kept(store) == before  # not overwritten: the new reader carries the baseline on
    loader = open_brief(tmp_path / "brief.md")
    loader.finish()
    app = BriefingApp(loader, store=None)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = reader(app)
        screen.take_baseline(carried)
        await settle(app)
        await until(pilot, lambda: screen.since.known)
        assert screen.since.changes is not None
        assert screen.since.changes.claims


async def test_hostile_text_in_a_change_is_listed_pictured(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    old = (
        "---\nid: hostile\n---\n# T\n\n## A\n\nOne plain sentence here.[^c1]\n\n"
        "[^c1]: A claim.\n    - status: reported\n"
    )
    new = (
        "---\nid: hostile\n---\n# T\n\n## A\n\nOne [b]\x1b]0;pwned\x07 sentence[/b] \u202e here.[^c1]\n\n"
        "[^c1]: A claim.\n    - status: reported\n    - claimant: [red]x\x1b[2J\n"
    )
    path = tmp_path / "hostile.md"
    brief, _ = parse_brief(old, str(path))
    notes = Notes(store)
    notes.save_fingerprint(brief_key("hostile", path), encode(fingerprint_of(brief)))
    notes.close()
    path.write_text(new, encoding="utf-8")
    app = BriefingApp(open_brief(path), store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app)
        screen = reader(app)
        await until(pilot, lambda: screen.since.known)
        await pilot.press("D")
        await until(pilot, lambda: isinstance(app.screen, ChangesList))
        listed = app.screen.query_one("#changes-list", OptionList)
        lines = [str(listed.get_option_at_index(n).prompt) for n in range(listed.option_count)]
        text = "\n".join(lines)
        assert "\x1b" not in text
        assert "\x07" not in text
        assert "\u202e" not in text
        assert "␛" in text
        assert "[b]" in text  # shown as written, not read as markup
        assert any(line.startswith("* c1: claimant (none) → [red]x␛[2J") for line in lines), lines


async def opened_on_the_edited_copy(tmp_path: Path) -> BriefingApp:
    store = tmp_path / STORE_FILE
    original = BUNDLED_BRIEF.read_text(encoding="utf-8")
    keep_version(store, original)
    copy = tmp_path / "brief.md"
    copy.write_text(edited(original), encoding="utf-8")
    return BriefingApp(open_brief(copy), store=store)


async def test_bracket_and_c_sent_at_once_walk_rather_than_open_the_claims(tmp_path: Path) -> None:
    app = await opened_on_the_edited_copy(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app)
        screen = reader(app)
        await until(pilot, lambda: screen.since.known)
        # As a terminal (or tmux's send-keys) delivers `]c` typed fast: both queued before either is handled.
        app.post_message(events.Key("right_square_bracket", "]"))
        app.post_message(events.Key("c", "c"))
        await until(pilot, lambda: any(n.startswith("Change 1/") for n in notices(app)))
        view = screen.focused_view()
        assert view is not None
        assert sentence_text(view).startswith(INSERTED[:20])


async def test_the_palettes_next_change_walks_at_once(tmp_path: Path) -> None:
    app = await opened_on_the_edited_copy(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app)
        screen = reader(app)
        await until(pilot, lambda: screen.since.known)
        await pilot.press("ctrl+p", *keys_for("next change"))
        await until(pilot, palette_settled(app))
        await pilot.press("enter")
        await until(pilot, lambda: any(n.startswith("Change 1/") for n in notices(app)))
        view = screen.focused_view()
        assert view is not None
        assert sentence_text(view).startswith(INSERTED[:20])
        assert screen.change_prefix is None


async def test_a_late_c_opens_the_claims_and_r_in_the_list_marks_read(tmp_path: Path) -> None:
    app = await opened_on_the_edited_copy(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app)
        screen = reader(app)
        await until(pilot, lambda: screen.since.known)
        await pilot.press("right_square_bracket")
        assert screen.change_prefix is not None
        screen.change_prefix = (1, screen.change_prefix[1] - 2 * PREFIX_SECONDS)  # `c` comes too late
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.focused, ClaimList)
        await pilot.press("escape", "D")
        await until(pilot, lambda: isinstance(app.screen, ChangesList))
        await pilot.press("R")
        await until(pilot, lambda: app.screen is screen)
        await settle(app)
        assert screen.since.changes is None
        assert kept(tmp_path / STORE_FILE) == screen.since.encoded


async def test_a_damaged_fingerprint_is_said_once_and_replaced(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    notes = Notes(store)
    notes.save_fingerprint(KEY, b"\x00not a fingerprint")
    notes.close()
    copy = tmp_path / "brief.md"
    copy.write_text(BUNDLED_BRIEF.read_text(encoding="utf-8"), encoding="utf-8")
    app = BriefingApp(open_brief(copy), store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app)
        screen = reader(app)
        await until(pilot, lambda: screen.since.known)
        await settle(app)
        said = [n for n in notices(app) if n.startswith("The version you last read could not be read back")]
        assert len(said) == 1
        assert screen.since.first_reading
        assert kept(store) == screen.since.encoded


async def test_without_a_store_nothing_is_looked_for_and_the_keys_say_why(tmp_path: Path) -> None:
    copy = tmp_path / "brief.md"
    copy.write_text(BUNDLED_BRIEF.read_text(encoding="utf-8"), encoding="utf-8")
    app = BriefingApp(open_brief(copy), store=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app)
        screen = reader(app)
        assert not any(worker.group == "since-read" for worker in app.workers)
        await pilot.press("D", "right_square_bracket", "c")
        await pilot.pause()
        assert notices(app).count("Notes are not kept here, nor the version you read: no changes to show") == 2
        assert not screen.since.known


async def test_the_claim_detail_says_how_a_claim_changed_until_marked_read(tmp_path: Path) -> None:
    """A trial saw a claim now confirmed in the sidebar and the table with nothing to say it had been reported."""
    app = await opened_on_the_edited_copy(tmp_path)
    async with app.run_test(size=(180, 50)) as pilot:
        await settle(app)
        screen = reader(app)
        await until(pilot, lambda: screen.since.known)
        sidebar = screen.query_one(ClaimSidebar)
        screen.go_to_claim("austin-evidence")
        await pilot.pause()

        def detail() -> str:
            return str(sidebar.query_one("#claim-detail", Static).render())

        await until(pilot, lambda: "Since you last read: status reported → confirmed" in detail())
        screen.views[0].focus()
        await pilot.press("R")
        await until(pilot, lambda: "Since you last read" not in detail())


async def test_a_changed_bottom_line_is_marked_in_the_banner_above_the_columns(tmp_path: Path) -> None:
    """A trial edited the bottom line and saw nothing marked above the columns (only in its own column)."""
    store = tmp_path / STORE_FILE
    original = BUNDLED_BRIEF.read_text(encoding="utf-8")
    keep_version(store, original)
    copy = tmp_path / "brief.md"
    said = "Washington says it has evidence of the deployment;"
    copy.write_text(original.replace(said, "Washington says it has firm evidence of the deployment;"), encoding="utf-8")
    app = BriefingApp(open_brief(copy), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await settle(app)
        screen = reader(app)
        await until(pilot, lambda: screen.since.known)
        banner = screen.query_one(SummaryBanner)
        await until(pilot, lambda: bool(banner.changes))
        lines = str(banner.render()).splitlines()
        marked = [line for line in lines if line.startswith("*")]
        assert marked, lines
        (index,) = banner.changes
        assert "firm evidence" in banner.section.sentence_text(banner.section.sentences[index])
