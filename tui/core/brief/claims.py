"""Read a claim definition (`[^id]: statement` and its indented fields) into a Claim."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tui.core.brief.blocks import markdown
from tui.core.brief.dates import DATE_FORMS, is_date
from tui.core.brief.inline import CLAIM_ID_MOST, convert_inline
from tui.core.brief.model import CLAIM_FIELDS, Claim, ClaimStatus, Grade
from tui.core.brief.scan import RawClaim
from tui.core.brief.suggest import did_you_mean
from tui.core.outside.problems import Problem, error, warning

CLAIM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
GRADE = re.compile(r"([A-F])([1-6])")
STATUSES = ", ".join(status.value for status in ClaimStatus)
# "- name: value", with its indentation; and "name: value" without the list marker.
# (A name may be bold, as some write it: "- **Claimant:** X" or "- **claimant**: X".)
# The name is bounded: unbounded, a line of spaces after "- a" backtracked for seconds.
_NAME = r"(?:\*\*|__)?([A-Za-z][A-Za-z _-]{0,40}?)[ \t]*(?::(?:\*\*|__)?|(?:\*\*|__)[ \t]*:)"
_FIELD = re.compile(r"([ \t]*)[-*+][ \t]+" + _NAME + r"[ \t]*(.*?)[ \t]*$")
_BARE_FIELD = re.compile(r"([ \t]*)" + _NAME + r"[ \t]*(.*?)[ \t]*$")


def _field_name(raw: str) -> str:
    """A field name as the vocabulary spells it: "Reported_By" is "reported by"."""
    return re.sub(r"[ _-]+", " ", raw.strip().lower())


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
    id_column: int
    problems: tuple[Problem, ...]
    relations: tuple[Relation, ...]


def _plain(value: str) -> str:
    """A field's value as plain text: inline markdown such as `*emphasis*` or a link removed."""
    if not value:
        return value
    tokens = markdown().parseInline(value)
    return convert_inline(tokens[0].children if tokens else None).text


def _statement(raw: RawClaim, lines: list[str]) -> Claim:
    """The claim with its statement: the first line and any lines before the fields."""
    source = " ".join(part.strip() for part in [raw.text, *lines] if part.strip())
    tokens = markdown().parseInline(source)
    converted = convert_inline(tokens[0].children if tokens else None)
    ignores = tuple(dict.fromkeys(code for _, codes in converted.pragmas for code in codes))
    return Claim(raw.id, converted.text, raw.line, statement_spans=converted.spans, ignores=ignores)


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


def _read_fields(raw: RawClaim) -> tuple[list[str], dict[str, tuple[str, int, int]], list[Problem]]:
    """The statement's further lines, each field's (value, line, column), and layout problems."""
    statement: list[str] = []
    fields: dict[str, tuple[str, int, int]] = {}
    problems: list[Problem] = []
    last: str | None = None  # the field a wrapped line continues
    last_indent = 0
    for number, text in raw.continuation:
        if not text.strip():
            continue
        listed = _FIELD.match(text)
        bare = None if listed else _BARE_FIELD.match(text)
        match = listed or (bare if bare and _field_name(bare.group(2)) in CLAIM_FIELDS else None)
        if match is None:
            indent = len(text) - len(text.lstrip())
            if last is not None and indent > last_indent + 1:
                # A value wrapped onto the next line, indented under its field.
                value, line, column = fields[last]
                fields[last] = (f"{value} {text.strip()}", line, column)
            elif fields:
                problems.append(error(number, indent + 1, "expected a claim field like '    - status: reported'"))
            else:
                statement.append(text)
            continue
        name, column = _field_name(match.group(2)), match.start(2) + 1
        if bare:
            problems.append(error(number, column, f"write the claim field as a list item: '    - {name}: ...'"))
        elif not text.startswith(("    ", "\t")):
            problems.append(error(number, 1, "indent claim fields by four spaces, so they stay in the footnote"))
        if name not in CLAIM_FIELDS:
            hint = did_you_mean(name, CLAIM_FIELDS)
            problems.append(warning(number, column, f"unknown claim field {match.group(2).strip()!r}{hint}"))
        elif name in fields:
            problems.append(error(number, column, f"claim field {name!r} given twice"))
        else:
            fields[name] = (match.group(3), number, match.start(3) + 1)
            last, last_indent = name, len(match.group(1).expandtabs(4))
    return statement, fields, problems


def parse_claim(raw: RawClaim) -> ClaimDraft:
    """The claim a definition describes; problems name the exact line and column."""
    problems: list[Problem] = []
    if not CLAIM_ID.fullmatch(raw.id):
        shown = raw.id if len(raw.id) <= 60 else raw.id[:60] + "…"
        problems.append(
            error(raw.line, raw.id_column, f"claim id {shown!r} may use only ASCII letters, digits, '-', '_' and '.'")
        )
    elif len(raw.id) > CLAIM_ID_MOST:  # defined, it could never be cited: `[^...]` is read up to this length
        problems.append(
            error(raw.line, raw.id_column, f"claim id is {len(raw.id):,} characters long: at most {CLAIM_ID_MOST}")
        )
    statement_lines, fields, found = _read_fields(raw)
    problems += found
    claim = _statement(raw, statement_lines)
    if not claim.statement:
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
            hint = did_you_mean(value.lower(), [status.value for status in ClaimStatus])
            problems.append(error(line, column, f"unknown status {value!r}{hint}: use one of {STATUSES}"))
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
        if is_date(value):
            date = value
        else:
            problems.append(error(line, column, f"invalid date {value!r}: use a real date as {DATE_FORMS}"))
    relations: list[Relation] = []
    for kind in ("contradicts", "supports"):
        if kind in fields:
            linked, bad = _relations(kind, *fields[kind])
            relations += linked
            problems += bad
    contradicts = tuple(r.target for r in relations if r.kind == "contradicts")
    supports = tuple(r.target for r in relations if r.kind == "supports")
    for relation in relations:
        if relation.kind == "supports" and relation.target in contradicts:
            problems.append(
                error(
                    relation.line,
                    relation.column,
                    f"claim {raw.id!r} both supports and contradicts {relation.target!r}",
                )
            )
    claim = replace(
        claim,
        claimant=_plain(values.get("claimant", "")),
        reported_by=_plain(values.get("reported by", "")),
        status=status,
        date=date,
        grade=grade,
        contradicts=contradicts,
        supports=supports,
    )
    return ClaimDraft(claim, raw.id_column, tuple(problems), tuple(relations))
