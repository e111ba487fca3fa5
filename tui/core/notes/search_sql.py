"""A search of every note said in SQL: the FTS5 match, the filters, a page, a count, the tags (the store runs them)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

from tui.core.brief.scan import slug
from tui.core.notes.note_query import MAX_TERMS, NoteQuery, Order
from tui.core.notes.search_index import tags_text
from tui.core.notes.snippet import tag_key
from tui.core.notes.store_rows import COLUMNS

# A tag (json_each's `value`) as the tag filter compares it (`snippet.tag_key`): a tag of printable ASCII
# without spaces (nearly all) folded by SQLite's lower(), the same for it, the others in Python; Python
# for each of 150,000 tags doubled the tag counts (172 ms to 345) and `russia #follow-up` (93 to 211).
# As bytes to Python: a tag another program wrote that is not UTF-8 failed the function, and every tag filter.
TAG_KEY = "(CASE WHEN value GLOB '*[^!-~]*' THEN note_fold(CAST(value AS BLOB)) ELSE lower(value) END)"


def _utc_start(day: str) -> str:
    """The UTC time (as the store writes times) at which the user's local day begins."""
    try:
        local = datetime.combine(date.fromisoformat(day), time()).astimezone()
        return local.astimezone(UTC).isoformat(timespec="microseconds")
    except (ValueError, OverflowError):  # year 1 or 9999: a day from the local zone is out of range
        return f"{day}T00:00:00"


def _until(day: str) -> str:
    """The UTC time at which the user's local day `day` ends (the next day's start)."""
    last = date.fromisoformat(day)
    return "9999-12-31T99" if last == date.max else _utc_start((last + timedelta(days=1)).isoformat())


def fts_match(query: NoteQuery) -> str:
    """The FTS5 query for the words and phrases: every one must match, in the note, its quote or its tags.

    Each is an FTS5 string (quotes doubled), so nothing typed is FTS5 syntax (AND, NEAR, `*`,
    column names); a word is matched as a prefix.
    """
    terms = [f'"{word.replace(chr(34), chr(34) * 2)}"*' for word in query.words]
    terms += [f'"{phrase.replace(chr(34), chr(34) * 2)}"' for phrase in query.phrases]
    return "{note quote tags} : (" + " AND ".join(terms) + ")"


def _fts_any(words: tuple[str, ...]) -> str:
    """The FTS5 query for any of these words (each the start of a word) in the note, its quote or its tags."""
    return "{note quote tags} : (" + " OR ".join(f'"{word.replace(chr(34), chr(34) * 2)}"*' for word in words) + ")"


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
    # A section by its id or its title as shown ("Causes", "China's role": their ids are their slugs).
    any_of(
        "a.section", "sections", tuple(dict.fromkeys(form for name in query.sections for form in (name, slug(name))))
    )
    for number, tag in enumerate(query.tags[:MAX_TERMS]):  # each a subquery: SQLite's expression depth is bounded
        # Folded in Python (`note_fold`: case and accents aside for every letter): NOCASE folds ASCII only.
        clauses.append(f"EXISTS (SELECT 1 FROM {_TAGS} WHERE {TAG_KEY} = :tag{number})")
        parameters[f"tag{number}"] = tag_key(tag)
    if query.since:
        clauses.append("a.updated >= :since")
        parameters["since"] = _utc_start(query.since)
    if query.until:
        clauses.append("a.updated < :until")
        parameters["until"] = _until(query.until)
    if query.only is not None:
        any_of("a.id", "only", tuple(sorted(query.only)))
        if not query.only:
            clauses.append("0")
    return " AND ".join(clauses), parameters


def scan_condition(query: NoteQuery) -> tuple[str, dict[str, object]]:
    """Where there is no full-text index: each word and phrase found anywhere in the note, quote or tags.

    LIKE matches inside words and ignores letter case for ASCII letters only: said to the user.
    """
    condition, parameters = _scan(query.terms, "term", every=True)
    return condition or "1", parameters


def _scan(terms: tuple[str, ...], name: str, *, every: bool = False) -> tuple[str, dict[str, object]]:
    """LIKE conditions finding each term (`every`) or any of them in the note, quote or tags."""
    clauses: list[str] = []
    parameters: dict[str, object] = {}
    for number, term in enumerate(terms):
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        parameters[f"{name}{number}"] = f"%{escaped}%"
        each = (f"{column} LIKE :{name}{number} ESCAPE '\\'" for column in ("a.note", "a.quote", tags_text("a.tags")))
        clauses.append("(" + " OR ".join(each) + ")")
    return (" AND " if every else " OR ").join(clauses), parameters


SELECTED = ", ".join(f"a.{column}" for column in COLUMNS.split(", "))
# bm25's weights, one per column of the index: the two kept to match rows count for nothing; a word in
# the note itself counts most, then in a tag, then in the brief's text quoted.
RANK = "bm25(note_search, 0.0, 0.0, 4.0, 1.0, 2.0)"


def _matching(query: NoteQuery, *, indexed: bool) -> tuple[str, dict[str, object]]:
    """The FROM and WHERE clauses of the notes that match, and their parameters."""
    where, parameters = filters(query)
    if query.excluded and indexed:
        where += " AND a.rowid NOT IN (SELECT rowid FROM note_search WHERE note_search MATCH :excluded)"
        parameters["excluded"] = _fts_any(query.excluded)
    elif query.excluded:
        condition, more = _scan(query.excluded, "excluded")
        where, parameters = f"{where} AND NOT ({condition})", parameters | more
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
    """Every tag of the live notes and how many notes have it, most used first; letter case aside, as the
    tag filter finds them ("Follow-Up" and "follow-up" are one tag, under one of its spellings)."""
    return f"""SELECT value, count(*) FROM annotation AS a, {_TAGS}
        WHERE a.deleted IS NULL AND a.tags != '[]' AND typeof(value) = 'text'
        GROUP BY {TAG_KEY}
        ORDER BY count(*) DESC, value LIMIT 10000"""
