"""Run every tradecraft rule over a brief: findings placed in the file, those silenced or skipped left out."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import replace

from tui.core.brief.inline import ALL_RULES
from tui.core.brief.model import Block, Brief, Sentence
from tui.core.outside.problems import Problem, warning
from tui.core.tradecraft.claim_rules import claim_findings
from tui.core.tradecraft.findings import CODES, Finding
from tui.core.tradecraft.prose import prose, sentence_findings

_WORD = re.compile(r"\w+")
_SEARCHED = 200  # lines of a block looked through for a sentence's first word


def review(brief: Brief, lines: Sequence[str] = (), skip: Collection[str] = ()) -> list[Finding]:
    """Every finding of every rule not in `skip`, in the order of the file; none for plain markdown.

    `lines`: the file's lines, to point each sentence's finding at where the sentence starts (without
    them, at its block's first line). A pragma in a sentence or a claim's statement silences it there.
    """
    if not brief.is_brief:
        return []
    found: list[Finding] = []
    for section in brief.all_sections:
        for block, sentences in _by_block(prose(section)):
            places = _Places(lines, block)
            for sentence in sentences:
                kept = [
                    finding
                    for finding in sentence_findings(brief, section, sentence)
                    if finding.code not in skip and not _silenced(finding.code, sentence.ignores)
                ]
                if kept:
                    line, column = places.of(section.sentence_text(sentence))
                    found += [replace(finding, line=line, column=column) for finding in kept]
    ignores = {claim.id: claim.ignores for claim in brief.claims}
    found += [
        finding
        for finding in claim_findings(brief.claims)
        if finding.code not in skip and not _silenced(finding.code, ignores.get(finding.claim_id or "", ()))
    ]
    found.sort(key=lambda finding: (finding.line, finding.column))
    return found


def _silenced(code: str, ignores: Sequence[str]) -> bool:
    return bool(ignores) and (ALL_RULES in ignores or code in ignores)


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
        first = _WORD.search(text)
        if first is None or not self.lines:
            return self.block_line, 1
        word = first.group()
        for number in range(self.line, min(self.line + _SEARCHED, len(self.lines) + 1)):
            source = self.lines[number - 1]
            at = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", source[self.column if number == self.line else 0 :])
            if at is not None:
                column = at.start() + (self.column if number == self.line else 0)
                self.line, self.column = number, column + len(word)
                return number, column + 1
        return self.block_line, 1


def problems(findings: Sequence[Finding]) -> list[Problem]:
    """The findings as `briefing check` prints them: `warning[CODE]`."""
    return [warning(finding.line, finding.column, finding.message, finding.code) for finding in findings]


def unknown(codes: Collection[str]) -> list[str]:
    """The codes of `codes` that name no rule (a typo in `--ignore`)."""
    return [code for code in codes if code not in CODES]
