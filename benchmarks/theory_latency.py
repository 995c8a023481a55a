"""Step latency of the Theory page against a bare one-button page (headless Chromium).

Usage: ``python benchmarks/theory_latency.py [--repeats N] [--query "vocab=5000&dim=50"]``

Both servers run from this process, one after the other, measured the same way:

* bare page (``benchmarks/bare_app.py``): click "Step" -> last DOM mutation before
  ``QUIET_MS`` of quiet (``browser_latency.py``'s measure).
* Theory page, on the tab ``--tab``: click Step (the controls' button) -> every live panel
  shows the new step (``.w2v-theory[data-step]``, page clock, MutationObserver), and ->
  last DOM mutation.
* page switch: Train -> Theory by the sidebar link -> last DOM mutation.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.browser_latency import (  # noqa: E402
    BARE_APP,
    QUIET_MS,
    _new_page,
    _open,
    measure_click_latency,
)
from tests.e2e.browser import (  # noqa: E402
    find_chromium,
    install_mutation_recorder,
    launch_chromium,
    wait_for_app,
    wait_quiet,
)
from tests.e2e.server import streamlit_server  # noqa: E402

APP = REPO_ROOT / "app.py"
WARMUP = 2

# Click Step; resolve when every panel shows the step after the current one.
STEP_JS = """
() => new Promise((resolve) => {
  const panels = () => [...document.querySelectorAll('.w2v-theory')];
  const before = Number(panels()[0].dataset.step);
  const done = () => panels().length > 0 &&
    panels().every((p) => Number(p.dataset.step) === before + 1);
  const rec = window.__w2vMut;
  rec.times = []; rec.charts = []; rec.scriptState = [];
  const t0 = performance.now();
  const obs = new MutationObserver(() => {
    if (done()) { obs.disconnect(); resolve([t0, performance.now() - t0]); }
  });
  setTimeout(() => { obs.disconnect(); resolve([t0, null]); }, 20000);
  obs.observe(document.body, {subtree: true, attributes: true, childList: true});
  document.querySelector('.w2v-controls [data-action="step"]').click();
})
"""


def stats(values: list[float]) -> str:
    if not values:
        return "n/a"
    return (f"median {statistics.median(values):6.1f} ms  min {min(values):6.1f}  "
            f"max {max(values):6.1f}  (n={len(values)})")


def theory_steps(page, repeats: int) -> tuple[list[float], list[float]]:
    panels, quiet = [], []
    # The first Step shows step 1, as the preview before it did: step once first.
    page.locator('.w2v-controls [data-action="step"]').click()
    wait_for_app(page)
    for i in range(WARMUP + repeats):
        t0, shown = page.evaluate(STEP_JS)
        q = wait_quiet(page, quiet_ms=QUIET_MS, timeout_ms=30000, since=t0)
        if shown is None:
            raise RuntimeError("the panels did not show the next step within 20 s")
        if i >= WARMUP:
            panels.append(shown)
            quiet.append(q["lastMutation"] - t0)
    return panels, quiet


def page_switches(page, base: str, repeats: int) -> list[float]:
    out = []
    for i in range(WARMUP + repeats):
        page.locator('[data-testid="stSidebarNav"] a').nth(0).click()   # Train
        wait_for_app(page)
        install_mutation_recorder(page)
        link = page.locator('[data-testid="stSidebarNav"] a').nth(4)    # Theory
        t0 = link.evaluate("(a) => { const t = performance.now(); a.click(); return t; }")
        page.wait_for_selector(".w2v-theory", timeout=30000)
        q = wait_quiet(page, quiet_ms=QUIET_MS, timeout_ms=30000, since=t0)
        if i >= WARMUP:
            out.append(q["lastMutation"] - t0)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeats", type=int, default=12)
    p.add_argument("--query", default="", help='e.g. "vocab=5000&dim=50"')
    p.add_argument("--switches", type=int, default=4, help="page switches to time (0: none)")
    p.add_argument("--tab", default="2 Loss", help="the tab to time Steps on (its label)")
    args = p.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw, executable_path=find_chromium())
        try:
            with streamlit_server(BARE_APP) as (base, _):
                ctx, page, _ = _new_page(browser)
                _open(page, base)
                bare = measure_click_latency(page, "bare", "Step", args.repeats).samples_ms
                ctx.close()
            with streamlit_server(APP) as (base, _):
                ctx, page, errors = _new_page(browser)
                query = f"?{args.query}" if args.query else ""
                _open(page, f"{base}/theory{query}")
                page.get_by_role("tab", name=args.tab).click()
                wait_for_app(page)
                install_mutation_recorder(page)
                panels, quiet = theory_steps(page, args.repeats)
                switches = page_switches(page, base, args.switches) if args.switches else []
                ctx.close()
        finally:
            browser.close()
    print(f"bare page, Step -> last mutation      : {stats(bare)}")
    print(f"Theory{args.query and ' ?' + args.query} [{args.tab}], Step -> panels updated: "
          f"{stats(panels)}")
    print(f"Theory, Step -> last mutation         : {stats(quiet)}")
    if switches:
        print(f"Train -> Theory page switch -> quiet  : {stats(switches)}")
    if bare:
        b = statistics.median(bare)
        print(f"ratio panels/bare {statistics.median(panels) / b:.2f}, "
              f"last mutation/bare {statistics.median(quiet) / b:.2f}")
    if errors:
        print("console errors:", errors[:5])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
