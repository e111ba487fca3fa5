"""Palette commands of the reader: go to any section, go to any claim."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.core.reading.state import Reading


@runtime_checkable
class ReadsABrief(Protocol):
    """A screen reading a brief, as the palette needs it (the reader): no import of the screen, no circle."""

    reading: Reading

    def action_show_section(self, number: int) -> None: ...

    def go_to_claim(self, claim_id: str) -> None: ...


def prompt(text: str, help_text: str) -> Content:
    """A command and its help line, from brief text: plain Content, never read as markup.

    The help is part of the prompt, not the hit's `help`: the palette parses `help`
    as markup, and a claimant such as "[link=https://x]" broke it (or acted).
    """
    return Content.assemble(Content(text), "\n", Content.styled(help_text, "$text-muted"))


class BriefCommands(Provider):
    """ "Go to section ..." and "Go to claim ..." for the brief on the reader screen."""

    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        screen = self.screen  # the provider is only listed by the reader screen
        if not isinstance(screen, ReadsABrief):
            return []
        loader, brief = screen.reading.loader, screen.reading.brief
        commands: list[tuple[str, Callable[[], None], str]] = []
        for index in range(loader.section_count):
            title, number = loader.section_title(index), index + 1
            go = partial(screen.action_show_section, number)
            commands.append((f"Go to section: {title}", go, f"Section {number}"))
        # Claims once the brief is loaded, numbered as the claim list and the markers in the text number them.
        for number, claim in enumerate(brief.claims if brief else (), 1):
            status = claim.status.value if claim.status else "no status"
            commands.append(
                (
                    f"Go to claim {number}: {claim.statement}",
                    partial(screen.go_to_claim, claim.id),
                    f"{claim.claimant}, {status}",
                )
            )
        return commands

    async def discover(self) -> Hits:
        for text, command, help_text in self._commands():
            yield DiscoveryHit(prompt(text, help_text), command, text=text)

    async def search(self, query: str) -> Hits:
        # Every word of the query, anywhere in the command. Textual's fuzzy matcher is
        # too slow on long candidates such as claim statements (seconds per key).
        words = query.lower().split()
        for text, command, help_text in self._commands():
            lowered = text.lower()
            if words and all(word in lowered for word in words):
                yield Hit(min(1.0, len(query) / len(text)), prompt(text, help_text), command, text=text)
