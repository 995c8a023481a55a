"""The Explore page's speed in headless system Chromium at V=5000, d=50 (one run).

Usage (from anywhere)::

    python benchmarks/explore_latency.py [--repeats N] [--query-size V]

A session opens the Train page at ``?vocab=5000&dim=50`` (the corpus built once), then:

* open: the sidebar's Explore link -> the chart drawn with all V points (Plotly's graph
  div has every point in its full data and its plot drawn: ``_fullLayout`` and the WebGL
  or 3-D scene in place, the next animation frame);
* search: a word typed and Enter -> the highlighted trace holds that word and the x axis
  range is the zoomed one (the next animation frame after);
* 2-D -> 3-D and 3-D -> 2-D: the segmented control -> the chart of the other kind drawn;
* reopen: the Train link, then the Explore link again in the same tab -> drawn (what a
  visitor's second visit costs: plotly.js is loaded once per tab, on the bare page too);
* bytes: the size of the figure Streamlit sends per draw (the chart's JSON spec).

Each is measured ``--repeats`` times (a fresh page for "open": Train, then the link),
interleaved with the same actions on a bare page (``benchmarks/bare_plotly_app.py``: one
``st.plotly_chart`` of V points, a search that adds a labelled trace and zooms): medians
printed beside the targets (open <= 2 s, search <= 500 ms, switch <= 1 s) and the bare
page's, so a loaded machine shows as both rising.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.e2e.browser import find_chromium, launch_chromium, wait_for_app  # noqa: E402
from tests.e2e.server import streamlit_server  # noqa: E402

NAV_LINKS = '[data-testid="stSidebarNav"] a'
TARGETS = {"open": 2000, "search": 500, "to 3-D": 1000, "to 2-D": 1000, "reopen": 2000}

# Resolves (after the next frame) once the graph div shows a chart of `kind` with `n`
# points in its first trace and, when `word` is given, that word labelled (a trace's text
# or an annotation).
DRAWN_JS = """([kind, n, word, since]) => new Promise((resolve, reject) => {
  const deadline = performance.now() + 30000;
  const check = () => {
    // the chart shown (Explore keeps a 2-D and a 3-D chart and hides one; bare: one chart)
    const g = [...document.querySelectorAll('.js-plotly-plot')]
      .find((c) => !c.closest('.exp-hidden'));
    const d = g && g._fullData, L = g && g._fullLayout;
    const drawn = kind === 'scatter3d' ? !!(L && L.scene && L.scene._scene)
      : !!(g && g.querySelector('canvas'));
    const bold = `<b>${word}</b>`, L2 = L && (kind === 'scatter3d' ? L.scene : L);
    const labelled = d && (d.some((t) => Array.from(t.text || []).includes(bold)) ||
      (L2 && (L2.annotations || []).some((a) => a.text === bold)));
    const ok = drawn && d && d.length && d[0].type === kind && d[0]._length === n &&
      (!word || labelled);
    if (ok) { requestAnimationFrame(() => resolve(performance.now() - since)); return; }
    if (performance.now() > deadline) { reject(new Error('not drawn')); return; }
    requestAnimationFrame(check);
  };
  check();
})"""
NOW_JS = "() => performance.now()"


def _explore_link(page):
    return page.locator(NAV_LINKS).filter(has_text="Explore").first


def open_explore(page, base: str, V: int) -> float:
    page.goto(f"{base}/?vocab={V}&dim=50")
    wait_for_app(page, timeout_ms=120000)
    return click_explore(page, V)


def reopen(page, V: int) -> float:
    page.locator(NAV_LINKS).filter(has_text="Train").first.click()
    wait_for_app(page)
    return click_explore(page, V)


def click_explore(page, V: int) -> float:
    link = _explore_link(page)
    t0 = page.evaluate(NOW_JS)
    link.click()
    ms = page.evaluate(DRAWN_JS, ["scattergl", V, None, t0])
    wait_for_app(page)
    return ms


def search(page, V: int, word: str) -> float:
    box = page.locator(".st-key-exp_query input")
    box.fill(word)
    t0 = page.evaluate(NOW_JS)
    box.press("Enter")
    ms = page.evaluate(DRAWN_JS, ["scattergl", V, word, t0])
    wait_for_app(page)
    return ms


def switch(page, V: int, dims: int, word: str) -> float:
    button = page.locator(".st-key-exp_dims button").nth(dims - 2)
    t0 = page.evaluate(NOW_JS)
    button.click()
    ms = page.evaluate(DRAWN_JS, ["scattergl" if dims == 2 else "scatter3d", V, word, t0])
    wait_for_app(page)
    return ms


def spec_bytes(page) -> int:
    return page.evaluate("() => JSON.stringify([...document.querySelectorAll('.js-plotly-plot')]"
                         ".find((c) => !c.closest('.exp-hidden')).data).length")


def measure(browser, base: str, V: int, r: int) -> tuple[dict, int]:
    """One round on one app: open, search, to 3-D, back to 2-D (ms), and the data size."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = ctx.new_page()
        out = {"open": open_explore(page, base, V)}
        word = f"w{17 + 31 * r}"
        out["search"] = search(page, V, word)
        size = spec_bytes(page)
        out["to 3-D"] = switch(page, V, 3, word)
        out["to 2-D"] = switch(page, V, 2, word)
        out["reopen"] = reopen(page, V)
        return out, size
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--vocab", type=int, default=5000)
    args = p.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print("no Chromium found (W2V_CHROMIUM or /usr/bin/chromium)")
        return 1
    from playwright.sync_api import sync_playwright

    apps = {"Explore": REPO_ROOT / "app.py",
            "bare": REPO_ROOT / "benchmarks" / "bare_plotly_app.py"}
    times = {a: {k: [] for k in TARGETS} for a in apps}
    sizes = {}
    started = time.perf_counter()
    with contextlib.ExitStack() as stack, sync_playwright() as pw:
        bases = {a: stack.enter_context(streamlit_server(path))[0] for a, path in apps.items()}
        browser = launch_chromium(pw, executable_path=chromium)
        for r in range(args.repeats):
            for a in (apps if r % 2 == 0 else reversed(list(apps))):   # alternate the order
                got, sizes[a] = measure(browser, bases[a], args.vocab, r)
                for k, v in got.items():
                    times[a][k].append(v)
        browser.close()
    print(f"Explore at V={args.vocab}, d=50: medians of {args.repeats} interleaved rounds "
          f"({time.perf_counter() - started:.0f} s in all); bare: one st.plotly_chart of "
          f"{args.vocab} points (benchmarks/bare_plotly_app.py)")
    for name in TARGETS:
        m, bare = (statistics.median(times[a][name]) for a in apps)
        verdict = "ok" if m <= TARGETS[name] else "MISS"
        every = ", ".join(f"{v:.0f}" for v in times["Explore"][name])
        print(f"  {name:8s} {m:7.0f} ms  (bare {bare:6.0f} ms, {m / bare:4.1f}x; target <= "
              f"{TARGETS[name]} ms: {verdict}; all: {every})")
    print(f"  the figure's data as the browser holds it: {sizes['Explore'] / 1e6:.2f} MB "
          f"of JSON (bare: {sizes['bare'] / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
