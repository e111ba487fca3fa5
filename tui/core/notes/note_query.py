"""What to look for among every note: a query typed as words and `key:value` filters, and the SQL it becomes.

Typed: words (each matched as the start of a word: `troop` finds "troops"),
"quoted phrases", and filters: `#tag` or `tag:T` (every one given), `colour:C`,
`brief:ID`, `section:ID` (any one given), `since:DATE`, `until:DATE` (a day
`2026-11-30`, a month `2026-11`, `today`, `yesterday`, or `7d` / `2w` ago), and
`is:orphan` (notes that lost their place). A word with a colon that is no filter
(`http://…`) is a word. Parsing never fails: what cannot be read is said
(`Parsed.problems`) and left out.
"""

from __future__ import annotations

import enum
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from tui.core.notes.annotation import COLOURS
from tui.core.notes.store_rows import COLUMNS

MAX_TERMS = 32  # words and phrases a search uses: a pasted paragraph is not thousands of FTS terms
MAX_TERM = 100  # characters of one word or phrase
_COLOUR_NAMES = {"color": "colour", "colour": "colour"}
_FILTER = re.compile(r"(?P<key>#|[a-z]+:)(?P<value>\S+)$")
_RELATIVE = re.compile(r"(?P<count>\d{1,4})(?P<unit>[dw])$")


class Order(enum.Enum):
    """How matches are listed: the best first (ranked, or newest when there are no words), newest, by brief."""

    BEST = "best"
    NEWEST = "newest"
    BRIEF = "brief"


@dataclass(frozen=True, slots=True)
class NoteQuery:
    """A search of every note: text to match and filters, all of which a note must pass."""

    words: tuple[str, ...] = ()  # each the start of a word in the note, its quote or its tags
    phrases: tuple[str, ...] = ()  # each as it is, its words in order
    briefs: tuple[str, ...] = ()  # brief keys (`id:…`, `path:…`): any of them
    tags: tuple[str, ...] = ()  # every one of them (letter case aside)
    colours: tuple[str, ...] = ()  # any of them
    sections: tuple[str, ...] = ()  # section ids: any of them
    since: str = ""  # a day, YYYY-MM-DD: changed on it or after (the user's local day)
    until: str = ""  # a day: changed on it or before
    orphans: bool = False  # only notes that lost their place: `only` holds their ids, once known
    only: frozenset[str] | None = None  # only these note ids (None: any)
    order: Order = Order.BEST

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def terms(self) -> tuple[str, ...]:
        """The words and phrases, for marking matches in a snippet."""
        return self.words + self.phrases

    def typed(self) -> str:
        """The query as it could be typed again (for a title, a shell history)."""
        parts = [*self.words, *(f'"{phrase}"' for phrase in self.phrases)]
        parts += [f"#{tag}" for tag in self.tags] + [f"colour:{colour}" for colour in self.colours]
        parts += [f"brief:{brief.removeprefix('id:')}" for brief in self.briefs]
        parts += [f"section:{section}" for section in self.sections]
        parts += [f"since:{self.since}"] * bool(self.since) + [f"until:{self.until}"] * bool(self.until)
        return " ".join(parts + ["is:orphan"] * self.orphans)


@dataclass(frozen=True, slots=True)
class Parsed:
    """A typed query read: the query, and what in it could not be read (to say, not to fail)."""

    query: NoteQuery
    problems: tuple[str, ...] = field(default=())


def parse(typed: str, today: date | None = None) -> Parsed:
    """The query a person typed, read leniently (see the module's docstring)."""
    today = today or date.today()
    words: list[str] = []
    phrases: list[str] = []
    filters: dict[str, list[str]] = {"tag": [], "colour": [], "brief": [], "section": []}
    since = until = ""
    orphans = False
    problems: list[str] = []
    for quoted, bare in re.findall(r'"([^"]*)"?|(\S+)', typed[:10_000]):
        if quoted:
            if _has_word(quoted):
                phrases.append(" ".join(quoted.split())[:MAX_TERM])
            continue
        match = _FILTER.match(bare)
        key = "tag" if match and match["key"] == "#" else (match["key"][:-1] if match else "")
        key = _COLOUR_NAMES.get(key, key)
        if match is None or key not in (*filters, "since", "until", "is"):
            if _has_word(bare):
                words.append(bare[:MAX_TERM])
            continue
        value = match["value"]
        if key == "is":
            if value.lower() in ("orphan", "orphans", "orphaned"):
                orphans = True
            else:
                problems.append(f"is:{value} is not a filter (is:orphan is)")
        elif key in ("since", "until"):
            day = _day(value, today, end=key == "until")
            if day is None:
                problems.append(f"{key}:{value} is not a date (2026-11-30, 2026-11, today, 7d or 2w)")
            elif key == "since":
                since = day
            else:
                until = day
        elif key == "colour" and value.lower() not in COLOURS:
            problems.append(f"colour:{value} is not one of {', '.join(COLOURS)}")
        else:
            filters[key].append(value.lower() if key == "colour" else value)
    if len(words) + len(phrases) > MAX_TERMS:
        problems.append(f"only the first {MAX_TERMS} words are searched for")
        words = words[:MAX_TERMS]
        phrases = phrases[: max(0, MAX_TERMS - len(words))]
    query = NoteQuery(
        words=tuple(words),
        phrases=tuple(phrases),
        briefs=tuple(brief if brief.startswith(("id:", "path:")) else f"id:{brief}" for brief in filters["brief"]),
        tags=tuple(filters["tag"]),
        colours=tuple(filters["colour"]),
        sections=tuple(filters["section"]),
        since=since,
        until=until,
        orphans=orphans,
    )
    return Parsed(query, tuple(problems))


def _has_word(text: str) -> bool:
    """Whether text holds a letter or digit: punctuation alone is no word to search for."""
    return any(character.isalnum() for character in text)


def _day(value: str, today: date, *, end: bool) -> str | None:
    """A date filter's day (YYYY-MM-DD), or None if it is none; a month is its first day (its last: `end`)."""
    lowered = value.lower()
    if lowered == "today":
        return today.isoformat()
    if lowered == "yesterday":
        return (today - timedelta(days=1)).isoformat()
    if relative := _RELATIVE.match(lowered):
        days = int(relative["count"]) * (7 if relative["unit"] == "w" else 1)
        return (today - timedelta(days=days)).isoformat() if days <= 100_000 else None
    try:
        if re.fullmatch(r"\d{4}-\d{2}", value):
            first = date.fromisoformat(f"{value}-01")
            if not end:
                return first.isoformat()
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return (following - timedelta(days=1)).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value).isoformat()
    except ValueError:
        return None
    return None


def _utc_start(day: str) -> str:
    """The UTC time (as the store writes times) at which the user's local day begins."""
    local = datetime.combine(date.fromisoformat(day), time()).astimezone()
    return local.astimezone(UTC).isoformat(timespec="microseconds")


def fts_match(query: NoteQuery) -> str:
    """The FTS5 query for the words and phrases: every one must match, in the note, its quote or its tags.

    Each is an FTS5 string (quotes doubled), so nothing typed is FTS5 syntax (AND, NEAR, `*`,
    column names); a word is matched as a prefix.
    """
    terms = [f'"{word.replace(chr(34), chr(34) * 2)}"*' for word in query.words]
    terms += [f'"{phrase.replace(chr(34), chr(34) * 2)}"' for phrase in query.phrases]
    return "{note quote tags} : (" + " AND ".join(terms) + ")"


# A note's tags as a JSON array to read with json_each: a value that is not one reads as no tags.
_TAGS = "json_each(CASE WHEN json_valid(a.tags) AND json_type(a.tags) = 'array' THEN a.tags ELSE '[]' END)"


def filters(query: NoteQuery) -> tuple[str, dict[str, object]]:
    """The SQL condition (over `annotation AS a`) of the query's filters, and its named parameters."""
    clauses = ["a.deleted IS NULL"]
    parameters: dict[str, object] = {}

    def any_of(column: str, name: str, values: tuple[str, ...]) -> None:
        if values:
            clauses.append(f"{column} IN (SELECT value FROM json_each(:{name}))")
            parameters[name] = json.dumps(list(values))

    any_of("a.brief", "briefs", query.briefs)
    any_of("a.colour", "colours", query.colours)
    any_of("a.section", "sections", query.sections)
    for number, tag in enumerate(query.tags):
        clauses.append(f"EXISTS (SELECT 1 FROM {_TAGS} WHERE value = :tag{number} COLLATE NOCASE)")
        parameters[f"tag{number}"] = tag
    if query.since:
        clauses.append("a.updated >= :since")
        parameters["since"] = _utc_start(query.since)
    if query.until:
        clauses.append("a.updated < :until")
        parameters["until"] = _utc_start((date.fromisoformat(query.until) + timedelta(days=1)).isoformat())
    if query.only is not None:
        any_of("a.id", "only", tuple(sorted(query.only)))
        if not query.only:
            clauses.append("0")
    return " AND ".join(clauses), parameters


def scan_condition(query: NoteQuery) -> tuple[str, dict[str, object]]:
    """Where there is no full-text index: each word and phrase found anywhere in the note, quote or tags.

    LIKE matches inside words and ignores letter case for ASCII letters only: said to the user.
    """
    clauses: list[str] = []
    parameters: dict[str, object] = {}
    for number, term in enumerate(query.terms):
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        parameters[f"term{number}"] = f"%{escaped}%"
        each = (f"a.{column} LIKE :term{number} ESCAPE '\\'" for column in ("note", "quote", "tags"))
        clauses.append("(" + " OR ".join(each) + ")")
    return " AND ".join(clauses) or "1", parameters


SELECTED = ", ".join(f"a.{column}" for column in COLUMNS.split(", "))
# bm25's weights, one per column of the index: the two kept to match rows count for nothing; a word in
# the note itself counts most, then in a tag, then in the brief's text quoted.
RANK = "bm25(note_search, 0.0, 0.0, 4.0, 1.0, 2.0)"


def _matching(query: NoteQuery, *, indexed: bool) -> tuple[str, dict[str, object]]:
    """The FROM and WHERE clauses of the notes that match, and their parameters."""
    where, parameters = filters(query)
    if query.has_text and indexed:
        parameters["match"] = fts_match(query)
        # By rowid, the index trusted to be in step (checked once a session: `Store.check_index`): matching
        # ids and times too took 218 ms against 65 for 75,000 matches of 100,000 notes.
        joined = "note_search JOIN annotation AS a ON a.rowid = note_search.rowid"
        return f"{joined} WHERE note_search MATCH :match AND {where}", parameters
    if query.has_text:
        condition, more = scan_condition(query)
        where, parameters = f"{where} AND {condition}", parameters | more
    return f"annotation AS a WHERE {where}", parameters


def page_sql(query: NoteQuery, *, indexed: bool) -> tuple[str, dict[str, object]]:
    """One page of matches (`:limit` rows from `:offset`): rows of COLUMNS, then a rank; and the parameters."""
    matching, parameters = _matching(query, indexed=indexed)
    ranked = query.has_text and indexed
    order = {
        Order.NEWEST: "a.updated DESC, a.id",
        Order.BRIEF: "a.brief, a.created, a.id",
        Order.BEST: f"{RANK}, a.updated DESC, a.id" if ranked else "a.updated DESC, a.id",
    }[query.order]
    rank = RANK if ranked else "0.0"
    return f"SELECT {SELECTED}, {rank} FROM {matching} ORDER BY {order} LIMIT :limit OFFSET :offset", parameters


def count_sql(query: NoteQuery, *, indexed: bool) -> tuple[str, dict[str, object]]:
    """How many notes match (every page together), and the parameters."""
    matching, parameters = _matching(query, indexed=indexed)
    return f"SELECT count(*) FROM {matching}", parameters


def tags_sql() -> str:
    """Every tag of the live notes and how many notes have it, most used first."""
    return f"""SELECT value, count(*) FROM annotation AS a, {_TAGS}
        WHERE a.deleted IS NULL AND a.tags != '[]' AND typeof(value) = 'text'
        GROUP BY value ORDER BY count(*) DESC, value LIMIT 10000"""
