"""Issue 7's checks, each run on a deliberately naive variant too, to show it would catch one.

(The sanitizer's naive variants are in test_adversarial.py: markup parsing, text not pictured,
a naive reader in a real terminal; the network's, in test_offline.py.)
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

from tui.core.brief.links import Refused, brief_link
from tui.core.brief.outline import read_outline
from tui.core.brief.parse import parse_brief
from tui.core.outside.files import read_text
from tui.core.outside.problems import BriefError

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def test_a_naive_read_of_a_fifo_hangs_where_ours_refuses_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    naive = threading.Thread(target=lambda: open(fifo, "rb").read(), daemon=True)  # noqa: SIM115
    naive.start()
    naive.join(timeout=1.0)
    assert naive.is_alive()  # still waiting for a writer: a hang
    try:
        read_text(fifo)
    except BriefError as refused:
        assert "not a regular file" in str(refused)
    else:
        raise AssertionError("a FIFO was read")
    with open(fifo, "wb"):  # let the naive reader go
        pass


def test_a_naive_title_from_a_file_name_carries_controls_where_ours_pictures_them() -> None:
    name = "news\x1b[31m\nline \udcff\u202eevil"
    assert UNSAFE.search(name)  # what a naive reader would show as the title
    assert not UNSAFE.search(read_outline("plain text, no title\n", f"/x/{name}.md").title)


def test_markdown_it_alone_hides_deep_text_where_ours_flags_it() -> None:
    text = "# T\n\n## S\n\n" + ">" * 30 + " too deep to show\n"
    rendered = MarkdownIt("commonmark").render(text)
    assert "too deep to show" not in rendered  # a naive reader: the text is silently gone
    _, problems = parse_brief(text, "x.md")
    assert any("nested too deep to be shown" in problem.message for problem in problems)


def test_a_naive_link_policy_opens_what_ours_refuses(tmp_path: Path) -> None:
    brief = tmp_path / "brief.md"
    brief.write_text("# T\n")
    (tmp_path.parent / "secret.md").write_text("secret")
    hostile = ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,x", "smb://host/share", "../secret.md"]
    naive = [url for url in hostile if urlsplit(url).scheme or url.endswith(".md")]  # "it is a link: open it"
    assert naive == hostile
    assert all(isinstance(brief_link(url, str(brief)), Refused) for url in hostile)
