"""One benchmark run, inside a pseudo-terminal: start an app, time its first frame, its loading and its keys.

Run by `tests.bench.run`, never by hand: the parent passes BENCH_KIND (ours, floor or
markdown), BENCH_BRIEF, BENCH_T0 (its clock just before starting this process) and
BENCH_OUT (where the JSON result goes).

Key latency is the time from a key event entering the app, by the same path the
terminal's input takes, until its action has run and the screen is idle again with
every change it caused painted.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

KIND = os.environ.get("BENCH_KIND", "ours")
BRIEF = Path(os.environ.get("BENCH_BRIEF", ""))
T0 = float(os.environ.get("BENCH_T0", "0") or time.time())
OUT = Path(os.environ.get("BENCH_OUT", "bench-result.json"))
KEY_TIMEOUT = 5.0
KEY_GAP = 0.05  # seconds between keys: a fast typist's pace
NO_FRAME_AFTER = 0.05  # a key with no frame this long after its action changed nothing on screen
WHILE_LOADING_KEYS = 20

result: dict[str, Any] = {"kind": KIND, "brief": str(BRIEF)}
TRACE: list[tuple[str, float]] | None = [] if os.environ.get("BENCH_TRACE") else None
gc_pauses: list[float] = []
_gc_started = [0.0]


def _gc_callback(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _gc_started[0] = time.perf_counter()
    else:
        gc_pauses.append(time.perf_counter() - _gc_started[0])


if not os.environ.get("BENCH_NO_GC_TIMING"):
    gc.callbacks.append(_gc_callback)


def since_start() -> float:
    return time.time() - T0


def instrument(app_class: type, ready: Callable[[Any], bool], loaded: Callable[[Any], bool]) -> None:
    """Time the first frame on which `ready` holds, and the moment `loaded` does; then drive keys."""
    from textual.app import App

    assert issubclass(app_class, App)
    original_run_action = app_class.run_action
    state: dict[str, Any] = {"waiter": None, "driving": False, "sent": 0.0, "acted": None, "painted": 0.0}

    def settle(app: Any) -> None:
        """Resolve the key being timed once its action ran and the screen has nothing left to paint.

        Repaints reach the screen a hop after the action, so 'idle' is checked again
        a little later; a key that changes nothing ends when its action does.
        """
        waiter, acted = state["waiter"], state["acted"]
        if waiter is None or waiter.done() or acted is None:
            return
        screen = app.screen
        pending = screen._dirty_widgets or screen._layout_required or screen._scroll_required
        if state["painted"] > state["sent"] and not pending:
            waiter.set_result(state["painted"])
        elif time.perf_counter() - acted > NO_FRAME_AFTER:
            waiter.set_result(acted)
        else:
            app.set_timer(0.002, lambda: settle(app))

    async def run_action(self: Any, *args: Any, **kwargs: Any) -> Any:
        outcome = await original_run_action(self, *args, **kwargs)
        if state["waiter"] is not None and state["acted"] is None:
            state["acted"] = time.perf_counter()
            self.set_timer(0.002, lambda: settle(self))
        return outcome

    def post_display_hook(self: Any) -> None:
        now = time.perf_counter()
        state["painted"] = now
        if TRACE is not None:
            TRACE.append(("frame", now))
        if "first_frame" not in result and ready(self):
            result["first_frame"] = since_start()
        if "first_frame" in result and "loaded" not in result and loaded(self):
            result["loaded"] = since_start()
        if "first_frame" in result and not state["driving"]:
            state["driving"] = True
            self.call_later(lambda: self.run_worker(drive(self), group="bench"))

    async def press(app: Any, key: str, char: str | None) -> float:
        from textual import events

        await asyncio.sleep(KEY_GAP)  # keys a person could type, not one per frame
        loop = asyncio.get_running_loop()
        state["waiter"], state["acted"] = loop.create_future(), None
        event = events.Key(key, char)
        event.set_sender(app)
        started = state["sent"] = time.perf_counter()
        if TRACE is not None:
            TRACE.append((f"key {key}", started))
        app._driver.send_message(event)
        try:
            ended = await asyncio.wait_for(state["waiter"], KEY_TIMEOUT)
        except TimeoutError:
            ended = started + KEY_TIMEOUT
        state["waiter"] = None
        return float(ended - started)

    async def keys(app: Any, name: str, sequence: list[tuple[str, str | None]], label: str) -> None:
        times = [await press(app, key, char) for key, char in sequence]
        result.setdefault("keys", {})[f"{name}{label}"] = times

    async def drive(app: Any) -> None:
        plan = PLANS[KIND]
        # While loading: as many keys as fit before the brief is complete.
        if "loaded" not in result:
            loading = LOADING_PLANS.get(KIND, [])
            for number in range(WHILE_LOADING_KEYS):
                if "loaded" in result or not loading:
                    break
                name, key, char = loading[number % len(loading)]
                took = await press(app, key, char)
                result.setdefault("keys", {}).setdefault(f"{name} (loading)", []).append(took)
        for _ in range(int(60 / 0.01)):
            if "loaded" in result:
                break
            await asyncio.sleep(0.01)
        gc.collect()  # start the loaded measurements from a clean slate, as after a pause in reading
        for name, sequence in plan.items():
            if KIND == "ours" and name == "n":
                await _search(app, SEARCH)
            await keys(app, name, sequence, "")
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result["gc_max_pause"] = max(gc_pauses, default=0.0)
        result["gc_pauses_over_100ms"] = sum(1 for pause in gc_pauses if pause > 0.1)
        if TRACE is not None:  # every key and frame, in ms since the first, for looking into a slow key
            result["trace"] = [(what, round(1000 * (at - TRACE[0][1]), 2)) for what, at in TRACE]
        OUT.write_text(json.dumps(result))
        app.exit()

    app_class.run_action = run_action
    if TRACE is not None:
        from textual.screen import Screen

        original_update = Screen._on_timer_update

        def on_timer_update(screen: Any) -> None:
            dirty = ",".join(sorted(f"{type(w).__name__}#{w.id}" for w in screen._dirty_widgets))
            TRACE.append((f"update {dirty}", time.perf_counter()))
            original_update(screen)

        Screen._on_timer_update = on_timer_update  # type: ignore[method-assign]
        from textual._compositor import Compositor

        original_render_update = Compositor.render_update

        import cProfile

        frame_profile = cProfile.Profile()

        profile_frames = bool(os.environ.get("BENCH_FRAME_PROFILE"))  # slows every frame 2-3 times

        def render_update(compositor: Any, *args: Any, **kwargs: Any) -> Any:
            if profile_frames:
                frame_profile.enable()
            update = original_render_update(compositor, *args, **kwargs)
            if profile_frames:
                frame_profile.disable()
                frame_profile.dump_stats(os.environ["BENCH_TRACE"] + ".frames.prof")
            TRACE.append(("composed", time.perf_counter()))
            return update

        Compositor.render_update = render_update  # type: ignore[method-assign]
    app_class.post_display_hook = post_display_hook


def _ours() -> None:
    from tui.app import BriefingApp
    from tui.screens.reader import ReaderScreen
    from tui.widgets.section_view import SectionView

    def ready(app: Any) -> bool:
        screen = app.screen
        return isinstance(screen, ReaderScreen) and any(view.lines for view in screen.query(SectionView))

    def loaded(app: Any) -> bool:
        screen = app.screen
        return isinstance(screen, ReaderScreen) and screen.brief is not None

    instrument(BriefingApp, ready, loaded)
    from tui.__main__ import main

    main([str(BRIEF)])


def _floor() -> None:
    """The floor: a minimal Textual app showing the start of the text in one scrolling Static."""
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    text = BRIEF.read_text(encoding="utf-8")[:6000]  # enough to scroll at 160x50

    class Floor(App[None]):
        def compose(self) -> ComposeResult:
            with VerticalScroll():
                yield Static(text, markup=False)

    instrument(Floor, lambda app: bool(app.query(Static)), lambda _: True)
    Floor().run()


def _markdown() -> None:
    """Textual's own MarkdownViewer, given the whole brief."""
    from textual.app import App, ComposeResult
    from textual.widgets import Markdown, MarkdownViewer

    text = BRIEF.read_text(encoding="utf-8")

    class Viewer(App[None]):
        def compose(self) -> ComposeResult:
            yield MarkdownViewer(text, show_table_of_contents=False)

        def on_mount(self) -> None:
            self.query_one(MarkdownViewer).focus()

    def ready(app: Any) -> bool:
        found = app.query(Markdown)
        return bool(found) and len(found.first().children) > 0

    instrument(Viewer, ready, ready)
    Viewer().run()


SEARCH = "troops"  # in the bundled brief and in the generated ones


async def _search(app: Any, query: str) -> None:
    """Search as if `query` had been typed after `/`, and wait for its matches, so that `n` has matches to go to."""
    from tui.widgets.search_bar import SearchBar

    app.screen.search(SearchBar.Changed(query))
    for _ in range(int(30 / 0.01)):  # a long search runs in slices between keys
        if app.screen.searched == query:
            return
        await asyncio.sleep(0.01)


# While loading: reading keys and showing other sections, as a reader who does not wait would.
LOADING_PLANS: dict[str, list[tuple[str, str, str | None]]] = {
    "ours": [
        ("j", "j", "j"),
        ("j", "j", "j"),
        ("pagedown", "pagedown", None),
        ("section", "5", "5"),
        ("j", "j", "j"),
        ("G", "G", "G"),
        ("section", "6", "6"),
        ("G", "g", "g"),
    ],
    "floor": [("j", "down", None)],
    "markdown": [("j", "down", None), ("pagedown", "pagedown", None), ("G", "end", None), ("G", "home", None)],
}

# Per kind, each measured key and what is pressed: ours reads by sentence; the others scroll.
PLANS: dict[str, dict[str, list[tuple[str, str | None]]]] = {
    "ours": {
        "j": [("j", "j")] * 30,
        "pagedown": [("pagedown", None)] * 15,
        "G": [("G", "G"), ("g", "g")] * 4,
        "n": [("n", "n")] * 15,
        "section": [(str(n), str(n)) for n in (5, 6, 7, 8, 9, 5, 6, 7)],
    },
    "floor": {
        "j": [("down", None)] * 30,
        "pagedown": [("pagedown", None)] * 15,
        "G": [("end", None), ("home", None)] * 4,
    },
    "markdown": {
        "j": [("down", None)] * 30,
        "pagedown": [("pagedown", None)] * 15,
        "G": [("end", None), ("home", None)] * 4,
    },
}


def summarize(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"median": statistics.median(ordered), "p90": ordered[int(0.9 * (len(ordered) - 1))], "max": ordered[-1]}


if __name__ == "__main__":
    start = {"ours": _ours, "floor": _floor, "markdown": _markdown}[KIND]
    profile_to = os.environ.get("BENCH_PROFILE")  # a file: the run's cProfile statistics go there
    if profile_to:
        import cProfile

        cProfile.run("start()", profile_to)
    else:
        start()
    sys.exit(0)
