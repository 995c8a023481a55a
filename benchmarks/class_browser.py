"""Real browsers Stepping, to check ``class_load.py``'s protocol students against them.

    python benchmarks/class_browser.py --url http://127.0.0.1:PORT --pages 3 --duration 30

K headless Chromium pages (one context each: K sessions) open the Train page; each clicks
Step every 1.5-2.5 s, like a simulated student. Three round trips per Step:

* network: Chromium's own websocket frames (DevTools ``Network.webSocketFrameSent`` /
  ``Received`` timestamps): the trigger's ``rerun_script`` sent -> the ``script_finished``
  of its run received: what a protocol student measures;
* page: on the page's clock, the click (dispatched from JS right after reading
  ``performance.now()``) -> that message's event on the page's WebSocket (later when the
  page's main thread is busy drawing the run's deltas);
* DOM: the click -> the step counter's new text (what the student sees).
Also Chromium's own CPU per Step (all its processes): it shares the machine's cores with
the server. Prints one JSON line.
Run by ``class_load.py --browser-check K`` against the server its protocol students used.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import psutil
from playwright.sync_api import sync_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

REPO_ROOT = Path(__file__).resolve().parents[1]
for _path in (str(REPO_ROOT), str(REPO_ROOT / "benchmarks")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from class_cpu import cpu_seconds, pin  # noqa: E402

from tests.e2e.browser import (  # noqa: E402
    CONTROLS,
    VIEWPORT,
    find_chromium,
    launch_chromium,
    wait_for_app,
)

FINISHED_FIELD = ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].number
EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN

# Before the app's scripts: every WebSocket the page opens reports when a script_finished
# ForwardMsg (its top-level field, read from the protobuf wire format) arrives.
WS_LISTENER_JS = """(() => {
  const Orig = window.WebSocket;
  window.__w2vFinished = [];
  const finished = (buf) => {
    const b = new Uint8Array(buf); let i = 0;
    const varint = () => { let v = 0, s = 0, x; do { x = b[i++]; v += (x & 127) * 2 ** s;
      s += 7; } while (x & 128); return v; };
    while (i < b.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag % 8;
      if (wire === 0) { const v = varint(); if (field === __FIELD__) return v; }
      else if (wire === 2) { const n = varint(); i += n; } else if (wire === 1) { i += 8; }
      else if (wire === 5) { i += 4; } else { return null; }
    }
    return null;
  };
  window.WebSocket = function (...args) {
    const ws = new Orig(...args);
    ws.addEventListener("message", (ev) => {
      const t = performance.now();
      if (ev.data instanceof ArrayBuffer) {
        const status = finished(ev.data);
        if (status !== null) window.__w2vFinished.push([t, status]);
      }
    });
    return ws;
  };
  window.WebSocket.prototype = Orig.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();""".replace("__FIELD__", str(FINISHED_FIELD))

STEP_JS = """async ([controls, timeoutMs, early]) => {
  const sel = controls + ' [data-counter="step"] .value';
  const before = document.querySelector(sel)?.textContent;
  return await new Promise((resolve) => {
    const obs = new MutationObserver(() => {
      const now = document.querySelector(sel)?.textContent;
      if (now === undefined || now === before) return;
      obs.disconnect();
      const dom = performance.now() - t0;
      const poll = setInterval(() => {   // the run's end may come after the new counter
        const run = window.__w2vFinished.find(([t, status]) => t > t0 && status !== early);
        if (run) { clearInterval(poll); resolve([run[0] - t0, dom]); }
      }, 5);
    });
    obs.observe(document.body, {subtree: true, childList: true, characterData: true});
    setTimeout(() => { obs.disconnect(); resolve([-1, -1]); }, timeoutMs);
    const t0 = performance.now();
    document.querySelector(controls + ' button[data-action="step"]').click();
  });
}"""


class Frames:
    """One page's websocket frames from DevTools: trigger reruns sent, runs finished."""
    def __init__(self, page) -> None:
        self.sent: list[float] = []
        self.finished: list[tuple[float, int]] = []
        cdp = page.context.new_cdp_session(page)
        cdp.on("Network.webSocketFrameSent", self._sent)
        cdp.on("Network.webSocketFrameReceived", self._received)
        cdp.send("Network.enable")
        self.cdp = cdp

    @staticmethod
    def _payload(params) -> bytes | None:
        frame = params["response"]
        return base64.b64decode(frame["payloadData"]) if frame.get("opcode") == 2 else None

    def _sent(self, params) -> None:
        data = self._payload(params)
        if data is None:
            return
        msg = BackMsg.FromString(data)
        widgets = msg.rerun_script.widget_states.widgets
        if msg.WhichOneof("type") == "rerun_script" and any(
                w.WhichOneof("value") == "json_trigger_value" for w in widgets):
            self.sent.append(params["timestamp"])

    def _received(self, params) -> None:
        data = self._payload(params)
        if data is not None:
            msg = ForwardMsg.FromString(data)
            if msg.WhichOneof("type") == "script_finished":
                self.finished.append((params["timestamp"], msg.script_finished))

    def round_trips_ms(self) -> list[float]:
        out = []
        for t in self.sent:
            end = next((f for f, status in self.finished if f > t and status != EARLY), None)
            if end is not None:
                out.append((end - t) * 1000)
        return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--pages", type=int, default=3)
    ap.add_argument("--duration", type=float, default=30.0)
    ap.add_argument("--chromium-cpu", type=int, default=None,
                    help="run Chromium on this CPU only (the server on another)")
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
    samples: list[float] = []     # click -> script_finished
    dom: list[float] = []         # click -> the step counter's new text
    with sync_playwright() as pw:
        browser = launch_chromium(pw, executable_path=chromium)
        pages, frames = [], []
        for _ in range(args.pages):
            page = browser.new_context(viewport=dict(VIEWPORT)).new_page()
            page.add_init_script(WS_LISTENER_JS)
            frames.append(Frames(page))
            page.goto(args.url + "/")
            wait_for_app(page)
            pages.append(page)
        chromium_pids = [p.pid for p in psutil.Process().children(recursive=True)
                         if "chrom" in p.name().lower()]
        if args.chromium_cpu is not None:
            pin(chromium_pids, {args.chromium_cpu})
        c0 = cpu_seconds(chromium_pids)
        due = [time.perf_counter() + random.uniform(0, 2.0) for _ in pages]
        end = time.perf_counter() + args.duration
        failures = 0
        while time.perf_counter() < end:
            i = min(range(len(pages)), key=due.__getitem__)
            pages[i].wait_for_timeout(max(0.0, due[i] - time.perf_counter()) * 1000)
            pages[i].wait_for_selector(f'{CONTROLS} button[data-action="step"]:not([disabled])',
                                       timeout=30000)   # (remounted while a run redraws)
            ws_ms, dom_ms = pages[i].evaluate(STEP_JS, [CONTROLS, 10000, EARLY])
            if ws_ms < 0:
                failures += 1
            else:
                samples.append(ws_ms)
                dom.append(dom_ms)
            due[i] = time.perf_counter() + random.uniform(1.5, 2.5)
        pages[0].wait_for_timeout(500)       # the last frames' events
        chromium_cpu = cpu_seconds(chromium_pids) - c0
        network = [ms for f in frames for ms in f.round_trips_ms()]
        browser.close()
    def pct(xs, q):
        return float(np.percentile(xs, q)) if xs else None
    print(json.dumps({"steps": len(samples), "failures": failures,
                      "network_p50": pct(network, 50), "network_p95": pct(network, 95),
                      "network_steps": len(network),
                      "chromium_cpu_ms_per_step": chromium_cpu * 1000 / max(1, len(samples)),
                      "p50": pct(samples, 50), "p95": pct(samples, 95),
                      "dom_p50": pct(dom, 50), "dom_p95": pct(dom, 95),
                      "samples": [round(s, 1) for s in samples]}))
    return 0 if samples else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
