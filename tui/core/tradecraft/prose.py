"""The rules for the brief's sentences: overstatement (T101) and estimative language (T201, T202)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tui.core.brief.model import Block, BlockKind, Brief, Claim, Container, Section, Sentence
from tui.core.tradecraft import words
from tui.core.tradecraft.findings import NOT_ESTABLISHED, Finding

_PROSE = frozenset({BlockKind.PARAGRAPH, BlockKind.ITEM})
# A sentence that asks the reader to watch or look for something: it states nothing as fact.
_NOT_ASSERTED = re.compile(
    r"\W*(?:watch|look|monitor|track|ask|check)\s+(?:whether|for|if|how|what|where|when|who|which|the|any|signs?)\b",
    re.IGNORECASE,
)
SHOWN = 60  # characters of a sentence a warning quotes
READ = 5_000  # characters of a sentence the rules read
LISTED = 10  # claims a warning names (a sentence may cite thousands)


def prose(section: Section) -> Iterator[tuple[Block, Sentence]]:
    """The sentences a rule reads: paragraphs and list items, not headings, code, tables or block quotes
    (a quote is someone else's words)."""
    for block in section.blocks:
        if block.kind in _PROSE and Container.QUOTE not in block.containers:
            for sentence in block.sentences:
                yield block, sentence


def excerpt(text: str) -> str:
    """The start of a sentence, on one line, to name it in a warning."""
    flat = " ".join(text[: SHOWN * 4].split())
    return f"{flat[:SHOWN]}…" if len(flat) > SHOWN else flat


def status_of(claim: Claim) -> str:
    return claim.status.value if claim.status else "no status"


def unhedged(brief: Brief, section: Section, sentence: Sentence, text: str) -> Finding | None:
    """T101: the sentence cites only claims that do not establish what they say, and neither says whose
    they are nor hedges (a quotation says whose it is). A question or a call to watch asserts nothing."""
    if _NOT_ASSERTED.match(text) or text.rstrip(" \"'”’)").endswith("?"):
        return None
    claims = [claim for claim in map(brief.claim, dict.fromkeys(sentence.claim_ids)) if claim is not None]
    if not claims or any(claim.status not in NOT_ESTABLISHED for claim in claims):
        return None
    if words.quoted(text) or words.attributed(text) or words.hedged(text):
        return None
    named = ", ".join(f"{claim.id} ({status_of(claim)})" for claim in claims[:LISTED])
    named += f" and {len(claims) - LISTED} more" if len(claims) > LISTED else ""
    detail = (
        f"states as fact what its claims do not establish: {named}; "
        'say whose they are ("according to", "says") or hedge ("reportedly", "may")'
    )
    ids = tuple(claim.id for claim in claims)
    return Finding(
        "T101", f'"{excerpt(text)}" {detail}', 0, 0, section.id, sentence.index, claim_ids=ids, detail=detail
    )


def off_scale(section: Section, sentence: Sentence, text: str) -> Finding | None:
    """T201: the brief's own estimative words outside the ICD 203 scale (an attributed sentence's words
    are its source's, and quoted words are left out)."""
    if words.attributed(text):
        return None
    found = words.off_scale(text)
    if not found:
        return None
    listed = ", ".join(f'"{word}"' for word in dict.fromkeys(found))
    detail = (
        f"uses {listed}, outside the ICD 203 scale: say almost no chance, very unlikely, "
        "unlikely, roughly even chance, likely, very likely or almost certain"
    )
    message = f'"{excerpt(text)}" {detail}'
    return Finding("T201", message, 0, 0, section.id, sentence.index, claim_ids=sentence.claim_ids, detail=detail)


def mixed(section: Section, sentence: Sentence, text: str) -> Finding | None:
    """T202: a likelihood and a confidence level in one sentence, which ICD 203 keeps apart (how likely
    something is, and how sure the analyst is of the evidence, are different things)."""
    likelihood = words.found(words.LIKELIHOOD, text)
    confidence = words.found(words.CONFIDENCE, text)
    if not (likelihood and confidence):
        return None
    detail = (
        f'mixes a likelihood ("{likelihood[0]}") with a confidence level '
        f'("{confidence[0]}"): give the confidence in a sentence of its own'
    )
    message = f'"{excerpt(text)}" {detail}'
    return Finding("T202", message, 0, 0, section.id, sentence.index, claim_ids=sentence.claim_ids, detail=detail)


def sentence_findings(brief: Brief, section: Section, sentence: Sentence) -> list[Finding]:
    """Every sentence rule's finding for one sentence."""
    # What prose is: a "sentence" of megabytes (a paragraph without a stop) is read in its first part,
    # so that a hostile brief costs what a long one does (2 MB of quotes took 2 s).
    text = section.sentence_text(sentence)[:READ]
    found = [
        unhedged(brief, section, sentence, text),
        off_scale(section, sentence, text),
        mixed(section, sentence, text),
    ]
    return [finding for finding in found if finding is not None]
