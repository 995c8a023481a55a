"""Browser-side speed of every page of w2v-viz (headless system Chromium), in one run.

Usage (from anywhere; paths are resolved against the repo root)::

    python benchmarks/browser_latency.py [--repeats N] [--quick] [--json out.json]
                                         [--against REF]

For each size (V=46, d=10: the royalty corpus, the default; V=5000, d=50:
``?vocab=5000&dim=50``) it prints one table, every row measured in the same run with
the clicks interleaved (one click per session per round, the order alternating), so
machine noise hits all rows alike:

* Step -> settled: click Step, then the time of the page's last DOM mutation before
  ``QUIET_MS`` of quiet; medians of N clicks on each page (Train, Softmax, Gradients,
  Embeddings, Theory), as ratios to a bare one-button Streamlit page
  (``benchmarks/bare_app.py``) measured in the same rounds. The app's frame alone (the
  settings sidebar and a bare button, ``benchmarks/frame_app.py``) is a reference row.
* Page switch -> settled: click a sidebar navigation link; ratio to a switch in a bare
  two-page ``st.navigation`` app (``benchmarks/bare_nav_app.py``).
* Play: steps per second (the step counter) and refreshes per second where a chart
  moved, from Play's first refresh on (that one comes a round trip after the click):
  per chart (a live view, ``.w2v-view``, but the controls) the
  animation frames in which a mutation touched it; the page's rate is its most often
  updated chart's, and every chart's rate is printed beside it, so a counter that moves
  while the charts stand still does not count. ``--play-rounds N``: N Plays of each page,
  each beside its ``--against`` row, the two by turns; the rates are the rounds' medians.

``--against REF``: the app of commit REF too (a temporary git worktree, its own server),
its pages in the same interleaved rounds as this checkout's (rows ``ref:Train``, ...):
before and after a change, side by side.

Then a long Epoch at V=5000, d=50 on the Train page: its duration, that the progress bar
(``.w2v-controls .progress``) was shown and advanced while the other buttons were
disabled, and that Stop ends a second run keeping the steps done (0 < steps < epoch size).
Finally the servers' memory.

Latency is measured on the page clock: a MutationObserver on the document records
``performance.now()`` per callback; the click is dispatched from JS right after reading
``performance.now()`` (t0). Targets are printed beside the figures (``ok`` / ``MISS``).
``--quick`` (3 clicks, 2 switches, 2 s of Play, only the stopped Epoch run) checks that
everything runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.e2e.browser import (  # noqa: E402
    CHART_SELECTOR,
    CONTROLS,
    VIEWPORT,
    find_chromium,
    install_mutation_recorder,
    launch_chromium,
    wait_for_app,
    wait_quiet,
)
from tests.e2e.server import checkout, streamlit_server  # noqa: E402

BARE_APP = REPO_ROOT / "benchmarks" / "bare_app.py"
BARE_NAV_APP = REPO_ROOT / "benchmarks" / "bare_nav_app.py"
FRAME_APP = REPO_ROOT / "benchmarks" / "frame_app.py"
APP = REPO_ROOT / "app.py"

# (name, URL path) in the order of the sidebar navigation (app.py); Train is "/".
PAGES = (("Train", ""), ("Softmax", "softmax"), ("Gradients", "gradients"),
         ("Embeddings", "embeddings"), ("Theory", "theory"))
# (label, URL query, the V and d the Train page must then show)
SIZES = (("V=46, d=10 (royalty)", "", 46, 10),
         ("V=5000, d=50", "?vocab=5000&dim=50", 5000, 50))

STEP_BUTTON = f'{CONTROLS} button[data-action="step"]'
PLAY_BUTTON = f'{CONTROLS} button[data-action="play"]'      # sends "pause" while playing
EPOCH_BUTTON = f'{CONTROLS} button[data-action="epoch"]'    # sends "stop" while a run goes
RESET_BUTTON = f'{CONTROLS} button[data-action="reset"]'
STEP_COUNTER = f'{CONTROLS} [data-counter="step"] .value'
EPOCH_COUNTER = f'{CONTROLS} [data-counter="epoch"] .value'
PROGRESS = f"{CONTROLS} .progress"
NAV_LINKS = '[data-testid="stSidebarNav"] a'
# The loss chart's caption on Train: "V = 5,000 words, d = 50 · ... · 69,998 steps per epoch."
CAPTION = ".w2v-loss .caption"
CAPTION_RE = re.compile(r"V = ([\d,]+) words, d = (\d+).*?([\d,]+) steps per epoch")

QUIET_MS = 400
REF_PREFIX = "ref:"     # the rows of the commit given to --against
QUIET_TIMEOUT_MS = 30000
WARMUP_CLICKS = 2
EPOCH_TIMEOUT_S = 600
STOP_AT = 10    # % of the epoch after which the second Epoch run is stopped


def step_target(page: str, size: int) -> float:
    if page == "Train":
        return 1.5
    return 2.0 if size == 0 else 3.0


SWITCH_TARGET = 2.0
PLAY_TARGETS = ((15.0, 100.0), (5.0, None))    # per size: refreshes/s, steps/s (at least)


class Skipped(Exception):
    """A measurement cannot run (a button or page is missing, ...)."""


# --- page-side JS -------------------------------------------------------------------------

# Reset the recorder's per-measurement arrays, read t0, click: one JS task.
CLICK_JS = """
(el) => {
  const rec = window.__w2vMut;
  rec.times = []; rec.charts = []; rec.scriptState = [];
  const t0 = performance.now();
  el.click();
  return t0;
}
"""

# Chart refreshes: a frame loop counts, per chart (a live view but the controls), the
# animation frames in which a mutation touched it: the updates the eye could see (one
# component update is one task, hence one frame; two updates within one frame show as one).
# Also kept: frames in which any chart changed, and runs of such consecutive frames.
CHARTS_JS = r"""
(cmd) => {
  const SEL = '__CHART__';
  let rec = window.__w2vCharts;
  if (!rec) {
    const nameOf = (root) => [...root.classList].find((c) => c !== 'w2v-view') || 'w2v-view';
    rec = window.__w2vCharts = {on: false, dirty: new Set(), prev: new Set()};
    const touched = (r) => {
      const t = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const c = t && t.closest ? t.closest(SEL) : null;
      if (c) rec.dirty.add(nameOf(c));
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        if (n.matches(SEL)) rec.dirty.add(nameOf(n));
        for (const m of n.querySelectorAll(SEL)) rec.dirty.add(nameOf(m));
      }
    };
    new MutationObserver((records) => { if (rec.on) records.forEach(touched); })
      .observe(document.documentElement, {subtree: true, childList: true, attributes: true,
                                          characterData: true});
    rec.tick = () => {
      if (!rec.on) return;
      if (rec.dirty.size) {
        rec.frames++;
        if (!rec.prev.size) rec.runs++;
        for (const n of rec.dirty) rec.per[n] = (rec.per[n] || 0) + 1;
      }
      rec.prev = rec.dirty;
      rec.dirty = new Set();
      requestAnimationFrame(rec.tick);
    };
  }
  if (cmd === 'start') {
    Object.assign(rec, {on: true, runs: 0, frames: 0, per: {}, dirty: new Set(),
                        prev: new Set(), t0: performance.now()});
    requestAnimationFrame(rec.tick);
    return rec.t0;
  }
  rec.on = false;
  return {runs: rec.runs, frames: rec.frames, per: rec.per, t0: rec.t0, t1: performance.now(),
          roots: [...document.querySelectorAll(SEL)].length};
}
""".replace("__CHART__", CHART_SELECTOR)

# Samples the controls every 25 ms during an Epoch run.
EPOCH_PROBE_JS = """
(cmd) => {
  if (cmd === 'stop') { clearInterval(window.__w2vEpochProbe); return window.__w2vEpoch; }
  const samples = window.__w2vEpoch = [];
  const q = (s) => document.querySelector(s);
  window.__w2vEpochProbe = setInterval(() => {
    const prog = q('__PROGRESS__'), bar = prog && prog.querySelector('.bar');
    const epoch = q('__EPOCH__');
    const others = [...document.querySelectorAll('__CONTROLS__ button')].filter((b) => b !== epoch);
    samples.push({t: performance.now(), shown: !!prog && !prog.hidden,
      value: bar ? Number(bar.getAttribute('aria-valuenow')) : null,
      send: epoch ? epoch.dataset.send : null,
      othersDisabled: others.length > 0 && others.every((b) => b.disabled),
      steps: (q('__STEPS__') || {}).textContent || ''});
  }, 25);
  return performance.now();
}
""".replace("__PROGRESS__", PROGRESS).replace("__EPOCH__", EPOCH_BUTTON).replace(
    "__CONTROLS__", CONTROLS).replace("__STEPS__", STEP_COUNTER)


# --- sessions -------------------------------------------------------------------------------

@dataclass
class Session:
    """One browser context (one Streamlit session) and how to find its Step button."""

    name: str
    ctx: Any
    page: Any
    step_selector: str
    errors: list[str] = field(default_factory=list)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ctx.close()


def _new_session(browser: Any, name: str, step_selector: str) -> Session:
    ctx = browser.new_context(viewport=dict(VIEWPORT))
    page = ctx.new_page()
    s = Session(name, ctx, page, step_selector)
    page.on("console", lambda m: s.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: s.errors.append(str(e)))
    return s


def _check_no_exception(page: Any, where: str) -> None:
    exc = page.locator('[data-testid="stException"]')
    if exc.count():
        text = " | ".join(exc.first.inner_text().strip().splitlines()[:3])[:300]
        raise Skipped(f"{where}: the app shows an exception: {text}")


def _open(s: Session, url: str) -> None:
    s.page.goto(url, wait_until="domcontentloaded")
    wait_for_app(s.page, quiet_ms=QUIET_MS, timeout_ms=QUIET_TIMEOUT_MS)
    install_mutation_recorder(s.page)
    _check_no_exception(s.page, s.name)


def _element(page: Any, selector: str, timeout_ms: int = 15000) -> Any:
    try:
        return page.wait_for_selector(selector, state="attached", timeout=timeout_ms)
    except Exception as exc:  # noqa: BLE001 - playwright's TimeoutError
        _check_no_exception(page, page.url)
        raise Skipped(f"nothing matches {selector!r} on {page.url}") from exc


def _int(text: str) -> int | None:
    digits = re.sub(r"[^\d]", "", text or "")
    return int(digits) if digits else None


def _size_shown(page: Any) -> tuple[int, int, int]:
    """(V, d, steps per epoch) from the Train page's loss caption."""
    loc = page.locator(CAPTION)
    try:
        loc.first.wait_for(state="attached", timeout=15000)
    except Exception as exc:  # noqa: BLE001
        raise Skipped(f"no {CAPTION!r} on Train to check the size") from exc
    m = CAPTION_RE.search(loc.first.inner_text())
    if not m:
        raise Skipped(f"cannot read V, d from {loc.first.inner_text()!r}")
    return _int(m.group(1)), int(m.group(2)), _int(m.group(3))


def _nav(page: Any, index: int) -> Any:
    links = page.locator(NAV_LINKS)
    links.nth(index).wait_for(state="attached", timeout=15000)
    return links.nth(index).element_handle()


def open_app_page(browser: Any, base: str, size: int, page_index: int, name: str) -> Session:
    """A session on the app at the given size, on page ``page_index``: it opens Train (whose
    caption proves the size), then switches with the sidebar link (the session is kept)."""
    label, query, V, d = SIZES[size]
    s = _new_session(browser, name, STEP_BUTTON)
    try:
        _open(s, f"{base}/{query}")
        shown = _size_shown(s.page)[:2]
        if shown != (V, d):
            raise Skipped(f"{label}: the app shows V, d = {shown}")
        if page_index:
            _nav(s.page, page_index).click()
            wait_for_app(s.page, quiet_ms=QUIET_MS, timeout_ms=QUIET_TIMEOUT_MS)
            path = PAGES[page_index][1]
            if not s.page.url.split("?")[0].rstrip("/").endswith("/" + path):
                raise Skipped(f"nav link {page_index} led to {s.page.url}, not /{path}")
            _check_no_exception(s.page, name)
        _element(s.page, STEP_BUTTON)
    except BaseException:
        s.close()
        raise
    return s


# --- measurements ---------------------------------------------------------------------------

def click_settled(page: Any, handle: Any) -> float | None:
    """Click ``handle`` from JS; ms from the click to the last mutation before quiet."""
    t0 = handle.evaluate(CLICK_JS)
    q = wait_quiet(page, quiet_ms=QUIET_MS, timeout_ms=QUIET_TIMEOUT_MS, since=t0)
    last = q.get("lastMutation")
    return None if last is None else last - t0


def step_once(s: Session) -> float | None:
    return click_settled(s.page, _element(s.page, s.step_selector))


def med(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def run_step_rounds(sessions: list[Session], n: int) -> dict[str, list[float]]:
    """N interleaved rounds of one Step per session (after warm-up clicks)."""
    samples: dict[str, list[float]] = {s.name: [] for s in sessions}
    for r in range(WARMUP_CLICKS + n):
        order = sessions if r % 2 == 0 else sessions[::-1]
        for s in order:
            try:
                ms = step_once(s)
            except Exception as exc:  # noqa: BLE001 - report, keep the others going
                print(f"    {s.name}: Step failed: {type(exc).__name__}: {str(exc)[:200]}")
                sessions = [x for x in sessions if x is not s]
                continue
            if r >= WARMUP_CLICKS and ms is not None:
                samples[s.name].append(ms)
    return samples


def run_switch_rounds(bare: Session | None, app: Session | None, n: int) -> dict[str, list]:
    """N rounds: a switch in the bare two-page app, then one to each page of the app (in
    the sidebar order, so each page is reached from the one before it). One unmeasured
    round first (first visits load each page's components)."""
    out: dict[str, list[float]] = {"bare": [], **{p: [] for p, _ in PAGES}}
    order = [*range(1, len(PAGES)), 0]
    for r in range(1 + n):
        if bare is not None:
            ms = click_settled(bare.page, _nav(bare.page, (r + 1) % 2))
            if r and ms is not None:
                out["bare"].append(ms)
        if app is not None:
            for i in order:
                ms = click_settled(app.page, _nav(app.page, i))
                if r and ms is not None:
                    out[PAGES[i][0]].append(ms)
            _check_no_exception(app.page, "page switches")
    return out


def play(s: Session, seconds: float) -> dict[str, Any]:
    """Play for ``seconds`` then Pause: steps/s and chart refreshes/s."""
    page = s.page
    _element(page, PLAY_BUTTON)
    # The button is looked up on every use: a full rerun may mount the controls anew.
    # The click's time and the step counter then, in one task.
    click = (f"() => [performance.now(), document.querySelector('{STEP_COUNTER}')"
             f".textContent, document.querySelector('{PLAY_BUTTON}').click()]")
    # (null while a full rerun mounts the controls anew)
    send = (f"() => {{ const el = document.querySelector('{PLAY_BUTTON}');"
            " return el && el.dataset.send; }")
    read = f"() => [performance.now(), document.querySelector('{STEP_COUNTER}').textContent]"
    t_play, first, _ = page.evaluate(click)
    # The rates are Play's own, from its first refresh on (the run starts on a full rerun:
    # counting from the click would charge that round trip to every second of Play).
    changed = "() => document.querySelector('%s').textContent !== %s"
    page.wait_for_function(changed % (STEP_COUNTER, json.dumps(first)),
                           timeout=QUIET_TIMEOUT_MS)
    page.evaluate(CHARTS_JS, "start")
    t_first, before = page.evaluate(read)
    page.wait_for_timeout(seconds * 1000)
    _, now = page.evaluate(read)     # both ends just after a refresh: no partial refresh
    page.wait_for_function(changed % (STEP_COUNTER, json.dumps(now)),
                           timeout=QUIET_TIMEOUT_MS)
    t_end, after = page.evaluate(read)
    charts = page.evaluate(CHARTS_JS, "stop")
    _element(page, PLAY_BUTTON)
    page.evaluate(click)                                       # Pause
    before, after = _int(before), _int(after)
    pause_clicks, last_click, pause_s = 1, time.monotonic(), None
    t_start = last_click
    while time.monotonic() - t_start < 30:
        page.wait_for_timeout(100)
        if page.evaluate(send) == "play":
            pause_s = time.monotonic() - t_start
            break
        if time.monotonic() - last_click > 5:   # Pause lost? Click again (checked and
            last_click = time.monotonic()       # clicked in one task: never Play again)
            pause_clicks += page.evaluate(
                f"() => {{ const el = document.querySelector('{PLAY_BUTTON}');"
                " if (!el || el.dataset.send !== 'pause') return 0; el.click(); return 1; }")
    settled = True
    try:
        wait_quiet(page, quiet_ms=QUIET_MS, timeout_ms=QUIET_TIMEOUT_MS)
    except TimeoutError:
        settled = False
    elapsed = (t_end - t_first) / 1000
    return {"elapsed_s": elapsed, "first_refresh_ms": t_first - t_play,
            "steps": (after or 0) - (before or 0),
            "steps_per_s": ((after or 0) - (before or 0)) / elapsed,
            # the page's refresh rate: that of its most often updated chart
            "refreshes_per_s": max(charts["per"].values(), default=0) / elapsed,
            "frames_changed_per_s": charts["frames"] / elapsed,
            "runs_per_s": charts["runs"] / elapsed,
            "per_view": {k: v / elapsed for k, v in sorted(charts["per"].items())},
            "chart_roots": charts["roots"], "settled_after_pause": settled,
            "pause_clicks": pause_clicks, "pause_to_play_button_s": pause_s,
            "paused": page.evaluate(send) == "play"}


def median_play(runs: list) -> dict[str, Any] | str:
    """One page's Play rounds as one row: the medians of their numbers (a failure if any)."""
    failed = [r for r in runs if isinstance(r, str)]
    if failed or not runs:
        return failed[0] if failed else "not measured"
    numbers = [k for k, v in runs[0].items()       # the rates, steps, times: their medians
               if isinstance(v, (int, float)) and not isinstance(v, bool)]
    views = {k for r in runs for k in r["per_view"]}
    return {**{k: med([r[k] for r in runs if r[k] is not None]) for k in numbers},
            "per_view": {k: med([r["per_view"].get(k, 0.0) for r in runs]) for k in sorted(views)},
            "rounds": runs, "paused": all(r["paused"] for r in runs),
            "settled_after_pause": all(r["settled_after_pause"] for r in runs),
            "pause_clicks": max(r["pause_clicks"] for r in runs)}


def epoch_run(browser: Any, base: str, size: int, timeout_s: float,
              full: bool = True) -> dict[str, Any]:
    """A full Epoch on Train at the given size (unless not ``full``), then (after Reset)
    one stopped once the progress bar shows 20 %."""
    s = open_app_page(browser, base, size, 0, "epoch")
    page = s.page
    out: dict[str, Any] = {}
    try:
        units = _size_shown(page)[2]
        out["epoch_size"] = units
        _element(page, EPOCH_BUTTON)
        click = (f"() => {{ const t = performance.now();"
                 f" document.querySelector('{EPOCH_BUTTON}').click(); return t; }}")

        def run(stop_after: int | None) -> dict[str, Any]:
            page.evaluate(EPOCH_PROBE_JS, "start")
            t0 = page.evaluate(click)
            deadline = time.monotonic() + timeout_s
            stopped_at = None
            while time.monotonic() < deadline:
                page.wait_for_timeout(100)
                samples = page.evaluate("() => window.__w2vEpoch")
                running = [x for x in samples if x["send"] == "stop"]
                if (stop_after is not None and stopped_at is None and running
                        and max(x["value"] or 0 for x in running) >= stop_after):
                    stopped_at = page.evaluate(click)
                if running and samples[-1]["send"] == "epoch" and not samples[-1]["shown"]:
                    break
            else:
                raise Skipped(f"the Epoch run did not end within {timeout_s:.0f} s")
            samples = page.evaluate(EPOCH_PROBE_JS, "stop")
            wait_quiet(page, quiet_ms=QUIET_MS, timeout_ms=QUIET_TIMEOUT_MS)
            running = [x for x in samples if x["send"] == "stop"]
            end = next(x["t"] for x in samples if x["t"] > running[0]["t"] and x["send"] == "epoch")
            values = [x["value"] for x in running if x["shown"] and x["value"] is not None]
            steps = _int(page.locator(STEP_COUNTER).first.inner_text())
            page.wait_for_timeout(1000)
            return {"duration_s": (end - t0) / 1000,
                    "stop_to_end_s": None if stopped_at is None else (end - stopped_at) / 1000,
                    "progress_shown": any(x["shown"] for x in running),
                    "progress_values": len(set(values)),
                    "progress_max": max(values) if values else None,
                    "others_disabled": all(x["othersDisabled"] for x in running),
                    "steps": steps,
                    "steps_kept": _int(page.locator(STEP_COUNTER).first.inner_text()) == steps,
                    "epochs": _int(page.locator(EPOCH_COUNTER).first.inner_text())}

        if full:
            out["full"] = run(None)
            _check_no_exception(page, "Epoch")
            click_settled(page, _element(page, RESET_BUTTON))
            if _int(page.locator(STEP_COUNTER).first.inner_text()) != 0:
                raise Skipped("Reset did not bring the step counter to 0")
        out["stopped"] = run(STOP_AT)     # Stop once the progress bar shows STOP_AT %
        _check_no_exception(page, "Epoch + Stop")
        out["console_errors"] = list(s.errors)
    finally:
        s.close()
    return out


# --- printing -------------------------------------------------------------------------------

def _ms(v: float | None) -> str:
    return "   n/a" if v is None else f"{v:6.1f}"


def _ratio(v: float | None, base: float | None, target: float | None) -> str:
    if v is None or not base:
        return f"{'n/a':>6} {'':13}"
    r = v / base
    mark = "" if target is None else f"≤{target:g}× {'ok' if r <= target else 'MISS'}"
    return f"{r:5.2f}× {mark:13}"


def print_table(size: int, n: int, steps: dict, switches: dict, plays: dict) -> None:
    label = SIZES[size][0]
    bare = med(steps.get("bare button", []))
    bare_sw = med(switches.get("bare", []))
    print(f"\n== {label} ==  (medians of {n} interleaved clicks; ratios to the bare apps "
          "measured in the same rounds)")
    print(f"{'':24} {'Step→settled ms':>15} {'ratio':>6} {'target':13} "
          f"{'switch ms':>9} {'ratio':>6} {'target':13} "
          f"{'Play steps/s':>12} {'refresh/s':>9} {'target':14} per view (refreshes/s)")
    print(f"{'bare button / 2-page nav':24} {_ms(bare):>15} {'1.00×':>6} {'':13} "
          f"{_ms(bare_sw):>9} {'1.00×':>6}")
    if "app frame" in steps:
        f = med(steps["app frame"])
        print(f"{'app frame + bare button':24} {_ms(f):>15} {_ratio(f, bare, None)}")
    min_refresh, min_steps = PLAY_TARGETS[size]
    names = [name for name, _ in PAGES]
    for name in names + [REF_PREFIX + n for n in names if REF_PREFIX + n in steps]:
        st_ms, sw_ms, p = med(steps.get(name, [])), med(switches.get(name, [])), plays.get(name)
        target = step_target(name.removeprefix(REF_PREFIX), size)
        line = (f"{name:24} {_ms(st_ms):>15} {_ratio(st_ms, bare, target)} "
                f"{_ms(sw_ms):>9} {_ratio(sw_ms, bare_sw, SWITCH_TARGET)} ")
        if isinstance(p, dict):
            ok = p["refreshes_per_s"] >= min_refresh and (
                min_steps is None or p["steps_per_s"] >= min_steps)
            tgt = f"≥{min_refresh:g}" + (f"/{min_steps:g}" if min_steps else "")
            views = ", ".join(f"{k.removeprefix('w2v-')} {v:.1f}" for k, v in p["per_view"].items())
            line += (f"{p['steps_per_s']:12.1f} {p['refreshes_per_s']:9.1f} "
                     f"{tgt + (' ok' if ok else ' MISS'):14} {views or '(no chart on the page)'}")
            if not (p["paused"] and p["settled_after_pause"]):
                line += (f"  [still {'mutating' if p['paused'] else 'playing'} "
                         f"{QUIET_TIMEOUT_MS // 1000} s after Pause]")
            if p["pause_clicks"] > 1:
                line += f"  [Pause clicked {p['pause_clicks']} times]"
        elif p:
            line += f"  Play: {p}"
        print(line)


def print_epoch(e: dict[str, Any]) -> None:
    print(f"\n== Epoch at {SIZES[1][0]} on Train (epoch = {e['epoch_size']:,} steps) ==")
    for tag, f in (("full epoch", e.get("full")), (f"Stop at ≥{STOP_AT}%", e["stopped"])):
        if f is None:
            print(f"{tag}: skipped (--quick)")
            continue
        print(f"{tag}: {f['duration_s']:.2f} s (click → the controls back); progress shown "
              f"{'yes' if f['progress_shown'] else 'NO'}, advanced through "
              f"{f['progress_values']} values to {f['progress_max']}%; other buttons "
              f"disabled throughout: {'yes' if f['others_disabled'] else 'NO'}; "
              f"steps {f['steps'] or 0:,}, epochs {f['epochs']}")
    s = e["stopped"]
    ok = s["steps"] is not None and 0 < s["steps"] < e["epoch_size"] and s["steps_kept"]
    print(f"Stop: the run ended {s['stop_to_end_s'] or float('nan'):.2f} s after the click, "
          f"steps kept {s['steps'] or 0:,} of {e['epoch_size']:,} "
          f"({'ok' if ok else 'MISS'}: 0 < steps < epoch size, unchanged 1 s later); "
          f"epochs {s['epochs']}")


def _rss_mb(pid: int) -> float | None:
    try:
        import psutil

        proc = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20
    except Exception:  # noqa: BLE001 - psutil missing or the process gone
        return None


# --- main -----------------------------------------------------------------------------------

def measure_size(browser: Any, bases: dict[str, str], size: int, args: argparse.Namespace,
                 summary: dict) -> None:
    label = SIZES[size][0]
    print(f"\n-- {label}: opening sessions")
    sessions: list[Session] = []
    try:
        bare = _new_session(browser, "bare button", 'button:has-text("Step")')
        sessions.append(bare)
        _open(bare, bases["bare"])
        if "frame" in bases:
            frame = _new_session(browser, "app frame", 'button:has-text("Step")')
            sessions.append(frame)
            _open(frame, bases["frame"])
        for app, prefix in (("app", ""), ("ref", REF_PREFIX)):
            for i, (name, _) in enumerate(PAGES if app in bases else ()):
                try:
                    sessions.append(open_app_page(browser, bases[app], size, i, prefix + name))
                except Skipped as exc:
                    print(f"    skipped {prefix}{name}: {exc}")
        print(f"-- {label}: {args.repeats} interleaved Step rounds")
        steps = run_step_rounds(sessions, args.repeats)

        print(f"-- {label}: {args.switches} interleaved page-switch rounds")
        nav_bare = _new_session(browser, "bare nav", "")
        sessions.append(nav_bare)
        _open(nav_bare, bases["nav"])
        nav_app = None
        try:
            nav_app = open_app_page(browser, bases["app"], size, 0, "switches")
            sessions.append(nav_app)
        except Skipped as exc:
            print(f"    skipped the app's page switches: {exc}")
        switches = run_switch_rounds(nav_bare, nav_app, args.switches)

        print(f"-- {label}: {args.play_rounds} interleaved rounds of Play "
              f"{args.play_seconds:g} s on each page")
        pages = [name for name, _ in PAGES]
        players = [s for s in sessions if s.name.removeprefix(REF_PREFIX) in pages]
        rounds: dict[str, list] = {s.name: [] for s in players}
        for r in range(args.play_rounds):
            # each page beside its ref row, which of the two first by turns
            for s in sorted(players, key=lambda s: (pages.index(s.name.removeprefix(REF_PREFIX)),
                                                   s.name.startswith(REF_PREFIX) == (r % 2 == 0))):
                if rounds[s.name] and isinstance(rounds[s.name][-1], str):
                    continue                                     # failed once: not again
                try:
                    rounds[s.name].append(play(s, args.play_seconds))
                except Exception as exc:  # noqa: BLE001
                    rounds[s.name].append(f"failed: {type(exc).__name__}: {str(exc)[:150]}")
        plays = {name: median_play(runs) for name, runs in rounds.items()}
        errors = {s.name: s.errors for s in sessions if s.errors}
    finally:
        for s in sessions:
            s.close()
    print_table(size, args.repeats, steps, switches, plays)
    if "ref" in bases:
        print(f"   {REF_PREFIX} rows: the same pages of the commit given to --against")
    if errors:
        print(f"console errors: { {k: len(v) for k, v in errors.items()} } "
              f"(first: {next(iter(errors.values()))[0][:200]!r})")
    summary[label] = {"step_ms": steps, "switch_ms": switches, "play": plays,
                      "console_errors": errors}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeats", type=int, default=30, help="measured Step clicks per session")
    p.add_argument("--switches", type=int, default=10, help="measured switches to each page")
    p.add_argument("--play-seconds", type=float, default=10.0)
    p.add_argument("--play-rounds", type=int, default=1,
                   help="Plays of each page, interleaved (app and ref by turns); medians")
    p.add_argument("--quick", action="store_true",
                   help="3 clicks, 2 switches, 2 s of Play, no full Epoch: checks that it all runs")
    p.add_argument("--sizes", default="0,1", help="which sizes: 0 (V=46), 1 (V=5000) or 0,1")
    p.add_argument("--no-epoch", action="store_true", help="skip the long Epoch run")
    p.add_argument("--no-frame", action="store_true", help="skip the app-frame reference row")
    p.add_argument("--json", type=Path, help="also write the results as JSON here")
    p.add_argument("--against", metavar="REF", help="also the app of commit REF, interleaved")
    args = p.parse_args(argv)
    if args.quick:
        args.repeats, args.switches, args.play_seconds = 3, 2, 2.0
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]

    exe = find_chromium()
    if exe is None:
        print("error: Chromium not found (set W2V_CHROMIUM or install Debian `chromium`)",
              file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    print(f"Chromium: {exe}; quiet window {QUIET_MS} ms; warm-up clicks {WARMUP_CLICKS}; "
          f"{args.repeats} clicks, {args.switches} switches, Play {args.play_seconds:g} s")
    summary: dict[str, Any] = {}
    apps = {"bare": BARE_APP, "nav": BARE_NAV_APP, "app": APP,
            **({} if args.no_frame else {"frame": FRAME_APP})}
    with sync_playwright() as pw, contextlib.ExitStack() as stack:
        servers = {k: stack.enter_context(streamlit_server(v)) for k, v in apps.items()}
        if args.against:
            print(f"{REF_PREFIX} rows: commit {args.against}")
            tree = stack.enter_context(checkout(args.against))
            servers["ref"] = stack.enter_context(streamlit_server(tree / "app.py", cwd=tree))
        bases = {k: base for k, (base, _) in servers.items()}
        browser = launch_chromium(pw, executable_path=exe)
        stack.callback(browser.close)
        for size in sizes:
            measure_size(browser, bases, size, args, summary)
        if not args.no_epoch:
            try:
                summary["epoch"] = e = epoch_run(browser, bases["app"], 1, EPOCH_TIMEOUT_S,
                                                 full=not args.quick)
                print_epoch(e)
            except Skipped as exc:
                print(f"\nskipped the Epoch run: {exc}")
        print()
        for k, (_, proc) in servers.items():
            rss = _rss_mb(proc.pid)
            if rss is not None:
                print(f"RSS of the {k} server, incl. children: {rss:.1f} MiB")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2, default=str))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
