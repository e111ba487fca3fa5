"""Watching a brief's file without a screen: what a look finds, and a column carried to a new version."""

from __future__ import annotations

import os
from pathlib import Path

from tui.core.brief.parse import parse_brief
from tui.core.reading.carried import carried_column, placed
from tui.core.reading.watch import MISSING, Found, Watch, digest_of, stamp_of

TEXT = "# Title\n\n## One\n\nFirst sentence here. Second one there.\n\n## Two\n\nThird sentence, in two.\n"


def started(path: Path) -> Watch:
    """A watch whose first look took the file as the version shown."""
    watch = Watch(str(path))
    assert watch.look().found is Found.NOTHING
    return watch


def bump(path: Path) -> None:
    """Move the file's times on, as a later write would (the clock's grain may be coarse)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_file_written_in_place_is_changed_with_its_new_bytes(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text(TEXT, encoding="utf-8")
    watch = started(path)
    assert watch.look().found is Found.NOTHING  # nothing new: a stat, no read
    path.write_text(TEXT + "More.\n", encoding="utf-8")
    bump(path)
    look = watch.look()
    assert look.found is Found.CHANGED
    assert look.data == (TEXT + "More.\n").encode()
    assert look.digest == digest_of(look.data)
    assert watch.look().found is Found.NOTHING  # said once


def test_a_touch_or_the_same_bytes_saved_again_is_no_change(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text(TEXT, encoding="utf-8")
    watch = started(path)
    bump(path)
    assert watch.look().found is Found.NOTHING
    other = tmp_path / "new.md"
    other.write_text(TEXT, encoding="utf-8")
    os.replace(other, path)  # another inode, the same text
    assert watch.look().found is Found.NOTHING


def test_a_file_renamed_over_the_path_is_seen_by_its_path_not_its_inode(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text(TEXT, encoding="utf-8")
    watch = started(path)
    temporary = tmp_path / ".b.md.swp"
    temporary.write_text(TEXT.replace("Third", "Fourth"), encoding="utf-8")
    os.replace(temporary, path)  # as an editor saves: a new file, renamed over the old one
    look = watch.look()
    assert look.found is Found.CHANGED
    assert look.data is not None
    assert b"Fourth" in look.data


def test_a_file_deleted_is_gone_once_and_back_when_it_comes_back(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text(TEXT, encoding="utf-8")
    watch = started(path)
    path.unlink()
    assert watch.look().found is Found.GONE
    assert watch.look().found is Found.NOTHING  # said once
    path.write_text(TEXT, encoding="utf-8")
    back = watch.look()
    assert back.found is Found.BACK
    assert back.same  # the very version shown: nothing to read again
    path.unlink()
    assert watch.look().found is Found.GONE
    path.write_text(TEXT + "More.\n", encoding="utf-8")
    back = watch.look()
    assert back.found is Found.BACK
    assert not back.same
    assert back.data == (TEXT + "More.\n").encode()


def test_a_file_that_cannot_be_read_is_a_change_with_its_problem_named(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text(TEXT, encoding="utf-8")
    watch = started(path)
    path.unlink()
    path.mkdir()  # a folder where the brief was
    look = watch.look()
    assert look.found is Found.CHANGED
    assert look.problem is not None
    assert look.problem.path == str(path)
    assert watch.look().found is Found.NOTHING


def test_a_path_never_there_is_no_news_until_a_file_comes() -> None:
    watch = Watch("<brief>")
    assert watch.look().found is Found.NOTHING
    assert watch.look().found is Found.NOTHING
    assert stamp_of("<brief>") == MISSING
    assert stamp_of("bad\0path") == MISSING


def test_force_reads_the_file_even_with_the_stamp_alike(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text(TEXT, encoding="utf-8")
    stat = path.stat()
    watch = started(path)
    path.write_text(TEXT.replace("First", "Fixed"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same times, as a save within the clock's grain
    look = watch.look(force=True)
    assert look.found is Found.CHANGED


def test_a_column_keeps_its_sentence_after_a_paragraph_is_inserted_above() -> None:
    old, _ = parse_brief(TEXT, "b.md")
    new, _ = parse_brief(TEXT.replace("## One\n\n", "## One\n\nA new paragraph. Of two sentences.\n\n"), "b.md")
    one = old.sections[0]
    column = carried_column(one, 0, one.sentences[1])
    found = placed(column, new.all_sections)
    assert found is not None
    section, index = found
    assert section.id == "one"
    assert section.text[section.sentences[index].start :].startswith("Second one there.")


def test_a_column_whose_section_was_renamed_follows_its_sentence_else_goes_to_the_nearest() -> None:
    old, _ = parse_brief(TEXT, "b.md")
    renamed, _ = parse_brief(TEXT.replace("## Two", "## Deux"), "b.md")
    two = old.sections[1]
    column = carried_column(two, 1, two.sentences[0])
    found = placed(column, renamed.all_sections)
    assert found is not None
    assert (found[0].id, found[1]) == ("deux", 0)
    gone, _ = parse_brief(TEXT.replace("## Two\n\nThird sentence, in two.\n", ""), "b.md")
    found = placed(column, gone.all_sections)
    assert found is not None
    assert found[0].id == "one"  # the nearest section left
