"""Palette commands of the reader: go to any section, go to any claim."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content


def prompt(text: str, help_text: str) -> Content:
    """A command and its help line, from brief text: plain Content, never read as markup.

    The help is part of the prompt, not the hit's `help`: the palette parses `help`
    as markup, and a claimant such as "[link=https://x]" broke it (or acted).
    """
    return Content.assemble(Content(text), "\n", Content.styled(help_text, "$text-muted"))


class BriefCommands(Provider):
    """ "Go to section ..." and "Go to claim ..." for the brief on the reader screen."""

    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        from tui.screens.reader import ReaderScreen  # the provider is only listed by that screen

        screen = self.screen
        if not isinstance(screen, ReaderScreen):
            return []
        loader = screen.loader
        commands: list[tuple[str, Callable[[], None], str]] = []
        for index in range(loader.section_count):
            title, number = loader.section_title(index), index + 1
            go = partial(screen.action_show_section, number)
            commands.append((f"Go to section: {title}", go, f"Section {number}"))
        for claim in screen.brief.claims if screen.brief else ():  # claims once the brief is loaded
            status = claim.status.value if claim.status else "no status"
            commands.append(
                (
                    f"Go to claim: {claim.statement}",
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
