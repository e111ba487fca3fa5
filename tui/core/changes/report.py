"""Changes said in words: the reader's one line after a reload, and `briefing diff`'s text and JSON."""

from __future__ import annotations

import json
from collections import Counter

from tui.core.changes.compare import Changes, ClaimChange, ParagraphChange
from tui.core.outside.visible import one_line

LISTED = 200  # items of each kind `briefing diff` prints as text; the rest are counted
SHOWN = 80  # characters of a field's value shown in text


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def claim_phrases(changes: Changes) -> list[str]:
    """The claims' changes in a few words: "1 claim now confirmed", "2 claims added"."""
    statuses: Counter[str] = Counter()
    other: Counter[str] = Counter()
    for claim in changes.claims:
        status = next((field.new for field in claim.fields if field.name == "status"), None)
        if claim.kind == "changed" and status:
            statuses[status] += 1
        else:
            other[claim.kind] += 1
    phrases = [f"{_plural(count, 'claim')} now {status or 'without a status'}" for status, count in statuses.items()]
    phrases += [f"{_plural(other[kind], 'claim')} {kind}" for kind in ("added", "changed", "removed") if other[kind]]
    return phrases


def summary_phrases(changes: Changes) -> list[str]:
    """Everything that changed, counted: paragraphs, claims, sections, the title."""
    # Paragraphs by what became of them, as the list shows them (a trial read "2 changed" beside a list
    # of one added and one changed).
    kinds = Counter(paragraph.kind for paragraph in changes.paragraphs)
    phrases = [
        f"{_plural(kinds[kind], 'paragraph')} {kind}"
        for kind in ("changed", "added", "moved", "removed")
        if kinds[kind]
    ]
    phrases += claim_phrases(changes)
    sections = Counter(section.kind for section in changes.sections)
    phrases += [
        f"{_plural(sections[kind], 'section')} {kind}" for kind in ("added", "renamed", "removed") if sections[kind]
    ]
    if changes.title is not None:
        phrases.append("the title changed")
    return phrases


def updated_line(changes: Changes, notes_lost: int = 0) -> str:
    """What a reload did, in one line: "Brief updated: 3 paragraphs changed, 1 claim now confirmed, 1 note lost
    its place (A)"."""
    phrases = summary_phrases(changes)
    if notes_lost > 0:
        phrases.append(f"{_plural(notes_lost, 'note')} lost {'its' if notes_lost == 1 else 'their'} place (A)")
    if not phrases:
        return "Brief updated: its text is as it was"
    return "Brief updated: " + ", ".join(phrases)


def _cut(text: str, limit: int = SHOWN) -> str:
    shown = one_line(text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _claim_line(claim: ClaimChange) -> str:
    if claim.kind == "added":
        return f"+ {_cut(claim.id)}: added: {_cut(claim.said)}"
    if claim.kind == "removed":
        return f"- {_cut(claim.id)}: removed: {_cut(claim.said)}"
    fields = "; ".join(
        f"{field.name} {_cut(field.old) or '(none)'} → {_cut(field.new) or '(none)'}" for field in claim.fields
    )
    return f"~ {_cut(claim.id)}: {fields}"


def _paragraph_line(paragraph: ParagraphChange, path: str, titles: dict[str, str]) -> str:
    where = _cut(titles.get(paragraph.section, paragraph.section), 40)
    if paragraph.kind == "removed":
        # No `FILE:LINE:`: the line is the old version's, and an editor would go to the wrong one.
        return f"{path}: - removed from {where} (was line {paragraph.line}): {_cut(paragraph.quote)}"
    sign = {"added": "+", "changed": "~", "moved": ">"}[paragraph.kind]
    return f"{path}:{paragraph.line}: {sign} {paragraph.kind} in {where}: {_cut(paragraph.quote)}"


def _listed(lines: list[str]) -> list[str]:
    if len(lines) <= LISTED:
        return lines
    return [*lines[:LISTED], f"  and {len(lines) - LISTED:,} more"]


def as_text(changes: Changes, path: str, since: str, titles: dict[str, str]) -> str:
    """`briefing diff`'s text: a line saying what changed since `since`, then the claims, sections and paragraphs.

    Paragraph lines start `FILE:LINE:` as `briefing check`'s do, so editors can go to them.
    """
    shown_path = one_line(path)
    phrases = summary_phrases(changes)
    head = f"{shown_path}: " + (", ".join(phrases) if phrases else "no changes") + f" since {since}"
    lines = [head]
    if changes.claims:
        lines += ["", "Claims:", *_listed([f"  {_claim_line(claim)}" for claim in changes.claims])]
    if changes.sections or changes.title is not None:
        lines += ["", "Sections:"]
        if changes.title is not None:
            lines.append(f"  ~ title: {_cut(changes.title[0])} → {_cut(changes.title[1])}")
        for section in changes.sections:
            if section.kind == "renamed":
                lines.append(f"  ~ {_cut(section.old_title)} → {_cut(section.title)} (line {section.line})")
            else:
                sign = "+" if section.kind == "added" else "-"
                lines.append(f"  {sign} {_cut(section.title)}: {section.kind} (line {section.line})")
    if changes.paragraphs:
        lines += [
            "",
            "Paragraphs:",
            *_listed([f"  {_paragraph_line(p, shown_path, titles)}" for p in changes.paragraphs]),
        ]
    return "\n".join(lines) + "\n"


def as_json(changes: Changes, path: str, since: str) -> str:
    """`briefing diff --format json`: every change, none cut, for scripts (text as the brief has it)."""
    data = {
        "brief": path,
        "since": since,
        "summary": summary_phrases(changes),
        "claims": [
            {
                "id": claim.id,
                "change": claim.kind,
                "line": claim.line,
                "statement": claim.said,
                "fields": {field.name: {"old": field.old, "new": field.new} for field in claim.fields},
            }
            for claim in changes.claims
        ],
        "title": None if changes.title is None else {"old": changes.title[0], "new": changes.title[1]},
        "sections": [
            {
                "change": s.kind,
                "id": s.id,
                "title": s.title,
                "line": s.line,
                "old_id": s.old_id,
                "old_title": s.old_title,
            }
            for s in changes.sections
        ],
        "paragraphs": [
            {"change": p.kind, "section": p.section, "sentence": p.sentence, "line": p.line, "quote": p.quote}
            for p in changes.paragraphs
        ],
    }
    return json.dumps(data, indent=2) + "\n"  # ASCII: no control or bidi character reaches a terminal
