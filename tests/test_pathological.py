"""Every pathological shape of brief parses in time that grows no faster than its size.

Each shape of `tests.bench.pathological` (a construct repeated, nested or left open)
is parsed and checked at three sizes; the time at 2x and 4x the size must stay within
generous multiples of the time at 1x (a quadratic path gives 4x and 16x). Ratios, not
absolute times: the machine may be busy. The large sizes are in the benchmark suite.
"""

from __future__ import annotations

import pytest

from tui.core.brief.parse import parse_brief
from tui.core.outside.problems import Severity

from .bench.pathological import SHAPES, check
from .helpers.growth import seconds

BASE = 4_000  # bytes: the smallest size; the others are 2 and 4 times it


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
def test_parsing_time_grows_no_faster_than_the_size(shape: str) -> None:
    texts = [SHAPES[shape](BASE * factor) for factor in (1, 2, 4)]
    small, double, large = (seconds(lambda text=text: check(text), at_least=0.03) for text in texts)
    times = f"{small:.4f} s, {double:.4f} s, {large:.4f} s"
    assert double < 4 * small, times
    assert large < 8 * small, times


def test_every_shape_is_the_size_asked_for_and_a_brief() -> None:
    for shape, generate in SHAPES.items():
        assert 10_000 < len(generate(20_000).encode()) < 40_000, shape
        brief, problems = parse_brief(generate(BASE), f"{shape}.md")
        assert brief.is_brief, shape
        assert not [p for p in problems if p.severity is Severity.ERROR and "claim" not in p.message], shape
