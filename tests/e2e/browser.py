"""Headless-Chromium helpers shared by the e2e tests and ``benchmarks/``.

Only Debian's system Chromium is used (Playwright's own browser download is
never needed): ``W2V_CHROMIUM`` env var, else ``/usr/bin/chromium``.
Imports Playwright lazily so that ``find_chromium`` works without it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)
VIEWPORT = {"width": 1400, "height": 900}

# The controls component (views/controls.js): one button per action, a counter per name
# ("step", "epoch", "loss", "step_loss"). Keys as in "ctl_step" name the action "step".
CONTROLS = ".w2v-controls"
# Every live view's root has the class w2v-view (views/lib.js mount); the controls are a
# live view too, but not a chart.
VIEW_SELECTOR = ".w2v-view"
CHART_SELECTOR = ".w2v-view:not(.w2v-controls)"


def control(page: Any, key: str) -> Any:
    """The button of the control ``key`` ("ctl_step", "ctl_play", ...)."""
    return page.locator(f'{CONTROLS} [data-action="{key.removeprefix("ctl_")}"]').first


def counter(page: Any, name: str) -> Any:
    """The value of the counter ``name`` ("step", "epoch", "loss"). ``.first``: during a
    page switch the old page's controls stay on screen until the new page's replace them."""
    return page.locator(f'{CONTROLS} [data-counter="{name}"] .value').first


def find_chromium() -> str | None:
    """Path of a usable Chromium binary, or ``None``.

    If ``W2V_CHROMIUM`` is set (a path or a command name) only it is tried,
    so a typo is not silently replaced; otherwise ``/usr/bin/chromium``, then
    ``chromium`` on ``PATH``.
    """
    env = os.environ.get("W2V_CHROMIUM", "").strip()
    candidates = [env] if env else [DEFAULT_CHROMIUM, "chromium"]
    for cand in candidates:
        path = cand if os.sep in cand else shutil.which(cand)
        if path and Path(path).is_file() and os.access(path, os.X_OK):
            return path
    return None


def launch_chromium(playwright: Any, executable_path: str | None = None, **kwargs: Any) -> Any:
    """Launch headless system Chromium via a Playwright (sync) instance."""
    exe = executable_path or find_chromium()
    if exe is None:
        raise FileNotFoundError(
            "Chromium not found: set W2V_CHROMIUM or install Debian's `chromium` "
            f"({DEFAULT_CHROMIUM})."
        )
    return playwright.chromium.launch(
        executable_path=exe, headless=True, args=list(CHROMIUM_ARGS), **kwargs
    )


# --- DOM-mutation recording --------------------------------------------------
#
# A persistent recorder (``window.__w2vMut``) observes the whole document and
# stores, per MutationObserver callback, ``performance.now()``.  It also keeps
# the times of callbacks that touched a chart (a live view) and of Streamlit
# script-state changes (``data-test-script-state`` on stApp).  ``wait_quiet``
# and the benchmark both read it, so a mutation that happens between a click
# and the Python-side call to ``wait_quiet`` is never missed.

INSTALL_RECORDER_JS = r"""
() => {
  if (window.__w2vMut) return true;
  const rec = {
    last: performance.now(),  // time of the latest mutation callback
    times: [],                // every mutation-callback time
    charts: [],               // callback times that touched a chart (a live view but the controls)
    scriptState: [],          // [time, newState] for stApp script-state changes
    max: 200000,
  };
  const CHART = '__CHART__';
  const touchesChart = (r) => {
    const t = r.target.nodeType === 1 ? r.target : r.target.parentElement;
    if (t && t.closest && t.closest(CHART)) return true;
    for (const list of [r.addedNodes, r.removedNodes]) {
      for (const n of list) {
        if (n.nodeType !== 1) continue;
        if (n.matches(CHART) || n.querySelector(CHART)) return true;
      }
    }
    return false;
  };
  const obs = new MutationObserver((records) => {
    const now = performance.now();
    rec.last = now;
    if (rec.times.length < rec.max) rec.times.push(now);
    let chart = false;
    for (const r of records) {
      if (r.type === 'attributes' && r.attributeName === 'data-test-script-state') {
        rec.scriptState.push([now, r.target.getAttribute('data-test-script-state')]);
      }
      if (!chart && touchesChart(r)) chart = true;
    }
    if (chart && rec.charts.length < rec.max) rec.charts.push(now);
  });
  obs.observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, characterData: true,
  });
  rec.observer = obs;
  window.__w2vMut = rec;
  return true;
}
"""
INSTALL_RECORDER_JS = INSTALL_RECORDER_JS.replace("__CHART__", CHART_SELECTOR)

# Resolves once no mutation happened for ``quietMs`` (measured from
# max(last mutation, since)); rejects after ``timeoutMs``.
WAIT_QUIET_JS = r"""
async ([quietMs, timeoutMs, since]) => {
  const rec = window.__w2vMut;
  const start = performance.now();
  const base = since === null ? start : since;
  return await new Promise((resolve, reject) => {
    const tick = () => {
      const now = performance.now();
      const last = Math.max(rec.last, base);
      if (now - last >= quietMs) {
        resolve({start, now, last, lastMutation: rec.last >= base ? rec.last : null});
        return;
      }
      if (now - start > timeoutMs) {
        reject(new Error(`DOM not quiet for ${quietMs} ms within ${timeoutMs} ms`));
        return;
      }
      setTimeout(tick, Math.min(25, quietMs / 4));
    };
    tick();
  });
}
"""


def install_mutation_recorder(page: Any) -> None:
    """Install ``window.__w2vMut`` in the current document (idempotent)."""
    page.evaluate(INSTALL_RECORDER_JS)


def wait_quiet(
    page: Any,
    quiet_ms: int = 400,
    timeout_ms: int = 20000,
    since: float | None = None,
) -> dict[str, float | None]:
    """Block until the page had no DOM mutation for ``quiet_ms``.

    ``since`` (a page ``performance.now()`` value) makes the quiet period
    start no earlier than that instant, e.g. the click time.  Returns the
    page-clock dict ``{start, now, last, lastMutation}`` where
    ``lastMutation`` is the last mutation at/after ``since`` (or ``None``).
    Raises ``TimeoutError`` if the page never goes quiet.
    """
    install_mutation_recorder(page)
    try:
        return page.evaluate(WAIT_QUIET_JS, [quiet_ms, timeout_ms, since])
    except Exception as exc:  # playwright.Error; keep Playwright import lazy
        if "not quiet" in str(exc):
            raise TimeoutError(str(exc)) from exc
        raise


def script_state(page: Any) -> str | None:
    """Streamlit's ``data-test-script-state`` on stApp (e.g. ``notRunning``)."""
    return page.get_attribute('[data-testid="stApp"]', "data-test-script-state")


def wait_for_app(page: Any, quiet_ms: int = 400, timeout_ms: int = 30000) -> None:
    """Wait until Streamlit finished rendering.

    stApp attached, the script not running, and the DOM quiet for ``quiet_ms``.
    """
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    page.wait_for_selector('[data-testid="stApp"]', state="attached", timeout=timeout_ms)
    while True:
        remaining = max(1000, int((deadline - time.monotonic()) * 1000))
        wait_quiet(page, quiet_ms=quiet_ms, timeout_ms=remaining)
        if script_state(page) not in ("running", "rerunRequested", "initial"):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"Streamlit script still {script_state(page)!r} after {timeout_ms} ms"
            )
        page.wait_for_timeout(50)
