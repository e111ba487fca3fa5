"""The editor a brief opens in (`$VISUAL`, `$EDITOR`, nano or vi), the command for each kind, the line of a sentence."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tui.core.brief.loader import BriefLoader, open_brief
from tui.core.outside.editor import (
    COPIED,
    OTHER,
    SAME,
    Editor,
    NoEditor,
    command_for,
    copy_to_edit,
    editor_from,
    kind_of,
    sentence_line,
)
from tui.core.outside.problems import BriefError

from .conftest import BUNDLED_BRIEF


def nowhere(_: str) -> str | None:
    return None


def everywhere(program: str) -> str | None:
    return f"/usr/bin/{program}"


def test_visual_comes_before_editor_which_comes_before_the_default() -> None:
    both = {"VISUAL": "vim", "EDITOR": "nano"}
    assert editor_from(both, everywhere) == Editor(("vim",), "$VISUAL")
    assert editor_from({"EDITOR": "nano -w"}, everywhere) == Editor(("nano", "-w"), "$EDITOR")
    assert editor_from({}, everywhere) == Editor(("nano",), "default")


def test_the_default_is_nano_then_vi_as_found_on_path() -> None:
    assert editor_from({}, lambda name: "/bin/vi" if name == "vi" else None) == Editor(("vi",), "default")
    with pytest.raises(NoEditor, match=r"No editor found: set \$EDITOR"):
        editor_from({}, nowhere)


def test_a_variable_set_to_nothing_counts_as_unset() -> None:
    assert editor_from({"VISUAL": "", "EDITOR": "vim"}, everywhere).origin == "$EDITOR"


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ("   ", r"\$VISUAL is blank"),
        ("vim 'unclosed", r"\$VISUAL cannot be read as a command \(No closing quotation\): vim 'unclosed"),
        ("vim \x1b[31m'", r"\\x1b\[31m"),  # said with its control character escaped
    ],
)
def test_a_blank_or_unparsable_setting_is_a_clear_message(setting: str, said: str) -> None:
    with pytest.raises(NoEditor, match=said):
        editor_from({"VISUAL": setting, "EDITOR": "vim"}, everywhere)


def test_the_variable_is_split_as_a_shell_would() -> None:
    editor = editor_from({"EDITOR": "'/opt/My Editor/bin/vim' -u NONE"}, everywhere)
    assert editor.words == ("/opt/My Editor/bin/vim", "-u", "NONE")


BRIEF = Path("/briefs/b.md")


@pytest.mark.parametrize(
    "program", ["vi", "vim", "nvim", "/usr/bin/vim.basic", "vim.tiny", "nano", "emacs", "emacsclient", "micro", "kak"]
)
def test_editors_that_take_plus_line_get_it_before_the_file(program: str) -> None:
    assert command_for(Editor((program,), "$EDITOR"), BRIEF, 12, nowhere) == [program, "+12", "/briefs/b.md"]


@pytest.mark.parametrize(
    ("words", "command"),
    [
        (("hx",), ["hx", "/briefs/b.md:12"]),
        (("code",), ["code", "--wait", "--goto", "/briefs/b.md:12"]),
        (("code", "--wait"), ["code", "--wait", "--goto", "/briefs/b.md:12"]),  # not twice
        (("subl", "-n"), ["subl", "-n", "--wait", "/briefs/b.md:12"]),
        (("zed",), ["zed", "--wait", "/briefs/b.md:12"]),
    ],
)
def test_editors_that_take_file_colon_line_get_it_with_their_flags(words: tuple[str, ...], command: list[str]) -> None:
    assert command_for(Editor(words, "$VISUAL"), BRIEF, 12, nowhere) == command


def test_an_unknown_editor_gets_the_file_alone_rather_than_a_plus_line_it_may_take_for_a_file() -> None:
    assert command_for(Editor(("/home/me/bin/my-editor", "-x"), "$EDITOR"), BRIEF, 12, nowhere) == [
        "/home/me/bin/my-editor",
        "-x",
        "/briefs/b.md",
    ]


def test_an_unknown_name_is_followed_through_its_links_to_the_editor_it_runs(tmp_path: Path) -> None:
    nano = tmp_path / "nano"
    nano.write_text("", encoding="utf-8")
    (tmp_path / "editor").symlink_to(nano)
    assert kind_of("editor", lambda _: str(tmp_path / "editor")) == "nano"
    assert command_for(Editor(("editor",), "$EDITOR"), BRIEF, 3, lambda _: str(tmp_path / "editor"))[1] == "+3"


def test_the_file_is_given_absolute_so_a_name_like_an_option_stays_a_file(tmp_path: Path) -> None:
    command = command_for(Editor(("vim",), "$EDITOR"), Path("-rf.md"), 0, nowhere)
    assert command[1] == "+1"  # never line 0
    assert Path(command[2]).is_absolute()
    assert command[2].endswith("/-rf.md")


# The line of a sentence


def every_sentence(loader: BriefLoader) -> list[tuple[int, str]]:
    """(line found, sentence text) for every sentence of the brief `loader` read whole."""
    brief, _ = loader.finish()
    lines = loader.outline.layout.lines
    found = []
    for section in brief.all_sections:
        for sentence in section.sentences:
            block = section.blocks[sentence.block]
            line = sentence_line(lines, block.line, block.text, sentence.start - block.start)
            found.append((line, section.sentence_text(sentence)))
    return found


def first_word(text: str) -> str:
    """A sentence's first word without the punctuation markdown may have split from it."""
    return text.split(maxsplit=1)[0].strip("\"'“‘([*_`")


def test_every_sentence_of_the_bundled_brief_opens_on_the_line_where_it_starts() -> None:
    lines = BUNDLED_BRIEF.read_text(encoding="utf-8").splitlines()
    found = every_sentence(open_brief(BUNDLED_BRIEF))
    assert len(found) > 70
    for line, text in found:
        assert text[:20] in lines[line - 1], (line, text)


BLOCK_START = re.compile(r"\s*(?:\d+[.)]|[-+*>#=]|\[\^)")


def wrapped(text: str, width: int) -> str:
    """The brief with each paragraph and list item wrapped at `width` (front matter, headings, claims as they are)."""
    out = []
    front, claims = 0, False
    for line in text.splitlines():
        front += line == "---"
        claims = claims or line.startswith("[^")  # the claims' definitions, at the end: as they are
        if front < 2 or claims or line.startswith("#") or len(line) <= width:
            out.append(line)
            continue
        marker = "- " if line.startswith("- ") else ""
        pieces = textwrap.wrap(
            line, width, subsequent_indent=" " * len(marker), break_on_hyphens=False, break_long_words=False
        )
        out.append(pieces[0])
        for piece in pieces[1:]:
            if BLOCK_START.match(piece):
                out[-1] += (
                    " " + piece.strip()
                )  # a line opening with "1." or "-" would start a list: kept on the one before
            else:
                out.append(piece)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("width", [30, 50, 72])
def test_in_the_bundled_brief_wrapped_every_sentence_opens_on_the_line_of_its_first_word(
    tmp_path: Path, width: int
) -> None:
    path = tmp_path / "wrapped.md"
    path.write_text(wrapped(BUNDLED_BRIEF.read_text(encoding="utf-8"), width), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    found = every_sentence(open_brief(path))
    assert len(found) == len(every_sentence(open_brief(BUNDLED_BRIEF)))
    spread = {line for line, _ in found}
    assert len(spread) > len(found) * 0.8  # the sentences are on many lines: the test tells them apart
    previous = 0
    for line, text in found:
        assert first_word(text) in lines[line - 1], (line, text, lines[line - 1])
        assert line >= previous  # in reading order: never a line of an earlier sentence
        previous = line


def test_a_sentence_after_a_link_and_emphasis_broken_across_lines_opens_on_its_own_line() -> None:
    lines = [
        "The deployment was confirmed by [the",  # line 1
        "service](https://example.org/The-Kremlin-Report) and un*believ*",
        "able. The Kremlin denies it.",
    ]
    text = "The deployment was confirmed by the service and unbelievable. The Kremlin denies it."
    assert sentence_line(lines, 1, text, text.index("The Kremlin")) == 3
    assert sentence_line(lines, 1, text, 0) == 1


def test_a_word_the_markdown_changed_past_finding_is_passed_over() -> None:
    lines = ["Fish &copy; chips", "&trade; and peas.", "More here."]
    text = "Fish © chips ™ and peas. More here."
    assert sentence_line(lines, 1, text, text.index("More")) == 3


def test_a_line_out_of_the_file_is_kept_within_it() -> None:
    assert sentence_line(["a b"], 5, "a b", 2) == 1
    assert sentence_line([], 1, "", 0) == 1


# Copying a bundled brief to edit it


def test_a_bundled_brief_is_copied_byte_for_byte_into_the_users_folder(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "briefs"
    copy, how = copy_to_edit(BUNDLED_BRIEF, folder)
    assert (copy, how) == (folder / BUNDLED_BRIEF.name, COPIED)
    assert copy.read_bytes() == BUNDLED_BRIEF.read_bytes()
    assert copy_to_edit(BUNDLED_BRIEF, folder) == (copy, SAME)


def test_a_different_file_with_the_copys_name_is_never_written_over(tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    mine = folder / BUNDLED_BRIEF.name
    mine.write_bytes(BUNDLED_BRIEF.read_bytes() + b"\nMy own paragraph.\n")
    assert copy_to_edit(BUNDLED_BRIEF, folder) == (mine, OTHER)
    assert mine.read_bytes().endswith(b"My own paragraph.\n")


def test_a_source_that_is_not_utf8_is_refused_naming_it(tmp_path: Path) -> None:
    source = tmp_path / "latin.md"
    source.write_bytes(b"# caf\xe9\n")
    with pytest.raises(BriefError) as caught:
        copy_to_edit(source, tmp_path / "briefs")
    assert caught.value.path == str(source)
    assert not (tmp_path / "briefs" / "latin.md").exists()
