"""The overlays of a display line merged into pieces, without a widget (tui/core/display/paint.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.core.brief.model import SpanStyle
from tui.core.display.paint import Overlays, Piece, PieceKind, line_pieces
from tui.core.display.wrap import Line

TEXT = "Troops moved. They were seen at the port."
LINE = Line(block=0, start=0, end=len(TEXT))


def test_a_line_without_overlays_is_one_piece_of_its_text() -> None:
    assert line_pieces(TEXT, LINE, Overlays()) == [Piece(PieceKind.TEXT, TEXT)]


def test_each_overlay_end_cuts_and_the_layers_come_in_order() -> None:
    over = Overlays(
        spans=[(0, 6, SpanStyle.STRONG)],
        notes=[(0, 13, "yellow")],
        marked=[(0, 13)],
        cursor=(0, 13),
        selection=(3, 6),
        matches=[(4, 6)],
    )
    pieces = line_pieces(TEXT, LINE, over)
    assert [piece.text for piece in pieces] == ["Tro", "o", "ps", " moved.", " They were seen at the port."]
    common = ("note-yellow", "marked", "cursor")
    assert pieces[0].layers == ("span-strong", *common)
    assert pieces[1].layers == ("span-strong", *common, "selection")
    assert pieces[2].layers == ("span-strong", *common, "selection", "match")
    assert pieces[3].layers == common
    assert pieces[4].layers == ()


def test_a_span_or_range_beyond_the_line_is_cut_at_its_ends() -> None:
    line = Line(block=0, start=14, end=len(TEXT))
    pieces = line_pieces(TEXT, line, Overlays(spans=[(0, 20, SpanStyle.CODE)], cursor=(0, 20)))
    assert pieces == [
        Piece(PieceKind.TEXT, "They w", ("span-code", "cursor")),
        Piece(PieceKind.TEXT, "ere seen at the port."),
    ]


def test_a_marker_follows_the_text_it_ends() -> None:
    pieces = line_pieces(TEXT, LINE, Overlays(markers={13: "¹", len(TEXT): "²"}))
    assert pieces == [
        Piece(PieceKind.TEXT, "Troops moved."),
        Piece(PieceKind.MARKER, "¹"),
        Piece(PieceKind.TEXT, " They were seen at the port."),
        Piece(PieceKind.MARKER, "²"),
    ]


def test_a_table_rows_tabs_become_its_gaps() -> None:
    row = "a\tbb\tc"
    pieces = line_pieces(row, Line(block=0, start=0, end=len(row), tabs=("  │ ", " │ ")), Overlays())
    assert pieces == [
        Piece(PieceKind.TEXT, "a"),
        Piece(PieceKind.GAP, "  │ "),
        Piece(PieceKind.TEXT, "bb"),
        Piece(PieceKind.GAP, " │ "),
        Piece(PieceKind.TEXT, "c"),
    ]


ranges = st.tuples(st.integers(0, len(TEXT)), st.integers(0, len(TEXT))).map(sorted).map(tuple)


@given(
    start=st.integers(0, len(TEXT)),
    matches=st.lists(ranges, max_size=4),
    notes=st.lists(ranges, max_size=3),
    cursor=st.none() | ranges,
    markers=st.dictionaries(st.integers(1, len(TEXT)), st.sampled_from(["¹", "²˒³"]), max_size=3),
)
def test_the_pieces_hold_the_line_text_once_and_each_layer_only_where_it_lies(
    start: int,
    matches: list[tuple[int, int]],
    notes: list[tuple[int, int]],
    cursor: tuple[int, int] | None,
    markers: dict[int, str],
) -> None:
    line = Line(block=0, start=start, end=len(TEXT))
    over = Overlays(
        notes=[(low, high, "blue") for low, high in notes],
        cursor=cursor,
        matches=sorted(matches),
        markers={offset: marker for offset, marker in markers.items() if start < offset},
    )
    pieces = line_pieces(TEXT, line, over)
    assert "".join(piece.text for piece in pieces if piece.kind is PieceKind.TEXT) == TEXT[start:]
    assert [piece.text for piece in pieces if piece.kind is PieceKind.MARKER] == [
        over.markers[offset] for offset in sorted(over.markers)
    ]
    at = start
    for piece in pieces:
        if piece.kind is not PieceKind.TEXT:
            continue
        end = at + len(piece.text)
        in_cursor = cursor is not None and cursor[0] <= at and end <= cursor[1]
        assert ("cursor" in piece.layers) == in_cursor
        assert ("match" in piece.layers) == any(low <= at and end <= high for low, high in matches)
        assert ("note-blue" in piece.layers) == any(low <= at and end <= high for low, high in notes)
        at = end
