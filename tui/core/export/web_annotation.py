"""Notes as W3C Web Annotations (JSON-LD), and back: what `briefing export --format json` and `import` speak.

One Annotation per note: a TextualBody for the note (markdown), one tagging
TextualBody per tag, and a target whose source is the brief and whose selectors
are the note's section (a FragmentSelector) refined by a TextQuoteSelector (the
quote and its surroundings) or by a TextPositionSelector (its offsets in the
section's text). The colour is the target's CSS style class. Reading checks
everything before anything is used: a file is taken whole or refused whole,
and bounds what a note may hold (the `MAX_` limits below), naming what it refuses.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, unquote_to_bytes, urlsplit

from tui.core.brief.dates import utc_time
from tui.core.export.provenance import ExportedBrief
from tui.core.notes.annotation import COLOURS, Anchor, Annotation, path_key
from tui.core.notes.limits import MAX_CONTEXT, MAX_NOTE, MAX_QUOTE, MAX_TAG, MAX_TAGS
from tui.core.outside.problems import error
from tui.core.outside.visible import printable

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
BRIEF_URN = "urn:briefing-reader:brief:"
NOTE_URN = "urn:uuid:"
FRAGMENT_SPEC = "http://tools.ietf.org/rfc/rfc3986"
MAX_IMPORT_BYTES = 200 * 1024 * 1024  # 200 MiB: some 200,000 notes
MAX_OFFSET = 1 << 31  # no section is longer: a brief is at most 20 MiB
# What one imported note may hold: far more than anyone writes, small enough that showing,
# anchoring and exporting it stays quick (a 30 MB note froze the reader for 24 s).
MAX_ANNOTATIONS = 200_000  # in one file
MAX_ID = 1_000  # characters of a note's id, or of a section's
MAX_IRI = 16_384  # characters of the brief's IRI (a file: URI holds a path of up to 4,096 bytes, escaped)
SHOWN = 80  # characters of an id or IRI quoted in a message
LINE_MISSES = 8  # ids not found in the file before the line of a refused annotation is given up
HIGHLIGHT_CSS = {
    "yellow": "#fff59d",
    "green": "#c5e1a5",
    "blue": "#90caf9",
    "pink": "#f8bbd0",
    "purple": "#ce93d8",
}
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


# Writing


def source_iri(key: str) -> str:
    """The brief a note belongs to, as an IRI: its id as a URN, or its file as a file: URI."""
    kind, _, value = key.partition(":")
    if kind == "id":
        return BRIEF_URN + quote(value, safe="")
    # The key keeps a byte of the name that is not UTF-8 as "\\xff" (see `path_key`): the URI
    # carries the byte itself, percent-encoded, as any file: URI of that file would.
    raw = re.sub(rb"\\x([0-9a-f]{2})", lambda byte: bytes([int(byte.group(1), 16)]), value.encode("utf-8"))
    return Path(os.fsdecode(raw)).as_uri()


def _note_iri(annotation_id: str) -> str:
    return NOTE_URN + annotation_id if _UUID.fullmatch(annotation_id) else annotation_id


_RULES = " ".join(f".{name} {{ background-color: {colour}; }}" for name, colour in HIGHLIGHT_CSS.items())


def _stylesheet() -> dict[str, str]:
    return {"type": "CssStylesheet", "value": _RULES}


def web_annotation(annotation: Annotation, source: str) -> dict[str, Any]:
    """One note as a Web Annotation."""
    anchor = annotation.anchor
    note = printable(annotation.note)
    bodies: list[dict[str, str]] = []
    if note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "format": "text/markdown", "value": note})
    tags = dict.fromkeys(filter(None, map(printable, annotation.tags)))  # as an import reads them: once each
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in tags]
    section = printable(anchor.section)
    quote_selector = {
        "type": "TextQuoteSelector",
        "exact": printable(anchor.quote),
        # No more surroundings than an import reads (a store from an older version may hold more).
        "prefix": printable(anchor.prefix[-MAX_CONTEXT:]),
        "suffix": printable(anchor.suffix[:MAX_CONTEXT]),
    }
    position = {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end}
    item: dict[str, Any] = {
        "id": _note_iri(annotation.id),
        "type": "Annotation",
        "motivation": "commenting" if note else "highlighting",
        "created": annotation.created,
        "modified": annotation.updated,
    }
    if bodies:
        item["body"] = bodies
    item["target"] = {
        "source": source,
        "styleClass": annotation.colour,
        "selector": [
            {"type": "FragmentSelector", "conformsTo": FRAGMENT_SPEC, "value": section, "refinedBy": quote_selector},
            {"type": "FragmentSelector", "conformsTo": FRAGMENT_SPEC, "value": section, "refinedBy": position},
        ],
    }
    item["stylesheet"] = _stylesheet()
    return item


def json_export(exported: ExportedBrief, annotations: Iterable[Annotation]) -> str:
    """A brief's notes as one AnnotationCollection, in the order given. Deterministic, like the markdown."""
    source = source_iri(exported.key)
    items = [web_annotation(annotation, source) for annotation in annotations]
    return collection_text(f"Notes on {exported.brief.title}", exported.exported_at, items)


def collection_text(label: str, generated: str, items: list[dict[str, Any]]) -> str:
    """Web Annotations as one AnnotationCollection, one annotation a line (each keeps its own source)."""
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": printable(label),
        "generator": {"type": "Software", "name": "Briefing Reader"},
        "generated": generated,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": []},
    }
    # Indented, but one annotation per line: a diff shows which notes changed, an import error
    # names the note's line, and each line is written by json's C encoder (indenting is not).
    # ensure_ascii: every character outside ASCII escaped, so no tool can take the file for another encoding.
    head = json.dumps(collection, indent=2, ensure_ascii=True)
    ending = "[]\n  }\n}"
    if not items or not head.endswith(ending):
        collection["first"]["items"] = items  # type: ignore[index]
        return json.dumps(collection, indent=2, ensure_ascii=True) + "\n"
    opening = head.removesuffix(ending) + "[\n"
    lines = ",\n".join("      " + json.dumps(item, ensure_ascii=True) for item in items)
    return opening + lines + "\n    ]\n  }\n}\n"


# Reading


class ImportProblem(Exception):
    """A file that cannot be imported: the problem, at the line it was found."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.problem = error(line, column, message)


class _Bad(Exception):
    """A problem in one annotation, before its place in the file is known."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _shown(text: str) -> str:
    """Text quoted in a message, printable and cut short: an id may be as long as the file."""
    return printable(text if len(text) <= SHOWN else text[:SHOWN] + "…")


def _bounded(value: str, what: str, limit: int) -> str:
    if len(value) > limit:
        raise _Bad(f"{what} is {len(value):,} characters long; at most {limit:,} can be imported")
    return value


def brief_key_of(source: object) -> str:
    """The store's brief key for a target's source (an IRI, or an object with one as its id)."""
    iri = source.get("id") if isinstance(source, dict) else source
    if not isinstance(iri, str) or not iri:
        raise _Bad("its target has no source (the brief it annotates)")
    _bounded(iri, "its target's source", MAX_IRI)
    if iri.startswith(BRIEF_URN) and len(iri) > len(BRIEF_URN):
        return "id:" + unquote(iri[len(BRIEF_URN) :])
    parts = urlsplit(iri)
    if parts.scheme == "file" and parts.path.startswith("/"):
        return path_key(unquote_to_bytes(parts.path))
    raise _Bad(f"its target's source {_shown(iri)!r} is not a brief (a {BRIEF_URN}… URN or an absolute file: URI)")


def _listed(value: object) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _types(value: dict[str, Any]) -> list[object]:
    return _listed(value.get("type") or value.get("@type"))


def _text(value: object, what: str, *, required: bool = False, limit: int = MAX_NOTE) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise _Bad(f"{what} must be a string")
    return printable(_bounded(value, what, limit))


def _offset(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_OFFSET:
        raise _Bad(f"{what} must be a whole number from 0 to {MAX_OFFSET:,}")
    return value


def latest_time() -> str:
    """The latest time an import takes, as the store writes times: a time to come would win over every
    edit made here until then (the later change wins), and importing the file again would undo them;
    a day's grace for clocks that differ. Asked once per import, not once per note."""
    return (datetime.now(UTC) + timedelta(days=1)).isoformat(timespec="microseconds")


def _time(value: object, what: str, latest: str) -> str:
    """A time as the store writes it (UTC, to the microsecond), so times compare as text; "" if none;
    _Bad past `latest`."""
    text = _text(value, what, limit=MAX_ID)
    if not text:
        return ""
    try:
        kept = utc_time(text)
    except ValueError as exc:  # not a time, or one outside the years 1 to 9999 once in UTC
        raise _Bad(f"{what} {exc}") from None
    if kept > latest:
        raise _Bad(f"{what} {text!r} is in the future: it would win over every later edit made here")
    return kept


def _selectors(target: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(section id, refining selector) for each FragmentSelector of the target and what refines it."""
    for selector in _listed(target.get("selector")):
        if not isinstance(selector, dict) or "FragmentSelector" not in _types(selector):
            continue
        section = _text(selector.get("value"), "a FragmentSelector's value", required=True, limit=MAX_ID)
        if not section:
            raise _Bad("a FragmentSelector names no section")
        for refined in _listed(selector.get("refinedBy")):
            if isinstance(refined, dict):
                yield section, refined


def _anchor(target: dict[str, Any]) -> Anchor:
    """The anchor a target describes: its section, quote and surroundings, and offsets."""
    section = ""
    exact: dict[str, Any] | None = None
    position: dict[str, Any] | None = None
    for fragment, refined in _selectors(target):
        types = _types(refined)
        if "TextQuoteSelector" in types and exact is None:
            section, exact = fragment, refined
        elif "TextPositionSelector" in types and position is None:
            position = refined
    if exact is None:
        raise _Bad("its target has no section (FragmentSelector) refined by a TextQuoteSelector")
    quote_text = _text(exact.get("exact"), "the TextQuoteSelector's exact text", required=True, limit=MAX_QUOTE)
    if not quote_text:
        raise _Bad("its TextQuoteSelector quotes nothing")
    start, end = 0, len(quote_text)
    if position is not None:
        start = _offset(position.get("start"), "the TextPositionSelector's start")
        end = _offset(position.get("end"), "the TextPositionSelector's end")
        if end < start:
            raise _Bad("its TextPositionSelector ends before it starts")
    prefix = _text(exact.get("prefix"), "the TextQuoteSelector's prefix", limit=MAX_CONTEXT)
    suffix = _text(exact.get("suffix"), "the TextQuoteSelector's suffix", limit=MAX_CONTEXT)
    return Anchor(section, quote_text, start, end, prefix, suffix)


def _bodies(item: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The note (the commenting bodies, joined) and the tags (the tagging bodies), each once."""
    notes: list[str] = []
    tags: dict[str, None] = {}  # a dict: each tag once, in order, without comparing it with every other
    for body in _listed(item.get("body")):
        if isinstance(body, str) or not isinstance(body, dict) or "TextualBody" not in _types(body):
            raise _Bad("only TextualBody bodies can be imported")
        if "tagging" in _listed(body.get("purpose")):
            tag = _text(body.get("value"), "a tag", required=True, limit=MAX_TAG)
            if tag:
                tags[tag] = None
                if len(tags) > MAX_TAGS:
                    raise _Bad(f"it has more than {MAX_TAGS:,} tags")
            continue
        value = _text(body.get("value"), "a TextualBody's value", required=True)
        if value:
            notes.append(value)
    return _bounded("\n\n".join(notes), "its note", MAX_NOTE), tuple(tags)


def annotation_from(item: object, latest: str | None = None) -> Annotation:
    """One Web Annotation as a note for the store; _Bad says what is wrong with it.

    `latest` is the latest time taken (`latest_time()`, by default asked now).
    """
    latest = latest_time() if latest is None else latest
    if not isinstance(item, dict) or "Annotation" not in _types(item):
        raise _Bad("it is not an Annotation object")
    note_id = _text(item.get("id"), "its id", limit=MAX_ID).removeprefix(NOTE_URN)
    if not note_id.strip():
        raise _Bad("it has no id (needed so that importing twice adds nothing)")
    targets = [target for target in _listed(item.get("target")) if isinstance(target, dict)]
    if len(targets) != 1:
        raise _Bad("it must have exactly one target object")
    target = targets[0]
    colour = target.get("styleClass")
    note, tags = _bodies(item)
    return Annotation(
        brief=brief_key_of(target.get("source")),
        anchor=_anchor(target),
        colour=colour if colour in COLOURS else COLOURS[0],
        note=note,
        tags=tags,
        id=note_id,
        created=_time(item.get("created"), "its created time", latest),
        updated=_time(item.get("modified"), "its modified time", latest),
    )


def _items(data: object) -> list[object]:
    """The annotations of a collection, a page, a list, or a single annotation."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise ImportProblem(
            "the file holds neither annotations nor a collection of them (what `briefing export --format json` writes)"
        )
    types = _types(data)
    if "AnnotationCollection" in types:
        first = data.get("first")
        if isinstance(first, str):
            raise ImportProblem(
                "the collection's pages are elsewhere (by reference); only embedded pages can be read", 1
            )
        if first is not None and not isinstance(first, dict):
            raise ImportProblem("the collection's first page is not an AnnotationPage")
        pages = [first] if isinstance(first, dict) else []
        items: list[object] = list(_listed(data.get("items")))
        for page in pages:
            items += _listed(page.get("items"))
            if isinstance(page.get("next"), (str, dict)):
                raise ImportProblem("the collection has more than one page: only a single embedded one is read")
        return items
    if "AnnotationPage" in types:
        return _listed(data.get("items"))
    if "Annotation" not in types:  # `{}`, or some other JSON: not "annotation 1 is not an annotation"
        raise ImportProblem(
            "the file holds no Web Annotations: an Annotation, a list of them, an AnnotationPage or an"
            " AnnotationCollection (what `briefing export --format json` writes) is expected"
        )
    return [data]


def _id_of(item: object) -> str | None:
    raw_id = item.get("id") if isinstance(item, dict) else None
    return raw_id if isinstance(raw_id, str) else None


def _line_of(text: str, items: list[object], number: int) -> int:
    """The line of the `number`th annotation's id in the file (1 when it has none or it cannot be found).

    Only asked for the annotation refused. The ids are looked for in the order the annotations
    come, each after the one before, so the file is read once however many there are (each
    looked for from the file's start, importing 16,000 notes took 120 s). An id written some
    other way (`\\/` for `/`) is not found, and costs a read of the rest of the file: after a
    few of those the line is not told.
    """
    at, misses = -1, 0
    for item in items[:number]:
        annotation_id = _id_of(item)
        if annotation_id is None:
            continue
        # As JSON writes it: with characters outside ASCII escaped (as exports do), or as they are.
        needles = {json.dumps(annotation_id, ensure_ascii=escaped) for escaped in (True, False)}
        found = [place for needle in needles if (place := text.find(needle, at + 1)) >= 0]
        if found:
            at = min(found)
            continue
        misses += 1
        if misses > LINE_MISSES or item is items[number - 1]:
            return 1
    if at < 0 or _id_of(items[number - 1]) is None:
        return 1
    return text.count("\n", 0, at) + 1


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


MAX_DIGITS = 30  # of a whole number read from JSON: offsets and counts need fewer than 20


def _whole_number(digits: str) -> int:
    # Python's own limit (4,300 digits) said "use sys.set_int_max_str_digits() to increase the limit".
    if len(digits) > MAX_DIGITS:
        raise ValueError(f"a number of {len(digits):,} digits is too long to be one a note holds")
    return int(digits)


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)  # at C speed; only a key given twice makes it shorter
    if len(found) != len(pairs):
        keys: set[str] = set()
        for key, _ in pairs:
            if key in keys:
                raise ValueError(f"the key {_shown(key)!r} is given twice in one object")
            keys.add(key)
    return found


def read_web_annotations(text: str) -> list[Annotation]:
    """Every note in a JSON file of Web Annotations; ImportProblem for the first thing wrong (nothing is read)."""
    try:
        data = json.loads(
            text, parse_constant=_no_constant, parse_int=_whole_number, object_pairs_hook=_no_repeated_keys
        )
    except json.JSONDecodeError as exc:
        hint = " (a markdown export cannot be imported: use `briefing export --format json`)" if exc.pos == 0 else ""
        raise ImportProblem(f"not valid JSON: {exc.msg}{hint}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise ImportProblem("the JSON is nested too deeply") from None
    except ValueError as exc:  # a number too long to read, NaN, a key given twice
        raise ImportProblem(f"not valid JSON: {exc}") from None
    items = _items(data)
    if len(items) > MAX_ANNOTATIONS:
        raise ImportProblem(
            f"the file holds {len(items):,} annotations; at most {MAX_ANNOTATIONS:,} can be imported at once"
        )
    notes: list[Annotation] = []
    seen: dict[str, Annotation] = {}
    latest = latest_time()
    for number, item in enumerate(items, 1):
        try:
            note = annotation_from(item, latest)
        except _Bad as bad:
            raw_id = _id_of(item)
            label = f"annotation {number}" + (f" ({_shown(raw_id)})" if raw_id is not None else "")
            raise ImportProblem(f"{label}: {bad.message}", _line_of(text, items, number)) from None
        twin = seen.get(note.id)
        if twin is not None:
            if twin != note:
                raise ImportProblem(
                    f"annotation {number}: its id {_shown(note.id)!r} is used twice, differently",
                    _line_of(text, items, number),
                )
            continue
        seen[note.id] = note
        notes.append(note)
    return notes
