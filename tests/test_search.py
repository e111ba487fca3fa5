"""Search across a brief: smartcase, reading order, sentences."""

from __future__ import annotations

import pytest

from tui.core.brief import load_brief
from tui.core.model import Brief
from tui.core.search import find, is_case_sensitive

from .conftest import BUNDLED_BRIEF


@pytest.fixture(scope="module")
def brief() -> Brief:
    return load_brief(BUNDLED_BRIEF)[0]


def test_smartcase() -> None:
    assert not is_case_sensitive("kursk")
    assert is_case_sensitive("Kursk")


def test_matches_in_reading_order_with_their_sentences(brief: Brief) -> None:
    matches = find(brief, "kursk")
    assert matches
    order = [s.id for s in brief.all_sections]
    assert [order.index(m.section_id) for m in matches] == sorted(order.index(m.section_id) for m in matches)
    for match in matches:
        section = brief.section(match.section_id)
        assert section is not None
        assert section.text[match.start : match.end].lower() == "kursk"
        sentence = section.sentences[match.sentence]
        assert sentence.start <= match.start < sentence.end


def test_a_capital_makes_it_case_sensitive(brief: Brief) -> None:
    assert len(find(brief, "nato")) >= len(find(brief, "NATO")) > 0
    assert find(brief, "Nato") == []


def test_empty_query_finds_nothing(brief: Brief) -> None:
    assert find(brief, "") == []
