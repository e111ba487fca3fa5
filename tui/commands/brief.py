"""Palette commands of the reader: go to any section, go to any claim."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.core.claims.describe import cut, one_line
from tui.core.reading.state import Reading

ID_SHOWN = 60  # characters of a claim's id in its command
STATEMENT_SHOWN = 200  # characters of a statement (or a claimant): a command is one line
DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")  # "¹²", as the markers show it, is claim 12


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
        # Claims once the brief is loaded, numbered as the claim list and the markers in the text number them,
        # each with its id: the one identity the reader and the export share. A statement is cut to a line.
        for number, claim in enumerate(brief.claims if brief else (), 1):
            status = claim.status.value if claim.status else "no status"
            commands.append(
                (
                    f"Go to claim {number}: {cut(claim.id, ID_SHOWN)} · {one_line(claim.statement, STATEMENT_SHOWN)}",
                    partial(screen.go_to_claim, claim.id),
                    f"{cut(one_line(claim.claimant, STATEMENT_SHOWN), STATEMENT_SHOWN)}, {status}",
                )
            )
        return commands

    def _exact(self, query: str) -> str | None:
        """The start of the command of the claim a query names by its number ("12", "claim 12", "¹²")
        or its id ("kim-lifeline"), if it names one."""
        screen = self.screen
        brief = screen.reading.brief if isinstance(screen, ReadsABrief) else None
        if brief is None or not isinstance(screen, ReadsABrief):
            return None
        name = query.strip().lower().removeprefix("go to").strip().removeprefix("claim").strip().rstrip(":")
        number = name.translate(DIGITS)
        if number.isdigit() and 1 <= int(number) <= len(brief.claims):
            return f"Go to claim {int(number)}: "
        numbers = screen.reading.loader.claim_numbers
        found = next((claim.id for claim in brief.claims if claim.id.lower() == name), None) if name else None
        return f"Go to claim {numbers[found]}: " if found in numbers else None

    async def discover(self) -> Hits:
        for text, command, help_text in self._commands():
            yield DiscoveryHit(prompt(text, help_text), command, text=text)

    async def search(self, query: str) -> Hits:
        # Every word of the query, anywhere in the command. Textual's fuzzy matcher is
        # too slow on long candidates such as claim statements (seconds per key).
        # A claim named by its number or id comes first, alone at the top score.
        words = query.lower().split()
        exact = self._exact(query)
        for text, command, help_text in self._commands():
            # The help line too: it names the claimant ("kremlin" finds what Peskov and the Kremlin said).
            lowered = f"{text}\n{help_text}".lower()
            if exact is not None and text.startswith(exact):
                yield Hit(1.0, prompt(text, help_text), command, text=text)
            elif words and all(word in lowered for word in words):
                yield Hit(min(0.9, len(query) / len(text)), prompt(text, help_text), command, text=text)
