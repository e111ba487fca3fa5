"""Generate large, valid briefs at a realistic density of sections, claims and citations.

`python -m tests.bench.generate SIZE OUT.md` writes one (SIZE like 100KB, 1MB, 5MB).
The text is nonsense assembled from a fixed vocabulary, deterministic for a seed,
and passes `briefing check` without an error.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

WORDS = (
    "analysts officials forces brigade border supply sanctions envoy ministry talks harbour convoy "
    "pipeline reserves drills satellite imagery shipments troops artillery ammunition corridor airbase "
    "coalition summit treaty ceasefire offensive frontline logistics battalion intelligence assessment "
    "partners exports grain energy leverage pressure signals posture deterrence alliance capital "
    "negotiators delegation region provinces garrison exercises missile launch sources statement "
    "spokesperson briefing evidence estimates figures report observers monitors inspection agreement"
).split()
VERBS = "said reported estimated denied warned confirmed suggested claimed expected noted".split()
NAMES = ("the ministry", "a senior official", "regional monitors", "the agency", "two diplomats", "the report")
STATUSES = ("reported", "claimed", "assessed", "confirmed", "denied", "unverified", "disputed")
SECTION_BYTES = 5_000  # a section of about a page and a half
CLAIM_EVERY = 1_500  # one claim per this many bytes of prose
FOCUS = ("section-2", "section-3", "section-4")


def _sentence(rng: random.Random, cite: str | None) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 26))]
    words.insert(rng.randint(1, len(words) - 1), rng.choice(VERBS))
    if rng.random() < 0.15:
        words.insert(rng.randint(1, len(words) - 1), f"{rng.randint(2, 90)},000")
    if rng.random() < 0.1:
        at = rng.randint(0, len(words) - 2)
        words[at] = f"*{words[at]}*"
    if rng.random() < 0.05:
        at = rng.randint(0, len(words) - 2)
        words[at] = f"[{words[at]}](https://example.org/{words[at]})"
    text = " ".join(words)
    text = text[0].upper() + text[1:] + "."
    return text + (f"[^{cite}]" if cite else "")


def _paragraph(rng: random.Random, claims: list[str], sentences: int) -> str:
    return " ".join(_sentence(rng, _cite(rng, claims)) for _ in range(sentences))


def _cite(rng: random.Random, claims: list[str]) -> str | None:
    return rng.choice(claims) if rng.random() < 0.35 else None


def _block(rng: random.Random, claims: list[str]) -> str:
    roll = rng.random()
    if roll < 0.12:
        return "\n".join(f"- {_sentence(rng, _cite(rng, claims))}" for _ in range(rng.randint(2, 5)))
    if roll < 0.16:
        return "> " + _paragraph(rng, claims, 2)
    if roll < 0.18:
        rows = [f"| {rng.choice(WORDS)} | {rng.randint(1, 999)} | {rng.choice(STATUSES)} |" for _ in range(4)]
        return "\n".join(["| item | count | status |", "|---|---:|---|", *rows])
    if roll < 0.25:
        return f"### {rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)}"
    return _paragraph(rng, claims, rng.randint(2, 6))


def _claim(rng: random.Random, claim_id: str) -> str:
    fields = [
        f"    - claimant: {rng.choice(NAMES)}",
        "    - reported by: the source report",
        f"    - status: {rng.choice(STATUSES)}",
        f"    - date: 2024-{rng.randint(1, 12):02d}",
        f"    - grade: {rng.choice('ABCDEF')}{rng.randint(1, 6)}",
    ]
    statement = _sentence(rng, None)
    return f"[^{claim_id}]: {statement}\n" + "\n".join(fields)


def generate(size: int, seed: int = 1) -> str:
    """A brief of about `size` bytes (UTF-8), every claim defined and cited at least once."""
    rng = random.Random(seed)
    claim_count = max(3, size // CLAIM_EVERY)
    claims = [f"claim-{n}" for n in range(1, claim_count + 1)]
    head = [
        "---",
        f"id: generated-{size}",
        f"title: Generated brief of {size:,} bytes",
        "date: 2024-10",
        "authors: [Benchmark generator]",
        "sources:",
        '  - "Generated text, not a real report"',
        "tags: [benchmark]",
        f"focus: [{', '.join(FOCUS)}]",
        "---",
        "",
        f"# Generated brief of {size:,} bytes",
        "",
        _paragraph(rng, claims[:3], 3),
    ]
    definitions = [_claim(rng, claim_id) for claim_id in claims]
    budget = size - sum(len(d) + 2 for d in definitions) - sum(len(h) + 1 for h in head)
    body: list[str] = []
    number, written, uncited = 0, 0, list(claims)
    while written < budget or uncited or number < len(FOCUS) + 1:  # the focus sections exist
        number += 1
        parts = [f"## Section {number} {{#section-{number}}}"]
        section_bytes = 0
        while section_bytes < SECTION_BYTES:
            block = _block(rng, claims)
            if uncited and not block.startswith(("#", "|")):
                block += f" Also noted.[^{uncited.pop()}]"
            parts.append(block)
            section_bytes += len(block) + 2
        text = "\n\n".join(parts)
        body.append(text)
        written += len(text) + 2
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n\n" + "\n\n".join(definitions) + "\n"


def parse_size(text: str) -> int:
    """'100KB' -> 102400, '5MB' -> 5242880, '2000' -> 2000."""
    text = text.strip().upper()
    for suffix, factor in (("KB", 1024), ("MB", 1024 * 1024), ("B", 1)):
        if text.endswith(suffix):
            return int(float(text[: -len(suffix)]) * factor)
    return int(text)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m tests.bench.generate SIZE OUT.md   (SIZE like 100KB, 1MB, 5MB)")
    Path(sys.argv[2]).write_text(generate(parse_size(sys.argv[1])), encoding="utf-8")
