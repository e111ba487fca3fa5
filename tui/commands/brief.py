"""Palette commands of the reader: go to any section, go to any claim."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol, runtime_checkable
from weakref import WeakKeyDictionary

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.core.claims.describe import cut, one_line
from tui.core.display.statuses import status_name
from tui.core.reading.state import Reading

ID_SHOWN = 60  # characters of a claim's id in its command
STATEMENT_SHOWN = 200  # characters of a statement (or a claimant): a command is one line
DISCOVERED = 500  # commands listed before anything is typed: the sections first, then claims
SHOWN = 200  # hits given to the palette for a query, the best first
DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")  # "¹²", as the markers show it, is claim 12


@dataclass(frozen=True, slots=True)
class Command:
    """A palette command of the brief: its text, what it does, its help line, and what a query is matched to."""

    text: str
    run: Callable[[], None]
    help: str
    searched: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "searched", f"{self.text}\n{self.help}".lower())


# The commands built for each reader screen, with the brief and section count they were built for.
_BUILT: WeakKeyDictionary[object, tuple[tuple[int, int], list[Command]]] = WeakKeyDictionary()


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

    def _commands(self) -> list[Command]:
        """The commands of the brief on screen, built once per brief (and once more as a long one finishes
        loading): rebuilt at each key, 10,000 claims held the palette 2 s a key."""
        screen = self.screen  # the provider is only listed by the reader screen
        if not isinstance(screen, ReadsABrief):
            return []
        loader, brief = screen.reading.loader, screen.reading.brief
        key = (id(brief), loader.section_count)
        cached = _BUILT.get(screen)
        if cached is not None and cached[0] == key:
            return cached[1]
        commands: list[Command] = []
        # The reverse of `!` (the next tradecraft warning), which has no key of its own.
        walk = getattr(screen, "action_next_warning", None)
        if brief is not None and brief.is_brief and callable(walk):
            commands.append(
                Command("Previous tradecraft warning", partial(walk, -1), "The reverse of ! (next warning)")
            )
        for index in range(loader.section_count):
            title, number = loader.section_title(index), index + 1
            go = partial(screen.action_show_section, number)
            commands.append(Command(f"Go to section: {title}", go, f"Section {number}"))
        # Claims once the brief is loaded, numbered as the claim list and the markers in the text number them,
        # each with its id: the one identity the reader and the export share. A statement is cut to a line.
        for number, claim in enumerate(brief.claims if brief else (), 1):
            status = status_name(claim.status)
            commands.append(
                Command(
                    f"Go to claim {number}: {cut(claim.id, ID_SHOWN)} · {one_line(claim.statement, STATEMENT_SHOWN)}",
                    partial(screen.go_to_claim, claim.id),
                    f"{cut(one_line(claim.claimant, STATEMENT_SHOWN), STATEMENT_SHOWN)}, {status}",
                )
            )
        _BUILT[screen] = (key, commands)
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
        for command in self._commands()[:DISCOVERED]:
            yield DiscoveryHit(prompt(command.text, command.help), command.run, text=command.text)

    async def search(self, query: str) -> Hits:
        # Every word of the query, anywhere in the command or its help line (which names the claimant:
        # "kremlin" finds what Peskov and the Kremlin said). Textual's fuzzy matcher is too slow on long
        # candidates such as claim statements (seconds per key). A claim named by its number or id comes
        # first, alone at the top score; past SHOWN hits the rest are left out, the best kept.
        words = query.lower().split()
        exact = self._exact(query)
        found: list[tuple[float, Command]] = []
        for command in self._commands():
            if exact is not None and command.text.startswith(exact):
                found.append((1.0, command))
            elif words and all(word in command.searched for word in words):
                found.append((min(0.9, len(query) / len(command.text)), command))
        found.sort(key=lambda hit: -hit[0])  # stable: the brief's order among equals
        for score, command in found[:SHOWN]:
            yield Hit(score, prompt(command.text, command.help), command.run, text=command.text)
