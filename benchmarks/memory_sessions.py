"""Server memory with many trained sessions, and after they leave.

Usage (from anywhere; paths are resolved against the repo root)::

    python benchmarks/memory_sessions.py [--sessions 20] [--vocab 5000] [--dim 50]
                                         [--steps 10000] [--ttl 10] [--target-mb 690]

One Streamlit server runs ``app.py``; headless Chromium opens ``--sessions``
browser contexts (one visitor each) at ``/?vocab=V&dim=d`` (the synthetic Zipf
corpus of V words, embedding size d, the other settings at their defaults) and
clicks *Epoch* in all of them at once (bulk training to the end of the epoch: one
epoch of the V=5000 corpus is ~70,000 steps, so at least ``--steps``; the app runs
one bulk run at a time, ``ui/memory.py``), then *Step* (a recorded step, so each
session also holds a step record, as a visitor's session does).

Printed: the server's RSS (psutil, the process and its children) at start, with one
session, with the sessions open, with them trained (and the peak while training), and
after they are gone. Streamlit keeps a disconnected session for
``server.disconnectedSessionTTL`` seconds (120 by default; ``--ttl`` here) and drops
expired ones from its session storage on its next write to it (a disconnect); the app
collects what they held when a visitor arrives (``ui/memory.release_memory``). So the
contexts are closed, after the TTL one visitor comes and goes, another comes, and the
RSS is read again. Exits 1 if the trained RSS is over ``--target-mb``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import psutil

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.e2e.browser import (  # noqa: E402
    VIEWPORT,
    control,
    find_chromium,
    launch_chromium,
    wait_for_app,
)
from tests.e2e.server import streamlit_server  # noqa: E402
from ui.memory import RELEASE_INTERVAL  # noqa: E402

APP = REPO_ROOT / "app.py"
MB = 2**20

COUNTER_JS = """() => {
  const el = document.querySelector('.w2v-controls [data-counter="step"] .value');
  return el ? el.innerText : null;
}"""


def rss_mb(proc: psutil.Process) -> float:
    """RSS of the server and all its children, in MiB."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / MB


def step_count(page) -> int:
    text = page.evaluate(COUNTER_JS)
    return int(re.sub(r"\D", "", text)) if text else -1


def wait_steps(pages, at_least: int, timeout_s: float) -> list[int]:
    """Poll every page until its counter is >= at_least (each click's run has ended)."""
    deadline = time.monotonic() + timeout_s
    counts = [-1] * len(pages)
    while time.monotonic() < deadline:
        counts = [step_count(p) for p in pages]
        if min(counts) >= at_least:
            return counts
        time.sleep(0.5)
    raise TimeoutError(f"counters {counts} did not all reach {at_least} in {timeout_s:.0f} s")


def visit(browser, base: str, close: bool = True):
    """A visitor opens the Train page (and leaves if ``close``)."""
    ctx = browser.new_context(viewport=dict(VIEWPORT))
    page = ctx.new_page()
    page.goto(base + "/")
    wait_for_app(page, timeout_ms=60_000)
    if close:
        ctx.close()
    return ctx, page


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--vocab", type=int, default=5000)
    ap.add_argument("--dim", type=int, default=50)
    ap.add_argument("--steps", type=int, default=10_000, help="steps per session, at least")
    ap.add_argument("--ttl", type=int, default=10, help="server.disconnectedSessionTTL (s)")
    ap.add_argument("--target-mb", type=float, default=690.0)
    ap.add_argument("--timeout", type=float, default=900.0, help="training time limit (s)")
    args = ap.parse_args()

    chromium = find_chromium()
    if chromium is None:
        print("Chromium not found: install Debian's chromium or set W2V_CHROMIUM")
        return 2
    from playwright.sync_api import sync_playwright

    url_query = f"/?vocab={args.vocab}&dim={args.dim}"
    extra = ["--server.disconnectedSessionTTL", str(args.ttl)]
    with streamlit_server(APP, extra_args=extra) as (base, popen), sync_playwright() as pw:
        server = psutil.Process(popen.pid)
        browser = launch_chromium(pw, executable_path=chromium)
        print(f"server started:                  RSS {rss_mb(server):7.1f} MiB")
        ctx, _ = visit(browser, base, close=False)
        print(f"1 session open (default corpus): RSS {rss_mb(server):7.1f} MiB")
        ctx.close()

        contexts, pages = [], []
        t0 = time.monotonic()
        for _ in range(args.sessions):
            ctx = browser.new_context(viewport=dict(VIEWPORT))
            page = ctx.new_page()
            page.goto(base + url_query)
            wait_for_app(page, timeout_ms=60_000)
            contexts.append(ctx)
            pages.append(page)
        shown = page.locator(".w2v-loss .caption", has_text="V = ").first
        caption = shown.inner_text()
        if not (f"V = {args.vocab:,} " in caption and f"d = {args.dim} " in caption):
            print(f"the app did not take the URL's settings: {caption!r}")
            return 2
        print(f"{args.sessions} sessions open (step 0):     RSS {rss_mb(server):7.1f} MiB"
              f"   ({time.monotonic() - t0:.0f} s)")

        t0 = time.monotonic()
        peak = 0.0
        for page in pages:                     # all sessions train at once
            control(page, "ctl_epoch").click()
        deadline = time.monotonic() + args.timeout
        while True:
            peak = max(peak, rss_mb(server))
            counts = [step_count(p) for p in pages]
            # an Epoch run trains in slices: done when the controls are idle again
            if (min(counts) >= 1 and all(c >= args.steps for c in counts)
                    and all(control(p, "ctl_step").is_enabled() for p in pages)):
                break
            if time.monotonic() > deadline:
                print(f"training timed out: counters {counts}")
                return 2
            time.sleep(0.5)
        epoch_counts = counts
        for page in pages:
            control(page, "ctl_step").click()
        counts = wait_steps(pages, min(epoch_counts) + 1, 120)
        for page in pages:
            wait_for_app(page, timeout_ms=60_000)
        peak = max(peak, rss_mb(server))
        trained = rss_mb(server)
        print(f"{args.sessions} sessions trained:           RSS {trained:7.1f} MiB"
              f"   ({min(counts):,} to {max(counts):,} steps each, V={args.vocab}, "
              f"d={args.dim}; {time.monotonic() - t0:.0f} s; peak while training "
              f"{peak:.1f} MiB)")

        for ctx in contexts:
            ctx.close()
        time.sleep(2)
        print(f"sessions closed (disconnected): RSS {rss_mb(server):7.1f} MiB")
        time.sleep(args.ttl + 1)
        # Streamlit drops expired disconnected sessions from its storage on its next write
        # to it (a disconnect), and the app frees what they held when a visitor arrives:
        # one visitor comes and goes, then another comes.
        visit(browser, base)
        time.sleep(RELEASE_INTERVAL + 1)
        ctx, _ = visit(browser, base, close=False)
        time.sleep(2)
        released = rss_mb(server)
        print(f"after the TTL ({args.ttl} s), sessions ended: RSS {released:7.1f} MiB"
              f"   (1 new session open)")
        ctx.close()
        browser.close()

    ok = trained <= args.target_mb
    print(f"target <= {args.target_mb:.0f} MiB with {args.sessions} trained sessions: "
          f"{'met' if ok else 'MISSED'} ({trained:.1f} MiB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
