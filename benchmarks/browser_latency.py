"""Browser-side latency benchmark for w2v-viz (headless system Chromium).

Usage (from anywhere; paths are resolved against the repo root)::

    python benchmarks/browser_latency.py [--repeats N] [--json out.json] [--trace]

Scenarios, all in one run:

(a) bare page (``benchmarks/bare_app.py``): click "Step" -> last DOM mutation
    before ``QUIET_MS`` of quiet.  This is Streamlit's own floor.
(b) the same for the "Step" button on the app's Train page (``app.py`` at
    ``TRAIN_PATH``), plus the ratio median(b) / median(a).
(c) Play for ``PLAY_SECONDS``: click "Play", wait, click "Pause"; steps/s from
    the step counter (``STEP_COUNTER_SELECTOR``) and chart refreshes/s (bursts
    of mutations touching a chart: ``.js-plotly-plot`` or the live loss chart).
(d) (b) again for each of ``VOCAB_SIZES`` via ``?vocab=N`` (only when the app
    visibly honours it, see ``VOCAB_SIZE_SELECTOR``).
(e) (a) on the app's frame (``benchmarks/frame_app.py``: the settings sidebar and a
    bare button in a fragment, no page): the floor of any page of the app, with
    the ratio median(e) / median(a).
Finally the RSS of each Streamlit server process (incl. children).

Latency is measured entirely on the page clock: a MutationObserver on the
document records ``performance.now()`` per callback; the click is dispatched
from JS right after reading ``performance.now()`` (t0); latency = last
mutation before the page has been quiet for ``QUIET_MS`` minus t0.

Scenarios that need the app degrade to a ``skipped (x): reason`` line.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.e2e.browser import (  # noqa: E402
    CHART_SELECTOR,
    VIEWPORT,
    find_chromium,
    install_mutation_recorder,
    launch_chromium,
    wait_for_app,
    wait_quiet,
)
from tests.e2e.server import StreamlitServerError, streamlit_server  # noqa: E402

# --- constants the app is expected to match ----------------------------------
BARE_APP = REPO_ROOT / "benchmarks" / "bare_app.py"
FRAME_APP = REPO_ROOT / "benchmarks" / "frame_app.py"   # app.py's sidebar + a bare button
APP = REPO_ROOT / "app.py"
TRAIN_PATH = "/"  # URL path of the Train page (the default page)
STEP_BUTTON_LABEL = "Step"  # exact accessible name of the step button
PLAY_BUTTON_LABEL = "Play"
PAUSE_BUTTON_LABEL = "Pause"
STEP_COUNTER_SELECTOR = '.w2v-controls [data-counter="step"] .value'
VOCAB_QUERY_PARAM = "vocab"
VOCAB_SIZES = (50, 1000, 5000)
# Element that shows the active vocabulary size ("V = 1,000" in the Train caption).
VOCAB_SIZE_SELECTOR = '.w2v-train .caption:has-text("V = ")'
PLOTLY_SELECTOR = CHART_SELECTOR    # what the recorder counts as a chart

QUIET_MS = 400
QUIET_TIMEOUT_MS = 30000
PLAY_SECONDS = 10.0
BURST_GAP_MS = 80.0  # mutations closer than this = one burst
WARMUP_CLICKS = 2
FIND_TIMEOUT_MS = 10000


class ScenarioSkipped(Exception):
    """A scenario cannot run (app missing, button absent, ...)."""


@dataclass
class LatencyResult:
    name: str
    samples_ms: list[float] = field(default_factory=list)
    first_mutation_ms: list[float] = field(default_factory=list)
    script_done_ms: list[float] = field(default_factory=list)
    no_mutation_clicks: int = 0

    def stats(self, values: list[float] | None = None) -> dict[str, float] | None:
        vals = self.samples_ms if values is None else values
        if not vals:
            return None
        return {
            "n": len(vals),
            "median": statistics.median(vals),
            "min": min(vals),
            "max": max(vals),
        }


# --- page-side JS ---------------------------------------------------------------

# Reset the recorder's per-measurement arrays, read t0, click.  One JS task, so
# nothing can happen between t0 and the click dispatch.
CLICK_JS = """
(el) => {
  const rec = window.__w2vMut;
  rec.times = []; rec.plotly = []; rec.scriptState = [];
  const t0 = performance.now();
  el.click();
  return t0;
}
"""

# Same without resetting (keeps the Play window's record when clicking Pause).
CLICK_KEEP_JS = """
(el) => { const t0 = performance.now(); el.click(); return t0; }
"""

RECORDER_SNAPSHOT_JS = """
() => {
  const r = window.__w2vMut;
  return {times: r.times.slice(), plotly: r.plotly.slice(), scriptState: r.scriptState.slice()};
}
"""


# --- helpers ------------------------------------------------------------------------


def _fmt(stats: dict[str, float] | None) -> str:
    if not stats:
        return "n/a"
    return (
        f"median {stats['median']:7.1f} ms   min {stats['min']:7.1f} ms   "
        f"max {stats['max']:7.1f} ms   (n={stats['n']})"
    )


def _bursts(times: list[float], gap_ms: float = BURST_GAP_MS) -> int:
    n, prev = 0, None
    for t in sorted(times):
        if prev is None or t - prev > gap_ms:
            n += 1
        prev = t
    return n


def _rss_mb(pid: int) -> float | None:
    try:
        import psutil
    except ImportError:
        return None
    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
        total = 0
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total / 2**20
    except psutil.Error:
        return None


def _check_no_exception(page: Any) -> None:
    exc = page.locator('[data-testid="stException"]')
    if exc.count():
        text = exc.first.inner_text().strip().splitlines()
        raise ScenarioSkipped(f"app shows an exception: {' | '.join(text[:3])[:300]}")


def _find_button(page: Any, label: str, timeout_ms: int = FIND_TIMEOUT_MS) -> Any:
    # The accessible name may carry an icon before and a shortcut hint after the label,
    # e.g. "▶ Play Shortcut P"; "Step" must not match "Step ×10".
    name = re.compile(rf"^\W*{re.escape(label)}( Shortcut .*)?$")
    btn = page.get_by_role("button", name=name)
    deadline = time.monotonic() + timeout_ms / 1000
    while btn.count() == 0:
        if time.monotonic() > deadline:
            _check_no_exception(page)
            raise ScenarioSkipped(f'no button named "{label}" on {page.url} within {timeout_ms} ms')
        page.wait_for_timeout(100)
    return btn.first


def _open(page: Any, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page, quiet_ms=QUIET_MS, timeout_ms=QUIET_TIMEOUT_MS)
    install_mutation_recorder(page)


def _click(page: Any, label: str, reset: bool = True) -> float:
    """Click the button from JS; returns t0 (page clock, ms).

    ``reset`` clears the recorder's arrays first (per-measurement record).
    """
    return _find_button(page, label).evaluate(CLICK_JS if reset else CLICK_KEEP_JS)


def measure_click_latency(
    page: Any, name: str, label: str, repeats: int, trace: bool = False
) -> LatencyResult:
    """Click ``label`` ``repeats`` times (after warm-up) and time each rerun."""
    res = LatencyResult(name)
    for i in range(WARMUP_CLICKS + repeats):
        t0 = _click(page, label)
        q = wait_quiet(page, quiet_ms=QUIET_MS, timeout_ms=QUIET_TIMEOUT_MS, since=t0)
        snap = page.evaluate(RECORDER_SNAPSHOT_JS)
        if trace and i == WARMUP_CLICKS:
            offs = ", ".join(f"{t - t0:.1f}" for t in snap["times"])
            states = ", ".join(f"{s}@{t - t0:.1f}" for t, s in snap["scriptState"])
            print(f"  trace [{name}] mutation callbacks at +ms: {offs}")
            print(f"  trace [{name}] script state changes: {states or '(none)'}")
        if i < WARMUP_CLICKS:
            continue
        last = q.get("lastMutation")
        if last is None:
            res.no_mutation_clicks += 1
            continue
        res.samples_ms.append(last - t0)
        after = [t for t in snap["times"] if t >= t0]
        if after:
            res.first_mutation_ms.append(after[0] - t0)
        done = [t for t, s in snap["scriptState"] if s == "notRunning" and t >= t0]
        if done:
            res.script_done_ms.append(done[-1] - t0)
    _check_no_exception(page)
    return res


def print_latency(tag: str, res: LatencyResult) -> None:
    print(f"({tag}) {res.name}")
    print(f"    click -> last mutation : {_fmt(res.stats())}")
    print(f"    click -> first mutation: {_fmt(res.stats(res.first_mutation_ms))}")
    # React often batches running->notRunning into one render, so the
    # attribute change only reaches the DOM for some clicks (n shows how many).
    print(f"    click -> script idle   : {_fmt(res.stats(res.script_done_ms))}")
    if res.no_mutation_clicks:
        print(f"    clicks with no DOM mutation at all: {res.no_mutation_clicks}")


def _new_page(browser: Any) -> tuple[Any, Any, list[str]]:
    ctx = browser.new_context(viewport=dict(VIEWPORT))
    page = ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return ctx, page, errors


# --- scenarios ----------------------------------------------------------------------


def _st_opts(opts: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for opt in opts:
        key, sep, value = opt.partition("=")
        if not sep:
            raise SystemExit(f"--st-opt expects KEY=VALUE, got {opt!r}")
        out += [f"--{key.lstrip('-')}", value]
    return tuple(out)


def scenario_bare(
    browser: Any,
    repeats: int,
    trace: bool,
    screenshot: Path | None,
    server_args: tuple[str, ...] = (),
    app: Path = BARE_APP,
    tag: str = "a",
    name: str = "bare page, Step",
) -> dict:
    with streamlit_server(app, extra_args=server_args) as (base, proc):
        ctx, page, errors = _new_page(browser)
        try:
            _open(page, base)
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot))
            res = measure_click_latency(page, name, STEP_BUTTON_LABEL, repeats, trace)
            counter = page.get_by_test_id("stMarkdownContainer").filter(has_text="Clicks:")
            text = counter.inner_text()
            rss = _rss_mb(proc.pid)
        finally:
            ctx.close()
    print_latency(tag, res)
    print(f"    final counter text: {text.strip()!r}; console errors: {len(errors)}")
    return {"result": res, "rss_mb": rss, "console_errors": errors}


def _train_url(base: str, vocab: int | None = None) -> str:
    url = base + TRAIN_PATH
    if vocab is not None:
        url += "?" + urllib.parse.urlencode({VOCAB_QUERY_PARAM: vocab})
    return url


def _open_train(page: Any, base: str, vocab: int | None = None) -> None:
    """Open the Train page; skip if Streamlit says the page does not exist."""
    _open(page, _train_url(base, vocab))
    not_found = page.get_by_role("dialog").filter(has_text="Page not found")
    path = urllib.parse.urlparse(page.url).path.rstrip("/")
    if not_found.count() or path != TRAIN_PATH.rstrip("/"):
        raise ScenarioSkipped(
            f"Train page not found at {TRAIN_PATH!r} (Streamlit redirected to {page.url})"
        )
    _check_no_exception(page)


def scenario_app_step(browser: Any, base: str, repeats: int, trace: bool) -> LatencyResult:
    ctx, page, _ = _new_page(browser)
    try:
        _open_train(page, base)
        return measure_click_latency(
            page, f"app {TRAIN_PATH}, {STEP_BUTTON_LABEL}", STEP_BUTTON_LABEL, repeats, trace
        )
    finally:
        ctx.close()


def _read_step_counter(page: Any) -> int | None:
    loc = page.locator(STEP_COUNTER_SELECTOR)
    if loc.count() == 0:
        return None
    digits = re.sub(r"[^\d]", "", loc.first.inner_text())
    return int(digits) if digits else None


def scenario_play(browser: Any, base: str, seconds: float = PLAY_SECONDS) -> dict:
    ctx, page, _ = _new_page(browser)
    try:
        _open_train(page, base)
        _find_button(page, PLAY_BUTTON_LABEL)  # skip early if absent
        steps_before = _read_step_counter(page)
        t_play = _click(page, PLAY_BUTTON_LABEL)
        page.wait_for_timeout(seconds * 1000)
        t_pause = _click(page, PAUSE_BUTTON_LABEL, reset=False)
        snap = page.evaluate(RECORDER_SNAPSHOT_JS)
        stopped = False
        for _ in range(3):
            try:
                wait_quiet(page, quiet_ms=QUIET_MS, timeout_ms=15000, since=t_pause)
                stopped = True
                break
            except TimeoutError:
                if page.get_by_role("button", name=PAUSE_BUTTON_LABEL, exact=True).count():
                    page.get_by_role("button", name=PAUSE_BUTTON_LABEL, exact=True).first.click()
        steps_after = _read_step_counter(page)
        _check_no_exception(page)
    finally:
        ctx.close()
    elapsed_s = (t_pause - t_play) / 1000
    plotly = [t for t in snap["plotly"] if t_play <= t <= t_pause]
    allm = [t for t in snap["times"] if t_play <= t <= t_pause]
    out: dict[str, Any] = {
        "elapsed_s": elapsed_s,
        "steps_before": steps_before,
        "steps_after": steps_after,
        "plotly_bursts": _bursts(plotly),
        "dom_bursts": _bursts(allm),
        "stopped_after_pause": stopped,
    }
    print(f"(c) Play {seconds:.0f}s on {TRAIN_PATH} (measured window {elapsed_s:.2f}s)")
    if steps_before is None or steps_after is None:
        print(f"    steps/s: n/a (nothing matches {STEP_COUNTER_SELECTOR=!r})")
    else:
        out["steps_per_s"] = (steps_after - steps_before) / elapsed_s
        print(f"    steps/s: {out['steps_per_s']:.2f}  ({steps_before} -> {steps_after})")
    out["refreshes_per_s"] = out["plotly_bursts"] / elapsed_s
    print(
        f"    chart refreshes/s (mutation bursts touching {PLOTLY_SELECTOR}, "
        f"gap>{BURST_GAP_MS:.0f} ms): {out['refreshes_per_s']:.2f}  "
        f"({out['plotly_bursts']} bursts)"
    )
    print(f"    all DOM-mutation bursts/s: {out['dom_bursts'] / elapsed_s:.2f}")
    if not stopped:
        print("    WARNING: page still mutating 15 s after Pause was clicked")
    return out


VOCAB_ROUNDS = 3  # (d) interleaves the sizes in rounds, so no size always runs last


def _open_vocab_page(browser: Any, base: str, n: int) -> tuple[Any, Any]:
    """A Train page session on the synthetic corpus of n words, checked to show V = n."""
    ctx, page, _ = _new_page(browser)
    _open_train(page, base, n)
    shown = page.locator(VOCAB_SIZE_SELECTOR)
    if shown.count() == 0:
        ctx.close()
        raise ScenarioSkipped(
            f"cannot verify ?{VOCAB_QUERY_PARAM}= support: nothing matches "
            f"VOCAB_SIZE_SELECTOR = {VOCAB_SIZE_SELECTOR!r}"
        )
    match = re.search(r"V = ([\d,]+)", shown.first.inner_text())
    if not match or match.group(1).replace(",", "") != str(n):
        text = shown.first.inner_text()
        ctx.close()
        raise ScenarioSkipped(f"app ignored ?{VOCAB_QUERY_PARAM}={n} (vocab size shown: {text!r})")
    return ctx, page


def scenario_vocab(browser: Any, base: str, repeats: int) -> dict[int, LatencyResult]:
    """(b) at each vocabulary size: one session per size, clicks interleaved in rounds
    (sizes in alternating order) so all sizes see the same server and machine state."""
    sessions = {n: _open_vocab_page(browser, base, n) for n in VOCAB_SIZES}
    results = {n: LatencyResult(f"app {TRAIN_PATH}?{VOCAB_QUERY_PARAM}={n}, Step")
               for n in VOCAB_SIZES}
    per_round = max(1, repeats // VOCAB_ROUNDS)
    try:
        for r in range(VOCAB_ROUNDS):
            order = VOCAB_SIZES if r % 2 == 0 else VOCAB_SIZES[::-1]
            for n in order:
                res = measure_click_latency(sessions[n][1], results[n].name,
                                            STEP_BUTTON_LABEL, per_round)
                results[n].samples_ms += res.samples_ms
    finally:
        for ctx, _ in sessions.values():
            ctx.close()
    for n, res in results.items():
        print(f"(d) vocab={n:<6d} click -> last mutation: {_fmt(res.stats())}")
    first, last = results[VOCAB_SIZES[0]].stats(), results[VOCAB_SIZES[-1]].stats()
    if first and last:
        print(f"ratio median(vocab={VOCAB_SIZES[-1]})/median(vocab={VOCAB_SIZES[0]}): "
              f"{last['median'] / first['median']:.2f}")
    return results


def run_app_scenarios(browser: Any, args: argparse.Namespace, summary: dict) -> None:
    app = Path(args.app)
    if not app.is_file():
        for tag in "bcd":
            print(f"skipped ({tag}): {app} does not exist yet")
        return
    try:
        server_cm = streamlit_server(app, extra_args=args.server_args)
        base, proc = server_cm.__enter__()
    except StreamlitServerError as exc:
        for tag in "bcd":
            print(f"skipped ({tag}): app server failed to start: {str(exc).splitlines()[0]}")
        return
    try:
        summary["app_rss_mb_start"] = _rss_mb(proc.pid)
        for tag, fn in (
            ("b", lambda: scenario_app_step(browser, base, args.repeats, args.trace)),
            ("c", lambda: scenario_play(browser, base, args.play_seconds)),
            ("d", lambda: scenario_vocab(browser, base, args.vocab_repeats)),
        ):
            try:
                result = fn()
            except ScenarioSkipped as exc:
                print(f"skipped ({tag}): {exc}")
                continue
            except Exception as exc:  # noqa: BLE001 - degrade, never crash the run
                first_line = str(exc).splitlines()[0] if str(exc) else ""
                print(f"skipped ({tag}): {type(exc).__name__}: {first_line}")
                continue
            summary[tag] = result
            if tag == "b":
                print_latency("b", result)
        summary["app_rss_mb_end"] = _rss_mb(proc.pid)
    finally:
        server_cm.__exit__(None, None, None)


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, LatencyResult):
        return {**asdict(obj), "stats": obj.stats()}
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    return obj


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeats", type=int, default=15, help="measured clicks per scenario (a, b)")
    p.add_argument(
        "--vocab-repeats", type=int, default=8, help="measured clicks per vocab size (d)"
    )
    p.add_argument("--play-seconds", type=float, default=PLAY_SECONDS)
    p.add_argument("--app", default=str(APP), help="app script for scenarios b-d")
    p.add_argument(
        "--st-opt",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra Streamlit option for both servers, e.g. runner.postScriptGC=false (repeatable)",
    )
    p.add_argument("--skip-app", action="store_true", help="only run the bare page (a)")
    p.add_argument("--trace", action="store_true", help="print one click's mutation timeline")
    p.add_argument("--json", type=Path, help="also write results as JSON here")
    p.add_argument(
        "--screenshot",
        type=Path,
        default=REPO_ROOT / "artifacts" / "screenshots" / "bench_bare.png",
    )
    args = p.parse_args(argv)
    args.server_args = _st_opts(args.st_opt)

    exe = find_chromium()
    if exe is None:
        print(
            "error: Chromium not found (set W2V_CHROMIUM or install Debian `chromium`)",
            file=sys.stderr,
        )
        return 2
    from playwright.sync_api import sync_playwright

    print(
        f"Chromium: {exe}; quiet window {QUIET_MS} ms; warm-up clicks {WARMUP_CLICKS}; "
        f"extra Streamlit args: {' '.join(args.server_args) or '(none)'}"
    )
    summary: dict[str, Any] = {}
    with sync_playwright() as pw:
        browser = launch_chromium(pw, executable_path=exe)
        try:
            bare = scenario_bare(
                browser, args.repeats, args.trace, args.screenshot, args.server_args
            )
            summary["a"] = bare["result"]
            summary["bare_rss_mb"] = bare["rss_mb"]
            if args.skip_app:
                print("skipped (b,c,d,e): --skip-app")
            else:
                frame = scenario_bare(browser, args.repeats, False, None, args.server_args,
                                      FRAME_APP, "e", "the app's frame (settings sidebar) "
                                      "with a bare button, Step")
                summary["e"] = frame["result"]
                run_app_scenarios(browser, args, summary)
        finally:
            browser.close()

    a = summary.get("a")
    for tag in ("e", "b"):
        other = summary.get(tag)
        if a and other and a.stats() and other.stats():
            ratio = other.stats()["median"] / a.stats()["median"]
            summary[f"ratio_{tag}_over_a"] = ratio
            print(f"ratio median({tag})/median(a): {ratio:.2f}")
        else:
            print(f"ratio median({tag})/median(a): n/a")
    for key, label in (
        ("bare_rss_mb", "bare server"),
        ("app_rss_mb_start", "app server (before first page load)"),
        ("app_rss_mb_end", "app server (after run)"),
    ):
        if summary.get(key) is not None:
            print(f"RSS {label}, incl. children: {summary[key]:.1f} MiB")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(_jsonable(summary), indent=2))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
