"""Real browsers Stepping, to check ``class_load.py``'s protocol students against them.

    python benchmarks/class_browser.py --url http://127.0.0.1:PORT --pages 3 --duration 30

K headless Chromium pages (one context each: K sessions) open the Train page; each clicks
Step every 1.5-2.5 s, like a simulated student. A Step's round trip, on the page's clock:
from the click (dispatched from JS right after reading ``performance.now()``) to the
step counter's new text in the DOM. Prints one JSON line: steps, p50, p95, samples (ms).
Run by ``class_load.py --browser-check K`` against the server its protocol students used.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.e2e.browser import (  # noqa: E402
    CONTROLS,
    VIEWPORT,
    find_chromium,
    launch_chromium,
    wait_for_app,
)

STEP_JS = """async ([controls, timeoutMs]) => {
  const sel = controls + ' [data-counter="step"] .value';
  const before = document.querySelector(sel)?.textContent;
  return await new Promise((resolve) => {
    const obs = new MutationObserver(() => {
      const now = document.querySelector(sel)?.textContent;
      if (now === undefined || now === before) return;
      obs.disconnect();
      resolve(performance.now() - t0);
    });
    obs.observe(document.body, {subtree: true, childList: true, characterData: true});
    setTimeout(() => { obs.disconnect(); resolve(-1); }, timeoutMs);
    const t0 = performance.now();
    document.querySelector(controls + ' button[data-action="step"]').click();
  });
}"""


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--pages", type=int, default=3)
    ap.add_argument("--duration", type=float, default=30.0)
    args = ap.parse_args(argv)
    if not args.url.startswith(("http://127.0.0.1:", "http://localhost:")):
        ap.error("--url: loopback only")
    if not 1 <= args.pages <= 10:
        ap.error("--pages: 1..10")
    chromium = find_chromium()
    if chromium is None:
        print("class_browser.py: Chromium not found (/usr/bin/chromium or W2V_CHROMIUM)",
              file=sys.stderr)
        return 2
    samples: list[float] = []
    with sync_playwright() as pw:
        browser = launch_chromium(pw, executable_path=chromium)
        pages = []
        for _ in range(args.pages):
            page = browser.new_context(viewport=dict(VIEWPORT)).new_page()
            page.goto(args.url + "/")
            wait_for_app(page)
            pages.append(page)
        due = [time.perf_counter() + random.uniform(0, 2.0) for _ in pages]
        end = time.perf_counter() + args.duration
        failures = 0
        while time.perf_counter() < end:
            i = min(range(len(pages)), key=due.__getitem__)
            time.sleep(max(0.0, due[i] - time.perf_counter()))
            ms = pages[i].evaluate(STEP_JS, [CONTROLS, 10000])
            if ms < 0:
                failures += 1
            else:
                samples.append(ms)
            due[i] = time.perf_counter() + random.uniform(1.5, 2.5)
        browser.close()
    print(json.dumps({"steps": len(samples), "failures": failures,
                      "p50": float(np.percentile(samples, 50)) if samples else None,
                      "p95": float(np.percentile(samples, 95)) if samples else None,
                      "samples": [round(s, 1) for s in samples]}))
    return 0 if samples else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
