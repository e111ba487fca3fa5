"""`briefing check`: one test per problem, each asserting the exact line and column."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from tui.cli.check import check
from tui.core.brief import validate
from tui.core.brief.model import Reference
from tui.core.brief.parse import parse_brief
from tui.core.brief.suggest import LOOKUPS

from .helpers.growth import seconds

VALID = """\
---
id: test-brief
title: Test brief
date: 2024-10
focus: [alpha, beta]
---

Bottom line first.[^c1]

## Alpha

Alpha text cites one.[^c1] Other denies two.[^c2]

## Beta

Beta text, Other says.[^c2]

[^c1]: First claim.
    - claimant: Someone
    - reported by: Outlet
    - status: reported
    - grade: B2
    - contradicts: c2

[^c2]: Second claim.
    - claimant: Other
    - reported by: Outlet
    - status: denied
"""


def edit(line: int, new: str | None) -> str:
    """VALID with its 1-based `line` replaced (or removed when `new` is None)."""
    lines = VALID.split("\n")
    if new is None:
        del lines[line - 1]
    else:
        lines[line - 1] = new
    return "\n".join(lines)


def found(text: str) -> list[str]:
    """The problems of a text as `LINE:COL: severity: message` strings."""
    return [problem.format("f").removeprefix("f:") for problem in parse_brief(text, "f")[1]]


def test_valid_brief_has_no_problem() -> None:
    assert found(VALID) == []


@pytest.mark.parametrize(
    ("line", "new", "expected"),
    [
        # metadata
        (2, None, "1:1: error: the front matter has no 'id'"),
        (3, None, "1:1: error: the front matter has no 'title'"),
        (2, "id: Test Brief", "2:5: error: id 'Test Brief' may use only a-z, 0-9 and '-'"),
        (3, "title:", "3:1: error: 'title' is empty"),
        (4, "date: 24 October", "4:7: error: invalid date '24 October'"),
        (4, "this is not yaml", "4:1: error: expected 'key: value' in the front matter"),
        (4, 'date: "2024-10', "4:7: error: unterminated or malformed double-quoted value"),
        (4, "colour: red", "4:1: warning: unknown front matter key 'colour'"),
        (5, "focus: [alpha, gamma]", "5:16: error: focus section 'gamma' does not exist"),
        # a word like a known one: "did you mean"
        (3, "tittle: Test brief", "3:1: warning: unknown front matter key 'tittle' (did you mean 'title'?)"),
        (4, "Dat: 2024-10", "4:1: warning: unknown front matter key 'Dat' (did you mean 'date'?)"),
        (19, "    - claimnt: Someone", "19:7: warning: unknown claim field 'claimnt' (did you mean 'claimant'?)"),
        (
            21,
            "    - status: Confirmd",
            "21:15: error: unknown status 'Confirmd' (did you mean 'confirmed'?): use one of",
        ),
        (
            5,
            "focus: [alpah, beta]",
            "5:9: error: focus section 'alpah' does not exist (did you mean 'alpha'?); "
            "the section ids are 'summary', 'alpha', 'beta'",
        ),
        (5, "focus: [alpha, beta", "5:8: error: a list that opens with '[' must close with ']'"),
        (3, "id: again", "3:1: error: duplicate front matter key 'id'"),
        # sections and citations
        (14, "## Alpha", "14:1: error: duplicate section id 'alpha' (first at line 10)"),
        (16, "Beta text.[^c9]", "16:11: error: citation of undefined claim 'c9'"),
        # claims
        (21, "    - status: rumoured", "21:15: error: unknown status 'rumoured'"),
        (22, "    - grade: G7", "22:14: error: invalid grade 'G7'"),
        (22, "    - grade: B9", "22:14: error: invalid grade 'B9'"),
        (23, "    - contradicts: c2, c7", "23:24: error: claim 'c1' contradicts undefined claim 'c7'"),
        (23, "    - supports: nowhere", "23:17: error: claim 'c1' supports undefined claim 'nowhere'"),
        (19, None, "18:1: error: claim 'c1' has no claimant"),
        (21, None, "18:1: error: claim 'c1' has no status"),
        (20, None, "18:1: warning: claim 'c1' does not say where it was reported"),
        (22, "    - colour: red", "22:7: warning: unknown claim field 'colour'"),
        (22, "    - date: yesterday", "22:13: error: invalid date 'yesterday'"),
        (22, "    - status: denied", "22:7: error: claim field 'status' given twice"),
        (22, "    this line is not a field", "22:5: error: expected a claim field like '    - status: reported'"),
        (22, "    grade: B2", "22:5: error: write the claim field as a list item: '    - grade: ...'"),
        (22, "  - grade: B2", "22:1: error: indent claim fields by four spaces, so they stay in the footnote"),
        (22, "- grade: B2", "22:1: error: indent claim fields by four spaces"),
        (22, "    - date: 2024-02-30", "22:13: error: invalid date '2024-02-30'"),
        (22, "    - supports: c2", "22:17: error: claim 'c1' both supports and contradicts 'c2'"),
        (25, "[^c 2]: Second claim.", "25:3: error: claim id 'c 2' may use only ASCII letters"),
        (25, "[^中文]: Second claim.", "25:3: error: claim id '中文' may use only ASCII letters"),
        # Defined, it could never be cited: a citation is read up to 200 characters (attack round).
        (25, "[^" + "x" * 201 + "]: Second claim.", "25:3: error: claim id is 201 characters long: at most 200"),
        (22, "    - date: \u0662\u0660\u0662\u0666", "22:13: error: invalid date"),
        (4, "date: 2024-13", "4:7: error: invalid date '2024-13'"),
        (5, "focus: alpha, beta", "5:8: error: 'focus' takes a list: write [alpha, beta]"),
        (5, "Focus: [alpha]", None),
        (14, "## Beta {#Bad id}", "14:11: error: invalid section id 'Bad id'"),
        (14, "## Beta[^c2]", "14:1: warning: a citation in a heading is not tied to any sentence"),
        (14, "##", "14:1: warning: empty section heading: the section gets the id 'section-2'"),
        (14, "## Summary", "14:1: error: section id 'summary' is taken by the bottom line up front"),
        (25, "[^c1]: Second claim.", "25:3: error: duplicate claim id 'c1' (first at line 18)"),
        (18, "[^c1]:", "18:7: error: claim 'c1' has no statement"),
    ],
)
def test_each_problem_at_its_line_and_column(line: int, new: str | None, expected: str | None) -> None:
    problems = found(edit(line, new))
    if expected is None:
        assert problems == []
    else:
        assert any(problem.startswith(expected) for problem in problems), problems


@pytest.mark.parametrize(
    ("line", "new"),
    [
        (4, "colour: red"),  # a key like none
        (21, "    - status: rumoured"),
        (16, "Beta text.[^c9]"),  # 'c9' is as far from 'c1' as from 'c2'
        (5, "focus: [alpha, gamma]"),
    ],
)
def test_a_word_like_no_known_one_gets_no_suggestion(line: int, new: str) -> None:
    assert not [problem for problem in found(edit(line, new)) if "did you mean" in problem]


ATTACKS = """\
---
id: attacks
title: Attacks
---

Lead.[^attack-count]

## Count

Counted.[^atack-count] Twice.[^attack-cuont]

[^attack-count]: Forty attacks.
    - claimant: Someone
    - reported by: Outlet
    - status: reported
    - contradicts: atack-count
"""


def test_an_undefined_claim_id_names_the_defined_one_most_like_it() -> None:
    assert found(ATTACKS) == [
        "10:9: error: citation of undefined claim 'atack-count' (did you mean 'attack-count'?)",
        "10:30: error: citation of undefined claim 'attack-cuont' (did you mean 'attack-count'?)",
        "16:20: error: claim 'attack-count' contradicts undefined claim 'atack-count' (did you mean 'attack-count'?)",
    ]


def test_the_focus_error_lists_the_first_ten_section_ids_and_counts_the_rest() -> None:
    sections = "".join(f"## Part {number}\n\nText.\n\n" for number in range(1, 26))
    text = "---\nid: parts\ntitle: Parts\nfocus: [part-30]\n---\n\nLead.\n\n" + sections
    listed = ", ".join(f"'part-{number}'" for number in range(1, 10))
    assert found(text) == [
        "4:9: error: focus section 'part-30' does not exist (did you mean 'part-3'?); "
        f"the section ids are 'summary', {listed} and 16 more"
    ]


def test_a_long_section_id_is_listed_cut() -> None:
    text = "---\nid: long\ntitle: Long\nfocus: [nowhere]\n---\n\nLead.\n\n## " + "word " * 200 + "\n\nText.\n"
    message = found(text)[0]
    assert message.endswith(f"the section ids are 'summary', '{'word-' * 7}word…'")


def many_claims(count: int) -> set[str]:
    return {f"claim-{number}" for number in range(count)} | {"attack-count"}


def broken(count: int) -> list[Reference]:
    """`count` citations of claims that are not defined, each like a defined one."""
    return [Reference(f"claim-{number}x", "s", 0, 0, number + 1, 1) for number in range(count)]


def test_did_you_mean_in_a_brief_of_many_claims_is_found_and_bounded() -> None:
    """Compared with every id, 1,000 broken citations among 100,000 claims took 200 s."""
    ids = many_claims(100_000)
    problems = validate.citations([Reference("atack-count", "s", 0, 0, 1, 1)], ids)
    assert problems[0].message == "citation of undefined claim 'atack-count' (did you mean 'attack-count'?)"
    problems = validate.citations(broken(1_000), ids)
    assert len(problems) == 1_000
    assert sum("did you mean" in problem.message for problem in problems) == LOOKUPS  # the first ones only


def test_did_you_mean_grows_no_faster_than_the_claims() -> None:
    """1,000 broken citations among 25,000 claims, then 4,000 among 100,000: linear is 4 times."""
    small, large = (
        seconds(lambda count=count: validate.citations(broken(count // 25), many_claims(count)), rounds=1)
        for count in (25_000, 100_000)
    )
    assert large < 10 * small, f"{small:.4f} s, {large:.4f} s"


def test_check_counts_in_plain_words(write) -> None:  # type: ignore[no-untyped-def]
    """'1 file checked: 0 errors, 0 warnings' is now 'no problems'; nothing is said of what there is none of."""
    cases = [
        (VALID, "1 file checked: no problems\n"),
        (edit(4, "colour: red"), "1 file checked: 1 warning\n"),
        (edit(16, "Beta text.[^c8] And[^c9]"), "1 file checked: 2 errors\n"),
        (
            edit(16, "Beta text.[^c8] And[^c9]").replace("date: 2024-10", "colour: red"),
            "1 file checked: 2 errors, 1 warning\n",
        ),
    ]
    for text, said in cases:
        err = io.StringIO()
        check([write(text)], io.StringIO(), err)
        assert err.getvalue() == said


def test_author_and_authors_together_are_an_error() -> None:
    text = VALID.replace("date: 2024-10\n", "date: 2024-10\nauthor: A\nauthors: [B, C]\n")
    assert found(text) == ["6:1: error: 'authors' repeats 'author': give one of them"]


def test_unknown_keys_are_named_as_written() -> None:
    text = VALID.replace("date: 2024-10\n", "date: 2024-10\nReported_By: x\n")
    assert found(text) == ["5:1: warning: unknown front matter key 'Reported_By'"]


def test_front_matter_must_start_on_the_first_line() -> None:
    assert (
        found("\n" + VALID)[0] == "2:1: error: front matter must start on the first line of the file, with '---' alone"
    )
    assert found(" " + VALID)[0].startswith("1:1: error: front matter must start on the first line")


def test_unclosed_front_matter_ends_at_the_first_blank_line() -> None:
    text = VALID.replace("---\n\nBottom", "\nBottom", 1)
    brief, problems = parse_brief(text, "f")
    assert [p.format("f") for p in problems] == [
        "f:1:1: error: the front matter opened here is never closed: add a line '---' after it"
    ]
    assert [s.id for s in brief.sections] == ["alpha", "beta"]
    assert len(brief.claims) == 2


def test_a_wrapped_claim_statement_continues() -> None:
    text = VALID.replace("[^c1]: First claim.\n", "[^c1]: First claim, wrapped\nonto a second line.\n")
    brief, problems = parse_brief(text, "f")
    assert problems == []
    assert brief.claims[0].statement == "First claim, wrapped onto a second line."
    assert brief.claims[0].claimant == "Someone"


def test_claim_definitions_may_be_indented_up_to_three_spaces() -> None:
    brief, problems = parse_brief(VALID.replace("[^c2]: Second", "   [^c2]: Second"), "f")
    assert problems == []
    assert brief.claims[1].claimant == "Other"


def test_fields_indented_too_little_are_still_read() -> None:
    text = VALID.replace("    - claimant: Someone", "  - claimant: Someone")
    brief, problems = parse_brief(text, "f")
    assert [p.format("f") for p in problems] == [
        "f:19:1: error: indent claim fields by four spaces, so they stay in the footnote"
    ]
    assert brief.claims[0].claimant == "Someone"


def test_claim_never_cited_is_a_warning() -> None:
    assert found(VALID.replace("[^c2]\n", "\n")) == ["25:3: warning: claim 'c2' is never cited"]


def test_plain_markdown_only_warns() -> None:
    assert found("# Readme\n\n## Usage\n\nRun it.\n") == [
        "1:1: warning: no brief metadata (front matter): read as plain markdown, without claims"
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "1:1: error: empty file"),
        (b"  \n\n\t\n", "1:1: error: empty file"),
        (b"# Title\n\nab\x00cd", "3:3: error: binary file: NUL byte at byte offset 11"),
        (b"# Title\n\ncaf\xe9 au lait\n", "3:4: error: not UTF-8: invalid byte 0xe9 at byte offset 12"),
        (b"\xef\xbb\xbf# T\n\xff", "2:1: error: not UTF-8: invalid byte 0xff at byte offset 7"),
        ("# Title".encode("utf-16"), "1:1: error: file is UTF-16"),
        ("# Title\n\nText".encode("utf-16-le"), "1:1: error: file looks like UTF-16 without a byte order mark"),
        (b"# T\r\rab\xffc", "3:3: error: not UTF-8: invalid byte 0xff at byte offset 7"),
    ],
)
def test_unreadable_files(write, content: bytes, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = write(content)
    out = io.StringIO()
    assert check([path], out, io.StringIO()) == 1
    assert out.getvalue().startswith(f"{path}:{expected}")


def test_utf8_bom_is_accepted(write) -> None:  # type: ignore[no-untyped-def]
    path = write(b"\xef\xbb\xbf" + VALID.encode())
    out = io.StringIO()
    assert check([path], out, io.StringIO()) == 0
    assert out.getvalue() == ""


def test_output_format_and_exit_status(write) -> None:  # type: ignore[no-untyped-def]
    good = write(VALID, "good.md")
    bad = write(edit(21, "    - status: rumoured"), "bad.md")
    warn = write(edit(4, "colour: red"), "warn.md")
    out, err = io.StringIO(), io.StringIO()
    assert check([good, warn], out, err) == 0
    assert out.getvalue() == f"{warn}:4:1: warning: unknown front matter key 'colour'\n"
    out = io.StringIO()
    assert check([good, bad], out, err) == 1
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{bad}:21:15: error: unknown status 'rumoured': use one of confirmed, reported")


def test_folders_are_checked_recursively(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text(VALID, encoding="utf-8")
    (tmp_path / "b.md").write_text(edit(16, "Beta text.[^nope]"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not markdown", encoding="utf-8")
    out = io.StringIO()
    assert check([tmp_path], out, io.StringIO()) == 1
    assert out.getvalue().splitlines()[0].startswith(f"{tmp_path / 'b.md'}:16:11: error: citation of undefined")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    out = io.StringIO()
    assert check([tmp_path / "missing.md"], out, io.StringIO()) == 1
    assert out.getvalue() == f"{tmp_path / 'missing.md'}:1:1: error: cannot read: No such file or directory\n"
    (tmp_path / "dir.md").mkdir()
    (tmp_path / "dir.md" / "inner.md").write_text(VALID, encoding="utf-8")
    assert check([tmp_path / "dir.md"], io.StringIO(), io.StringIO()) == 0


def test_control_characters_in_messages_are_made_visible(write) -> None:  # type: ignore[no-untyped-def]
    path = write(edit(21, "    - status: \x1b[31mred"))
    out = io.StringIO()
    check([path], out, io.StringIO())
    assert "\x1b" not in out.getvalue()
    assert "unknown status '␛[31mred'" in out.getvalue()


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    out = io.StringIO()
    # Opening a FIFO for reading blocks until a writer comes; keep one open so the test cannot hang.
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    try:
        assert check([fifo], out, io.StringIO()) == 1
    finally:
        os.close(writer)
    assert out.getvalue() == f"{fifo}:1:1: error: not a regular file\n"


def test_an_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tui.core.outside.files.MAX_BRIEF_BYTES", 100)
    path = tmp_path / "big.md"
    path.write_text("word " * 100, encoding="utf-8")
    out = io.StringIO()
    assert check([path], out, io.StringIO()) == 1
    assert out.getvalue() == f"{path}:1:1: error: file is larger than 100 bytes, the most a brief may be\n"


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "two\nlines\x1b.md"
    path.write_text("", encoding="utf-8")
    out = io.StringIO()
    check([path], out, io.StringIO())
    assert out.getvalue().count("\n") == 1
    assert "two\\nlines\\x1b.md:1:1: error: empty file" in out.getvalue()


def test_a_broken_link_says_why(tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "nowhere.md")
    out = io.StringIO()
    assert check([link], out, io.StringIO()) == 1
    assert out.getvalue() == f"{link}:1:1: error: cannot read: No such file or directory\n"
