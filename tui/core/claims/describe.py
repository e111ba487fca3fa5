"""A claim told in short pieces: its label (`¹² kim-lifeline`), a short claimant, where it is cited."""

from __future__ import annotations

import re
from collections.abc import Callable

from tui.core.brief.model import Claim
from tui.core.display.markers import marker

ELLIPSIS = "…"
ROW_TEXT = 400  # characters of a statement looked at for a row: a 1 MB statement costs a row no more
_SPACES = re.compile(r"\s+")
ACTOR_CHARACTERS = 200  # of a claimant or an outlet, looked at to tell actors apart
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9&.-]{1,11})\)\s*$")  # "... Intelligence Service (NIS)"
_TITLE = re.compile(  # what stands before a person's name
    r"(?:[A-Z][a-z]{0,4}\.|President|Minister|Secretary|General|Colonel|Admiral|Senator|Ambassador|Chancellor|Sir)$"
)
_NAME_WORD = re.compile(r"[A-Z][\w.'’-]*$")  # "Lt.", "Gen.", "Kyrylo", "Budanov"


def claim_label(number: int | None, claim_id: str) -> str:
    """A claim's one identity, as the reader and the export show it: its marker and its id (`¹² kim-lifeline`)."""
    return f"{marker(number)} {claim_id}" if number is not None else claim_id


def one_line(text: str, limit: int = ROW_TEXT) -> str:
    """The start of `text` on one line, white space (newlines, tabs) made single spaces, at most `limit` long."""
    return _SPACES.sub(" ", text[: limit * 2]).strip()[:limit]


def actor_key(name: str) -> str:
    """What makes two actors (claimants, outlets) one: the same name once trimmed, its spaces made one,
    case folded, its first ACTOR_CHARACTERS looked at. Nothing more is guessed: "the Kremlin" and
    "Dmitry Peskov, Kremlin spokesman" stay two."""
    return one_line(name, ACTOR_CHARACTERS).casefold()


def cut(text: str, cells: int) -> str:
    """`text` in at most `cells` characters, ending with `…` if cut (after a whole word, if one ends past half)."""
    if cells <= 0:
        return ""
    if len(text) <= cells:
        return text
    kept = text[: cells - 1]
    space = kept.rfind(" ")
    if text[cells - 1] != " " and space >= cells // 2:
        kept = kept[:space]
    return kept.rstrip() + ELLIPSIS


def short_claimant(claimant: str, cells: int) -> str:
    """Who made the claim in at most `cells` characters, the part that names them kept.

    "Lt. Gen. Kyrylo Budanov, head of Ukraine's Defense Intelligence Directorate" gives "Budanov"
    in 14 cells: the part before the first comma, then a name's last word, or an acronym in
    brackets ("... Service (NIS)" gives "NIS"); otherwise the start, cut with "…".
    """
    text = one_line(claimant, 200)
    if len(text) <= cells:
        return text
    head = text.split(",", 1)[0].strip()
    if head.lower().startswith("the "):
        head = head[4:]
    if len(head) <= cells:
        return head
    if (acronym := _ACRONYM.search(head)) and len(acronym.group(1)) <= cells:
        return acronym.group(1)
    words = head.split()
    # A person's name, told by a title before it ("Lt. Gen.") or a role after it ("..., Defense
    # Secretary"): the surname. Not otherwise: "Orbital Watch" and "Coastal Herald" are no "Watch", "Herald".
    person = _TITLE.match(words[0]) is not None or "," in text
    if person and 1 < len(words) <= 5 and all(_NAME_WORD.match(w) for w in words) and len(words[-1]) <= cells:
        return words[-1]
    return cut(head, cells)


def cited_places(claim: Claim, title_of: Callable[[str], str]) -> list[tuple[str, int]]:
    """The sections that cite the claim, in reading order of its citations, each once with how many times."""
    places: dict[str, int] = {}
    for reference in claim.references:
        places[reference.section_id] = places.get(reference.section_id, 0) + 1
    return [(title_of(section_id), count) for section_id, count in places.items()]


def cited_summary(claim: Claim, title_of: Callable[[str], str], places_shown: int = 12) -> str:
    """ "cited 3 times: Motives, China's role (2)", or "never cited"; past `places_shown` sections, "and N more"."""
    count = len(claim.references)
    if not count:
        return "never cited"
    places = cited_places(claim, title_of)
    named = [f"{title} ({times})" if times > 1 else title for title, times in places[:places_shown]]
    if len(places) > places_shown:
        named.append(f"and {len(places) - places_shown:,} more sections")
    times = "once" if count == 1 else f"{count:,} times"
    return f"cited {times}: " + ", ".join(named)
