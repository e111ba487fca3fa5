"""`briefing export BRIEF --format dot`: the claims and their relations as Graphviz DOT (issue 15), read back
with pydot, hostile ids and statements kept as text, and rendered by `dot` where Graphviz is installed."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path, PurePath

import pydot
import pytest

from tui.__main__ import main
from tui.core.brief.model import Brief, Claim, ClaimStatus, Grade
from tui.core.brief.parse import load_brief
from tui.core.claims.describe import one_line
from tui.core.display.statuses import LIGHT
from tui.core.export.compose import Format
from tui.core.export.dot import CONTRADICTION_COLOUR, dot_export, tint
from tui.core.outside.visible import printable

from .adversarial import PAYLOADS
from .conftest import BUNDLED_BRIEF

NODE_ATTRIBUTES = {"label", "tooltip", "style", "color", "fillcolor"}


def parsed(text: str) -> pydot.Dot:
    graphs = pydot.graph_from_dot_data(text)
    assert graphs is not None
    assert len(graphs) == 1
    return graphs[0]


def nodes(graph: pydot.Dot) -> dict[str, pydot.Node]:
    """Every node the graph declares, in its clusters too (not the `node`/`edge`/`graph` defaults)."""
    found = {node.get_name(): node for node in graph.get_nodes() if node.get_name() not in ("node", "edge", "graph")}
    for cluster in graph.get_subgraphs():
        found.update(nodes(cluster))
    return found


def lines(quoted: str) -> list[str]:
    """A DOT label read as Graphviz reads it: `\\n` a line break, `\\\\` a backslash, `\\"` a quote, and
    HTML entities decoded (`&amp;` is `&`)."""
    assert quoted.startswith('"')
    assert quoted.endswith('"')
    result, current = [], ""
    chars = iter(quoted[1:-1])
    for char in chars:
        if char == "\\":
            escaped = next(chars)
            if escaped == "n":
                result.append(current)
                current = ""
            else:
                current += escaped
        else:
            current += char
    return [html.unescape(line) for line in [*result, current]]


def unquoted(value: str) -> str:
    return value[1:-1] if value.startswith('"') else value


@pytest.fixture(scope="module")
def bundled() -> Brief:
    return load_brief(BUNDLED_BRIEF)[0]


def test_a_node_per_claim_with_its_number_id_status_grade_statement_and_claimant(bundled: Brief) -> None:
    graph = parsed(dot_export(bundled))
    found = nodes(graph)
    assert set(found) == {f"c{n}" for n in range(1, len(bundled.claims) + 1)}
    denial = found["c13"]
    assert lines(denial.get_label()) == [
        "¹³ kremlin-denial",
        "denied · D5",
        "There are no North Korean soldiers",
        "in Russia.",
        "— the Kremlin",
    ]
    assert unquoted(denial.get("color")) == LIGHT[ClaimStatus.DENIED]  # the status as colour, and as a word
    assert unquoted(denial.get("fillcolor")) == tint(LIGHT[ClaimStatus.DENIED])
    footage = found["c12"]
    assert lines(footage.get_label())[1] == "unverified · F3"
    assert "dashed" in unquoted(footage.get("style"))  # apart in a grey print too
    clusters = {lines(cluster.get("label"))[0] for cluster in graph.get_subgraphs()}
    assert {"the Kremlin", "Lloyd Austin, U.S. Defense Secretary", "the source report"} <= clusters


def test_supports_are_solid_and_contradictions_red_with_a_bar(bundled: Brief) -> None:
    graph = parsed(dot_export(bundled))
    edges = {(edge.get_source(), edge.get_destination()): edge for edge in graph.get_edges()}
    written = sum(len(claim.supports) + len(claim.contradicts) for claim in bundled.claims)
    assert len(edges) == written == 19
    denial_to_evidence = edges[("c13", "c1")]  # kremlin-denial contradicts austin-evidence
    assert unquoted(denial_to_evidence.get("color")) == CONTRADICTION_COLOUR
    assert denial_to_evidence.get("arrowhead") == "tee"
    assert unquoted(denial_to_evidence.get("label")) == "contradicts"  # said in words, not colour alone
    support = edges[("c3", "c1")]  # intel-combat-role supports austin-evidence
    assert support.get("style") == "solid"
    assert unquoted(support.get("label")) == "supports"
    assert unquoted(support.get("color")) != CONTRADICTION_COLOUR


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_ids_and_text_stay_labels(payload: str) -> None:
    hostile = Claim(
        payload,
        f'{payload} "quoted" \\ back <b>html</b> ] ; -> x [color=red]',
        1,
        claimant=payload,
        status=ClaimStatus.CLAIMED,
        grade=Grade("B", 2),
        supports=("b",),
        contradicts=(payload + '"]; evil [',),
    )
    plain = Claim("b", "plain", 2, claimant="b")
    graph = parsed(dot_export(Brief(path="h.md", title=payload, is_brief=True, claims=(hostile, plain))))
    found = nodes(graph)
    assert set(found) == {"c1", "c2", "u1"}  # no node the text made
    assert set(found["c1"].get_attributes()) == NODE_ATTRIBUTES  # nor an attribute
    label = lines(found["c1"].get_label())
    assert label[0] == "¹ " + printable(one_line(payload, 60)).replace("\n", " ")
    assert label[1] == "claimed · B2"
    assert "<b>html</b>" in " ".join(label[2:])  # `<`, `>` and quotes as themselves
    assert '"quoted" \\ back' in " ".join(label[2:])
    assert not any(char in "".join(label) for char in "\x1b\x07\x00\r\u202e")  # pictured
    assert lines(found["u1"].get_label())[1] == "(not a claim of the brief)"
    edges = [(edge.get_source(), edge.get_destination()) for edge in graph.get_edges()]
    assert sorted(edges) == [("c1", "c2"), ("c1", "u1")]
    assert lines(graph.get("label"))[0] == "Claims of " + printable(one_line(payload, 200)).replace("\n", " ")


def test_a_brief_without_claims_is_an_empty_digraph() -> None:
    text = dot_export(Brief(path="empty.md", title="", is_brief=False))
    graph = parsed(text)
    assert graph.get_type() == "digraph"
    assert nodes(graph) == {}
    assert graph.get_edges() == []


def test_a_dot_or_gv_file_is_written_as_dot() -> None:
    assert Format.for_path(PurePath("map.dot")) is Format.DOT
    assert Format.for_path(PurePath("MAP.GV")) is Format.DOT
    assert Format.for_path(PurePath("notes.md")) is Format.MARKDOWN


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's `dot` is not installed")
def test_graphviz_draws_the_graph_hostile_text_included(bundled: Brief, tmp_path: Path) -> None:
    hostile = tuple(
        Claim(f"h{n}", payload + ' "] \\', n, claimant=payload, supports=("h0",), contradicts=(payload,))
        for n, payload in enumerate(PAYLOADS)
    )
    for brief in (bundled, Brief(path="h.md", title=PAYLOADS[0], is_brief=True, claims=hostile)):
        done = subprocess.run(
            ["dot", "-Tsvg"], input=dot_export(brief).encode(), capture_output=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        assert b"syntax error" not in done.stderr
        svg = done.stdout.decode()
        expected = len(parsed(dot_export(brief)).get_edges())
        assert svg.count('class="edge"') == expected
    assert (
        "kremlin&#45;denial"
        in subprocess.run(
            ["dot", "-Tsvg"], input=dot_export(bundled).encode(), capture_output=True, timeout=120, check=True
        ).stdout.decode()
    )


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's `dot` is not installed")
def test_graphviz_shows_entities_and_backslash_letters_as_written() -> None:
    """Graphviz decoded `&lt;script&gt;` in a statement to `<script>`, and a tooltip's `\\N` to the node's
    name (attack round): the text drawn must be the text written."""
    statement = "Code &lt;script&gt; and &amp; and &#169; with \\N \\G \\L"
    brief = Brief(path="e.md", title="E", is_brief=True, claims=(Claim("c", statement, 1, claimant="AT&amp;T"),))
    plain = subprocess.run(
        ["dot", "-Tplain"], input=dot_export(brief).encode(), capture_output=True, timeout=120, check=True
    ).stdout.decode()
    assert "&lt;script&gt; and &amp; and" in plain
    assert "AT&amp;T" in plain
    svg = subprocess.run(
        ["dot", "-Tsvg"], input=dot_export(brief).encode(), capture_output=True, timeout=120, check=True
    ).stdout.decode()
    titles = [html.unescape(title) for title in re.findall(r'xlink:title="([^"]*)"', svg)]
    tooltip = next(title for title in titles if title.startswith("Code"))
    assert tooltip.startswith("Code &lt;script&gt; and &amp; and &#169; with")  # not "<script>"
    assert " c1 " not in tooltip  # `\N` was the node's name
    assert "\u29f5N \u29f5G \u29f5L" in tooltip


# The command line


def test_export_format_dot_writes_the_claims_to_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", str(BUNDLED_BRIEF), "--format", "dot"]) == 0
    graph = parsed(capsysbinary.readouterr().out.decode())
    assert len(nodes(graph)) == 35


def test_export_to_a_dot_file_picks_dot_and_opens_no_store(
    private_dirs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("map.dot", "map.gv"):
        target = tmp_path / name
        assert main(["export", str(BUNDLED_BRIEF), "-o", str(target)]) == 0
        assert capsys.readouterr().err == f"Wrote 35 claims (dot) to {target}\n"
        assert len(nodes(parsed(target.read_text()))) == 35
    assert not (private_dirs / "briefing-data" / "annotations.sqlite3").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["map.dot", "map.gv"]  # nothing half-written left


def test_export_dot_of_a_brief_without_claims(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    plain = tmp_path / "plain.md"
    plain.write_text("# Just text\n\nNo claims here.\n")
    assert main(["export", str(plain), "--format", "dot"]) == 0
    assert nodes(parsed(capsysbinary.readouterr().out.decode())) == {}
