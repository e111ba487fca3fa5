"""Which of a block's inline spans lie over a stretch of its text, found without looking at them all."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from tui.core.brief.model import Span


class SpanIndex:
    """A block's spans in order (by start, the longer first), each knowing the innermost span around it.

    Inline markdown nests or stands apart, so the spans over a point are the chain of
    spans around the last one that starts at or before it, and the spans over a stretch
    are those and the ones starting inside it: a display line costs its own spans and
    their nesting, not the block's every span (30,000 in a paragraph made each line
    look at all 30,000). Should spans ever cross, every span is looked at: slower, never wrong.
    """

    __slots__ = ("nested", "parents", "spans", "starts")

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = sorted(spans, key=lambda span: (span.start, -span.end))
        self.starts = [span.start for span in self.spans]
        self.parents: list[int] = []  # the index of the innermost span around each, or -1
        self.nested = True
        around: list[int] = []
        for index, span in enumerate(self.spans):
            while around and self.spans[around[-1]].end <= span.start:
                around.pop()
            if around and span.end > self.spans[around[-1]].end:
                self.nested = False  # it starts inside one span and ends after it
            self.parents.append(around[-1] if around else -1)
            around.append(index)

    def over(self, start: int, end: int) -> list[Span]:
        """The spans over any of `text[start:end]`, in order (by start, the longer first)."""
        if not self.nested:
            return [span for span in self.spans if span.start < end and span.end > start]
        first = bisect_right(self.starts, start)
        chain: list[Span] = []
        at = first - 1
        while at >= 0:
            if self.spans[at].end > start and self.spans[at].start < end:  # (an empty stretch is over none)
                chain.append(self.spans[at])
            at = self.parents[at]
        chain.reverse()
        return chain + self.spans[first : bisect_left(self.starts, end)]
