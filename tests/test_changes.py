"""What changed since a version was read: the fingerprint, its bounds, and the comparison over a mutation suite.

The suite edits the bundled brief as editors and colleagues do (paragraphs inserted,
deleted, moved, reflowed, a word edited, a sentence added or removed, a section
renamed, a claim's status, grade, claimant or statement changed, a claim added) and
counts the changes the comparison missed and those it reported that were not made.
"""

from __future__ import annotations

import base64
import json
import random
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field

import pytest

from tui.core.brief.model import Brief
from tui.core.brief.parse import parse_brief
from tui.core.changes.compare import Changes, Mark, Stopped, compare
from tui.core.changes.fingerprint import MAX_DECODED, BadFingerprint, Fingerprint, decode, encode, fingerprint_of
from tui.core.changes.report import as_json, as_text, updated_line

from .conftest import BUNDLED_BRIEF, REPO
from .helpers.growth import seconds
from .test_anchoring import Source
from .test_anchoring import mutate as reflow_of

ROUNDS = 12  # random seeds per kind of edit


def parsed(text: str) -> Brief:
    brief, _ = parse_brief(text, "brief.md")
    return brief


@pytest.fixture(scope="module")
def original() -> str:
    return BUNDLED_BRIEF.read_text(encoding="utf-8")


def changes_between(old: str, new: str) -> Changes:
    return compare(decode(encode(fingerprint_of(parsed(old)))), parsed(new))


def marked_texts(changes: Changes, brief: Brief) -> dict[str, Mark]:
    found = {}
    for section_id, marks in changes.marks.items():
        section = brief.section(section_id)
        assert section is not None
        for index, mark in marks.items():
            found[section.sentence_text(section.sentences[index]).strip()] = mark
    return found


# The fingerprint


def test_an_unchanged_brief_has_no_changes(original: str) -> None:
    changes = changes_between(original, original)
    assert changes.empty
    assert changes.stops() == []
    assert updated_line(changes) == "Brief updated: its text is as it was"


def test_the_fingerprint_round_trips_and_stays_small(original: str) -> None:
    print_ = fingerprint_of(parsed(original))
    data = encode(print_)
    assert decode(data) == print_
    # The bundled brief's 83 sentences and 35 long claims: within 64 bytes a sentence, claims and all.
    assert len(data) <= 64 * print_.sentence_count + 1024


def test_a_generated_five_megabyte_brief_keeps_under_64_bytes_a_sentence() -> None:
    from .bench.generate import generate

    print_ = fingerprint_of(parsed(generate(5_000_000)))
    data = encode(print_)
    per_sentence = len(data) / print_.sentence_count
    print(f"\nfingerprint of 5 MB: {len(data):,} bytes, {print_.sentence_count:,} sentences, {per_sentence:.1f} B each")
    assert per_sentence <= 64


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not zlib at all",
        zlib.compress(b"[]"),
        zlib.compress(b'{"v": 2, "title": "", "sections": [], "claims": []}'),
        zlib.compress(b'{"v": 1, "title": 3, "sections": [], "claims": []}'),
        zlib.compress(b'{"v": 1, "title": "", "sections": [["a", "b", 1, "AAAA", [1], "", [], []]], "claims": []}'),
        zlib.compress(b'{"v": 1, "title": "", "sections": [["a", "b", 1, "", [], "", [5], ["q"]]], "claims": []}'),
        zlib.compress(b'{"v": 1, "title": "", "sections": [], "claims": [["a"]]}'),
        zlib.compress(b"[" * 100_000 + b"]" * 100_000),
        zlib.compress(b'{"v": 1, "pad": "' + b" " * (MAX_DECODED + 10) + b'"}'),
        zlib.compress(b'{"v": true, "title": "", "sections": [], "claims": []}'),
        zlib.compress('{"v": 1, "title": "\udcff"}'.encode("utf-8", "surrogatepass")[:-2] + b"\xff\xfe"),
    ],
    ids=[
        "empty",
        "not-zlib",
        "list",
        "newer",
        "title-number",
        "digests-short",
        "block-out-of-range",
        "claim-shape",
        "deep",
        "bomb",
        "bool-version",
        "not-utf8",
    ],
)
def test_a_damaged_or_foreign_fingerprint_is_refused_not_trusted(data: bytes) -> None:
    with pytest.raises(BadFingerprint):
        decode(data)


# What is said


def test_a_status_change_is_said_as_the_claim_now_having_it(original: str) -> None:
    new = original.replace("status: reported", "status: confirmed", 1)
    changes = changes_between(original, new)
    assert [(c.kind, [(f.name, f.old, f.new) for f in c.fields]) for c in changes.claims] == [
        ("changed", [("status", "reported", "confirmed")])
    ]
    assert not changes.paragraphs
    assert not changes.marks
    assert updated_line(changes, notes_lost=1) == "Brief updated: 1 claim now confirmed, 1 note lost its place (A)"


def test_the_text_report_puts_claims_first_and_names_lines_as_check_does(original: str) -> None:
    new = original.replace("status: reported", "status: confirmed", 1).replace("## China's role", "## Beijing's part")
    at = new.index("The detailed figures")
    new = new[:at] + "A new sentence arrives here. " + new[at:]
    brief = parsed(new)
    changes = compare(fingerprint_of(parsed(original)), brief)
    titles = {section.id: section.title for section in brief.all_sections}
    text = as_text(changes, "briefs/x.md", "2026-12-01", titles)
    lines = text.splitlines()
    assert lines[0] == ("briefs/x.md: 1 paragraph changed, 1 claim now confirmed, 1 section renamed since 2026-12-01")
    assert lines.index("Claims:") < lines.index("Sections:") < lines.index("Paragraphs:")
    assert "  ~ China's role → Beijing's part (line 59)" in lines
    line = next(n for n, row in enumerate(new.splitlines(), 1) if "A new sentence arrives" in row)
    assert f"  briefs/x.md:{line}: ~ changed in Situation: A new sentence arrives here." in lines
    assert '"change": "changed"' in as_json(changes, "briefs/x.md", "2026-12-01")


def test_hostile_text_in_a_change_reaches_the_report_pictured() -> None:
    old = "# T\n\n## A\n\nOne plain sentence here.\n"
    new = "# T\n\n## A\n\nOne \x1b]0;pwned\x07 sentence \u202e here.\n"
    changes = changes_between(old, new)
    text = as_text(changes, "x\x1b.md", "then", {})
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "\x07" not in text
    assert "\x1b" not in as_json(changes, "x\x1b.md", "then")
    assert "\u202e" not in as_json(changes, "x.md", "t")


def test_a_paragraph_inserted_before_an_edited_one_is_each_found_as_itself(original: str) -> None:
    """Seen in the reader: a paragraph added above one whose first sentence was edited marked every sentence of
    the edited one changed and the one after it new (paired by place, the new one took the edit)."""
    new = original.replace("At a Pentagon briefing on Wednesday,", "At a Pentagon briefing late on Wednesday,")
    new = new.replace("The detailed figures come from those two services.", "The detailed figures come from those two.")
    new = new.replace("## Situation\n\n", "## Situation\n\nA whole new opening paragraph. It has two sentences.\n\n")
    brief = parsed(new)
    changes = changes_between(original, new)
    assert [(p.kind, p.quote) for p in changes.paragraphs] == [
        ("added", "A whole new opening paragraph."),  # its first words; an edited one's first edited sentence
        ("changed", "At a Pentagon briefing late on Wednesday, U.S. Defense Secretary Lloyd Austin s…"),
        ("changed", "The detailed figures come from those two."),
    ]
    marked = marked_texts(changes, brief)
    assert marked == {
        "A whole new opening paragraph.": Mark.NEW,
        "It has two sentences.": Mark.NEW,
        next(text for text in marked if text.startswith("At a Pentagon")): Mark.CHANGED,
        "The detailed figures come from those two.": Mark.CHANGED,
    }


def test_a_one_paragraph_section_renamed_and_edited_is_that_section_renamed() -> None:
    """A trial renamed "Outlook" to "Prospects" and edited its one paragraph: `diff` said one section added and
    one removed, and listed no edit."""
    old = (REPO / "tests" / "fixtures" / "diff" / "old.md").read_text(encoding="utf-8")
    new = old.replace("## Outlook\n\nMost observers expect", "## Prospects\n\nMost observers still expect")
    changes = changes_between(old, new)
    assert [(s.kind, s.old_title, s.title) for s in changes.sections] == [("renamed", "Outlook", "Prospects")]
    assert [(p.kind, p.section) for p in changes.paragraphs] == [("changed", "prospects")]


def test_a_removed_paragraph_is_named_by_its_first_words_and_marks_the_sentence_after(original: str) -> None:
    source = Source(original)
    start, end = source.paragraphs()[3]
    removed = " ".join(source.body[start:end])
    body = source.body[:start] + source.body[end:]
    changes = changes_between(original, source.text(body))
    assert [p.kind for p in changes.paragraphs] == ["removed"]
    assert changes.paragraphs[0].quote.split()[0] in removed
    assert next(iter(changes.marks.values()))
    assert set(next(iter(changes.marks.values())).values()) == {Mark.REMOVED}
    # Its line is the old version's: said so, not given as `FILE:LINE:` for an editor to go to the wrong one.
    (said,) = [line for line in as_text(changes, "x.md", "then", {}).splitlines() if "removed from" in line]
    assert said.startswith("  x.md: - removed from ")
    assert f"(was line {changes.paragraphs[0].line})" in said


def shuffled_section(count: int) -> tuple[Fingerprint, Brief]:
    lines = [f"Paragraph number {n} says something." for n in range(count)]
    shuffled = lines[:]
    random.Random(1).shuffle(shuffled)
    old = parsed("# T\n\n## A\n\n" + "\n\n".join(lines) + "\n")
    return fingerprint_of(old), parsed("# T\n\n## A\n\n" + "\n\n".join(shuffled) + "\n")


def test_a_long_section_reordered_throughout_is_compared_as_sets_in_linear_time() -> None:
    small, large = shuffled_section(6_000), shuffled_section(24_000)
    assert not compare(*large).paragraphs  # the same paragraphs, beyond ALIGNED compared as sets: none changed
    ratio = seconds(lambda: compare(*large)) / seconds(lambda: compare(*small))
    print(f"\ncompare: 4x the paragraphs took {ratio:.1f}x")
    assert ratio < 12  # linear is 4; an alignment of the whole (quadratic) would be 16 and more


# The mutation suite


@dataclass
class Expected:
    """What one edit changed: paragraphs by kind, claims by (id, field), sections by kind, and the text marked."""

    paragraphs: Counter[str] = field(default_factory=Counter)
    claims: set[tuple[str, str]] = field(default_factory=set)
    sections: Counter[str] = field(default_factory=Counter)
    marked: set[str] = field(default_factory=set)  # words a marked sentence must contain (one per sentence)


def claim_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each claim definition (`[^id]: ...` and its indented fields)."""
    found = []
    for match in re.finditer(r"^\[\^[^\]]+\]:.*(?:\n(?:    |\t).*)*", text, flags=re.M):
        found.append((match.start(), match.end()))
    return found


def mutate(kind: str, text: str, rng: random.Random) -> tuple[str, Expected]:
    source = Source(text)
    body = list(source.body)
    paragraphs = source.paragraphs()
    expected = Expected()
    if kind == "insert":
        at = rng.choice(paragraphs)[0]
        body[at:at] = ["", "An inserted paragraph tells of the northern ports.", ""]  # blank first: not a lazy line
        expected.paragraphs["added"] = 1
        expected.marked = {"northern ports"}
        return source.text(body), expected
    if kind == "delete":
        start, end = rng.choice(paragraphs)
        del body[start:end]
        expected.paragraphs["removed"] = 1
        return source.text(body), expected
    if kind == "move":
        start, end = rng.choice(paragraphs)
        moved = body[start:end]
        del body[start:end]
        at = rng.choice(Source(source.text(body)).paragraphs())[0]
        body[at:at] = ["", *moved, ""]
        mutated = source.text(body)
        if parsed(mutated) == parsed(text) or _same_blocks(text, mutated):
            return mutated, expected  # put back where it was: nothing changed
        expected.paragraphs["moved"] = 1
        return mutated, expected
    if kind == "reflow":  # the anchoring suite's: a paragraph's lines broken at another width
        reflowed, _ = reflow_of("reflow", source, [], rng)
        return reflowed, expected
    if kind == "edit-word":
        start, end = rng.choice(paragraphs)
        index = rng.randrange(start, end)
        words = list(re.finditer(r"(?<![\[^\w-])[A-Za-z]{6,}(?![\w\]-])", body[index]))
        if not words:
            return source.text(body), expected
        word = rng.choice(words)
        body[index] = body[index][: word.start()] + "Zanzibar" + body[index][word.end() :]
        expected.paragraphs["changed"] = 1
        expected.marked = {"Zanzibar"}
        return source.text(body), expected
    if kind == "insert-and-edit":
        # A paragraph inserted just before one that is edited: each change is found as itself (paired by
        # place alone, the inserted one took the edit and the edited one read as added).
        start, end = rng.choice(paragraphs)
        words = [
            (n, m) for n in range(start, end) for m in re.finditer(r"(?<![\[^\w-])[A-Za-z]{6,}(?![\w\]-])", body[n])
        ]
        if not words:
            return source.text(body), expected
        index, word = rng.choice(words)
        body[index] = body[index][: word.start()] + "Zanzibar" + body[index][word.end() :]
        body[start:start] = ["", "An inserted paragraph tells of the northern ports.", ""]
        expected.paragraphs.update({"added": 1, "changed": 1})
        expected.marked = {"northern ports", "Zanzibar"}
        return source.text(body), expected
    if kind == "add-sentence":
        start, end = rng.choice(paragraphs)
        body[end - 1] = body[end - 1] + " Analysts watch the Zanzibar road."
        expected.paragraphs["changed"] = 1
        expected.marked = {"Zanzibar road"}
        return source.text(body), expected
    if kind == "rename-and-edit":  # a heading renamed and a word of its section's text edited at once
        headings = [i for i, line in enumerate(body) if line.startswith("## ")]
        at = rng.choice(headings)
        following = [p for p in paragraphs if p[0] > at and not any(at < h < p[0] for h in headings)]
        words = [
            (n, m)
            for start, end in following[:1]
            for n in range(start, end)
            for m in re.finditer(r"(?<![\[^\w-])[A-Za-z]{6,}(?![\w\]-])", body[n])
        ]
        if not words:
            return source.text(body), expected
        index, word = rng.choice(words)
        body[index] = body[index][: word.start()] + "Zanzibar" + body[index][word.end() :]
        body[at] = body[at] + " (revised)"
        expected.sections["renamed"] = 1
        expected.paragraphs["changed"] = 1
        expected.marked = {"Zanzibar"}
        return source.text(body), expected
    if kind == "rename":
        headings = [i for i, line in enumerate(body) if line.startswith("## ")]
        at = rng.choice(headings)
        body[at] = body[at] + " (revised)"
        expected.sections["renamed"] = 1
        return source.text(body), expected
    if kind == "claim-add":
        added = (
            "\n[^zanzibar-claim]: Someone says a thing about Zanzibar.\n    claimant: Someone\n    status: claimed\n"
        )
        expected.claims = {("zanzibar-claim", "added")}
        return text.rstrip("\n") + "\n" + added, expected
    # Claim fields: the footnote definitions in the tail.
    blocks = claim_blocks(text)
    start, end = rng.choice(blocks)
    definition = text[start:end]
    claim_id = definition[2 : definition.index("]")]
    if kind == "claim-status":
        status = re.search(r"status: (\w+)", definition)
        assert status is not None
        new = "disputed" if status.group(1) != "disputed" else "confirmed"
        changed = definition.replace(status.group(0), f"status: {new}")
        expected.claims = {(claim_id, "status")}
    elif kind == "claim-grade":
        grade = re.search(r"grade: ([A-F])([1-6])", definition)
        assert grade is not None
        changed = definition.replace(grade.group(0), f"grade: {'C' if grade.group(1) != 'C' else 'D'}{grade.group(2)}")
        expected.claims = {(claim_id, "grade")}
    elif kind == "claim-claimant":
        claimant = re.search(r"claimant: (.+)", definition)
        assert claimant is not None
        changed = definition.replace(claimant.group(0), "claimant: A new claimant")
        expected.claims = {(claim_id, "claimant")}
    elif kind == "claim-statement":
        first_line = definition.split("\n", 1)[0]
        changed = definition.replace(first_line, first_line.rstrip() + " Allegedly so.", 1)
        expected.claims = {(claim_id, "statement")}
    else:
        raise ValueError(kind)
    return text[:start] + changed + text[end:], expected


def _same_blocks(old: str, new: str) -> bool:
    """Whether two versions' sections hold the same blocks in the same order (a move that put a paragraph back)."""
    before, after = parsed(old), parsed(new)
    return [[b.text for b in s.blocks] for s in before.all_sections] == [
        [b.text for b in s.blocks] for s in after.all_sections
    ]


KINDS = (
    "insert",
    "delete",
    "move",
    "reflow",
    "edit-word",
    "add-sentence",
    "insert-and-edit",
    "rename",
    "rename-and-edit",
    "claim-status",
    "claim-grade",
    "claim-claimant",
    "claim-statement",
    "claim-add",
)


def test_the_mutation_suite_misses_no_change_and_raises_few_false_alarms(original: str) -> None:
    rng = random.Random(20261203)
    missed: Counter[str] = Counter()
    false: Counter[str] = Counter()
    compared = 0  # paragraphs, claims, sections and sentences looked at, over all rounds
    made = 0
    for kind in KINDS:
        for _ in range(ROUNDS):
            mutated, expected = mutate(kind, original, rng)
            brief = parsed(mutated)
            changes = compare(decode(encode(fingerprint_of(parsed(original)))), brief)
            compared += (
                sum(len(s.blocks) + len(s.sentences) for s in brief.all_sections)
                + len(brief.claims)
                + len(brief.all_sections)
            )
            made += sum(expected.paragraphs.values()) + len(expected.claims) + sum(expected.sections.values())
            found_paragraphs = Counter(p.kind for p in changes.paragraphs)
            missed[kind] += sum((expected.paragraphs - found_paragraphs).values())
            false[kind] += sum((found_paragraphs - expected.paragraphs).values())
            found_claims = {(c.id, f.name) for c in changes.claims for f in c.fields} | {
                (c.id, c.kind) for c in changes.claims if c.kind != "changed"
            }
            missed[kind] += len(expected.claims - found_claims)
            false[kind] += len(found_claims - expected.claims)
            found_sections = Counter(s.kind for s in changes.sections)
            missed[kind] += sum((expected.sections - found_sections).values())
            false[kind] += sum((found_sections - expected.sections).values())
            texts = marked_texts(changes, brief)
            for words in expected.marked:
                if not any(words in text for text in texts):
                    missed[kind] += 1
            if expected.marked:  # a sentence marked that holds none of the new words is a false alarm
                false[kind] += sum(1 for text in texts if not any(words in text for words in expected.marked))
            elif kind == "delete":  # a removal marks the one sentence after it
                false[kind] += max(0, len(texts) - 1)
            elif kind != "move":  # a move marks the moved text
                false[kind] += len(texts)
    total_false = sum(false.values())
    print(
        f"\nchanges: {made} made, {sum(missed.values())} missed, {total_false} false of {compared:,} compared"
        f" ({total_false / compared:.3%}); missed {dict(missed)}, false {dict(false)}"
    )
    assert sum(missed.values()) == 0, dict(missed)
    assert total_false < 0.01 * compared, dict(false)
    assert made >= len(KINDS) * ROUNDS - 2 * ROUNDS  # the suite does make changes (moves back and reflows make none)


def halved_section(count: int) -> tuple[Fingerprint, Brief]:
    lines = [f"Paragraph number {n} says something." for n in range(count)]
    old = parsed("# T\n\n## A\n\n" + "\n\n".join(lines) + "\n")
    return fingerprint_of(old), parsed("# T\n\n## A\n\n" + "\n\n".join(lines[::2]) + "\n")


def test_half_a_long_section_removed_is_compared_in_linear_time() -> None:
    """Found by an attack: each removed paragraph indexed its whole section again; 5 MB took 17-31 s."""
    small, large = halved_section(4_000), halved_section(16_000)
    assert len(compare(*large).paragraphs) == 8_000
    ratio = seconds(lambda: compare(*large)) / seconds(lambda: compare(*small))
    print(f"\ncompare: 4x the paragraphs removed took {ratio:.1f}x")
    assert ratio < 12  # linear is 4; indexing the section per paragraph is 16


def test_a_comparison_made_long_by_a_hostile_fingerprint_gives_up_when_asked(original: str) -> None:
    """Two million copies of one paragraph compress to 63 KB: a reader quitting waited for their comparison."""
    data = json.loads(zlib.decompress(encode(fingerprint_of(parsed(original)))))
    section = data["sections"][2]
    section[3] = base64.b64encode(b"12345678" * 2_000_000).decode()
    section[4], section[5], section[6], section[7] = [1] * 2_000_000, "", [], []
    hostile = decode(zlib.compress(json.dumps(data).encode()))
    asked = []

    def stop() -> bool:
        asked.append(True)
        return True

    with pytest.raises(Stopped):
        compare(hostile, parsed(original), stop)
    assert len(asked) == 1  # the first question gives up
