"""Which links a brief may open: http(s) in a browser after the reader confirms, and other briefs
in the same folder in the reader; anything else is refused with the reason."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tui.core.brief.model import Section, Sentence, SpanStyle

OPENABLE_SCHEMES = ("http", "https")
BRIEF_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True, slots=True)
class BriefLink:
    """A link to another brief: its file and the section it points at (the part after '#')."""

    path: Path
    section: str


@dataclass(frozen=True, slots=True)
class Refused:
    """A link that is shown but never opened, and why."""

    reason: str


def links_in(section: Section, sentence: Sentence) -> list[str]:
    """The targets of the links that overlap a sentence, in order, without repeats."""
    block = section.blocks[sentence.block]
    found: list[str] = []
    for span in block.spans:
        start, end = block.start + span.start, block.start + span.end
        overlaps = start < sentence.end and end > sentence.start
        if span.style is SpanStyle.LINK and span.href and overlaps and span.href not in found:
            found.append(span.href)
    return found


def labelled_links(section: Section, sentence: Sentence) -> list[tuple[str, str]]:
    """(visible text, target) of each link `links_in` finds, in the same order: the text of its first
    occurrence (empty for a link with none, such as `[](url)`)."""
    block = section.blocks[sentence.block]
    texts: dict[str, str] = {}
    for span in block.spans:
        if span.style is SpanStyle.LINK and span.href and span.href not in texts:
            texts[span.href] = section.text[block.start + span.start : block.start + span.end]
    return [(texts.get(url, ""), url) for url in links_in(section, sentence)]


def is_openable(url: str) -> bool:
    """Whether a link may be opened in a browser: an absolute http or https address."""
    parts = urlsplit(url)
    return parts.scheme.lower() in OPENABLE_SCHEMES and bool(parts.netloc)


def brief_link(url: str, brief_path: str) -> BriefLink | Refused:
    """Where a relative link to another brief leads, if it stays inside the folder of `brief_path`.

    Only a relative path to an existing .md file under the brief's own folder (symbolic
    links resolved) is followed: never an absolute path, a scheme, or '..' out of it.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return Refused(f"only http(s) links open, and this one is {url}")
    if not parts.path:
        return Refused("a link to a place in this brief: use the palette to go to a section")
    target = unquote(parts.path)
    if target.startswith(("/", "\\")) or os.path.isabs(target):
        return Refused(f"not opened: {url} is an absolute path, not a brief beside this one")
    folder = Path(brief_path).resolve().parent
    resolved = (folder / target).resolve()
    if not resolved.is_relative_to(folder):
        return Refused(f"not opened: {url} leads out of this brief's folder")
    if resolved.suffix.lower() not in BRIEF_SUFFIXES:
        return Refused(f"not opened: {url} is not a brief (.md)")
    if not resolved.is_file():
        return Refused(f"not opened: there is no brief at {url}")
    return BriefLink(resolved, unquote(parts.fragment))
