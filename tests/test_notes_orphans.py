"""`is:orphan`'s ids: notes whose quote is gone from their brief, or whose brief is missing or unreadable."""

from __future__ import annotations

from pathlib import Path

from tui.core.brief.parse import load_brief
from tui.core.notes.access import Notes
from tui.core.notes.anchoring import anchor_for
from tui.core.notes.annotation import Anchor, Annotation, brief_key
from tui.core.notes.orphans import find_orphans
from tui.core.notes.store import STORE_FILE

BRIEF = (
    "---\nid: orph\ntitle: Orphans\n---\n\n# Orphans\n\n## One\n\nThe first sentence stays. The second one goes away.\n"
)


def noted(tmp_path: Path) -> tuple[Notes, Path, list[Annotation]]:
    """A brief with two notes (one on each sentence) and a note of a brief no library holds."""
    path = tmp_path / "orph.md"
    path.write_text(BRIEF, encoding="utf-8")
    brief, _ = load_brief(path)
    section = brief.all_sections[0]
    notes = Notes(tmp_path / STORE_FILE)
    key = brief_key("orph", path)
    stays = section.text.index("The first")
    goes = section.text.index("The second")
    saved = [
        notes.save(Annotation(key, anchor_for(section, stays, stays + 24), note="kept", id="kept")),
        notes.save(Annotation(key, anchor_for(section, goes, goes + 28), note="lost", id="lost")),
        notes.save(Annotation("id:elsewhere", Anchor("s", "far away", 0, 8), note="far", id="far")),
    ]
    return notes, path, saved


def test_a_note_whose_quote_is_still_there_is_no_orphan(tmp_path: Path) -> None:
    notes, path, _ = noted(tmp_path)
    found = find_orphans(notes, {"id:orph": path})
    assert found is not None
    assert "kept" not in found.ids
    assert "lost" not in found.ids


def test_a_note_whose_quote_was_removed_is_an_orphan(tmp_path: Path) -> None:
    notes, path, _ = noted(tmp_path)
    path.write_text(BRIEF.replace(" The second one goes away.", ""), encoding="utf-8")
    found = find_orphans(notes, {"id:orph": path})
    assert found is not None
    assert "lost" in found.ids
    assert "kept" not in found.ids


def test_the_notes_of_a_brief_not_in_the_library_are_orphans(tmp_path: Path) -> None:
    notes, path, _ = noted(tmp_path)
    found = find_orphans(notes, {"id:orph": path})
    assert found is not None
    assert "far" in found.ids
    assert found.briefs_missing == ("id:elsewhere",)


def test_the_notes_of_a_brief_that_cannot_be_read_are_orphans(tmp_path: Path) -> None:
    notes, path, _ = noted(tmp_path)
    path.unlink()
    found = find_orphans(notes, {"id:orph": path})
    assert found is not None
    assert {"kept", "lost", "far"} <= found.ids
    assert found.briefs_unreadable == ("id:orph",)


def test_progress_is_told_after_each_brief_and_cancel_stops(tmp_path: Path) -> None:
    notes, path, _ = noted(tmp_path)
    told: list[tuple[int, int]] = []
    find_orphans(notes, {"id:orph": path}, progress=lambda done, total: told.append((done, total)))
    assert told == [(1, 2), (2, 2)]
    assert find_orphans(notes, {"id:orph": path}, cancelled=lambda: True) is None
