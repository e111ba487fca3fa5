"""The test suite itself: each test has one kind, CI runs Hypothesis derandomised, waits end."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import KINDS, REPO
from .helpers.forked import Rounds
from .helpers.waiting import until


def test_every_test_has_exactly_one_kind(request: pytest.FixtureRequest) -> None:
    kinds = {item.nodeid: [kind for kind in KINDS if item.get_closest_marker(kind)] for item in request.session.items}
    assert kinds
    assert {nodeid: found for nodeid, found in kinds.items() if len(found) != 1} == {}


PROFILE = "import tests.conftest; from hypothesis import settings; print(settings.default.derandomize)"


@pytest.mark.system  # a fresh interpreter, to load the profile as a run would
@pytest.mark.parametrize(("ci", "derandomized"), [("true", "True"), ("", "False")])
def test_hypothesis_runs_derandomised_when_ci_is_set(ci: str, derandomized: str) -> None:
    env = {key: value for key, value in os.environ.items() if key not in ("CI", "HYPOTHESIS_PROFILE")}
    if ci:
        env["CI"] = ci
    run = subprocess.run([sys.executable, "-c", PROFILE], cwd=REPO, env=env, capture_output=True, text=True)
    assert run.stdout.strip() == derandomized, run.stderr


def test_ci_sets_ci_before_it_runs_the_readmes_test_command() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "\nexport CI=true\n" in script
    assert script.index("export CI=true") < script.index('bash -c "$test_command"')


def test_the_readmes_test_command_runs_every_test_in_parallel() -> None:
    command = (REPO / "README.md").read_text(encoding="utf-8").splitlines()[2]
    assert command.endswith("pytest -q -n 4 --dist loadgroup")  # no -m, no -k: every test


class StubPilot:
    """Enough of a Pilot for `until`: a pause that counts."""

    def __init__(self) -> None:
        self.pauses = 0

    async def pause(self, *_: object) -> None:
        self.pauses += 1


async def test_a_wait_ends_when_its_condition_holds_and_fails_naming_it_when_it_never_does() -> None:
    pilot = StubPilot()
    await until(pilot, lambda: pilot.pauses >= 3)  # type: ignore[arg-type]
    assert pilot.pauses == 3

    def never() -> bool:
        return False

    with pytest.raises(AssertionError, match=r"not true within 0\.05 s: never"):
        await until(pilot, never, timeout=0.05)  # type: ignore[arg-type]


@pytest.mark.system  # forks and kills
def test_a_forked_round_returns_every_line_even_one_its_kill_left_open() -> None:
    rounds = Rounds("tests.helpers.half_line", cwd=REPO)
    try:
        assert rounds.kill_after(0) == ["first", "half"]
        assert rounds.kill_after(0) == ["first", "half"]  # and the next round starts afresh
    finally:
        rounds.close()
