"""Make text safe to print to a terminal: control and bidi characters shown as escapes."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, the bidi embedding, override
# and isolate characters that can reorder what a terminal shows, and the invisible
# direction marks (LRM, RLM, ALM) that can move neutral characters, and the line and
# paragraph separators, which some terminals take for a line feed.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
# A lone surrogate: a byte of a file name that is not UTF-8 (or a JSON escape); no terminal can show it.
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNPRINTABLE = re.compile(f"{_HIDDEN.pattern}|{_SURROGATE.pattern}")  # \r is in _HIDDEN


def visible(text: str) -> str:
    """`text` with every control or bidi character, and every lone surrogate (a file name's byte
    that is not UTF-8), replaced by a visible escape like `\\x1b` or `\\udcff`."""
    return _UNPRINTABLE.sub(
        lambda match: f"\\x{ord(match.group()):02x}" if ord(match.group()) < 0x100 else f"\\u{ord(match.group()):04x}",
        text,
    )


def one_line(text: str) -> str:
    """`visible(text)` with newlines escaped too, for a file name inside a one-line record."""
    return visible(text).replace("\n", "\\n")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode picture of a C0 control: ESC shows as "␛"
    return "␡" if code == 0x7F else "\ufffd"


def pictured(text: str) -> str:
    """`text` with each control or bidi character replaced by one visible symbol (␛, ␡ or �).

    One character for one, so offsets, lines and columns in the text stay as they were.
    """
    return _HIDDEN.sub(_picture, text)


def shown_name(name: str) -> str:
    """A file name shown as text: `pictured`, a newline too (␤), a lone surrogate as `\ufffd`."""
    return _SURROGATE.sub("\ufffd", pictured(name).replace("\n", "\u2424"))


def printable(text: str) -> str:
    """`text` fit to write to a file others will read: line ends made `\\n`, control and bidi
    characters pictured (as `pictured`), lone surrogates (from a JSON escape) replaced by `\\ufffd`.

    Doing it twice changes nothing more, so an export read back and exported again is the same.
    """
    if not _UNPRINTABLE.search(text):  # most text: nothing to change, one scan
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATE.sub("\ufffd", pictured(text))
