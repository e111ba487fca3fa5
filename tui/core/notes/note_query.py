"""What to look for among every note: a query typed as words and `key:value` filters, and the SQL it becomes.

Typed: words (each matched as the start of a word: `troop` finds "troops"),
"quoted phrases", `-word` (no note holding it), and filters: `#tag` or `tag:T` (every one given;
`#"a tag"` with spaces), `colour:C`,
`brief:ID`, `section:ID` (its id or title; any one given), `since:DATE`, `until:DATE` (a day
`2026-11-30`, a month `2026-11`, `today`, `yesterday`, or `7d` / `2w` ago), and
`is:orphan` (notes that lost their place). A word with a colon that is no filter
(`http://…`) is a word. Parsing never fails: what cannot be read is said
(`Parsed.problems`) and left out.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from tui.core.notes.annotation import COLOURS

MAX_TERMS = 32  # words and phrases a search uses: a pasted paragraph is not thousands of FTS terms
MAX_TERM = 100  # characters of one word or phrase
_COLOUR_NAMES = {"color": "colour", "colour": "colour"}
_FILTER = re.compile(r"(?P<key>#|[a-z]+:)(?P<value>\S+)$")
# A filter with a quoted value (`#"a tag"`, `section:"Key judgements"`), a "phrase", or a word.
_TOKENS = re.compile(r'(#|[a-z]+:)"((?:[^"]|"")*)"?|"([^"]*)"?|(\S+)')
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
    excluded: tuple[str, ...] = ()  # `-word`: no note holding a word that starts so (nor its quote, tags)
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
        parts = [*self.words, *(f'"{phrase}"' for phrase in self.phrases), *(f"-{word}" for word in self.excluded)]
        parts += [tag_typed(tag) for tag in self.tags] + [f"colour:{colour}" for colour in self.colours]
        parts += [f"brief:{brief.removeprefix('id:')}" for brief in self.briefs]
        parts += [f'section:"{section}"' if " " in section else f"section:{section}" for section in self.sections]
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
    excluded: list[str] = []
    filters: dict[str, list[str]] = {"tag": [], "colour": [], "brief": [], "section": []}
    since = until = ""
    orphans = False
    problems: list[str] = []
    for key_quoted, value_quoted, quoted, bare in _TOKENS.findall(typed[:10_000]):
        word = bare
        if key_quoted:  # #"a tag with spaces", section:"Key judgements": quotes inside doubled
            key = "tag" if key_quoted == "#" else _COLOUR_NAMES.get(key_quoted[:-1], key_quoted[:-1])
            if key in filters:
                filters[key].append(value_quoted.replace('""', '"'))
                continue
            word = f"{key_quoted}{value_quoted}"  # since:"…", is:"…", http:"…": read without the quotes
        if quoted:
            if _has_word(quoted):
                phrases.append(" ".join(quoted.split())[:MAX_TERM])
            else:
                problems.append(f'"{quoted[:40]}" has no letter or digit to look for')
            continue
        match = _FILTER.match(word)
        key = "tag" if match and match["key"] == "#" else (match["key"][:-1] if match else "")
        key = _COLOUR_NAMES.get(key, key)
        if match is None or key not in (*filters, "since", "until", "is"):
            if word.startswith("-") and _has_word(word[1:]):
                excluded.append(word[1:MAX_TERM])
            elif _has_word(word):
                words.append(word[:MAX_TERM])
            elif word != "#":
                problems.append(f"{word[:40]} has no letter or digit to look for")
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
    if len(filters["tag"]) > MAX_TERMS:
        problems.append(f"too many tags: a search takes at most {MAX_TERMS} (the first are used)")
        filters["tag"] = filters["tag"][:MAX_TERMS]
    excluded = excluded[:MAX_TERMS]
    if len(words) + len(phrases) > MAX_TERMS:
        problems.append(f"too many words: a search takes at most {MAX_TERMS} (the first are used)")
        words = words[:MAX_TERMS]
        phrases = phrases[: max(0, MAX_TERMS - len(words))]
    query = NoteQuery(
        words=tuple(words),
        phrases=tuple(phrases),
        excluded=tuple(excluded),
        briefs=tuple(brief if brief.startswith(("id:", "path:")) else f"id:{brief}" for brief in filters["brief"]),
        tags=tuple(filters["tag"]),
        colours=tuple(filters["colour"]),
        sections=tuple(filters["section"]),
        since=since,
        until=until,
        orphans=orphans,
    )
    return Parsed(query, tuple(problems))


def tag_typed(tag: str) -> str:
    """A tag as a query says it: `#tag`, or `#"a tag"` when it holds white space or quotes (doubled)."""
    if not tag or '"' in tag or any(character.isspace() for character in tag):
        return '#"' + tag.replace('"', '""') + '"'
    return f"#{tag}"


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
            if first.month == 12:  # its last day, without the next month's first (9999-12 has none)
                return first.replace(day=31).isoformat()
            following = date(first.year, first.month + 1, 1)
            return (following - timedelta(days=1)).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value).isoformat()
    except ValueError:
        return None
    return None
