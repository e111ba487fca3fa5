"""Read a claim definition (`[^id]: statement` and its indented fields) into a Claim."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tui.core.blocks import markdown
from tui.core.inline import convert_inline
from tui.core.model import Claim, ClaimStatus, Grade
from tui.core.problems import Problem, error, warning
from tui.core.scan import RawClaim

CLAIM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
GRADE = re.compile(r"([A-F])([1-6])")
DATE = re.compile(r"\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?")
STATUSES = ", ".join(status.value for status in ClaimStatus)
FIELDS = ("claimant", "reported by", "status", "date", "grade", "contradicts", "supports")
_FIELD = re.compile(r"(?: {4}|\t)[ \t]*[-*+][ \t]+([A-Za-z][A-Za-z _-]*?)[ \t]*:[ \t]*(.*?)[ \t]*$")
_ALIASES = {"reported_by": "reported by", "reported-by": "reported by"}


@dataclass(frozen=True, slots=True)
class Relation:
    """A claim's link to another claim, and where the target's id is written."""

    kind: str
    target: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class ClaimDraft:
    """A parsed claim, the problems found in its own definition, and its relations' places."""

    claim: Claim
    problems: tuple[Problem, ...]
    relations: tuple[Relation, ...]


def _statement(raw: RawClaim, lines: list[str]) -> tuple[str, Claim]:
    """The statement's plain text and spans, from the first line and any text before the fields."""
    inline = markdown().parseInline(" ".join(part.strip() for part in [raw.text, *lines] if part.strip()))
    converted = convert_inline(inline[0].children if inline else None, citations=False)
    claim = Claim(raw.id, converted.text, raw.line, statement_spans=converted.spans)
    return converted.text, claim


def _relations(kind: str, value: str, line: int, column: int) -> tuple[list[Relation], list[Problem]]:
    """Targets of `contradicts: a, b`, each with its column."""
    relations, problems = [], []
    for match in re.finditer(r"[^,\s]+", value):
        target = match.group().removeprefix("[^").removesuffix("]")
        if not CLAIM_ID.fullmatch(target):
            problems.append(error(line, column + match.start(), f"{target!r} is not a claim id"))
            continue
        relations.append(Relation(kind, target, line, column + match.start()))
    return relations, problems


def parse_claim(raw: RawClaim) -> ClaimDraft:
    """The claim a definition describes; problems name the exact line and column."""
    problems: list[Problem] = []
    if not CLAIM_ID.fullmatch(raw.id):
        problems.append(error(raw.line, 3, f"claim id {raw.id!r} may use only letters, digits, '-', '_' and '.'"))
    statement_lines: list[str] = []
    fields: dict[str, tuple[str, int, int]] = {}
    for number, text in raw.continuation:
        match = _FIELD.match(text)
        if match is None:
            if text.strip() and fields:
                column = len(text) - len(text.lstrip()) + 1
                problems.append(error(number, column, "expected a claim field like '- status: reported'"))
            elif text.strip():
                statement_lines.append(text)
            continue
        name = match.group(1).strip().lower()
        name = _ALIASES.get(name, name.replace("_", " "))
        if name not in FIELDS:
            problems.append(warning(number, match.start(1) + 1, f"unknown claim field {match.group(1)!r}"))
            continue
        if name in fields:
            problems.append(error(number, match.start(1) + 1, f"claim field {name!r} given twice"))
            continue
        fields[name] = (match.group(2), number, match.start(2) + 1)
    statement, claim = _statement(raw, statement_lines)
    if not statement:
        problems.append(error(raw.line, raw.text_column, f"claim {raw.id!r} has no statement"))
    for required in ("claimant", "status"):
        if not fields.get(required, ("",))[0]:
            problems.append(error(raw.line, 1, f"claim {raw.id!r} has no {required}"))
    if not fields.get("reported by", ("",))[0]:
        problems.append(warning(raw.line, 1, f"claim {raw.id!r} does not say where it was reported ('reported by')"))
    values = {name: value for name, (value, _, _) in fields.items()}
    status: ClaimStatus | None = None
    if values.get("status"):
        value, line, column = fields["status"]
        try:
            status = ClaimStatus(value.lower())
        except ValueError:
            problems.append(error(line, column, f"unknown status {value!r}: use one of {STATUSES}"))
    grade: Grade | None = None
    if values.get("grade"):
        value, line, column = fields["grade"]
        match = GRADE.fullmatch(value.upper())
        if match:
            grade = Grade(match.group(1), int(match.group(2)))
        else:
            problems.append(
                error(line, column, f"invalid grade {value!r}: reliability A-F then credibility 1-6, like B2")
            )
    date: str | None = None
    if values.get("date"):
        value, line, column = fields["date"]
        if DATE.fullmatch(value):
            date = value
        else:
            problems.append(error(line, column, f"invalid date {value!r}: use YYYY-MM-DD, YYYY-MM or YYYY"))
    relations: list[Relation] = []
    for kind in ("contradicts", "supports"):
        if kind in fields:
            found, bad = _relations(kind, *fields[kind])
            relations += found
            problems += bad
    claim = replace(
        claim,
        claimant=values.get("claimant", ""),
        reported_by=values.get("reported by", ""),
        status=status,
        date=date,
        grade=grade,
        contradicts=tuple(r.target for r in relations if r.kind == "contradicts"),
        supports=tuple(r.target for r in relations if r.kind == "supports"),
    )
    return ClaimDraft(claim, tuple(problems), tuple(relations))
