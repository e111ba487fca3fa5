"""Notes find their text again after the brief is edited, or become orphans: never the wrong text.

The suite notes every distinct sentence of the bundled brief, mutates the brief as
editors do (insert, delete and move paragraphs, reflow lines, edit words inside
and around a quote, rename a section, delete the quoted paragraph), re-anchors
each note, and counts correct, orphaned and wrong.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, replace

import pytest

from tui.core.brief.model import Brief, Section
from tui.core.brief.parse import parse_brief
from tui.core.notes.anchoring import FUZZY_LENGTH, How, anchor_for, reanchor
from tui.core.notes.annotation import Anchor

from .conftest import BUNDLED_BRIEF

ROUNDS = 12  # random seeds per kind of edit
NEW_WORDS = ("substantially", "reportedly", "northern", "allegedly", "several", "confirmed")


@dataclass(frozen=True)
class Noted:
    """A note on one sentence, and the text it should be found on after an edit (None: gone)."""

    anchor: Anchor
    expected: str | None


def sections_of(brief: Brief) -> list[Section]:
    return list(brief.all_sections)


def notes_on(brief: Brief) -> list[Anchor]:
    """A note on each sentence of the brief that appears once in it (so where it belongs is known)."""
    texts = Counter(section.text[s.start : s.end].strip() for section in brief.all_sections for s in section.sentences)
    whole = "\n".join(section.text for section in brief.all_sections)
    anchors = []
    for section in brief.all_sections:
        for sentence in section.sentences:
            quote = section.text[sentence.start : sentence.end].rstrip()
            if len(quote) >= 15 and texts[quote.strip()] == 1 and whole.count(quote) == 1:
                anchors.append(anchor_for(section, sentence.start, sentence.start + len(quote)))
    return anchors


class Source:
    """The brief's markdown, as paragraphs of the body that an edit can touch."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        first = next(i for i, line in enumerate(self.lines) if line.startswith("## "))
        last = next(i for i, line in enumerate(self.lines) if line.startswith("[^"))
        self.head, self.body, self.tail = self.lines[:first], self.lines[first:last], self.lines[last:]

    def paragraphs(self) -> list[tuple[int, int]]:
        """(start, end) line ranges of the body's paragraphs and list items, headings left out."""
        found, start = [], None
        for index, line in enumerate([*self.body, ""]):
            starts_item = line.startswith("- ")
            if not line.strip() or line.startswith("#") or (starts_item and start is not None):
                if start is not None:
                    found.append((start, index))
                start = None
            if line.strip() and not line.startswith("#") and start is None:
                start = index
        return found

    def text(self, body: list[str]) -> str:
        return "\n".join([*self.head, *body, *self.tail])


def plain(markdown: str) -> str:
    """Roughly the text a paragraph shows: citations and emphasis markers removed, lines joined."""
    text = re.sub(r"\[\^[^\]]+\]", "", markdown)
    text = re.sub(r"^- ", "", text, flags=re.M)
    return " ".join(text.replace("**", "").split())


def contains(paragraph: list[str], quote: str) -> bool:
    return quote in plain("\n".join(paragraph))


def mutate(kind: str, source: Source, anchors: list[Anchor], rng: random.Random) -> tuple[str, list[Noted]]:
    """The brief after one edit of `kind`, and what each note should be found on afterwards."""
    body = list(source.body)
    paragraphs = source.paragraphs()
    same = [Noted(anchor, anchor.quote) for anchor in anchors]
    if kind == "insert":
        at = rng.choice(paragraphs)[0]
        body[at:at] = ["An inserted paragraph says something new about the region and its troops.", ""]
        return source.text(body), same
    if kind == "reflow":
        start, end = rng.choice(paragraphs)
        words = " ".join(body[start:end]).split()
        width = rng.randint(30, 70)
        lines, line = [], ""
        for word in words:
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        body[start:end] = [*lines, line]
        return source.text(body), same
    if kind in ("delete", "delete-quoted"):
        candidates = [p for p in paragraphs if any(contains(body[p[0] : p[1]], a.quote) for a in anchors)]
        start, end = rng.choice(candidates)
        removed = body[start:end]
        del body[start:end]
        expected = [Noted(a, None if contains(removed, a.quote) else a.quote) for a in anchors]
        return source.text(body), expected
    if kind == "move":
        start, end = rng.choice(paragraphs)
        moved = body[start:end]
        del body[start:end]
        remaining = Source(source.text(body)).paragraphs()  # the same line numbers: the head is unchanged
        at = rng.choice(remaining)[0]
        body[at:at] = [*moved, ""]
        return source.text(body), same
    if kind == "rename":
        headings = [i for i, line in enumerate(body) if line.startswith("## ")]
        at = rng.choice(headings)
        body[at] = body[at] + " (revised)"
        return source.text(body), same
    if kind == "edit-inside":
        # One word of a quote changes: the note should follow it to the edited sentence.
        target = rng.choice(anchors)
        old = rng.choice(re.findall(r"[A-Za-z]{5,}", target.quote) or ["x"])
        new = rng.choice(NEW_WORDS)
        new_quote = target.quote.replace(old, new, 1)
        at = target.quote.index(old) if old in target.quote else 0
        near = target.quote[max(0, at - 12) : at + len(old)]  # the word and what comes before it
        for index, line in enumerate(body):
            if near in line:
                body[index] = line.replace(near, near.replace(old, new, 1), 1)
                break
        mutated = source.text(body)
        brief, _ = parse_brief(mutated, "mutated.md")
        if new_quote not in "\n".join(section.text for section in brief.all_sections):
            return source.text(source.body), same  # the word was not on one line in the markdown
        return mutated, [Noted(a, new_quote if a is target else a.quote) for a in anchors]
    if kind == "edit-around":
        # The sentence after a quote changes (a word added at the end of its paragraph).
        target = rng.choice(anchors)
        for index, line in enumerate(body):
            if target.quote[:30] in plain(line):
                body[index] = line + " Indeed so."
                break
        return source.text(body), same
    raise ValueError(kind)


KINDS = ("insert", "delete", "move", "reflow", "edit-inside", "edit-around", "rename", "delete-quoted")


def classify(noted: Noted, sections: list[Section]) -> str:
    found = reanchor(noted.anchor, sections)
    if found is None:
        return "orphan-right" if noted.expected is None else "orphan"
    shown = next(s for s in sections if s.id == found.section).text[found.start : found.end]
    if noted.expected is not None and shown == noted.expected:
        return "correct"
    return "wrong"


@pytest.fixture(scope="module")
def original() -> tuple[str, list[Anchor]]:
    text = BUNDLED_BRIEF.read_text(encoding="utf-8")
    brief, _ = parse_brief(text, "brief.md")
    anchors = notes_on(brief)
    assert len(anchors) >= 60
    return text, anchors


def test_an_unchanged_brief_finds_every_note_where_it_was(original: tuple[str, list[Anchor]]) -> None:
    text, anchors = original
    brief, _ = parse_brief(text, "brief.md")
    for anchor in anchors:
        found = reanchor(anchor, sections_of(brief))
        assert found is not None
        assert (found.section, found.start, found.end, found.how) == (
            anchor.section,
            anchor.start,
            anchor.end,
            How.EXACT,
        )


def test_the_mutation_suite_finds_notes_again_and_never_on_the_wrong_text(original: tuple[str, list[Anchor]]) -> None:
    text, anchors = original
    rng = random.Random(20261127)
    counts: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}
    for kind in KINDS:
        for _ in range(ROUNDS):
            mutated, expected = mutate(kind, Source(text), anchors, rng)
            brief, _ = parse_brief(mutated, "mutated.md")
            sections = sections_of(brief)
            for noted in expected:
                outcome = classify(noted, sections)
                counts[outcome] += 1
                by_kind[kind][outcome] += 1
    total = sum(counts.values())
    report = {kind: dict(outcomes) for kind, outcomes in by_kind.items()}
    print(f"\nanchoring: {dict(counts)} of {total}; by edit: {report}")
    assert counts["wrong"] <= 0.01 * total, report
    # Where the quoted text survives, at least 95% are found on it (the rest are orphans, kept).
    surviving = counts["correct"] + counts["orphan"] + counts["wrong"]
    assert counts["correct"] >= 0.95 * surviving, report
    assert by_kind["delete-quoted"]["orphan-right"] > 0  # the suite does delete quoted text
    assert by_kind["edit-inside"]["correct"] > 0


def test_a_renamed_section_keeps_its_notes_in_the_new_section(original: tuple[str, list[Anchor]]) -> None:
    text, anchors = original
    renamed = text.replace("## China's role", "## Beijing's position")
    brief, _ = parse_brief(renamed, "brief.md")
    moved = [a for a in anchors if a.section == "chinas-role"]
    assert moved
    for anchor in moved:
        found = reanchor(anchor, sections_of(brief))
        assert found is not None
        assert (found.section, found.how) == ("beijings-position", How.MOVED)


def test_a_deleted_sentence_leaves_an_orphan_not_a_neighbour(original: tuple[str, list[Anchor]]) -> None:
    text, anchors = original
    anchor = next(a for a in anchors if "Beijing's role is one of the open questions" in a.quote)
    brief, _ = parse_brief(text.replace("Beijing's role is one of the open questions. ", ""), "brief.md")
    assert reanchor(anchor, sections_of(brief)) is None


def test_an_edited_word_inside_the_quote_is_found_fuzzily(original: tuple[str, list[Anchor]]) -> None:
    text, anchors = original
    anchor = next(a for a in anchors if "Beijing's role is one of the open questions" in a.quote)
    edited = text.replace("Beijing's role is one of the open questions.", "Beijing's role is one of the key questions.")
    brief, _ = parse_brief(edited, "b.md")
    found = reanchor(anchor, sections_of(brief))
    assert found is not None
    assert found.how is How.FUZZY
    section = brief.section(found.section)
    assert section is not None
    assert section.text[found.start : found.end] == "Beijing's role is one of the key questions."


def plain_section(text: str) -> Section:
    return Section(id="s", title="S", line=1, text=text, blocks=())


def test_another_copy_of_a_repeated_phrase_moving_to_the_old_place_does_not_take_the_note() -> None:
    old = plain_section("Alpha says the deal is off. Later, Beta says the deal is off. End.")
    start = old.text.rfind("the deal is off")
    anchor = anchor_for(old, start, start + len("the deal is off"))
    shift = start - old.text.find("the deal is off")
    new = plain_section("x" * shift + old.text)  # the first copy now sits where the note was
    found = reanchor(anchor, [new])
    assert found is not None
    assert found.start == new.text.rfind("the deal is off")


def test_a_short_quote_whose_sentence_is_gone_is_not_taken_by_the_same_word_elsewhere() -> None:
    old = plain_section("Ministers met on Monday. The minister resigned. Talks continue on the budget.")
    at = old.text.find("resigned")
    anchor = anchor_for(old, at, at + len("resigned"))
    new = plain_section("Ministers met on Monday. Talks continue. Nobody resigned, officials insisted.")
    assert reanchor(anchor, [new]) is None


def test_only_the_surroundings_nearest_a_quote_count_however_long_they_are() -> None:
    """A note from an older version (or an import) may carry a megabyte of surroundings: what lies
    beyond CONTEXT characters of the quote no longer counts against the place that matches."""
    old = plain_section("Alpha says the deal is off. Later, Beta says the deal is off. End.")
    start = old.text.rfind("the deal is off")
    anchor = anchor_for(old, start, start + len("the deal is off"))
    anchor = replace(anchor, prefix="q" * 1_000_000 + anchor.prefix, suffix=anchor.suffix + "q" * 1_000_000)
    new = plain_section("Now. " + old.text)
    found = reanchor(anchor, [new])
    assert found is not None
    assert (found.start, found.how) == (new.text.rfind("the deal is off"), How.EXACT)


def long_sentence(words: int) -> str:
    return " ".join(f"word{number}" for number in range(words)) + "."


@pytest.mark.parametrize(("words", "found"), [(150, True), (400, False)])
def test_an_edited_quote_is_looked_for_by_likeness_only_up_to_2000_characters(words: int, found: bool) -> None:
    """Likeness costs a quote's length squared: a longer quote is found only as it is."""
    quote = long_sentence(words)
    assert (len(quote) <= FUZZY_LENGTH) is found
    old = plain_section(f"Before the quote here. {quote} After the quote there.")
    start = old.text.index(quote)
    anchor = anchor_for(old, start, start + len(quote))
    new = plain_section(old.text.replace("word7 ", "word-seven "))
    result = reanchor(anchor, [new])
    assert (result is not None and result.how is How.FUZZY) is found
