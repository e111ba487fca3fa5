"""Run every tradecraft rule over a brief: findings placed in the file, those silenced or skipped left out."""

from __future__ import annotations

import re
from collections.abc import Collection, Generator, Iterator, Sequence
from dataclasses import replace

from tui.core.brief.inline import ALL_RULES
from tui.core.brief.model import Block, Brief, Section, Sentence
from tui.core.outside.problems import Problem, warning
from tui.core.outside.visible import one_line
from tui.core.tradecraft.claim_rules import claim_findings
from tui.core.tradecraft.findings import CODES, Finding
from tui.core.tradecraft.prose import prose, sentence_findings

_WORD = re.compile(r"\w+")
_SEARCHED = 200  # lines of a block looked through for a sentence's first word
_READ = 2_000  # characters of a sentence's start and end read for its first and last words
_NEAR = 2_000  # characters between a sentence's end and the next one's first word, at most


def review(brief: Brief, lines: Sequence[str] = (), skip: Collection[str] = ()) -> list[Finding]:
    """Every finding of every rule not in `skip`, in the order of the file; none for plain markdown.

    `lines`: the file's lines, to point each sentence's finding at where the sentence starts (without
    them, at its block's first line). A pragma in a sentence or a claim's statement silences it there.
    """
    steps = review_steps(brief, lines, skip)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            found: list[Finding] = done.value
            return found


REVIEW_STEP = 200  # sentences reviewed between two steps (some 5 ms)


def review_steps(
    brief: Brief, lines: Sequence[str] = (), skip: Collection[str] = ()
) -> Generator[None, None, list[Finding]]:
    """`review` a step at a time, for the reader: the whole review of a 5 MB brief takes most of a second."""
    if not brief.is_brief:
        return []
    found: list[Finding] = []
    done = 0
    for section in brief.all_sections:
        for block, sentences in _by_block(prose(section)):
            done += len(sentences)
            if done >= REVIEW_STEP:
                done = 0
                yield
            kept = [
                [
                    finding
                    for finding in [*sentence_findings(brief, section, sentence), *_unknown_codes(section, sentence)]
                    if finding.code not in skip and not _silenced(finding.code, sentence.ignores)
                ]
                for sentence in sentences
            ]
            if any(kept):
                # Each sentence of the block found in turn, those without findings too: a sentence is
                # looked for after the one before it (the first word alone is too often the one before's).
                places = _Places(lines, block)
                for sentence, findings in zip(sentences, kept, strict=True):
                    line, column = places.of(section.sentence_text(sentence))
                    found += [replace(finding, line=line, column=column) for finding in findings]
    ignores = {claim.id: claim.ignores for claim in brief.claims}
    found += [
        finding
        for finding in claim_findings(brief.claims)
        if finding.code not in skip and not _silenced(finding.code, ignores.get(finding.claim_id or "", ()))
    ]
    for claim in brief.claims:
        wrong = _named_no_rule(claim.ignores)
        if wrong:
            message = f"'briefing: ignore' in claim {claim.id!r} names no rule {wrong!r}"
            found.append(Finding("", message, claim.line, 1, claim_id=claim.id, claim_ids=(claim.id,)))
    found.sort(key=lambda finding: (finding.line, finding.column))
    return found


def _silenced(code: str, ignores: Sequence[str]) -> bool:
    return bool(code) and bool(ignores) and (ALL_RULES in ignores or code in ignores)


def _unknown_codes(section: Section, sentence: Sentence) -> list[Finding]:
    """A finding for a pragma's code that names no rule: a typo would silence nothing, silently."""
    wrong = _named_no_rule(sentence.ignores)
    if not wrong:
        return []
    message = f"'briefing: ignore' names no rule {wrong!r}; the codes are {', '.join(CODES)}"
    return [Finding("", message, 0, 0, section.id, sentence.index)]


def _named_no_rule(ignores: Sequence[str]) -> str:
    """The first code a pragma names that is no rule's, made safe to print ("" if none)."""
    wrong = unknown([code for code in ignores if code != ALL_RULES])
    return one_line(wrong[0][:20]) if wrong else ""


def _by_block(pairs: Iterator[tuple[Block, Sentence]]) -> Iterator[tuple[Block, list[Sentence]]]:
    """The sentences of each block together, the block's first."""
    current: Block | None = None
    group: list[Sentence] = []
    for block, sentence in pairs:
        if block is not current:
            if current is not None:
                yield current, group
            current, group = block, []
        group.append(sentence)
    if current is not None:
        yield current, group


class _Places:
    """Where each sentence of a block starts in the file, found by its first word from the last one's place
    on (the plain text has lost the markup, so offsets do not carry over)."""

    def __init__(self, lines: Sequence[str], block: Block) -> None:
        self.lines = lines
        self.line = block.line
        self.column = 0
        self.block_line = block.line

    def of(self, text: str) -> tuple[int, int]:
        """Where the sentence starts (its block's first line if its first word is not found), the place
        after its last word kept for the next sentence."""
        words = _WORD.findall(text[:_READ]) if self.lines else []
        if not words:
            return self.block_line, 1
        found = self._find(words[0], _NEAR)
        if found is None:
            return self.block_line, 1
        tail = _WORD.findall(text[-_READ:])[-1] if len(text) > _READ else words[-1]
        if len(words) > 1:
            # On past the sentence, so that a word it quotes is not the next one's start (a sentence's
            # source is at most a few times its text: markup, a comment, a link's target).
            self._find(tail, 4 * len(text) + _NEAR)
        return found

    def _find(self, word: str, within: int) -> tuple[int, int] | None:
        """The next place of `word`, as a whole word, in the `within` characters from the last place on
        (bounded: a word cut in two by the parser in a paragraph of megabytes is never found); the place
        moves past it."""
        left = within
        for number in range(self.line, min(self.line + _SEARCHED, len(self.lines) + 1)):
            start = self.column if number == self.line else 0
            line = self.lines[number - 1]
            at = _whole_word(line, word, start, start + left)
            if at >= 0:
                self.line, self.column = number, at + len(word)
                return number, at + 1
            left -= len(line) - start + 1
            if left <= 0:
                return None
        return None


def _whole_word(line: str, word: str, start: int, end: int) -> int:
    """Where `word` stands in `line[start:end]` as a whole word, or -1. (A pattern compiled per word
    missed the cache: 100,000 sentences of different words spent 12 s compiling.)"""
    at = line.find(word, start, end)
    while at >= 0:
        after = at + len(word)
        if not (at and _is_word(line[at - 1])) and not (after < len(line) and _is_word(line[after])):
            return at
        at = line.find(word, at + 1, end)
    return -1


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"


def problems(findings: Sequence[Finding]) -> list[Problem]:
    """The findings as `briefing check` prints them: `warning[CODE]`."""
    return [warning(finding.line, finding.column, finding.message, finding.code) for finding in findings]


def unknown(codes: Collection[str]) -> list[str]:
    """The codes of `codes` that name no rule (a typo in `--ignore`)."""
    return [code for code in codes if code not in CODES]
