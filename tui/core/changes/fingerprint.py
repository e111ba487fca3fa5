"""A compact fingerprint of one version of a brief: what a returning reader's version is compared with.

It keeps no text but a few words of each sentence (to name one that is gone): for
each section its id, title and line; for each block (paragraph, item, table…) a
short digest and its line; for each sentence a short digest and its first words;
for each claim its fields, the statement cut short beside its digest. Encoded, it
is zlib'd JSON of about 40 bytes a sentence. It is read back from the store, which
another program may have written: `decode` checks everything and is bounded.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tui.core.brief.model import Block, Brief, Claim, Section, Sentence

VERSION = 1  # of the encoding; another is a BadFingerprint (read as "no earlier reading")
DIGEST = 8  # bytes of a digest: a chance of 1 in 2**64 that an edit goes unseen
QUOTE = 24  # characters of each sentence kept, to name it once it is gone
SHORT = 120  # characters of a claim's statement kept, to show what it said
FIELD = 200  # characters of a claim's other fields kept
RELATED = 100  # ids of supported or contradicted claims kept per claim
MAX_DECODED = 64 * 1024 * 1024  # bytes of JSON a stored fingerprint may expand to


class BadFingerprint(ValueError):
    """A stored fingerprint that is not one this version writes (damaged, foreign, or newer)."""


@dataclass(frozen=True, slots=True)
class SectionPrint:
    """One section: its id, title and line; its blocks' digests and lines; its sentences' digests,
    each sentence's block, and its first words."""

    id: str
    title: str
    line: int
    blocks: tuple[bytes, ...]
    block_lines: tuple[int, ...]
    sentences: tuple[bytes, ...]
    sentence_blocks: tuple[int, ...]
    quotes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ClaimPrint:
    """One claim's fields: the statement by digest (and its first words), the rest as written (cut)."""

    id: str
    statement: bytes
    said: str
    claimant: str
    reported_by: str
    status: str
    date: str
    grade: str
    supports: tuple[str, ...]
    contradicts: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A version of a brief, as compact as it can be and still say what changed since."""

    title: str
    sections: tuple[SectionPrint, ...]
    claims: tuple[ClaimPrint, ...]

    @property
    def sentence_count(self) -> int:
        return sum(len(section.sentences) for section in self.sections)


def digest(text: str) -> bytes:
    """A short digest of text, its whitespace folded: reflowing a paragraph changes nothing."""
    folded = " ".join(text.split())
    return hashlib.blake2b(folded.encode("utf-8", "surrogatepass"), digest_size=DIGEST).digest()


def sentence_digest(section: Section, sentence: Sentence) -> bytes:
    """A sentence's digest: its text and the claims it cites (citing another claim is a change)."""
    cited = "\x00".join(sentence.claim_ids)
    return digest(f"{section.text[sentence.start : sentence.end]}\x00{cited}")


def block_digest(block: Block) -> bytes:
    """A block's digest: its kind, level, marker, text and citations."""
    cited = "\x00".join(claim for sentence in block.sentences for claim in sentence.claim_ids)
    return digest(f"{block.kind.value}\x00{block.level}\x00{block.marker}\x00{block.text}\x00{cited}")


def quote_of(section: Section, sentence: Sentence) -> str:
    """A sentence's first words, to name it in a list of changes."""
    # Never past its end: "Moscow's view In the rep…" ran a heading into the next paragraph (an attack's).
    end = min(sentence.end, sentence.start + 4 * QUOTE)
    return " ".join(section.text[sentence.start : end].split())[:QUOTE]


def section_print(section: Section) -> SectionPrint:
    sentences = section.sentences
    return SectionPrint(
        id=section.id,
        title=section.title,
        line=section.line,
        blocks=tuple(block_digest(block) for block in section.blocks),
        block_lines=tuple(block.line for block in section.blocks),
        sentences=tuple(sentence_digest(section, sentence) for sentence in sentences),
        sentence_blocks=tuple(sentence.block for sentence in sentences),
        quotes=tuple(quote_of(section, sentence) for sentence in sentences),
    )


def claim_print(claim: Claim) -> ClaimPrint:
    return ClaimPrint(
        id=claim.id,
        statement=digest(claim.statement),
        said=" ".join(claim.statement[: 4 * SHORT].split())[:SHORT],
        claimant=claim.claimant[:FIELD],
        reported_by=claim.reported_by[:FIELD],
        status=claim.status.value if claim.status else "",
        date=(claim.date or "")[:FIELD],
        grade=str(claim.grade) if claim.grade else "",
        supports=claim.supports[:RELATED],
        contradicts=claim.contradicts[:RELATED],
        line=claim.line,
    )


def fingerprint_of(brief: Brief) -> Fingerprint:
    """The fingerprint of a whole brief (never of a section's first part)."""
    return Fingerprint(
        title=brief.title[:FIELD],
        sections=tuple(section_print(section) for section in brief.all_sections),
        claims=tuple(claim_print(claim) for claim in brief.claims),
    )


def _b64(digests: tuple[bytes, ...]) -> str:
    return base64.b64encode(b"".join(digests)).decode("ascii")


def encode(fingerprint: Fingerprint) -> bytes:
    """The fingerprint as the store keeps it: compressed JSON, the digests of a section in one base64 string."""
    data = {
        "v": VERSION,
        "title": fingerprint.title,
        "sections": [
            [
                s.id,
                s.title,
                s.line,
                _b64(s.blocks),
                list(s.block_lines),
                _b64(s.sentences),
                list(s.sentence_blocks),
                list(s.quotes),
            ]
            for s in fingerprint.sections
        ],
        "claims": [
            [
                c.id,
                base64.b64encode(c.statement).decode("ascii"),
                c.said,
                c.claimant,
                c.reported_by,
                c.status,
                c.date,
                c.grade,
                list(c.supports),
                list(c.contradicts),
                c.line,
            ]
            for c in fingerprint.claims
        ],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 6)


def decode(data: bytes, stop: Callable[[], bool] | None = None) -> Fingerprint:
    """A fingerprint read back from the store; BadFingerprint for anything else, however it is made.

    `stop` is asked now and then (see `compare`): True gives up with BadFingerprint.
    """
    if not isinstance(data, bytes) or not data:
        raise BadFingerprint("not one this version writes (empty, of another type, or too long)")
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(data, MAX_DECODED)
        if inflater.unconsumed_tail:
            raise BadFingerprint("it expands to more than a fingerprint can be")
        loaded = json.loads(raw.decode("utf-8", "surrogatepass"))
    except (zlib.error, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BadFingerprint(f"unreadable: {exc}") from exc
    if not isinstance(loaded, dict) or type(loaded.get("v")) is not int or loaded["v"] != VERSION:
        raise BadFingerprint("not a fingerprint of this version")
    return Fingerprint(
        title=_text(loaded.get("title")),
        sections=tuple(_section(item, number, stop) for number, item in enumerate(_list(loaded.get("sections")))),
        claims=tuple(_claim(item) for item in _list(loaded.get("claims"))),
    )


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise BadFingerprint("a list was expected")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise BadFingerprint("a string was expected")
    return value


MAX_NUMBER = 10**9  # a line or an index no brief reaches (an attack's 10**20 was printed as a line)


def _number(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not -1 <= value <= MAX_NUMBER:
        raise BadFingerprint("a line or index was expected")
    return value


def _digests(value: Any, count: int) -> tuple[bytes, ...]:
    try:
        joined = base64.b64decode(_text(value), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadFingerprint("digests that are not base64") from exc
    if len(joined) != DIGEST * count:
        raise BadFingerprint("digests that do not match their count")
    return tuple(joined[at : at + DIGEST] for at in range(0, len(joined), DIGEST))


def _section(item: Any, number: int = 0, stop: Callable[[], bool] | None = None) -> SectionPrint:
    if stop is not None and number % 4096 == 4095 and stop():
        raise BadFingerprint("given up: no longer wanted")
    fields = _list(item)
    if len(fields) != 8:
        raise BadFingerprint("a section of another shape")
    block_lines = tuple(map(_number, _list(fields[4])))
    sentence_blocks = tuple(map(_number, _list(fields[6])))
    quotes = tuple(map(_text, _list(fields[7])))
    if len(quotes) != len(sentence_blocks) or any(b >= len(block_lines) for b in sentence_blocks):
        raise BadFingerprint("sentences that do not match their blocks")
    return SectionPrint(
        id=_text(fields[0]),
        title=_text(fields[1]),
        line=_number(fields[2]),
        blocks=_digests(fields[3], len(block_lines)),
        block_lines=block_lines,
        sentences=_digests(fields[5], len(sentence_blocks)),
        sentence_blocks=sentence_blocks,
        quotes=quotes,
    )


def _claim(item: Any) -> ClaimPrint:
    fields = _list(item)
    if len(fields) != 11:
        raise BadFingerprint("a claim of another shape")
    return ClaimPrint(
        id=_text(fields[0]),
        statement=_digests(fields[1], 1)[0],
        said=_text(fields[2]),
        claimant=_text(fields[3]),
        reported_by=_text(fields[4]),
        status=_text(fields[5]),
        date=_text(fields[6]),
        grade=_text(fields[7]),
        supports=tuple(map(_text, _list(fields[8]))),
        contradicts=tuple(map(_text, _list(fields[9]))),
        line=_number(fields[10]),
    )
