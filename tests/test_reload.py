"""A brief changed on disk under a running reader: reloaded within about a second, where the reader was."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.app import BriefingApp
from tui.core.brief.loader import BriefLoader, open_brief
from tui.core.notes.annotation import brief_key
from tui.core.notes.store import STORE_FILE, Store
from tui.core.reading.watch import stamp_of
from tui.screens import reader_live
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.notes_list import NotesList
from tui.screens.reader import ReaderScreen
from tui.screens.reader_live import row_of
from tui.widgets.section_view import SectionView

from .bench.generate import generate
from .conftest import BUNDLED_BRIEF
from .helpers.reader_process import STARTED, highlight_second_sentence, reader_process, wait_for_brief
from .helpers.waiting import until

KEY = brief_key("north-korean-troops-in-russia", BUNDLED_BRIEF)
JUDGEMENTS = "## Key judgements\n\n"
INSERTED = "An analyst's new paragraph comes first. It has two sentences.\n\n"


def copied(tmp_path: Path) -> Path:
    path = tmp_path / "brief.md"
    shutil.copy(BUNDLED_BRIEF, path)
    return path


def edit(path: Path, old: str, new: str) -> None:
    """Change the file in place (the same inode), as `>` or an editor that writes over would."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    with path.open("r+", encoding="utf-8") as handle:
        handle.write(text.replace(old, new, 1))
        handle.truncate()


def renamed_over(path: Path, old: str, new: str, text: str | None = None) -> None:
    """Change the file (or `text`) as most editors save: a new file beside it, renamed over it."""
    text = path.read_text(encoding="utf-8") if text is None else text
    assert old in text
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.replace(temporary, path)


def notices(app: BriefingApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def reader(app: BriefingApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def opened(pilot: Pilot[None]) -> ReaderScreen:
    """The reader once its brief is whole, its notes read and its file's first look taken."""
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.brief is not None)
    screen = reader(app)  # type: ignore[arg-type]
    await until(pilot, lambda: screen.reading.notes.read or screen.notes.path is None)
    await until(pilot, lambda: screen.file_watch is not None and screen.file_watch.digest is not None)
    return screen


async def replaced(pilot: Pilot[None], old: ReaderScreen) -> ReaderScreen:
    """The reader that replaced `old`, once it has said what changed."""
    app = pilot.app
    await until(pilot, lambda: app.screen is not old and isinstance(app.screen, ReaderScreen))
    new = reader(app)  # type: ignore[arg-type]
    await until(pilot, lambda: new.said_reload and any(n.startswith("Brief updated") for n in notices(app)))
    return new


def at_cursor(view: SectionView) -> str:
    sentence = view.current
    assert sentence is not None
    return view.section.text[sentence.start : sentence.end].strip()


async def test_a_brief_written_in_place_reloads_and_says_what_changed(tmp_path: Path) -> None:
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        old = await opened(pilot)
        edit(path, JUDGEMENTS, JUDGEMENTS + INSERTED)
        new = await replaced(pilot, old)
        assert new.brief is not None
        first = new.brief.section("key-judgements")
        assert first is not None
        assert first.text.startswith("An analyst's new paragraph comes first.")
        said = [n for n in notices(app) if n.startswith("Brief updated")]
        assert len(said) == 1, said
        assert not old.is_attached  # replaced, not left under the new one
        assert new.relations is not None  # the claims' relations read again, the sidebar filled
        await until(pilot, lambda: new.since.known)  # the changes since last read, marked
        await pilot.pause(1.5)  # a second look or more: nothing more to say, no second reload
        assert app.screen is new
        assert len([n for n in notices(app) if n.startswith("Brief updated")]) == 1
        assert not [n for n in notices(app) if n.startswith("Changed since")]  # one line, not two


async def test_a_brief_an_editor_renames_over_reloads(tmp_path: Path) -> None:
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        old = await opened(pilot)
        # Renamed, and in the focus that names it (else an error: the version would be refused).
        text = path.read_text(encoding="utf-8").replace("key-judgements, situation,", "key-judgements, the-situation,")
        renamed_over(path, "## Situation", "## The situation", text)
        new = await replaced(pilot, old)
        assert new.brief is not None
        assert [section.title for section in new.brief.sections][1] == "The situation"
        # The column that showed "Situation" follows its sentence into the renamed section.
        assert [view.section.id for view in new.views][1] == "the-situation"


async def test_the_cursor_and_columns_stay_on_their_sentences_after_a_paragraph_is_inserted_above(
    tmp_path: Path,
) -> None:
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        old = await opened(pilot)
        await pilot.press("j", "j", "j", "l", "j", "j")  # two columns away from their first sentences
        views = old.views
        before = [(view.section.id, at_cursor(view)) for view in views]
        rows = [row_of(view) for view in views]
        focused = views.index(old.focused_view())  # type: ignore[arg-type]
        edit(path, JUDGEMENTS, JUDGEMENTS + INSERTED)
        edit(path, "## Situation\n\n", "## Situation\n\n" + INSERTED)
        new = await replaced(pilot, old)
        after = [(view.section.id, at_cursor(view)) for view in new.views]
        assert after == before
        assert new.views.index(new.focused_view()) == focused  # type: ignore[arg-type]
        # The cursors' sentences are further on now: found by their text, not kept by their index.
        assert [view.cursor for view in new.views][:2] == [view.cursor + 2 for view in views][:2]
        # And on the rows they were on: what was inserted above pushed what is above, not what is read.
        assert [row_of(view) for view in new.views] == rows


async def test_a_deleted_brief_stays_open_with_a_notice_and_reloads_when_it_is_back(tmp_path: Path) -> None:
    path = copied(tmp_path)
    text = path.read_text(encoding="utf-8")
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        old = await opened(pilot)
        path.unlink()
        await until(pilot, lambda: any("is no longer there" in n for n in notices(app)))
        await pilot.pause(1.5)  # looked at again: said once
        assert len([n for n in notices(app) if "is no longer there" in n]) == 1
        assert app.screen is old
        assert old.brief is not None
        path.write_text(text.replace(JUDGEMENTS, JUDGEMENTS + INSERTED), encoding="utf-8")
        new = await replaced(pilot, old)
        assert new.brief is not None
        assert "An analyst's new paragraph" in new.brief.sections[0].text
        assert not [n for n in notices(app) if "is no longer there" in n]  # taken down: no longer true


async def test_a_version_with_errors_keeps_the_last_good_one_with_a_notice_said_once(tmp_path: Path) -> None:
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        old = await opened(pilot)
        edit(path, "The detailed figures come from those two services.", "A bad citation.[^no-such-claim]")
        line = path.read_text(encoding="utf-8").splitlines().index("A bad citation.[^no-such-claim]") + 1

        def refused() -> list[str]:
            return [n for n in notices(app) if "the last good version stays on screen until it is fixed" in n]

        await until(pilot, refused)
        (said,) = refused()
        assert said.startswith(f"brief.md: line {line}: citation of undefined claim 'no-such-claim'")
        assert app.screen is old
        await pilot.pause(1.5)  # looked at again: said once for this version
        assert len(refused()) == 1
        edit(path, "A bad citation.[^no-such-claim]", "The figures come from those two services.")
        new = await replaced(pilot, old)
        assert refused() == []  # taken down: no longer true
        situation = new.brief.section("situation") if new.brief else None
        assert situation is not None
        assert "The figures come from those two services." in situation.text


async def test_a_touch_without_a_change_does_not_reload(tmp_path: Path) -> None:
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        old = await opened(pilot)
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
        stamp = stamp_of(str(path))
        await until(pilot, lambda: old.file_watch is not None and old.file_watch.stamp == stamp)  # looked at it
        await pilot.pause()
        assert app.screen is old
        assert not [n for n in notices(app) if "Brief updated" in n]


async def test_a_note_on_a_deleted_sentence_becomes_an_orphan_listed_never_dropped(tmp_path: Path) -> None:
    path = copied(tmp_path)
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(path), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        old = await opened(pilot)
        await pilot.press("l", "j", "m")  # Situation's second sentence
        await until(pilot, lambda: len(old.placed) == 1)
        quote = old.placed[0].annotation.anchor.quote
        assert quote.startswith("He added that it is still unclear")
        edit(path, quote, "")
        new = await replaced(pilot, old)
        said = [n for n in notices(app) if n.startswith("Brief updated")]
        assert said
        assert said[-1].endswith("1 note lost its place (A)")
        (orphan,) = new.placed
        assert orphan.found is None
        with Store(store) as opened_store:
            assert [note.anchor.quote for note in opened_store.annotations(KEY)] == [quote]
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, NotesList))
        listing = app.screen
        assert isinstance(listing, NotesList)
        assert [(p.annotation.anchor.quote, p.found) for p in listing.entries] == [(quote, None)]


async def test_a_change_under_a_dialog_reloads_when_the_reader_is_shown_again(tmp_path: Path) -> None:
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        old = await opened(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        edit(path, JUDGEMENTS, JUDGEMENTS + INSERTED)
        await until(pilot, lambda: old.pending is not None)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await replaced(pilot, old)


async def test_reload_from_disk_looks_at_once_even_when_the_stamp_is_alike(tmp_path: Path) -> None:
    """After an editor exits: a save within the clock's grain may leave the size and times as they were."""
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        old = await opened(pilot)
        stat = path.stat()
        edit(path, "Seoul's intelligence", "Seoul's Intelligence")  # as long as before
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        if stamp_of(str(path)) == old.file_watch.stamp:  # type: ignore[union-attr]
            await pilot.pause(1.5)  # a tick or more: it sees nothing
            assert app.screen is old
        old.reload_from_disk()
        new = await replaced(pilot, old)
        assert new.brief is not None
        assert new.brief.summary is not None
        assert "Seoul's Intelligence" in new.brief.summary.text


BIG_BYTES = 5_000_000


async def test_a_5_mb_brief_reloads_between_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys go through while a new version of 5 MB is read (counted turns of the event loop: no times)."""
    path = tmp_path / "big.md"
    text = generate(BIG_BYTES, seed=5)
    path.write_text(text, encoding="utf-8")
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        old = await opened(pilot)
        turns = [0]  # a timer's calls: it runs only while the event loop is free
        app.set_interval(0.01, lambda: turns.__setitem__(0, turns[0] + 1))
        seen: list[int] = []  # the turns counted at each step of the new version's parse
        steps = BriefLoader.steps

        def counted(loader: BriefLoader) -> Iterator[tuple[int, int]]:
            for step in steps(loader):
                seen.append(turns[0])
                yield step

        monkeypatch.setattr(BriefLoader, "steps", counted)
        view = old.focused_view()
        assert view is not None
        marker = "\n## "
        at = text.index(marker, len(text) // 2)
        renamed_over(path, text[at : at + 4], "\n## Inserted section\n\nA new paragraph.\n\n## ")
        await until(pilot, lambda: any(w.group == "reload" and not w.is_finished for w in old.workers))
        cursor = view.cursor
        await pilot.press("j")
        new = await replaced(pilot, old)
        # The key, sent while the new version was being read, went to the reader it was sent to: it did not
        # wait for the new version (the old reader is replaced as soon as the new version is read).
        assert view.cursor == cursor + 1
        # And the event loop turned while it was parsed, not held from its first step to its last.
        assert len(seen) > 100
        assert seen[-1] - seen[0] >= 10
        assert new.brief is not None
        assert any(section.title == "Inserted section" for section in new.brief.sections)


@pytest.mark.system
def test_killing_the_app_during_a_reload_loses_no_note(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = copied(tmp_path)
    app = reader_process(path, tmp_path, data)
    store = data / STORE_FILE
    key = brief_key("north-korean-troops-in-russia", path)
    try:
        deadline = time.monotonic() + STARTED
        wait_for_brief(app, deadline)
        highlight_second_sentence(app, store, key, deadline)
        # A version reloaded (said on screen), then more, the last one being read as the app dies.
        edit(path, JUDGEMENTS, JUDGEMENTS + "A first inserted paragraph.\n\n")
        while b"Brief updated" not in app.shown and time.monotonic() < deadline:
            time.sleep(0.05)
        assert b"Brief updated" in app.shown, "the reader never reloaded"
        for number in range(4):
            edit(path, JUDGEMENTS, JUDGEMENTS + f"Version {number} of an inserted paragraph.\n\n")
            time.sleep(0.35 * number)
        time.sleep(1.0)  # about the next look
        app.process.send_signal(signal.SIGKILL)
    finally:
        app.close(timeout=30)
    with Store(store) as opened_store:
        assert opened_store.integrity() == "ok"
        (note,) = opened_store.annotations(key)
    assert note.anchor.section == "key-judgements"


async def test_from_the_library_the_new_reader_is_the_one_waited_for_and_its_position_kept(tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    path = copied(folder)
    store = tmp_path / STORE_FILE
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen) and len(app.screen.entries) == 1)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        await pilot.press("enter")
        old = await opened(pilot)
        assert library.reader is old
        await pilot.press("j", "j")
        edit(path, JUDGEMENTS, JUDGEMENTS + INSERTED)
        new = await replaced(pilot, old)
        assert library.reader is new
        view = new.focused_view()
        assert view is not None
        assert view.cursor == 4  # two sentences inserted above the third
        await pilot.press("q")
        await until(pilot, lambda: app.screen is library and library.reader is None)
    with Store(store) as opened_store:
        state = opened_store.reading_state(brief_key("north-korean-troops-in-russia", path))
    assert state["cursors"][0] == 4  # type: ignore[index]
    assert state["columns"][0] == "key-judgements"  # type: ignore[index]


async def test_nothing_is_looked_at_while_the_app_is_suspended(tmp_path: Path) -> None:
    """An editor running in the terminal (the app suspended): the file is looked at once it is back."""
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        old = await opened(pilot)
        app.app_suspend_signal.publish(app)
        await until(pilot, lambda: old.suspended)
        edit(path, JUDGEMENTS, JUDGEMENTS + INSERTED)
        await pilot.pause(1.5)  # a tick or more
        assert app.screen is old
        assert old.file_watch is not None
        assert old.file_watch.stamp != stamp_of(str(path))  # not even a stat
        app.app_resume_signal.publish(app)
        await replaced(pilot, old)


EDITOR = f"""#!{sys.executable}
import sys
path = sys.argv[-1]
with open(path, encoding="utf-8") as brief:
    text = brief.read()
with open(path, "w", encoding="utf-8") as brief:
    brief.write(text.replace("## Key judgements\\n\\n", "## Key judgements\\n\\nThe editor's paragraph.\\n\\n", 1))
"""


async def test_after_the_editor_exits_the_file_is_looked_at_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """E runs the editor with the app suspended; once it exits, the reader reloads without waiting for a look."""
    script = tmp_path / "vim"
    script.write_text(EDITOR, encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))

    @contextlib.contextmanager
    def suspend(app: BriefingApp) -> Iterator[None]:  # as Textual's, without a terminal to give up
        app.app_suspend_signal.publish(app)
        yield
        app.app_resume_signal.publish(app)

    monkeypatch.setattr(BriefingApp, "suspend", suspend)
    monkeypatch.setattr(reader_live, "WATCH_EVERY", 3600.0)  # no look of its own in this test's time
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        old = await opened(pilot)
        await pilot.press("E")
        new = await replaced(pilot, old)
        first = new.brief.section("key-judgements") if new.brief else None
        assert first is not None
        assert first.text.startswith("The editor's paragraph.")


async def test_a_replaced_reader_is_let_go_of(tmp_path: Path) -> None:
    """Frozen while it loaded (gc.freeze) and held by the app's signals, a replaced reader, and the whole brief
    it showed, was kept for good: one more at every reload."""
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        old = await opened(pilot)
        edit(path, JUDGEMENTS, JUDGEMENTS + INSERTED)
        new = await replaced(pilot, old)
        gone = weakref.ref(old)
        del old
        # Textual lets go of a closed screen's last frames lazily: the one before the last is what must be gone.
        edit(path, JUDGEMENTS, JUDGEMENTS + "Another paragraph.\n\n")
        await replaced(pilot, new)
        await until(pilot, lambda: gone() is None)  # collected by the app itself, within a tick or two


async def test_a_version_with_errors_names_its_first_two_in_file_order(tmp_path: Path) -> None:
    """A trial broke the title's line and was told only of line 1's "no 'title'", not of the cause on line 3."""
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        await opened(pilot)
        edit(path, "title: North Korean troops in Russia", "title: [broken")
        await until(pilot, lambda: any("the last good version stays" in n for n in notices(app)))
        (said,) = [n for n in notices(app) if "the last good version stays" in n]
        assert said.startswith("brief.md: line 1: the front matter has no 'title'; line 3: a list that opens")
