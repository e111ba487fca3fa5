"""A brief's claims as Graphviz DOT: a node per claim (status as colour and word), relations as edges."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

from tui.core.brief.model import Brief, Claim, ClaimStatus
from tui.core.brief.numbering import claim_numbers
from tui.core.claims.describe import actor_key, claim_label, cut, one_line, short_claimant
from tui.core.claims.graph import NO_CLAIMANT
from tui.core.claims.relations import Relations
from tui.core.display.statuses import LIGHT, status_name
from tui.core.outside.visible import printable

LINE = 34  # characters of a label's line: a node stays narrow in a report
STATEMENT_LINES = 3  # of the statement, in a node's label
ID_CHARACTERS = 60  # of an id, in a label
CLAIMANT_CELLS = 28  # of the claimant, under the statement
HEADING = 80  # characters of a claimant's name, as a cluster's label
TOOLTIP = 500  # characters of the statement in a node's tooltip (SVG shows it on hover)
NO_STATUS_COLOUR = "#808080"
CONTRADICTION_COLOUR = "#d70000"  # red, as the denied status on a light page
SUPPORT_COLOUR = "#404040"
TINT = 0.18  # how much of a status's colour fills its node: light, so black text reads on it
# What tells statuses apart in a grey print, beside the word in the label.
OUTLINE = {ClaimStatus.UNVERIFIED: "dashed", ClaimStatus.FALSE: "bold", ClaimStatus.DENIED: "bold"}


def escaped(text: str) -> str:
    """`text` as the inside of a DOT string in a label: on one line, control and bidi characters pictured,
    backslashes and double quotes escaped, so no text can end the string, add an attribute or a line
    break, or become one of Graphviz's `\\N`-style substitutions. Inside quotes, `<` and `>` are only
    characters (an HTML label is one written `<...>`, never quoted)."""
    flat = printable(text).replace("\n", " ")
    # Graphviz decodes HTML entities in any string: `&amp;` written stays `&amp;` only as `&amp;amp;`.
    return flat.replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')


def quoted(*lines: str) -> str:
    """A DOT string of `lines`, each centred on its own line (`\\n` between them)."""
    return '"' + "\\n".join(escaped(line) for line in lines) + '"'


def tint(colour: str, amount: float = TINT) -> str:
    """`colour` (#rrggbb) mixed with white: `amount` of it."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - part) * amount):02x}" for part in (red, green, blue))


def attributes(**values: str) -> str:
    """`[name=value, ...]`, each value as given (already quoted where it is text)."""
    return "[" + ", ".join(f"{name}={value}" for name, value in values.items()) + "]"


def settings(indent: str, **values: str) -> Iterator[str]:
    """A graph's (or cluster's) attributes, `name=value;` a line."""
    for name, value in values.items():
        yield f"{indent}{name}={value};"


def node_label(number: int, claim: Claim) -> str:
    status = status_name(claim.status)
    grade = f" · {claim.grade}" if claim.grade is not None else ""
    statement = textwrap.wrap(
        one_line(claim.statement, LINE * STATEMENT_LINES * 2),
        LINE,
        max_lines=STATEMENT_LINES,
        placeholder=" …",
    )
    who = short_claimant(claim.claimant, CLAIMANT_CELLS) if claim.claimant else NO_CLAIMANT
    head = claim_label(number, cut(one_line(claim.id, ID_CHARACTERS + 1), ID_CHARACTERS))
    return quoted(head, status + grade, *statement, f"— {who}")


def node(name: str, number: int, claim: Claim) -> str:
    colour = LIGHT[claim.status] if claim.status is not None else NO_STATUS_COLOUR
    outline = OUTLINE.get(claim.status) if claim.status is not None else "dotted"
    style = ",".join(("rounded", "filled", *((outline,) if outline else ())))
    return f"    {name} " + attributes(
        label=node_label(number, claim),
        # A tooltip expands `\N`, `\G` and `\L` even escaped as `\\N` (a label does not): its backslashes
        # are shown as the reverse solidus operator, which no substitution reads.
        tooltip=quoted(one_line(claim.statement, TOOLTIP).replace("\\", "\u29f5")),
        style=f'"{style}"',
        color=f'"{colour}"',
        fillcolor=f'"{tint(colour)}"',
    )


def dot_export(brief: Brief) -> str:
    """The claims of `brief` and their relations as a DOT digraph (an empty one for a brief without claims).

    Nodes are named by number (`c12`), never by their id, so no id can reach the graph's syntax;
    claims are grouped in a cluster per claimant; "supports" is a solid dark edge, "contradicts"
    a red edge ending in a bar (`tee`), both labelled with the word."""
    return "\n".join(dot_lines(brief)) + "\n"


def dot_lines(brief: Brief) -> Iterator[str]:
    claims = brief.claims
    numbers = claim_numbers(claim.id for claim in claims)
    relations = Relations.of(claims)
    yield "digraph claims {"
    title = f"Claims of {one_line(brief.title, 200)}" if brief.title else "Claims"
    # The graph's own attributes as statements (`label=...;`), as a parser reads them for the graph.
    yield from settings("    ", label=quoted(title), labelloc="t", fontname='"Helvetica"', rankdir="LR")
    yield '    node [shape=box, fontname="Helvetica", fontsize=10]'
    yield '    edge [fontname="Helvetica", fontsize=9]'
    groups: dict[str, tuple[str, list[tuple[int, Claim]]]] = {}
    for number, claim in enumerate(claims, 1):
        if numbers[claim.id] != number:  # a second definition of an id (an error `check` reports): not a claim
            continue
        shown = one_line(claim.claimant, HEADING + 1) or NO_CLAIMANT
        groups.setdefault(actor_key(claim.claimant), (shown, []))[1].append((number, claim))
    for place, (shown, members) in enumerate(groups.values(), 1):
        yield f"    subgraph cluster_{place} {{"
        yield from settings("        ", label=quoted(cut(shown, HEADING)), style='"rounded,dashed"', color='"#a0a0a0"')
        for number, claim in members:
            yield "    " + node(f"c{number}", number, claim)
        yield "    }"
    missing: dict[str, str] = {}  # an id the brief relates to but does not define -> its node
    for claim_id, number in numbers.items():
        linked = relations.of_claim(claim_id)
        for targets, edge in (
            (linked.supports, attributes(label='"supports"', color=f'"{SUPPORT_COLOUR}"', style="solid")),
            (
                linked.contradicts,
                attributes(
                    label='"contradicts"',
                    color=f'"{CONTRADICTION_COLOUR}"',
                    fontcolor=f'"{CONTRADICTION_COLOUR}"',
                    style="bold",
                    arrowhead="tee",
                ),
            ),
        ):
            for target in targets:
                other = numbers.get(target)
                if other is None and target not in missing:
                    missing[target] = name = f"u{len(missing) + 1}"
                    label = quoted(
                        cut(one_line(target, ID_CHARACTERS + 1), ID_CHARACTERS), "(not a claim of the brief)"
                    )
                    yield f'    {name} [label={label}, style="dashed", color="{NO_STATUS_COLOUR}"]'
                yield f"    c{number} -> {missing[target] if other is None else f'c{other}'} {edge}"
    yield "}"
