"""Parse the markdown of one section into flat blocks (markdown-it-py tokens in, drafts out)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, pairwise
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from tui.core.brief.chunks import (
    CHUNK_CHARS,
    HUGE_PART,
    Inside,
    cut_steps,
    longer,
    piece_steps,
    row_cut_steps,
    table_start,
)
from tui.core.brief.inline import Inline, citation_rule, convert_inline
from tui.core.brief.lines import blank, opens_fence
from tui.core.brief.model import BlockKind, Container, Span

CELL_SEPARATOR = "\t"


@dataclass(slots=True)
class Citation:
    """A citation found in a block: claim id, offset in the block's text, source place."""

    claim_id: str
    offset: int
    line: int
    column: int


@dataclass(slots=True)
class BlockDraft:
    """A block before it is placed in its section's text."""

    kind: BlockKind
    text: str
    line: int
    spans: tuple[Span, ...] = ()
    citations: list[Citation] = field(default_factory=list)
    pragmas: tuple[tuple[int, tuple[str, ...]], ...] = ()  # rules silenced at offsets of the text
    level: int = 0
    containers: tuple[Container, ...] = ()
    marker: str = ""
    info: str = ""
    cells: tuple[tuple[tuple[int, int], ...], ...] = ()
    header_rows: int = 0
    align: tuple[str, ...] = ()


@lru_cache(maxsize=2)
def markdown(citations: bool = False) -> MarkdownIt:
    """The parser: CommonMark plus tables and strike-through, and for briefs, citations."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    if citations:
        parser.inline.ruler.before("link", "citation", citation_rule)
    return parser


def _locate(lines: list[str], token: Token, first_line: int, inline: Inline, cell_start: int = -1) -> list[Citation]:
    """Each citation's line and column in the file.

    The citation rule records an offset into the inline token's content; each line
    of that content is the end of its source line (container markers and indentation
    cut off), or, for a table cell, the part of the row found from `cell_start`.
    """
    if not inline.citations:
        return []
    start = token.map[0] if token.map else 0
    content = token.content
    found = []
    row, row_start = 0, 0  # citations come in source order, so the row only moves forward
    base_row, base = -1, 0  # where the row's content starts in its source line, found once per row
    searched = max(cell_start, 0)  # where a citation is looked for when its place is not known
    for citation in inline.citations:
        newline = content.find("\n", row_start)
        while citation.source >= 0 and 0 <= newline < citation.source:
            row, row_start = row + 1, newline + 1
            newline = content.find("\n", row_start)
        if base_row != row:
            text = content[row_start : newline if newline >= 0 else len(content)]
            source = _line(lines, start + row)
            base = source.find(text, cell_start) if cell_start >= 0 else source.rfind(text)
            base_row, searched = row, max(cell_start, 0)
        if base >= 0 and citation.source >= 0:
            column = base + citation.source - row_start
        else:
            # Escapes or tabs changed the text (`\|` in a cell), or the citation is in an
            # image's alt text: find the citation itself, from here on.
            needle = f"[^{citation.claim_id}]"
            column = _line(lines, start + row).find(needle, searched)
            while (
                column < 0
                and citation.source < 0
                and start + row + 1 < min(token.map[1] if token.map else 0, len(lines))
            ):
                row, searched = row + 1, 0
                column = _line(lines, start + row).find(needle)
            searched = column + 1 if column >= 0 else searched
        found.append(Citation(citation.claim_id, citation.offset, first_line + start + row, max(column, 0) + 1))
    return found


def _line(lines: list[str], index: int) -> str:
    """A source line, or "" past the end."""
    return lines[index] if index < len(lines) else ""


class _Walker:
    """Walks block tokens, tracking list and quote nesting, and emits block drafts."""

    def __init__(self, lines: list[str], first_line: int) -> None:
        self.lines = lines
        self.first_line = first_line
        self.blocks: list[BlockDraft] = []
        self.containers: list[Container] = []  # open list items and quotes, outermost first
        self.markers: list[str] = []  # a pending marker per open list item, "" once used
        self.last_line = first_line

    def line_of(self, token: Token) -> int:
        """The token's line in the file; for one without a place (closing a list item markdown-it
        stopped nesting in), the line of the last token that had one."""
        return self.first_line + token.map[0] if token.map else self.last_line

    def take_marker(self) -> str:
        if self.markers and self.markers[-1]:
            marker, self.markers[-1] = self.markers[-1], ""
            return marker
        return ""

    def flush_marker(self, token: Token) -> None:
        """Emit an empty item for a marker no block has taken yet."""
        if self.markers and self.markers[-1]:
            self.emit(BlockKind.PARAGRAPH, token)

    def emit(self, kind: BlockKind, token: Token, inline: Inline | None = None, **extra: object) -> None:
        marker = self.take_marker()
        if kind is BlockKind.PARAGRAPH and marker:
            kind = BlockKind.ITEM
        draft = BlockDraft(kind, inline.text if inline else "", self.line_of(token), containers=tuple(self.containers))
        draft.marker = marker
        if inline is not None:
            draft.spans = inline.spans
            draft.citations = _locate(self.lines, token, self.first_line, inline)
            draft.pragmas = inline.pragmas
        for name, value in extra.items():
            setattr(draft, name, value)
        self.blocks.append(draft)

    def inline(self, token: Token) -> Inline:
        return convert_inline(token.children)

    def walk(self, tokens: list[Token]) -> list[BlockDraft]:
        index = 0
        while index < len(tokens):
            index = self.step(tokens, index)
        return self.blocks

    def step(self, tokens: list[Token], index: int) -> int:
        token = tokens[index]
        kind = token.type
        if token.map:
            self.last_line = self.first_line + token.map[0]
        if kind == "blockquote_open":
            self.containers.append(Container.QUOTE)
        elif kind == "blockquote_close":
            self.containers.pop()
        elif kind == "list_item_open":
            self.flush_marker(token)  # "- - x": the outer item shows its marker first
            self.containers.append(Container.ITEM)
            self.markers.append(f"{token.info}{token.markup}" if token.info else token.markup)
        elif kind == "list_item_close":
            self.flush_marker(token)  # an item with nothing in it still shows its marker
            self.markers.pop()
            self.containers.pop()
        elif kind == "paragraph_open":
            self.emit(BlockKind.PARAGRAPH, tokens[index + 1], self.inline(tokens[index + 1]))
            return index + 3
        elif kind == "heading_open":
            self.emit(BlockKind.HEADING, tokens[index + 1], self.inline(tokens[index + 1]), level=int(token.tag[1:]))
            return index + 3
        elif kind in ("fence", "code_block"):
            self.emit(BlockKind.CODE, token, Inline(token.content.rstrip("\n")), info=token.info.strip())
        elif kind == "html_block":
            self.emit(BlockKind.HTML, token, Inline(token.content.rstrip("\n")))
        elif kind == "hr":
            self.emit(BlockKind.RULE, token)
        elif kind == "table_open":
            return self.table(tokens, index)
        return index + 1

    def table(self, tokens: list[Token], index: int) -> int:
        """A whole table as one block: rows joined by newlines, cells by tabs."""
        opening = tokens[index]
        parts: list[str] = []
        spans: list[Span] = []
        rows: list[tuple[tuple[int, int], ...]] = []
        row: list[tuple[int, int]] = []
        cursor = 0  # where the next cell's text is looked for in its row's source line
        citations: list[Citation] = []
        header_rows = 0
        align: list[str] = []
        length = 0
        index += 1
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open":
                if rows or row:
                    parts.append("\n")
                    length += 1
                row, cursor = [], 0
            elif token.type == "tr_close":
                rows.append(tuple(row))
            elif token.type == "thead_close":
                header_rows = len(rows)
            elif token.type == "th_open" and not rows:  # the header row says how each column is aligned
                style = str(token.attrGet("style") or "")
                align.append(style.removeprefix("text-align:") if style.startswith("text-align:") else "")
            elif token.type == "inline":
                if row:
                    parts.append(CELL_SEPARATOR)
                    length += len(CELL_SEPARATOR)
                cell = self.inline(token)
                row.append((length, length + len(cell.text)))
                spans.extend(Span(s.start + length, s.end + length, s.style, s.href) for s in cell.spans)
                for found in _locate(self.lines, token, self.first_line, cell, cursor):
                    found.offset += length
                    citations.append(found)
                source = self.lines[token.map[0]] if token.map and token.map[0] < len(self.lines) else ""
                at = source.find(token.content, cursor)
                cursor = at + len(token.content) if at >= 0 else cursor
                parts.append(cell.text)
                length += len(cell.text)
            index += 1
        marker = self.take_marker()
        draft = BlockDraft(BlockKind.TABLE, "".join(parts), self.line_of(opening), tuple(spans), citations)
        draft.containers, draft.marker = tuple(self.containers), marker
        draft.cells, draft.header_rows, draft.align = tuple(rows), header_rows, tuple(align)
        self.blocks.append(draft)
        return index + 1


def parse_blocks(
    lines: list[str], first_line: int, *, citations: bool, links: LinkDefinitions, chunk: int = CHUNK_CHARS
) -> tuple[list[BlockDraft], tuple[int, ...]]:
    """The blocks of `lines`, whose first is line `first_line` (1-based) of the file, and the
    lines whose text markdown-it left out (nested past its limit; see `hidden_lines`).

    `links` holds the whole file's `[label]: url` definitions, so a section can use
    a link defined in another (see `link_definitions`). A long section is parsed in parts
    of about `chunk` characters, cut where each part parses as in the whole (see `chunks`);
    one difference: a definition the outline did not find (in a quote, or over several
    lines) serves the links after it in its part and later parts, not in earlier ones.
    """
    drafts: list[BlockDraft] = []
    hidden: list[int] = []
    for part_drafts, part_hidden in parse_parts(lines, first_line, citations=citations, links=links, chunk=chunk):
        drafts += part_drafts
        hidden += part_hidden
    return drafts, tuple(hidden)


def parse_parts(
    lines: list[str], first_line: int, *, citations: bool, links: LinkDefinitions, chunk: int = CHUNK_CHARS
) -> Iterator[tuple[list[BlockDraft], tuple[int, ...]]]:
    """`parse_blocks` one part at a time: each part's blocks and hidden lines, so a caller can pause between.

    Some parts are empty: a pause in a long pass over the lines (see `cut_steps`), or in a
    long fence or HTML block taken as it is (see `_inside_steps`).
    """
    parser = markdown(citations)
    start = 0
    for end in chain(cut_steps(lines, chunk), [len(lines)]):
        if end is None:
            yield [], ()
            continue
        # One part at a time: its tokens are dropped before the next part is parsed.
        part = lines[start:end]
        if _long_table(part, chunk):
            yield from _table_parts(parser, part, first_line + start, links, chunk)
        elif longer(part, max(HUGE_PART, 8 * chunk)):
            for found in piece_steps(part, max(chunk, CHUNK_CHARS)):
                if found is None:
                    yield [], ()
                elif found[2]:
                    yield from _inside_steps(parser, found[1], first_line + start + found[0], links, found[2])
                else:
                    yield _whole(parser, found[1], first_line + start + found[0], links)
        else:
            yield _whole(parser, part, first_line + start, links)
        start = end


INSIDE_LINES = 20_000  # lines of a long fence or HTML block taken between two pauses (a few ms)


def _inside_steps(
    parser: MarkdownIt, piece: list[str], first_line: int, links: LinkDefinitions, insides: list[Inside]
) -> Iterator[tuple[list[BlockDraft], tuple[int, ...]]]:
    """A piece holding long top-level fences or HTML blocks (see `piece_steps`), their insides
    taken as the text they are, `INSIDE_LINES` at a time, and not parsed.

    A fence of 20 MB left open was one parse of 16 to 24 s, every key and even quitting
    waiting for it. The piece is parsed without the insides (each block's opening line
    and end kept), which gives every token the whole piece gives, but for the blocks'
    text (taken here as markdown-it takes it, see `_inside_text`) and the lines after
    them (moved down). A block markdown-it does not open where the pass over the lines
    saw it (inside a list item, or a paragraph going on) is not top-level: the piece is
    then parsed whole. Yields no blocks until the last step.
    """
    if insides[-1][2] == len(piece) and blank(piece[-1]):
        # markdown-it does not count a last line of only spaces (or empty) as a line.
        opened, after, end = insides[-1]
        insides = [*insides[:-1], (opened, min(after, end - 1), end - 1)]
    texts: list[str] = []
    for opened, after, end in insides:
        fence = opens_fence(piece[opened])
        # A fence's text is its inside, less the opening line's indentation; an HTML block's is all of it.
        low, high, indent = (
            (opened + 1, after, len(piece[opened]) - len(piece[opened].lstrip(" "))) if fence else (opened, end, 0)
        )
        taken: list[str] = []
        for at in range(low, high, INSIDE_LINES):
            text = _inside_text(piece[at : min(at + INSIDE_LINES, high)], indent)
            if text is None:
                yield _whole(parser, piece, first_line, links)
                return
            taken.append(text)
            yield [], ()
        texts.append("".join(taken))
    kept: list[str] = []
    low = 0
    for opened, after, _ in insides:
        kept += piece[low : opened + 1]
        low = after
    kept += piece[low:]
    tokens = parser.parse("\n".join(kept), {"references": links})
    del kept
    found, moved = 0, 0
    for token in tokens:
        if token.map is None:
            continue
        if found < len(insides) and token.map[0] + moved >= insides[found][0]:
            opened, after, end = insides[found]
            kind = "fence" if opens_fence(piece[opened]) else "html_block"
            gone = after - opened - 1
            if token.type != kind or token.level or token.map != [opened - moved, end - moved - gone]:
                yield _whole(parser, piece, first_line, links)  # not the top-level block the pass saw
                return
            token.content, token.map = texts[found], [opened, end]
            found, moved = found + 1, moved + gone
        elif moved:
            token.map = [token.map[0] + moved, token.map[1] + moved]
    if found < len(insides):
        yield _whole(parser, piece, first_line, links)
        return
    yield _Walker(piece, first_line).walk(tokens), hidden_lines(tokens, piece, first_line, parser.options.maxNesting)


def _inside_text(lines: list[str], indent: int) -> str | None:
    """Lines of a fence's or HTML block's inside as markdown-it gives them (`getLines`), each
    with its newline and up to `indent` columns of white space taken off; None if markdown-it
    would read them otherwise (a carriage return ends a line for it, a NUL is replaced)."""
    if indent:
        spaces = " " * indent
        lines = [line[indent:] if line.startswith(spaces) else _dedent(line, indent) for line in lines]
    text = "\n".join(lines) + "\n"
    return None if "\r" in text or "\0" in text else text


def _dedent(line: str, indent: int) -> str:
    """`line` less up to `indent` columns of its leading spaces and tabs (a tab goes to the next
    stop of 4; one that goes past `indent` leaves the columns past it as spaces), as `getLines` does."""
    columns, at = 0, 0
    while at < len(line) and columns < indent and line[at] in " \t":
        columns += 4 - columns % 4 if line[at] == "\t" else 1
        at += 1
    return " " * (columns - indent) + line[at:] if columns > indent else line[at:]


def _whole(
    parser: MarkdownIt, part: list[str], first_line: int, links: LinkDefinitions
) -> tuple[list[BlockDraft], tuple[int, ...]]:
    """The blocks and hidden lines of `part` parsed at once."""
    tokens = parser.parse("\n".join(part), {"references": links})
    return _Walker(part, first_line).walk(tokens), hidden_lines(tokens, part, first_line, parser.options.maxNesting)


def _long_table(part: list[str], chunk: int) -> bool:
    """Whether `part` may open with a table long enough to parse a few rows at a time."""
    if len(part) < 8 or sum(map(len, part[:8])) * (len(part) // 8) < 2 * chunk:
        return False  # a rough size first: most parts are not long, or have no table
    start = table_start(part)
    # A huge header: parsing it alone to count its cells would cost as much as the table.
    return start is not None and len(part[start]) + len(part[start + 1]) <= 2 * chunk


def _table_parts(
    parser: MarkdownIt, part: list[str], first_line: int, links: LinkDefinitions, chunk: int
) -> Iterator[tuple[list[BlockDraft], tuple[int, ...]]]:
    """A part that opens with a long table, its rows parsed about `chunk` characters at a time.

    A table of a million rows made ten million tokens (1.9 GB) in one step of 20 s. Rows
    after a cut parse under the header and delimiter rows repeated (see `row_cuts`), and
    each such table, its header left out, goes on the table parsed so far. Yields no
    blocks until the table is whole (a caller may pause), then the part's blocks.
    """
    start = table_start(part)
    assert start is not None
    head = parser.parse("\n".join(part[start : start + 2]), {"references": links})
    columns = sum(token.type == "th_open" for token in head)
    rows: list[int] = []
    for cut in row_cut_steps(part, start, columns, chunk) if head and head[0].type == "table_open" else ():
        if cut is None:
            yield [], ()
        else:
            rows.append(cut)
    del head  # not kept while the rows parse
    joined: _Table | None = None
    hidden: list[int] = []
    after: list[BlockDraft] = []
    for low, high in pairwise([0, *rows, len(part)] if rows else []):
        # After the first cut: the header and delimiter again, placed two lines before the rows.
        piece = part[low:high] if low == 0 else [*part[start : start + 2], *part[low:high]]
        base = first_line + low - (2 if low else 0)
        drafts, more = _whole(parser, piece, base, links)
        hidden += more
        if not drafts or drafts[0].kind is not BlockKind.TABLE or (joined is None and len(drafts) > 1):
            joined = None  # not as `row_cuts` foresaw: the part parsed at once after all
            break
        if joined is None:
            joined = _Table(drafts[0])
        else:
            joined.add(drafts[0])
            after = drafts[1:]  # the blocks after the table, in the last piece
        if high < len(part):
            yield [], ()
    if joined is None:
        yield _whole(parser, part, first_line, links)
    else:
        yield [joined.draft(), *after], tuple(hidden)


class _Table:
    """A table drafted in parts of rows, joined into the one draft the whole table gives."""

    def __init__(self, first: BlockDraft) -> None:
        self.first = first
        self.texts = [first.text]
        self.cells = list(first.cells)
        self.spans = list(first.spans)
        self.length = len(first.text)

    def add(self, more: BlockDraft) -> None:
        """The rows of `more`, a table of the same header, after the rows so far (its header left out)."""
        body = more.cells[0][-1][1] + 1 if more.cells and more.cells[0] else more.text.find("\n") + 1
        shift = self.length + 1 - body
        self.texts += ["\n", more.text[body:]]
        self.cells += [tuple((low + shift, high + shift) for low, high in row) for row in more.cells[1:]]
        self.spans += [Span(s.start + shift, s.end + shift, s.style, s.href) for s in more.spans if s.start >= body]
        for citation in more.citations:
            if citation.offset >= body:
                citation.offset += shift
                self.first.citations.append(citation)
        self.length += 1 + len(more.text) - body

    def draft(self) -> BlockDraft:
        draft = self.first
        draft.text, draft.cells, draft.spans = "".join(self.texts), tuple(self.cells), tuple(self.spans)
        return draft


# Tokens that hold text (or are text): a line none of them covers shows nothing.
_LEAVES = frozenset({"paragraph_open", "heading_open", "fence", "code_block", "html_block", "hr", "table_open"})


def hidden_lines(tokens: list[Token], lines: list[str], first_line: int, limit: int) -> tuple[int, ...]:
    """The lines (of the file) markdown-it dropped: those inside containers nested to its limit
    that no block of text covers. It stops parsing at `limit` levels and skips the rest silently.
    """
    if not any(token.level >= limit - 2 for token in tokens):
        return ()
    shown: set[int] = set()
    deep: set[int] = set()
    for token in tokens:
        if token.map is None:
            continue
        span = range(*token.map)
        if token.type in _LEAVES:
            shown.update(span)
        elif token.level >= limit - 2:
            deep.update(span)
    return tuple(first_line + number for number in sorted(deep - shown) if _line(lines, number).strip())


class LinkDefinitions(dict[str, Any]):
    """Link definitions by normalised label, as markdown-it looks them up (`env["references"]`).

    Each href is normalised when first looked up, not when found: a brief of 600,000
    definitions spent 26 s normalising hrefs that no text used.
    """

    def add(self, found: Iterable[tuple[str, tuple[str, str]]]) -> None:
        """Definitions (label, (href, title)) in file order: the first of a label wins."""
        for label, pair in found:
            self.setdefault(normalizeReference(label), pair)

    def get(self, key: str, default: Any = None) -> Any:
        value = super().get(key, default)
        if isinstance(value, tuple):
            href, title = value
            value = {"href": markdown().normalizeLink(href), "title": title}
            self[key] = value
        return value

    def __getitem__(self, key: str) -> Any:
        if key not in self:
            raise KeyError(key)
        return self.get(key)


def link_definitions(found: dict[str, tuple[str, str]]) -> LinkDefinitions:
    """Link definitions (label: (url, title)) as markdown-it keeps them."""
    links = LinkDefinitions()
    links.add(found.items())
    return links
