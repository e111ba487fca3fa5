"""A fixed set of notes on the bundled brief, for the export tests and their golden files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tui.core.brief.model import Brief
from tui.core.brief.parse import load_brief
from tui.core.notes.anchoring import anchor_for
from tui.core.notes.annotation import Anchor, Annotation, brief_key
from tui.core.notes.store import Store

from .conftest import BUNDLED_BRIEF

EXPORTED_AT = "2026-11-27T09:00:00Z"
EPOCH = "1795770000"  # SOURCE_DATE_EPOCH for EXPORTED_AT


def bundled() -> Brief:
    return load_brief(BUNDLED_BRIEF)[0]


def on_sentences(brief: Brief, section_id: str, first: int, last: int | None = None) -> Anchor:
    section = brief.section(section_id)
    assert section is not None
    sentences = section.sentences
    return anchor_for(section, sentences[first].start, sentences[first if last is None else last].end)


def fixed_notes(brief: Brief) -> list[Annotation]:
    """Six notes: with markdown, tags and colours, a highlight alone, hostile markdown, an edited quote, an orphan."""
    key = brief_key(brief.id, brief.path)

    def made(number: int, anchor: Anchor, **fields: object) -> Annotation:
        stamp = f"2026-11-2{number}T10:00:00.000000+00:00"
        note = Annotation(key, anchor, id=f"00000000-0000-4000-8000-00000000000{number}", created=stamp, updated=stamp)
        return replace(note, **fields)  # type: ignore[arg-type]

    edited = on_sentences(brief, "chinas-role", 1)
    edited = replace(edited, quote=edited.quote.replace("long been", "for decades been"))
    orphan = Anchor("regional-risks", "A sentence the brief has since dropped.", 10, 49, "It said. ", " Then")
    return [
        made(
            1,
            on_sentences(brief, "summary", 0),
            note="Two services, **one** figure:\n\n- NIS: 12,000\n- DIU: agrees",
            tags=("numbers", "nis"),
        ),
        made(
            2,
            on_sentences(brief, "situation", 0),
            colour="green",
            note="# Not a heading\n\nSee [the transcript](https://example.org) `now`",
        ),
        made(3, on_sentences(brief, "motives", 2, 3), colour="blue"),
        made(
            4,
            on_sentences(brief, "situation", 1),
            colour="pink",
            note="Line one\nline two with a | pipe and <b>html</b>?",
            tags=("open question",),
        ),
        made(5, edited, colour="purple", note="Quoted before an edit."),
        made(6, orphan, note="Kept though its text is gone.", tags=("orphan",)),
    ]


def store_with_fixed_notes(path: Path, brief: Brief) -> Path:
    with Store(path) as store:
        store.merge(fixed_notes(brief))
    return path
