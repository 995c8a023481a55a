"""Bulk work shared by a class: N Epoch runs back to back, then the same N at once.

Usage (from the repository; loopback only, bounded in time)::

    python benchmarks/class_bulk.py [--clients 20] [--vocab 5000] [--dim 50]
                                    [--limit 4] [--timeout 1800] [--quick] [--json out.json]

One fresh Streamlit server process (``tests/e2e/server.py``) runs ``app.py``; N visitors
(``st_client.StreamlitClient``: Streamlit's websocket protocol, no browser) open the Train
page at ``?vocab=V&dim=d`` (the synthetic corpus; V=5000: ~70k steps an epoch), and one
more visitor, the stepper, opens it too. Then, on that one process:

* idle: the stepper Steps alone (its Step round trip with nothing else going on);
* back to back: each of the N presses Epoch in turn and waits until its run has ended
  (the controls' message says nothing runs any more); the wall time of all N;
* at once: the N press Epoch together; the wall time until every run has ended.

Meanwhile the stepper presses Step every ~1 s (send -> its run's ``script_finished``).
Every controls message a visitor gets is kept (time, what runs, the progress); a run's
progress gap is the longest time between the press, each change of its progress and its
end: the progress keeps moving when every run's gap stays under ``GAP_TARGET_S``.
Printed: the two wall times and their ratio (target <= 2), the gaps, the controls drawn
per run and how many of those runs were whole-app runs (medians), the stepper's Step
p50/p95 per phase (target p95 <= 300 ms), the server's cores per phase. Bounded: the
simultaneous phase is stopped (every run pressed Stop) after ``--limit`` times the
back-to-back time, or at ``--timeout`` overall; what did not end is reported.
``--quick``: a smoke run (3 visitors at V=2000, d=20). Exits 1 when a target is missed
(not with ``--quick``), 2 on an error or a timeout.
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
for p in (str(REPO_ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

from class_cpu import CONTROLS, cpu_seconds, rss_mib  # noqa: E402
from st_client import EARLY, ProtocolError, StreamlitClient, draws  # noqa: E402

from tests.e2e.server import streamlit_server  # noqa: E402

APP = REPO_ROOT / "app.py"
RATIO_TARGET, P95_TARGET_MS, GAP_TARGET_S = 2.0, 300.0, 10.0
STEP_EVERY_S = 1.0
IDLE_STEPS = 10
POLL_S = 0.05


class Visitor(StreamlitClient):
    """A visitor who keeps every controls message: (time, running, progress, steps)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.samples: list[tuple[float, str | None, float | None, int]] = []
        self.full_runs: list[float] = []        # when each whole-app run finished

    def _on_finished(self, msg) -> None:
        if not msg.metadata.run.fragment_ids and msg.script_finished != EARLY:
            self.full_runs.append(time.perf_counter())
        super()._on_finished(msg)

    def _on_delta(self, msg) -> None:
        super()._on_delta(msg)
        el = msg.delta.new_element
        if (msg.delta.WhichOneof("type") == "new_element"
                and el.WhichOneof("type") == "bidi_component"
                and draws(el.bidi_component.component_name, CONTROLS)):
            bc = el.bidi_component
            data = json.loads(getattr(bc, "bytes", b"") or bc.json)
            data = data["parts"]["controls"] if "parts" in data else data   # in a group
            steps = next(int(c["value"].replace(",", "")) for c in data["counters"]
                         if c["key"] == "step")
            with self._lock:
                self.samples.append((time.perf_counter(), data["running"],
                                     data["progress"], steps))

    def last(self):
        with self._lock:
            return self.samples[-1] if self.samples else (0.0, None, None, 0)


class Run:
    """One visitor's Epoch run: pressed at ``start``, ended when its controls say
    nothing runs any more, with more steps than before the press."""

    def __init__(self, visitor: Visitor):
        self.v, self.mark = visitor, len(visitor.samples)
        self.steps0 = visitor.last()[3]
        self.start = time.perf_counter()
        self.end: float | None = None
        visitor.press(CONTROLS, "epoch", wait=False)

    def ended(self) -> bool:
        if self.end is None:
            for t, running, _, steps in self.v.samples[self.mark:]:
                if running is None and steps > self.steps0:   # (a short run may end in
                    self.end = t                                # its first slice)
                    break
        return self.end is not None

    def gap(self) -> float:
        """The longest time without a change of the progress shown (press -> end)."""
        times, shown = [self.start], None
        for t, running, progress, _ in self.v.samples[self.mark:]:
            if running == "epoch" and progress != shown:
                times.append(t)
                shown = progress
            if self.end is not None and t >= self.end:
                break
        times.append(self.end if self.end is not None else time.perf_counter())
        return max(b - a for a, b in zip(times, times[1:]))

    def steps(self) -> int:
        return self.v.last()[3] - self.steps0

    def redraws(self) -> tuple[int, int]:
        """Controls drawn during the run, and whole-app runs among the runs."""
        end = self.end or time.perf_counter()
        return (sum(self.start < t <= end for t, *_ in self.v.samples[self.mark:]),
                sum(self.start < t <= end for t in self.v.full_runs))


def wait_runs(runs: list[Run], deadline: float) -> bool:
    while not all(r.ended() for r in runs):
        if time.perf_counter() > deadline or any(r.v.closed_reason for r in runs):
            return False
        time.sleep(POLL_S)
    return True


class Stepper(threading.Thread):
    """The visitor who only Steps, every ~STEP_EVERY_S; round trips by phase."""

    def __init__(self, visitor: Visitor):
        super().__init__(daemon=True, name="stepper")
        self.v, self.phase, self.done = visitor, "idle", threading.Event()
        self.rtts: dict[str, list[float]] = {}
        self.errors: list[str] = []

    def step(self) -> float:
        run = self.v.press(CONTROLS, "step")
        self.rtts.setdefault(self.phase, []).append(run.seconds * 1000)
        return run.seconds

    def run(self) -> None:
        while not self.done.is_set():
            try:
                took = self.step()
            except (ProtocolError, OSError) as error:
                self.errors.append(f"{type(error).__name__}: {error}")
                return
            self.done.wait(max(0.1, STEP_EVERY_S - took))


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def phase(name: str, runs: list[Run], t0: float, ok: bool, cpu: float) -> dict:
    wall = (max(r.end for r in runs) if ok else time.perf_counter()) - t0
    gaps = [r.gap() for r in runs]
    return {"name": name, "ended": ok, "wall_s": wall, "cores": cpu / wall,
            "run_s": [(r.end or time.perf_counter()) - r.start for r in runs],
            "gap_s": gaps, "steps": [r.steps() for r in runs],
            "redraws": [r.redraws()[0] for r in runs], "whole_app": [r.redraws()[1] for r in runs]}


def measure(args) -> dict:
    query = f"vocab={args.vocab}&dim={args.dim}"
    out: dict = {"clients": args.clients, "vocab": args.vocab, "dim": args.dim}
    end_by = time.perf_counter() + args.timeout
    with streamlit_server(APP) as (url, proc):
        visitors = [Visitor(url, query, timeout_s=120) for _ in range(args.clients + 1)]
        t = time.perf_counter()
        for v in visitors:
            v.open()
        out["open_s"] = time.perf_counter() - t
        stepper_v, visitors = visitors[-1], visitors[:-1]
        stepper = Stepper(stepper_v)
        try:
            for _ in range(3 if args.quick else IDLE_STEPS):
                stepper.step()
                time.sleep(STEP_EVERY_S / 2)
            stepper.phase = "back to back"
            stepper.start()

            c0, t0, runs = cpu_seconds([proc.pid]), time.perf_counter(), []
            for v in visitors:
                runs.append(Run(v))
                if not wait_runs(runs[-1:], end_by):
                    break
            ok = len(runs) == len(visitors) and all(r.ended() for r in runs)
            serial = phase("back to back", runs, t0, ok, cpu_seconds([proc.pid]) - c0)
            out["phases"] = [serial]
            print(f"back to back: {serial['wall_s']:.1f} s"
                  + ("" if ok else " (timed out)"), flush=True)
            if not ok:
                raise TimeoutError("the back-to-back runs did not end in time")

            stepper.phase = "at once"
            c0, t0 = cpu_seconds([proc.pid]), time.perf_counter()
            runs = [Run(v) for v in visitors]
            limit = min(end_by, t0 + max(60.0, args.limit * serial["wall_s"]))
            ok = wait_runs(runs, limit)
            together = phase("at once", runs, t0, ok, cpu_seconds([proc.pid]) - c0)
            out["phases"].append(together)
            if not ok:
                for r in runs:
                    if not r.ended():
                        r.v.press(CONTROLS, "stop", wait=False)
                together["progress_left"] = [r.v.last()[2] for r in runs]
        finally:
            stepper.done.set()
            if stepper.is_alive():
                stepper.join(timeout=30)
            out["step_ms"] = stepper.rtts
            out["errors"] = stepper.errors + [
                f"visitor {i}: {e}" for i, v in enumerate(visitors + [stepper_v])
                for e in v.exceptions + ([v.closed_reason] if v.closed_reason else [])]
            out["rss_mib"] = rss_mib(proc.pid)
            for v in visitors + [stepper_v]:
                v.close()
    return out


def report(out: dict) -> str:
    def f(x, fmt="{:.0f}"):
        return "—" if x is None else fmt.format(x)
    lines = [f"{out['clients']} Epoch runs at V={out['vocab']}, d={out['dim']} on one "
             f"server process (opened in {out['open_s']:.1f} s; RSS now "
             f"{out['rss_mib']:.0f} MiB)",
             f"{'':14} {'wall s':>8} {'run s min/med/max':>20} {'progress gap s max/med':>23}"
             f" {'steps/run':>10} {'redraws':>8} {'whole':>6} {'cores':>6}"]
    for p in out.get("phases", []):
        runs, gaps = p["run_s"], p["gap_s"]
        lines.append(f"{p['name']:14} {p['wall_s']:>8.1f} "
                     f"{min(runs):>6.1f} /{statistics.median(runs):>5.1f} /{max(runs):>5.1f} "
                     f"{max(gaps):>13.2f} /{statistics.median(gaps):>6.2f} "
                     f"{statistics.median(p['steps']):>10,.0f} "
                     f"{statistics.median(p['redraws']):>8.0f} "
                     f"{statistics.median(p['whole_app']):>6.0f} {p['cores']:>6.2f}"
                     + ("" if p["ended"] else "  NOT ENDED: stopped at "
                        + ", ".join(f"{x or 0:.0%}" for x in p.get("progress_left", []))))
    lines.append("Stepper (Step every ~1 s), round trip ms:")
    for name, rtts in out["step_ms"].items():
        lines.append(f"  {name:14} n={len(rtts):<4} p50 {f(pct(rtts, 0.5)):>5}  "
                     f"p95 {f(pct(rtts, 0.95)):>5}  max {f(max(rtts)):>5}")
    if out.get("ratio") is not None:
        lines.append(f"ratio at once / back to back: {out['ratio']:.2f} "
                     f"(target <= {RATIO_TARGET:g})")
    for e in out["errors"][:5]:
        lines.append(f"error: {e}")
    return "\n".join(lines)


def verdict(out: dict) -> list[str]:
    """The targets missed (empty: all met)."""
    missed = []
    phases = out.get("phases", [])
    if len(phases) < 2 or not all(p["ended"] for p in phases):
        return ["not every run ended"]
    if out["ratio"] > RATIO_TARGET:
        missed.append(f"ratio {out['ratio']:.2f} > {RATIO_TARGET:g}")
    if max(phases[1]["gap_s"]) > GAP_TARGET_S:
        missed.append(f"a progress gap of {max(phases[1]['gap_s']):.1f} s > "
                      f"{GAP_TARGET_S:g} s")
    p95 = pct(out["step_ms"].get("at once", []), 0.95)
    if p95 is None or p95 > P95_TARGET_MS:
        missed.append(f"Step p95 {f'{p95:.0f}' if p95 else '—'} ms > {P95_TARGET_MS:g} ms")
    return missed


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--vocab", type=int, default=5000)
    ap.add_argument("--dim", type=int, default=50)
    ap.add_argument("--limit", type=float, default=4.0,
                    help="stop the simultaneous runs after this many back-to-back times")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds overall")
    ap.add_argument("--quick", action="store_true", help="smoke run: 3 visitors, V=2000")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if args.quick:
        args.clients, args.vocab, args.dim = 3, 2000, 20
    if not 1 <= args.clients <= 50:
        ap.error("--clients: 1 to 50")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))     # the server stops too
    try:
        out = measure(args)
    except (TimeoutError, ProtocolError, OSError) as error:
        print(f"stopped: {type(error).__name__}: {error}")
        return 2
    phases = out["phases"]
    out["ratio"] = phases[1]["wall_s"] / phases[0]["wall_s"] if len(phases) == 2 else None
    print(report(out))
    missed = verdict(out)
    print("targets: " + ("met" if not missed else "MISSED: " + "; ".join(missed)))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    if out["errors"] or not all(p["ended"] for p in phases):
        return 2
    return 1 if missed and not args.quick else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
