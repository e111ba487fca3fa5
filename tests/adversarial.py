"""Hostile text for the adversarial tests: payloads, a brief made of them, generated strings, and the checks.

A violation is anything the brief's author could make the app do or hide: a segment
carrying an `@click` action or a link the app did not make, text that is not shown
as written, or a control byte on its way to the terminal.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from rich.segment import Segment

# What a hostile author writes: markup, action links, bracketed text, escape sequences, OSC payloads.
PAYLOADS = [
    "[@click=app.screenshot('x','/tmp')]click me[/]",
    "[ @click=app.quit]spaced[/]",
    "[@click=app.bell]bell[/]",
    "[link=https://evil.example]a link[/link]",
    "[bold red]styled[/]",
    "see [/docs]",
    "[citation needed]",
    "[/]",
    "\\[escaped]",
    "\x1b]52;c;aGk=\x07",  # OSC 52: write to the clipboard
    "\x1b]8;;http://evil.example\x1b\\hyperlink\x1b]8;;\x1b\\",  # OSC 8
    "\x1b[31mred\x1b[0m",
    "\x1b[6n",  # asks the terminal to answer
    "\x1b[2J",
    "\x9b31m",  # C1 CSI
    "\x07",
    "\u202eevil\u202c",  # right-to-left override
    "\u2066isolate\u2069",
    "line\u2028separator\u2029paragraph",  # some terminals take them for a line feed
    "\x00",
    "\r",
    "\x7f",
    "CR&#13;FF&#12;RLO&#x202E;RLM&rlm;LRI&#x2066;ESC&#x1b;",  # entities markdown-it decodes after the source is cleaned
    "tab\there",
]
WORDS = ["word", "Troops", "[", "]", "=", "@", "click", "/", "(", ")", "'", ":", "\\", " ", "é", "中"]
# A payload seen in terminal output means it reached the terminal as bytes, not as pictures.
RAW_IN_OUTPUT = [b"\x1b]52;c;aGk=", b"\x1b]8;;http://evil.example", b"\x1b[6n", b"\xc2\x9b", b"FF\x0c"]
RAW_IN_OUTPUT += [character.encode() for character in "\u202e\u200f\u2066\u2028\u2029"]
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def strings(count: int, seed: int = 7) -> list[str]:
    """`count` hostile strings: payloads and words run together at random (deterministic)."""
    rng = random.Random(seed)
    made = list(PAYLOADS)
    while len(made) < count:
        parts = [rng.choice(PAYLOADS) if rng.random() < 0.4 else rng.choice(WORDS) for _ in range(rng.randint(1, 6))]
        made.append("".join(parts))
    return made[:count]


def one_line(text: str) -> str:
    """Where a string must fit one line (a title, a heading, a table cell)."""
    return " ".join(text.replace("|", "/").split()) or "x"


def hostile_brief(payloads: Iterable[str] = PAYLOADS) -> str:
    """A valid brief with a payload in every place a brief holds text."""
    # NUL left out: a file holding one is refused as binary (tests/test_bounded.py), not opened.
    each = [one_line(payload.replace("\x00", "")) for payload in payloads]
    title = " ".join(each[:6]).replace('"', "'")
    tags = [f'"{text}"' for text in each[:4] if '"' not in text and "\\" not in text]
    claims = "\n".join(
        f"[^c{number}]: {text}\n    - claimant: {text}\n    - status: reported\n    - reported by: {text}"
        for number, text in enumerate(each)
    )
    cites = " ".join(f"{text}.[^c{number}]" for number, text in enumerate(each))
    table = "| a | b |\n|---|---|\n" + "\n".join(f"| {text} | {text} |" for text in each[:8])
    return (
        f'---\nid: hostile\ntitle: "{title}"\ntags: [{", ".join(tags)}]\n'
        'sources: ["x"]\nfocus: [one, two, three]\n---\n\n'
        f"# {title}\n\nSummary: {cites}\n\n"
        f"## {each[0]} {{#one}}\n\n{cites}\n\n- {each[1]}\n- [a link]({each[2].split()[0]})\n\n"
        f"## {each[5]} {{#two}}\n\n{table}\n\n> {each[9]}\n\n"
        f"## {each[11]} {{#three}}\n\n```\n{each[10]}\n```\n\n{cites}\n\n"
        f"{claims}\n"
    )


def violations(segments: Iterable[Segment], allowed_clicks: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """What in these segments a brief's author could have put there: actions, links, controls."""
    found = []
    for segment in segments:
        style = segment.style
        if CONTROL.search(segment.text):
            found.append(f"control character in {segment.text!r}")
        if style is None:
            continue
        click = (style.meta or {}).get("@click")
        if click is not None and str(click) not in allowed_clicks:
            found.append(f"@click {click!r} on {segment.text!r}")
        if style.link:
            found.append(f"link {style.link!r} on {segment.text!r}")
    return found
