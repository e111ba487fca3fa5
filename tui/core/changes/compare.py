"""What changed from a fingerprinted version of a brief to the brief as it is now: claims, sections, paragraphs.

Sections are paired by id, else (a renamed heading gives a new id) by the paragraphs
they share. Within a pair, paragraphs (blocks) are aligned by their digests: those
only in the new version are added, only in the old removed, one replacing another
changed, and a paragraph gone from one place and found at another moved. Within a
changed paragraph the same is done for its sentences, so only the sentences that
differ are marked. Whitespace is folded first: a reflowed paragraph is no change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from enum import Enum
from types import MappingProxyType

from tui.core.brief.model import Brief, Section
from tui.core.changes.fingerprint import (
    FIELD,
    QUOTE,
    ClaimPrint,
    Fingerprint,
    SectionPrint,
    claim_print,
    section_print,
)

QUOTED = 80  # characters of a paragraph's first words (or its first changed sentence's) in a change
RENAMED = 0.5  # of its paragraphs a section with a new id must share with an old one to be that one renamed
RENAMED_SENTENCES = 0.4  # or of its sentences (its paragraphs edited too)
PAIRED = 10_000  # old x new paragraphs of an edited stretch (or unpaired sections) beyond which only order pairs them
# Old x new blocks (or sentences) of an unequal middle beyond which it is compared as sets, not aligned:
# difflib's alignment of 8,000 paragraphs against every other of them took 15 times 2,000's.
ALIGNED = 4_000_000


class Mark(Enum):
    """How a sentence differs from the version last read."""

    NEW = "new"  # added, or moved here
    CHANGED = "changed"  # edited
    REMOVED = "removed"  # text was removed just before it (or after it, at a section's end)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a claim, before and after (relations as comma-separated ids)."""

    name: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class ClaimChange:
    """A claim added, removed, or changed (with the fields that changed); `line` in the version it is in."""

    id: str
    kind: str  # "added", "removed", "changed"
    fields: tuple[FieldChange, ...] = ()
    line: int = 0
    said: str = ""  # its statement's first words


@dataclass(frozen=True, slots=True)
class SectionChange:
    """A section added, removed or renamed (its heading changed, and so perhaps its id)."""

    kind: str  # "added", "removed", "renamed"
    id: str  # in the new version (the old one's for a removed section)
    title: str
    line: int
    old_id: str = ""
    old_title: str = ""


@dataclass(frozen=True, slots=True)
class ParagraphChange:
    """A paragraph added, changed, moved or removed; where to go to see it in the new version."""

    kind: str  # "added", "changed", "moved", "removed"
    section: str  # the section it is in now (for a removed one, where it was)
    sentence: int  # the sentence to go to in that section: its first, or the one after the removed text; -1: none
    line: int  # its line now; a removed paragraph's line in the old version
    quote: str  # its first words (a removed one's, as they were)


@dataclass(frozen=True, slots=True)
class Changes:
    """Everything that changed, in reading order, and the marks to show beside the sentences."""

    claims: tuple[ClaimChange, ...] = ()
    sections: tuple[SectionChange, ...] = ()
    paragraphs: tuple[ParagraphChange, ...] = ()
    marks: Mapping[str, Mapping[int, Mark]] = field(default_factory=lambda: MappingProxyType({}))
    order: tuple[str, ...] = ()  # the new version's section ids, in reading order
    title: tuple[str, str] | None = None  # the brief's title, before and after, if it changed

    @property
    def empty(self) -> bool:
        return not (self.claims or self.sections or self.paragraphs or self.title or any(self.marks.values()))

    def stops(self) -> list[tuple[str, int]]:
        """Every marked sentence, (section id, sentence index), in reading order: what ]c and [c walk."""
        return [(section, index) for section in self.order for index in sorted(self.marks.get(section, {}))]


class Stopped(Exception):
    """A comparison given up because `stop` said so (the reader that asked for it is gone)."""


CHECK_EVERY = 4096  # steps of a comparison between two questions to `stop`


def compare(old: Fingerprint, new: Brief, stop: Callable[[], bool] | None = None) -> Changes:
    """What changed from the version `old` was taken of to `new` (a whole brief).

    `stop` is asked now and then: True gives up with Stopped. A fingerprint read from the store
    may be made to take seconds (two million paragraphs that compress to 63 KB), and a reader
    quitting must not wait for it (a thread cannot be stopped from outside).
    """
    return _Comparison(old, new, stop).run()


class _Comparison:
    def __init__(self, old: Fingerprint, new: Brief, stop: Callable[[], bool] | None = None) -> None:
        self.old = old
        self.new = new
        self.stop = stop
        self.steps = 0
        self.new_prints = {section.id: section_print(section) for section in new.all_sections}
        self.marks: dict[str, dict[int, Mark]] = {}
        self.paragraphs: list[tuple[int, int, ParagraphChange]] = []  # (section order, sentence, change)

    def step(self) -> None:
        """One more step: Stopped, now and then, if `stop` says so."""
        self.steps += 1
        if self.stop is not None and self.steps % CHECK_EVERY == 0 and self.stop():
            raise Stopped

    def run(self) -> Changes:
        pairs, added, removed, renamed = self.pair_sections()
        order = {section.id: number for number, section in enumerate(self.new.all_sections)}
        # Paragraphs gone from one place and found at another are moves, wherever they went.
        gone: Counter[bytes] = Counter()
        came: Counter[bytes] = Counter()
        aligned = []
        for before, after in pairs:
            ops = _align(before.blocks, self.new_prints[after.id].blocks)
            aligned.append((before, after, ops))
            for tag, i1, i2, j1, j2 in ops:
                if tag != "equal":
                    gone.update(before.blocks[i1:i2])
                    came.update(self.new_prints[after.id].blocks[j1:j2])
        for before in removed:
            gone.update(before.blocks)
        for after in added:
            came.update(self.new_prints[after.id].blocks)
        moved = gone & came
        arriving, leaving = Counter(moved), Counter(moved)
        for before, after, ops in aligned:
            self.step()
            self.paragraphs_of(before, after, ops, (arriving, leaving), order[after.id])
        for after in added:  # a new section's sentences are new; the section is listed, not each paragraph
            printed = self.new_prints[after.id]
            self.marks[after.id] = dict.fromkeys(range(len(printed.sentences)), Mark.NEW)
        sections = [SectionChange("added", s.id, s.title, s.line) for s in added]
        sections += [SectionChange("renamed", a.id, a.title, a.line, b.id, b.title) for b, a in renamed]
        sections += [SectionChange("removed", s.id, s.title, s.line) for s in removed]
        sections.sort(key=lambda change: (change.kind == "removed", order.get(change.id, len(order)), change.line))
        title = (self.old.title, self.new.title[:FIELD]) if self.old.title != self.new.title[:FIELD] else None
        return Changes(
            claims=tuple(compare_claims(self.old.claims, self.new)),
            sections=tuple(sections),
            paragraphs=tuple(change for _, _, change in sorted(self.paragraphs, key=lambda item: item[:2])),
            marks=MappingProxyType({key: MappingProxyType(value) for key, value in self.marks.items() if value}),
            order=tuple(section.id for section in self.new.all_sections),
            title=title,
        )

    def pair_sections(
        self,
    ) -> tuple[
        list[tuple[SectionPrint, Section]], list[Section], list[SectionPrint], list[tuple[SectionPrint, Section]]
    ]:
        """Old and new sections paired (by id, else by shared paragraphs), those only new, only old, and renamed."""
        new_sections = list(self.new.all_sections)
        by_id: dict[str, SectionPrint] = {}
        for printed in self.old.sections:
            by_id.setdefault(printed.id, printed)
        pairs: list[tuple[SectionPrint, Section]] = []
        renamed: list[tuple[SectionPrint, Section]] = []
        unpaired_new: list[Section] = []
        taken: set[str] = set()
        for section in new_sections:
            before = by_id.get(section.id)
            if before is not None and section.id not in taken:
                taken.add(section.id)
                pairs.append((before, section))
                if before.title != section.title:
                    renamed.append((before, section))
            else:
                unpaired_new.append(section)
        unpaired_old = [section for section in self.old.sections if section.id not in taken]
        # A heading renamed gives a new id: the old section sharing most of its paragraphs is it.
        # Or sharing most of its sentences: renamed and edited at once, its paragraphs all differ (a trial's
        # "Outlook" became "Prospects" with its paragraph edited: said added and removed, its edits unlisted).
        scored = []
        if len(unpaired_new) * len(unpaired_old) <= PAIRED:
            for after in unpaired_new:
                self.step()
                printed = self.new_prints[after.id]
                blocks, sentences = Counter(printed.blocks), Counter(printed.sentences)
                for number, before in enumerate(unpaired_old):
                    by_blocks = _share(blocks, Counter(before.blocks))
                    by_sentences = _share(sentences, Counter(before.sentences))
                    if by_blocks >= RENAMED or by_sentences >= RENAMED_SENTENCES:
                        scored.append((max(by_blocks, by_sentences), -number, after.id, number))
        used_old: set[int] = set()
        used_new: set[str] = set()
        for _, _, after_id, number in sorted(scored, reverse=True):
            if after_id in used_new or number in used_old:
                continue
            used_new.add(after_id)
            used_old.add(number)
            after = next(section for section in unpaired_new if section.id == after_id)
            pairs.append((unpaired_old[number], after))
            renamed.append((unpaired_old[number], after))
        # Sharing nothing (a one-paragraph section renamed and edited), a section is still the one it
        # replaced where it alone stands where that one alone stood: after the same section, or first.
        for number, after in self.in_place(
            pairs, unpaired_old, used_old, [s for s in unpaired_new if s.id not in used_new]
        ):
            used_new.add(after.id)
            used_old.add(number)
            pairs.append((unpaired_old[number], after))
            renamed.append((unpaired_old[number], after))
        added = [section for section in unpaired_new if section.id not in used_new]
        removed = [section for number, section in enumerate(unpaired_old) if number not in used_old]
        return pairs, added, removed, renamed

    def in_place(
        self,
        pairs: list[tuple[SectionPrint, Section]],
        unpaired_old: list[SectionPrint],
        used_old: set[int],
        unpaired_new: list[Section],
    ) -> list[tuple[int, Section]]:
        """Unpaired old and new sections (old by number) that stand alone in the same place: after the same
        paired section (by its new id), or both first."""
        now_of = {before.id: after.id for before, after in pairs}
        olds: dict[str | None, list[int]] = {}
        previous: str | None = None
        numbers = {id(section): number for number, section in enumerate(unpaired_old)}
        for printed in self.old.sections:
            number = numbers.get(id(printed))
            if number is not None and number not in used_old:
                olds.setdefault(previous, []).append(number)
            else:
                previous = now_of.get(printed.id, previous)
        news: dict[str | None, list[Section]] = {}
        previous = None
        waiting = {section.id for section in unpaired_new}
        for section in self.new.all_sections:
            if section.id in waiting:
                news.setdefault(previous, []).append(section)
            else:
                previous = section.id
        return [
            (olds[place][0], found[0])
            for place, found in news.items()
            if len(found) == 1 and len(olds.get(place, [])) == 1
        ]

    def paragraphs_of(
        self,
        before: SectionPrint,
        after: Section,
        ops: list[tuple[str, int, int, int, int]],
        moves: tuple[Counter[bytes], Counter[bytes]],
        place: int,
    ) -> None:
        """The paragraphs of one pair of sections that changed, and the marks on their sentences.

        `moves`: the paragraphs still to be found arriving somewhere and leaving somewhere (each taken once).
        """
        arriving, leaving = moves
        now = self.new_prints[after.id]
        marks = self.marks.setdefault(after.id, {})
        first = _first_sentences(now)
        old_first = _first_sentences(before)  # once a section: asked per paragraph, 5 MB took 40 s (an attack's)
        blocks = after.blocks

        def note(kind: str, block: int, quote: str = "", line: int = 0) -> None:
            self.step()
            sentence = _sentence_at(first, block, len(now.sentences))
            if kind == "changed":  # the first sentence that changed, to go to and to quote
                sentence = min((i for i in marks if first[block] <= i < first[block + 1]), default=sentence)
            if kind != "removed":
                line = blocks[block].line
                text = after.sentence_text(after.sentences[sentence]) if _in(now, first, block) else blocks[block].text
                quote = _words(text)
            self.paragraphs.append((place, sentence, ParagraphChange(kind, after.id, sentence, line, quote)))

        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                continue
            olds = [i for i in range(i1, i2) if not _take(leaving, before.blocks[i])]
            news = []
            for j in range(j1, j2):
                if _take(arriving, now.blocks[j]):
                    note("moved", j)
                    self.mark_block(first, j, Mark.NEW, marks)
                else:
                    news.append(j)
            for old, new, at in _pair((before, old_first), olds, (now, first), news, j2):
                if old is not None and new is not None:  # one replacing another: edited
                    self.mark_edited((before, old_first, old), (now, first, new), marks)
                    note("changed", new)
                elif new is not None:
                    note("added", new)
                    self.mark_block(first, new, Mark.NEW, marks)
                elif old is not None:
                    note("removed", at, _old_quote(before, old_first, old), before.block_lines[old])
                    self.mark_removed(now, first, at, marks)

    @staticmethod
    def mark_block(first: list[int], block: int, mark: Mark, marks: dict[int, Mark]) -> None:
        for index in range(first[block], first[block + 1]):
            marks[index] = mark

    def mark_removed(self, now: SectionPrint, first: list[int], block: int, marks: dict[int, Mark]) -> None:
        """Text removed before block `block` (its position in the new version): the sentence after is marked."""
        if not now.sentences:
            return
        index = min(first[block] if block < len(first) else len(now.sentences), len(now.sentences) - 1)
        marks.setdefault(index, Mark.REMOVED)

    @staticmethod
    def mark_edited(
        edited: tuple[SectionPrint, list[int], int], edit: tuple[SectionPrint, list[int], int], marks: dict[int, Mark]
    ) -> None:
        """An edited paragraph (a section's print, its paragraphs' first sentences, the paragraph; before, then
        now): only its sentences that differ are marked."""
        before, old_first, i = edited
        now, new_first, j = edit
        olds = before.sentences[old_first[i] : old_first[i + 1]]
        news = now.sentences[new_first[j] : new_first[j + 1]]
        base = new_first[j]
        if not news:
            return
        touched = False
        for tag, i1, i2, j1, j2 in _align(olds, news):
            if tag == "equal":
                continue
            touched = True
            for index in range(j1, j2):
                marks[base + index] = Mark.CHANGED if i2 > i1 else Mark.NEW
            if j1 == j2:  # sentences removed: the one after them says so
                marks.setdefault(base + min(j1, len(news) - 1), Mark.REMOVED)
        if not touched:  # the block changed outside its sentences (its kind, a marker): its first sentence says so
            marks.setdefault(base, Mark.CHANGED)


def _pair(
    old_side: tuple[SectionPrint, list[int]],
    olds: list[int],
    new_side: tuple[SectionPrint, list[int]],
    news: list[int],
    end: int,
) -> list[tuple[int | None, int | None, int]]:
    """The old and new paragraphs of an edited stretch, paired: (old, new) edited, (None, new) added,
    (old, None) removed; each with where it stands in the new version.

    Paragraphs sharing sentences are paired first, the most shared first, in order; those left
    between two pairs are paired in order (one edited into another shares no sentence). Paired
    by place alone, a paragraph inserted before an edited one took the edit, and the edited one
    read as added.
    """
    (before, old_first), (now, new_first) = old_side, new_side
    taken: list[tuple[int, int]] = []
    if olds and news and len(olds) * len(news) <= PAIRED:
        old_sets = {i: Counter(before.sentences[old_first[i] : old_first[i + 1]]) for i in olds}
        scored = []
        for new_place, j in enumerate(news):
            sentences = Counter(now.sentences[new_first[j] : new_first[j + 1]])
            for old_place, i in enumerate(olds):
                if shared := sum((sentences & old_sets[i]).values()):
                    scored.append((-shared, abs(old_place - new_place), i, j))
        for _, _, i, j in sorted(scored):
            if all(a != i and b != j and (a < i) == (b < j) for a, b in taken):
                taken.append((i, j))
    taken.sort()
    pairs: list[tuple[int | None, int | None, int]] = []
    low_i, low_j = -1, -1
    for high_i, high_j in [*taken, (len(before.blocks), end)]:
        left_old = [i for i in olds if low_i < i < high_i]
        left_new = [j for j in news if low_j < j < high_j]
        pairs += [(i, j, j) for i, j in zip(left_old, left_new, strict=False)]
        pairs += [(None, j, j) for j in left_new[len(left_old) :]]
        pairs += [(i, None, min(high_j, end)) for i in left_old[len(left_new) :]]
        if high_i < len(before.blocks):
            pairs.append((high_i, high_j, high_j))
        low_i, low_j = high_i, high_j
    return pairs


def _share(new: Counter[bytes], old: Counter[bytes]) -> float:
    """How much two sections have in common: what they share, of the larger."""
    return sum((new & old).values()) / max(sum(new.values()), sum(old.values()), 1)


def _take(pool: Counter[bytes], item: bytes) -> bool:
    if pool[item] > 0:
        pool[item] -= 1
        return True
    return False


def _first_sentences(printed: SectionPrint) -> list[int]:
    """Each block's first sentence (or the next block's, if it has none); and one past the last block."""
    first = [len(printed.sentences)] * (len(printed.blocks) + 1)
    for index in range(len(printed.sentence_blocks) - 1, -1, -1):
        first[printed.sentence_blocks[index]] = index
    for block in range(len(printed.blocks) - 1, -1, -1):
        first[block] = min(first[block], first[block + 1])
    return first


def _in(printed: SectionPrint, first: list[int], block: int) -> bool:
    return first[block] < len(printed.sentence_blocks) and printed.sentence_blocks[first[block]] == block


def _sentence_at(first: list[int], block: int, count: int) -> int:
    """The sentence to go to for block `block` (or the end): its first, else the next one, else the last."""
    if count == 0:
        return -1
    return min(first[block] if block < len(first) else count, count - 1)


def _old_quote(before: SectionPrint, first: list[int], block: int) -> str:
    """A removed paragraph's first words, as its fingerprint kept them ("…" where they are cut)."""
    quote = before.quotes[first[block]] if _in(before, first, block) else ""
    return quote + "…" if len(quote) >= QUOTE else quote


def _words(text: str) -> str:
    """The first words of a text, as a change quotes them: QUOTED characters, "…" where it is cut."""
    words = " ".join(text[: 4 * QUOTED].split())
    return words if len(words) <= QUOTED else words[: QUOTED - 1].rstrip() + "…"


def _align(old: Sequence[bytes], new: Sequence[bytes]) -> list[tuple[str, int, int, int, int]]:
    """Opcodes turning `old` into `new`: their common ends trimmed, the middle aligned (or, when both
    are long, compared as sets: a 5 MB brief's one section must not take a quadratic alignment)."""
    start = 0
    while start < len(old) and start < len(new) and old[start] == new[start]:
        start += 1
    end = 0
    while end < len(old) - start and end < len(new) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    i2, j2 = len(old) - end, len(new) - end
    ops: list[tuple[str, int, int, int, int]] = []
    if start:
        ops.append(("equal", 0, start, 0, start))
    if (i2 - start) * (j2 - start) > ALIGNED:
        ops.extend(_as_sets(old, new, start, i2, j2))
    elif start < i2 or start < j2:
        matcher = SequenceMatcher(None, old[start:i2], new[start:j2], autojunk=False)
        ops.extend(
            (tag, a1 + start, a2 + start, b1 + start, b2 + start) for tag, a1, a2, b1, b2 in matcher.get_opcodes()
        )
    if end:
        ops.append(("equal", i2, len(old), j2, len(new)))
    return ops


def _as_sets(
    old: Sequence[bytes], new: Sequence[bytes], start: int, i2: int, j2: int
) -> list[tuple[str, int, int, int, int]]:
    """A long middle compared as sets: what is in both is equal where it stands; the rest, in runs,
    is inserted or deleted (a paragraph moved within it then reads as unchanged)."""
    kept = Counter(old[start:i2]) & Counter(new[start:j2])
    ops: list[tuple[str, int, int, int, int]] = []
    pool = Counter(kept)
    for j in range(start, j2):
        if _take(pool, new[j]):
            continue
        ops.append(("insert", start, start, j, j + 1))
    pool = Counter(kept)
    for i in range(start, i2):
        if _take(pool, old[i]):
            continue
        ops.append(("delete", i, i + 1, j2, j2))
    return ops


RELATION_FIELDS = ("supports", "contradicts")


def compare_claims(old: Sequence[ClaimPrint], new: Brief) -> list[ClaimChange]:
    """Claims added, removed or changed (status, grade, claimant, statement…), in the new brief's order."""
    before: dict[str, ClaimPrint] = {}
    for printed in old:
        before.setdefault(printed.id, printed)
    found: list[ClaimChange] = []
    seen: set[str] = set()
    for claim in new.claims:
        if claim.id in seen:
            continue
        seen.add(claim.id)
        after = claim_print(claim)
        was = before.get(claim.id)
        if was is None:
            found.append(ClaimChange(claim.id, "added", line=claim.line, said=after.said))
            continue
        fields = _fields(was, after)
        if fields:
            found.append(ClaimChange(claim.id, "changed", fields, claim.line, after.said))
    found += [ClaimChange(c.id, "removed", line=c.line, said=c.said) for c in before.values() if c.id not in seen]
    return found


def _fields(was: ClaimPrint, now: ClaimPrint) -> tuple[FieldChange, ...]:
    """The fields of a claim that changed, the status first (what a reader most needs to know)."""
    changes = []
    for name, attribute in (
        ("status", "status"),
        ("grade", "grade"),
        ("claimant", "claimant"),
        ("reported by", "reported_by"),
        ("date", "date"),
    ):
        old, new = getattr(was, attribute), getattr(now, attribute)
        if old != new:
            changes.append(FieldChange(name, old, new))
    if was.statement != now.statement:
        changes.append(FieldChange("statement", was.said, now.said))
    for name in RELATION_FIELDS:
        old_ids, new_ids = getattr(was, name), getattr(now, name)
        if sorted(old_ids) != sorted(new_ids):
            changes.append(FieldChange(name, ", ".join(old_ids), ", ".join(new_ids)))
    return tuple(changes)
