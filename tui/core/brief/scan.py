"""Split a brief's text by lines into front matter, lead, sections and claim definitions.

One pass over the lines, following CommonMark's block structure as far as the top
level needs (code fences, HTML blocks, list items, quotes, tables, setext
headings), so each section can then be parsed on its own: a large brief need not be
parsed whole before its first section is shown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from tui.core.brief.lines import (
    BLANK,
    BLOCK_START,
    BREAK,
    INDENTED,
    LAZY,
    LINK_DEF,
    LIST_ITEM,
    QUOTE,
    SETEXT,
    TABLE,
    blank,
    fence_closes,
    html_block,
    indent,
    is_table_delimiter,
    item_content_column,
    lazy_kind,
    opens_fence,
)
from tui.core.brief.model import CLAIM_FIELDS

_H1 = re.compile(r" {0,3}#(?!#)(?:[ \t]+(.*?))?[ \t]*$")
_H2 = re.compile(r" {0,3}##(?!#)(?:[ \t]+(.*?))?[ \t]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_EXPLICIT_ID = re.compile(r"[ \t]*\{#([^}]*)\}$")
VALID_SECTION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
_CLAIM_DEF = re.compile(r" {0,3}\[\^([^\]]+)\]:[ \t]?(.*)")
# A claim field written with too little indentation; still part of the claim (and reported).
_SHALLOW_FIELD = re.compile(
    r" {0,3}[-*+][ \t]+(?:\*\*|__)?(?:" + "|".join(name.replace(" ", "[ _-]") for name in CLAIM_FIELDS) + ")",
    re.IGNORECASE,
)
# A *plain* line: a run of indentation and block markers (list, quote, `###` and deeper
# heading openers, table pipes, and the characters of breaks, setext underlines, delimiter
# rows, and fewer than three backticks), then a character that no test of a line reads
# past: not one of those, a digit, white space, nor `<` (HTML) or three backticks. What
# the scan does with such a line depends on that run and the scan's state alone, never on
# the rest of the line (every test of a line is decided by its first characters, or needs
# a line of marker characters only, which that character ends), and it starts no section,
# claim, link definition or title (`# `, `## ` and `[` at the start are left out). So its
# effect is learned once per run and state: a brief of a million list items costs a few
# lookups, not a million passes through every test. A line of markers only (`***`,
# `| 1 | 2 |`) is its own run; with a `-` it is plain only where no paragraph is open:
# after one it could be a setext underline or a table's delimiter row, which depends on
# the line above.
_MARKERS = r"(?:[ \t>*+\-.)0-9#|_:=~]|``?(?!`))*+"  # not three backticks: a fence's info string matters
_FIRST = r"[^\s\d>*+\-.)#|`~=<:_]"
_NOT_PLAIN = r"(?! {0,3}(?:#{1,2}(?:[ \t]|$)|\[))"
_PLAIN = re.compile(rf"{_NOT_PLAIN}{_MARKERS}(?={_FIRST}|$)")
# Plain lines with the same run, one after another, as many as there are. Possessive, as nothing
# follows a repetition that could need it shorter: else each line (and each marker) kept a
# backtracking point, 600 MB for a run of 8 MB.
_RUN = re.compile(rf"({_MARKERS}){_FIRST}[^\n]*+\n(?:{_NOT_PLAIN}\1{_FIRST}[^\n]*+\n)*+")
# A line that may close a fence; the end of an HTML block that ends at a blank line.
_FENCE_LINE = re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE)
_BLANK_LINE = re.compile(r"^[ \t]*$", re.MULTILINE)
RUN_CHARS = 65_536  # characters of like lines skipped at once when reading a few lines at a time
# The value of a list number never matters to the scan, only its digits' count.
_DIGITS = str.maketrans("123456789", "000000000")
# What a plain line does to the open paragraph.
_KEEP, _CLOSE, _OPEN = 0, 1, 2

Effect = tuple[int, str, int, bool]  # (what it does to the paragraph, container, list indent, state unchanged)


# Not frozen: a brief can have hundreds of thousands, all made before its first frame, and
# a frozen dataclass takes five times as long to make. Nothing changes one once made.
@dataclass(slots=True)
class RawSection:
    """A level-2 heading and the lines of its body (0-based, end exclusive)."""

    heading: str
    explicit_id: str | None
    line: int
    id_column: int
    body_start: int
    body_end: int


@dataclass(frozen=True, slots=True)
class RawClaim:
    """A `[^id]: ...` definition: its first line's text and the lines that continue it."""

    id: str
    line: int
    id_column: int
    text: str
    text_column: int
    continuation: tuple[tuple[int, str], ...]


@dataclass(slots=True)
class Layout:
    """Where everything is in a brief's lines."""

    lines: list[str]
    front_matter: tuple[int, int] | None = None
    front_matter_closed: bool = True
    lead: tuple[int, int] = (0, 0)
    title: str | None = None
    title_lines: tuple[int, int] | None = None
    sections: list[RawSection] = field(default_factory=list)
    claims: list[RawClaim] = field(default_factory=list)
    link_definitions: dict[str, tuple[str, str]] = field(default_factory=dict)


_ASCII_DROPPED = re.compile(r"[^a-z0-9_ -]")


def slug(text: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces made dashes."""
    lower = text.lower()
    if lower.isascii():  # the usual title: one substitution, not a category lookup per character
        return _ASCII_DROPPED.sub("", lower).replace(" ", "-")
    kept = "".join(ch for ch in lower if ch in "-_ " or unicodedata.category(ch)[0] in "LNM")
    return kept.replace(" ", "-")


def _front_matter(lines: list[str], layout: Layout) -> int:
    """Record the front matter's lines; return the index of the first line after it.

    Front matter that is never closed ends at its first blank line, so the rest of
    the file is still read as the brief's body.
    """
    if not lines or lines[0].rstrip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            layout.front_matter = (1, index)
            return index + 1
    end = next((index for index in range(1, len(lines)) if blank(lines[index])), len(lines))
    layout.front_matter = (1, end)
    layout.front_matter_closed = False
    return end


def _claim_end(lines: list[str], start: int) -> int:
    """The index after the claim definition at `start`.

    A definition goes on with plain lines right after it (a wrapped statement), then
    with indented lines, blank lines between them, and field lines that are not
    indented enough (so they are reported as such, not read as prose).
    """
    index = start + 1
    while index < len(lines) and not blank(lines[index]) and not INDENTED.match(lines[index]):
        line = lines[index]
        if BLOCK_START.match(line) or _CLAIM_DEF.match(line) or opens_fence(line) or SETEXT.match(line):
            break
        index += 1
    end = index
    while index < len(lines):
        line = lines[index]
        if blank(line):
            index += 1
            continue
        if not (INDENTED.match(line) or _SHALLOW_FIELD.match(line)):
            break
        index += 1
        end = index
    return end


class Scanner:
    """One pass over a file's lines: all at once (`run`), or a few at a time (`begin`, `advance`), its layout so far
    told at any point (`snapshot`)."""

    def __init__(self, text: str, claims: bool) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.layout = Layout(self.lines)
        self.claims = claims
        self.fence: tuple[str, int] | None = None
        self.html_end: re.Pattern[str] | None = None
        self.paragraph: int | None = None  # where a top-level paragraph (a setext heading's text) starts
        self.container = ""  # LAZY, QUOTE or TABLE: lines until the next blank one continue that block
        self.list_indent = 0  # the content column of the open top-level list item, 0 outside lists
        self.mark = (0, 0)  # a line's index and its offset in `text`, to find later lines' offsets from
        self.index = self.body = 0  # the next line to read; the first after the front matter
        self.effects: dict[tuple[str, bool, str, int], Effect] = {}
        # Each section's heading, explicit id, line, id column and body start; its end is the next one's start.
        self.heads: list[tuple[str, str | None, int, int, int]] = []

    def run(self, fast: bool = True) -> Layout:
        """Read every line. Not `fast`: each by `step` alone, the reference the tests hold the fast way to."""
        self.begin()
        if fast:
            self.advance(len(self.lines))
        else:
            while self.index < len(self.lines):
                self.index = self.step(self.index)
        return self.snapshot()

    def begin(self) -> None:
        """Read the front matter, and stand at the first line after it."""
        lines = self.lines
        self.index = self.body = _front_matter(lines, self.layout)
        self.mark = (self.index, sum(map(len, lines[: self.index])) + self.index)

    @property
    def done(self) -> bool:
        return self.index >= len(self.lines)

    def advance(self, stop: int) -> None:
        """Read on up to line `stop` (0-based; a fence or a run of like lines may take it a little past)."""
        self.index = self.fast_run(self.index, min(stop, len(self.lines)))

    def sections(self, first: int, last: int) -> list[RawSection]:
        """Sections `first` to `last` (exclusive) found so far; the last one found ends where the reading is."""
        heads, reached = self.heads, min(self.index, len(self.lines))
        return [
            RawSection(*heads[n], heads[n + 1][2] - 1 if n + 1 < len(heads) else reached) for n in range(first, last)
        ]

    def snapshot(self, sections: list[RawSection] | None = None) -> Layout:
        """The layout of the lines read so far, as if the file ended there (its `sections`, if made already)."""
        layout = self.layout
        found = self.sections(0, len(self.heads)) if sections is None else sections
        lead = (self.body, found[0].line - 1 if found else min(self.index, len(self.lines)))
        return Layout(
            layout.lines,
            layout.front_matter,
            layout.front_matter_closed,
            lead,
            layout.title,
            layout.title_lines,
            found,
            list(layout.claims) if not self.done else layout.claims,
            dict(layout.link_definitions) if not self.done else layout.link_definitions,
        )

    def offset(self, index: int) -> int:
        """Where line `index` (not before the last one asked for) starts in the text."""
        start, position = self.mark
        position += sum(map(len, self.lines[start:index])) + index - start
        self.mark = (index, position)
        return position

    def skip_to(self, index: int, found: re.Match[str] | None, start: int) -> int:
        """The index of the line `found` is on (searched for from line `index`, at `start`); the end if not found."""
        if found is None:
            return len(self.lines)
        line_start = self.text.rfind("\n", start, found.start()) + 1 or start
        index += self.text.count("\n", start, line_start)
        self.mark = (index, line_start)
        return index

    def fast_run(self, index: int, stop: int) -> int:
        """What `step` does from line `index` to about line `stop`, faster: plain lines by their learned
        effect, runs of them at once, and the inside of a fence or an HTML block up to the line that
        may end it. The index of the next line to read."""
        lines, text, effects, step = self.lines, self.text, self.effects, self.step
        count = len(lines)
        # A run of like lines is skipped in one match, up to this many characters when reading a
        # few lines at a time: a run of 20 MB was one match of a second and more.
        run_end = len(text) if stop >= count else None
        repeat: str | None = None  # the run of the line before, if it left the state as it was
        while index < stop:
            html_end = self.html_end
            if self.fence is not None or html_end is not None:
                # Inside, nothing changes until a line that may end the block: go to it.
                if self.fence is not None or html_end is None:
                    end = _FENCE_LINE
                else:
                    end = _BLANK_LINE if html_end is BLANK else html_end
                start = self.offset(index)
                index = self.skip_to(index, end.search(text, start), start)
                if index < count:
                    index = step(index)
                repeat = None
                continue
            line = lines[index]
            first = line[:1]
            if first.isalpha():
                if not self.list_indent:  # prose, as `step` reads it
                    if self.paragraph is None and not self.container:
                        self.paragraph = index
                    repeat = None
                    index += 1
                    continue
            elif (not first or first in " \t") and not line.strip(" \t"):  # blank
                self.paragraph, self.container = None, ""
                repeat = None
                index += 1
                continue
            plain = None if line[:3] == "## " else _PLAIN.match(line)  # the usual heading: not plain
            run = plain.group() if plain is not None else ""
            whole = plain is not None and len(run) == len(line)
            if plain is None or (whole and self.paragraph is not None and "-" in line):
                # Not plain; or a table's delimiter row or a setext underline, by the line above.
                # Outside a list, a level-2 heading or a line of markers is read as `step` reads
                # it, without the tests that cannot hold for it (a fence, HTML, a claim).
                atx = None if self.list_indent or whole else _H2.match(line)
                if atx:
                    self.add_section(atx.group(1) or "", index, index + 1)
                    self.paragraph, self.container = None, ""
                elif whole and not self.list_indent and "~" not in line:  # "~~~" opens a fence
                    if not self.heading(line, index):
                        self.block(line, index)
                elif line == lines[index - 1] and (self.paragraph is None or "-" not in line):
                    index = self.same_line(index)
                else:
                    index = step(index) - 1
                repeat = None
                index += 1
                continue
            # A whole line of markers is not the same run as those markers before a letter.
            key = (run + "\n" if whole else run, self.paragraph is None, self.container, self.list_indent)
            effect = effects.get(key)
            if effect is None:
                # A list's numbers differ from line to line, and their values never matter.
                numbered = (key[0].translate(_DIGITS), *key[1:])
                effect = effects.get(numbered)
                if effect is None:
                    effect, following = self.learn(numbered, index)
                    if effect is None:
                        index = following  # not plain after all (`step` has read it)
                        repeat = None
                        continue
                self.remember(key, effect)
            action, self.container, self.list_indent, unchanged = effect
            if action == _CLOSE:
                self.paragraph = None
            elif action == _OPEN:
                self.paragraph = index
            if unchanged and run == repeat and not whole:
                # This line and the one before changed nothing: nor will the plain lines
                # with the same run that follow. Skip them in one match over the text.
                start = self.offset(index)
                same = _RUN.match(text, start, run_end or start + RUN_CHARS)
                if same is not None:
                    index += text.count("\n", start, same.end())
                    self.mark = (index, same.end())
                    repeat = None
                    continue
            repeat = run if unchanged else None
            index += 1
        return index

    def same_line(self, index: int) -> int:
        """Read line `index`, the same as the one before, by its learned effect; the last of the same lines read.

        Any line does what it does by itself and the state, but one next to a paragraph with a `-`
        in it could be a table's delimiter row, which depends on the line above (not kept here).
        """
        line = self.lines[index]
        key = ("\n" + line, self.paragraph is None, self.container, self.list_indent)  # no run starts with "\n"
        effect = self.effects.get(key)
        if effect is None:
            effect, following = self.learn(key, index)
            if effect is None:
                return following - 1  # not learned (a fence, a claim...): `step` has read it
        action, self.container, self.list_indent, unchanged = effect
        if action == _CLOSE:
            self.paragraph = None
        elif action == _OPEN:
            self.paragraph = index
        if unchanged:  # the same lines after it change nothing either
            while index + 1 < len(self.lines) and self.lines[index + 1] == line:
                index += 1
        return index

    def learn(self, key: tuple[str, bool, str, int], index: int) -> tuple[Effect | None, int]:
        """Read the line at `index` with `step` and keep what it did, for lines like it, if it only
        changed the state; that, and the index of the next line to read."""
        layout = self.layout
        before = (len(self.heads), len(layout.claims), len(layout.link_definitions), layout.title)
        paragraph = self.paragraph
        following = self.step(index)
        after = (len(self.heads), len(layout.claims), len(layout.link_definitions), layout.title)
        effect: Effect | None = None
        if self.fence is None and self.html_end is None and after == before and following == index + 1:
            action = _CLOSE if self.paragraph is None else _KEEP if self.paragraph == paragraph else _OPEN
            state = (key[0], self.paragraph is None, self.container, self.list_indent)
            effect = (action, self.container, self.list_indent, action != _OPEN and state == key)
        if effect is not None:
            self.remember(key, effect)
        return effect, following

    def remember(self, key: tuple[str, bool, str, int], effect: Effect) -> None:
        if len(self.effects) >= 4096:
            self.effects.clear()  # many different runs: the memory stays small
        self.effects[key] = effect

    def inside_list_item(self, line: str) -> bool:
        """Whether `line` belongs to the open list item (indented to its content, or lazy)."""
        if not self.list_indent:
            return False
        if indent(line) >= self.list_indent:
            return True
        interrupts = BLOCK_START.match(line) or opens_fence(line) or (self.claims and _CLAIM_DEF.match(line))
        lazy = self.container in (LAZY, QUOTE) and not interrupts
        if not lazy and (not LIST_ITEM.match(line) or BREAK.match(line)):
            self.list_indent = 0  # the list has ended ("- - -" is a break, not an item)
        return lazy

    def item_line(self, line: str) -> None:
        """Follow a line of a list item's content: a fence, or whether a paragraph is open."""
        text = line.lstrip()
        self.fence = opens_fence(text)
        if self.fence:
            self.container = ""
        elif indent(line) - self.list_indent >= 4 and self.container not in (LAZY, QUOTE):
            self.container = ""  # indented code inside the item
        elif BLOCK_START.match(text):
            self.container = lazy_kind(text, self.container)
        else:
            self.container = LAZY

    def step(self, index: int) -> int:
        """Read the line at `index`; return the index of the next line to read."""
        line = self.lines[index]
        if self.fence is not None:
            if fence_closes(line, self.fence):
                self.fence = None
            return index + 1
        if self.html_end is not None:
            if self.html_end is BLANK and blank(line):
                self.html_end = self.paragraph = None
            elif self.html_end is not BLANK and self.html_end.search(line):
                self.html_end = None
            return index + 1
        if blank(line):
            self.paragraph, self.container = None, ""
            return index + 1
        if line[:1].isalpha() and not self.list_indent:
            # Prose, the bulk of a brief: a letter in the first column starts no block
            # (no fence, heading, list, quote, HTML, table delimiter or definition).
            if self.paragraph is None and not self.container:
                self.paragraph = index
            return index + 1
        if self.inside_list_item(line):
            self.item_line(line)
            return index + 1
        self.fence = opens_fence(line)
        self.html_end = html_block(line, in_paragraph=self.paragraph is not None)
        if self.fence or self.html_end:
            self.paragraph, self.container = None, ""
            return index + 1
        if self.heading(line, index):
            return index + 1
        definition = _CLAIM_DEF.match(line) if self.claims else None
        if definition:
            return self.claim(definition, index)
        self.block(line, index)
        return index + 1

    def heading(self, line: str, index: int) -> bool:
        """Start a section at a level-2 heading, or take the title from a level-1 one."""
        layout, paragraph = self.layout, self.paragraph
        atx = _H2.match(line)
        setext = SETEXT.match(line) if paragraph is not None else None
        if setext and is_table_delimiter(line, self.lines[index - 1]):
            setext = None  # "| a\n---" is a table, not a heading
        if atx or (setext and setext.group(1)[0] == "-"):
            if atx:
                self.add_section(atx.group(1) or "", index, index + 1)
            else:
                assert paragraph is not None
                parts = self.lines[paragraph:index]
                text = parts[0].strip() if len(parts) == 1 else " ".join(map(str.strip, parts))
                self.add_section(text, paragraph, index + 1)
            self.paragraph, self.container, self.list_indent = None, "", 0
            return True
        if setext and paragraph is not None:  # "===": a level-1 heading
            if not self.heads and layout.title is None:
                layout.title = " ".join(part.strip() for part in self.lines[paragraph:index])
                layout.title_lines = (paragraph, index + 1)
            self.paragraph = None
            return True
        title = _H1.match(line)
        if title and not self.heads and layout.title is None:
            layout.title = _CLOSING_HASHES.sub("", title.group(1) or "").strip()
            layout.title_lines = (index, index + 1)
        return False

    def add_section(self, heading: str, index: int, body_start: int) -> None:
        """A section whose heading begins at line `index` (0-based) and body at `body_start`."""
        if "#" in heading:
            heading = _CLOSING_HASHES.sub("", heading) if heading.strip("# \t") else ""
        heading = heading.strip()
        # An id is written last, in braces: most headings have none, and need no search.
        explicit = _EXPLICIT_ID.search(heading) if heading.endswith("}") else None
        id_column = max(1, self.lines[index].find("##") + 1)
        if explicit:
            id_column = max(1, self.lines[index].rfind("{#") + 3)
            heading = heading[: explicit.start()].rstrip()
        explicit_id = explicit.group(1) if explicit else None
        self.heads.append((heading, explicit_id, index + 1, id_column, body_start))

    def claim(self, definition: re.Match[str], index: int) -> int:
        """Cut a claim definition out of the body (its lines blanked); return the line after it."""
        end = _claim_end(self.lines, index)
        continuation = tuple((number + 1, self.lines[number]) for number in range(index + 1, end))
        claim = RawClaim(
            definition.group(1),
            index + 1,
            definition.start(1) + 1,
            definition.group(2),
            definition.start(2) + 1,
            continuation,
        )
        self.layout.claims.append(claim)
        # The lines are blanked below: their offsets in the text are counted first.
        position = self.offset(index) + sum(len(self.lines[number]) + 1 for number in range(index, end))
        self.mark = (end, position)
        for number in range(index, end):
            self.lines[number] = ""
        self.paragraph, self.container = None, ""
        return end

    def block(self, line: str, index: int) -> None:
        """Any other line: track paragraphs, tables, lists and quotes, and collect link definitions."""
        # A link definition cannot interrupt a paragraph.
        link = LINK_DEF.match(line) if self.paragraph is None else None
        item = LIST_ITEM.match(line)
        if link:
            title = (link.group(3) or "")[1:-1]
            self.layout.link_definitions.setdefault(link.group(1), (link.group(2).strip("<>"), title))
        elif self.paragraph is not None and is_table_delimiter(line, self.lines[index - 1]):
            self.paragraph, self.container = None, TABLE
        elif BLOCK_START.match(line):
            self.paragraph, self.container = None, lazy_kind(line, self.container)
            if item and not BREAK.match(line):
                self.list_indent = item_content_column(item)
        elif INDENTED.match(line):
            self.container = "" if self.container == TABLE else self.container  # indented code ends a table
        elif self.paragraph is None and not self.container:
            self.paragraph = index


def scan(text: str, *, claims: bool) -> Layout:
    """The layout of `text`; claim definitions are cut out of the body only when `claims`.

    Lines holding claim definitions are blanked in `layout.lines`, so every other
    line keeps its number. Sections start at `##` headings and at setext ones
    (a paragraph underlined with `---`), where CommonMark reads them at the top level.
    """
    return Scanner(text, claims).run()
