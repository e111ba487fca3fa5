"""Regenerate every image in screenshots/: `python tests/make_screenshots.py` (from the repository root)."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.brief.model import Brief
from tui.core.brief.parse import parse_brief
from tui.core.changes.fingerprint import encode, fingerprint_of
from tui.core.notes.access import Notes
from tui.core.notes.annotation import brief_key
from tui.core.notes.store import STORE_FILE

ROOT = Path(__file__).resolve().parent.parent
BRIEF = ROOT / "briefs" / "north-korean-troops-in-russia.md"
# name, terminal size, keys pressed before the shot
SHOTS = [
    ("library", (120, 30), []),
    ("reader-180x50", (180, 50), ["j", "j", "j"]),
    ("reader-100x30", (100, 30), ["l", "j"]),
    ("reader-80x24", (80, 24), ["j"]),
    ("reader-focus-mode", (180, 50), ["l", "z", "j", "j"]),
    ("reader-search", (180, 50), ["5", "slash", *"nato"]),  # Regional risks, where NATO comes up most
    ("reader-claim-citations", (180, 50), ["c", *["down"] * 3, "enter"]),
    ("help", (120, 40), ["question_mark"]),
    # Claims: the table grouped by claimant (W), the claim map (M) with a relation under the cursor.
    ("claims-by-claimant", (140, 40), ["W"]),
    ("claims-table-80x24", (80, 24), ["C"]),
    ("claim-map", (140, 40), ["M", "j"]),
    # The evidence lens (L) on the key judgements (the first column): marks and tints by what each sentence rests
    # on, a warning's message under the cursor; and at 80x24 on the situation.
    ("reader-lens", (180, 50), ["L", "j", "j"]),
    ("reader-lens-80x24", (80, 24), ["L", "J", "j", "j", "j"]),
    # The outline (t) at 80x24: every section with its claims and notes, the cursor's marked.
    ("reader-outline", (80, 24), ["J", "t"]),
    # A highlight, then a note written on the next sentence, shown below the text once saved.
    ("reader-notes", (180, 50), ["j", "m", "j", "a", *"Compare", "space", *"with", "space", *"June", "ctrl+s"]),
    ("note-editor", (120, 36), ["j", "a", *"Check", "space", *"the", "space", *"sources", "tab", *"follow-up"]),
    # The export prompt, its path prefilled (HOME is set to an example user's for this shot).
    ("export-prompt", (120, 36), ["j", "m", "e"]),
    # A library beside a draft with errors (listed, marked, its first error shown) and a file that is no brief.
    ("library-errors", (120, 30), []),
    # The draft opened: the notice of its errors, and a citation of an undefined claim shown as broken.
    ("reader-errors", (120, 30), []),
    # Changes since the last reading: the version read kept, the brief edited since (a claim confirmed, a
    # paragraph added, a sentence edited, a section renamed); `]c` goes to the first change (`j`: past it, its
    # mark shown), `D` lists them.
    ("reader-changes", (100, 30), ["right_square_bracket", "c", "j"]),
    ("changes-list", (100, 30), ["D"]),
    # The notes browser (F in the library) over a few notes of two briefs, searched for a word, marked.
    ("notes-browser", (120, 30), ["F", "slash", *"kursk", "enter"]),
]
EXAMPLE_HOME = "/home/analyst"
# A draft brief with three errors: a citation of an undefined claim, an unknown status, a relation
# to a claim that is not defined.
DRAFT = """---
id: draft-grain-corridor
title: Grain corridor (draft)
date: 2024-11
sources: [Notes from the morning call]
---

# Grain corridor (draft)

Shipments through the corridor rose in October.[^shipments] Insurers still price the route as a war risk.[^insurance]

## Situation

Port officials report forty ships a week.[^shipments] The navy says it escorts none of them.[^escorts]

[^shipments]: About forty ships a week leave the corridor's ports.
    - claimant: port officials
    - reported by: the morning call
    - status: reported

[^insurance]: War-risk premiums on the route have not fallen.
    - claimant: two brokers
    - reported by: the morning call
    - status: rumoured
    - contradicts: premiums-fell
"""


def edited_copy(scratch: Path, store: Path) -> Path:
    """A copy of the bundled brief edited since the version the store keeps as last read."""
    original = BRIEF.read_text(encoding="utf-8")
    text = original.replace("status: reported", "status: confirmed", 1).replace("## China's role", "## Beijing's part")
    text = text.replace("has not been established.", "is still not established, a month on.")
    at = text.index("The detailed figures")
    text = text[:at] + "Seoul has since shared satellite images of the training camps.\n\n" + text[at:]
    notes = Notes(store)
    try:
        key = brief_key("north-korean-troops-in-russia", BRIEF)
        notes.save_fingerprint(key, encode(fingerprint_of(load(original))))
    finally:
        notes.close()
    copy = scratch / BRIEF.name
    copy.write_text(text, encoding="utf-8")
    return copy


# The notes of the browser's shot: (section index, sentence index, note, tags, colour, day of November).
BROWSER_NOTES = [
    (1, 0, "Kursk again: compare with the June estimate of 1,500.", ("kursk", "numbers"), "yellow", 28),
    (1, 2, "Who else confirms the Kursk deployment? Only Kyiv so far.", ("sources",), "pink", 27),
    (2, 1, "Ask the desk whether the training camps are the same as in 2023.", ("follow-up",), "blue", 25),
    (3, 0, "Strong claim, thin sourcing.", ("sources",), "purple", 21),
    (4, 1, "Losses near Kursk would show first in Telegram footage.", ("kursk", "watch"), "green", 19),
]


def browser_notes(store: Path) -> None:
    """A few notes on the bundled brief, and two of a brief the library does not hold, at fixed times."""
    from tui.core.notes.anchoring import anchor_for
    from tui.core.notes.annotation import Anchor, Annotation

    brief = load(BRIEF.read_text(encoding="utf-8"))
    sections = [section for section in brief.all_sections if section.sentences]
    key = brief_key("north-korean-troops-in-russia", BRIEF)
    made = []
    for number, (place, sentence_at, note, tags, colour, day) in enumerate(BROWSER_NOTES):
        section = sections[place]
        sentence = section.sentences[sentence_at]
        when = f"2026-11-{day:02d}T09:{number:02d}:00.000000+00:00"
        anchor = anchor_for(section, sentence.start, sentence.end)
        made.append(Annotation(key, anchor, colour, note, tags, f"shot-{number}", when, when))
    other = Anchor("situation", "Supply lines to Kursk run through Belgorod.", 0, 43)
    when = "2026-11-26T16:00:00.000000+00:00"
    note = "Rail capacity is the limit."
    made.append(Annotation("id:kursk-logistics", other, "green", note, ("kursk",), "x", when, when))
    notes = Notes(store)
    try:
        notes.merge(made)
    finally:
        notes.close()


def load(text: str) -> Brief:
    brief, _ = parse_brief(text, str(BRIEF))
    return brief


def errors_library(scratch: Path) -> Path:
    """A folder with the bundled brief, the draft with errors, and a file that cannot be read."""
    folder = scratch / "briefs"
    folder.mkdir()
    (folder / BRIEF.name).write_bytes(BRIEF.read_bytes())
    (folder / "draft-grain-corridor.md").write_text(DRAFT, encoding="utf-8")
    (folder / "scan.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    return folder


async def shoot(name: str, size: tuple[int, int], keys: list[str]) -> None:
    library = name.startswith("library") or name == "notes-browser"
    with tempfile.TemporaryDirectory(prefix="briefing-shots-") as scratch:
        # The documents dir the export prompt offers: an example user's, not the machine's.
        os.environ.update(HOME=EXAMPLE_HOME, XDG_CONFIG_HOME=scratch, XDG_DOCUMENTS_DIR=f"{EXAMPLE_HOME}/Documents")
        store = Path(scratch) / STORE_FILE  # a fresh notes store for each shot
        if name.endswith("-errors"):
            os.environ["HOME"] = scratch  # the notice names the draft as ~/briefs/…, not by the machine's path
            folder = errors_library(Path(scratch))
            draft = folder / "draft-grain-corridor.md"
            app = BriefingApp(library=[folder]) if library else BriefingApp(open_brief(draft), store=store)
        elif name == "notes-browser":
            browser_notes(store)
            app = BriefingApp(library=[BRIEF.parent], store=store)
        elif "changes" in name:
            app = BriefingApp(open_brief(edited_copy(Path(scratch), store)), store=store)
        else:
            app = BriefingApp(library=[BRIEF.parent]) if library else BriefingApp(open_brief(BRIEF), store=store)
        # Notifications are shown (run_test hides them): the errors notice is part of what a shot shows.
        # The changes' shot too: what the reader says of them is part of it.
        shown = name.endswith("-errors") or name == "reader-changes"
        async with app.run_test(size=size, notifications=shown) as pilot:
            await pilot.pause(0.5 if library else 0)  # the library reads its briefs in a thread
            await app.workers.wait_for_complete()  # the reader loads the whole brief in a thread
            await pilot.pause()
            await pilot.press(*keys)
            await app.workers.wait_for_complete()  # notes are saved in a thread
            await pilot.pause(0.3)  # the sidebar and the note panel follow a resting cursor
            app.save_screenshot(f"{name}.svg", path=str(ROOT / "screenshots"))


def main() -> None:
    for name, size, keys in SHOTS:
        asyncio.run(shoot(name, size, keys))
        print(f"screenshots/{name}.svg")


if __name__ == "__main__":
    main()
