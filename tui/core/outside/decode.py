"""Turn a file's bytes into text explicitly: UTF-8 (a BOM is accepted), nothing else."""

from __future__ import annotations

import codecs

from tui.core.outside.problems import Problem, error

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def _place(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based, in characters) of a byte offset; CR, LF and CRLF end lines."""
    before = data[:offset]
    line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
    line_start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, column


def _looks_like_utf16(data: bytes) -> bool:
    """Whether NUL bytes fall between the characters, as in UTF-16 text without a BOM."""
    sample = data[:200]
    return len(sample) >= 4 and (sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4)


def decode(data: bytes) -> str | Problem:
    """The text of a brief file, or the problem that stops it.

    A UTF-8 byte order mark is dropped; UTF-16/32, a NUL byte (binary), bytes that
    are not UTF-8 and a file with nothing but white space are problems.
    """
    if data.startswith(_UTF32_BOMS):
        return error(1, 1, "file is UTF-32 (it starts with a UTF-32 byte order mark); save it as UTF-8")
    if data.startswith(_UTF16_BOMS):
        return error(1, 1, "file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8")
    # Offsets in messages count from the file's first byte, BOM included.
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    data = data[skip:]
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = _place(data, nul)
        if _looks_like_utf16(data):
            return error(1, 1, "file looks like UTF-16 without a byte order mark; save it as UTF-8")
        return error(line, column, f"binary file: NUL byte at byte offset {nul + skip}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _place(data, exc.start)
        bad = data[exc.start : exc.start + 1].hex()
        return error(line, column, f"not UTF-8: invalid byte 0x{bad} at byte offset {exc.start + skip}")
    if not text.strip():
        return error(1, 1, "empty file")
    return text
