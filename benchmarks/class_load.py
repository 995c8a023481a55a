"""A class on the app: Locust users that speak Streamlit's websocket protocol.

Usage (from the repository; loopback only, bounded in users and time)::

    python benchmarks/class_load.py [--replicas 1,2] [--students 10,20,40] [--duration 60]
                                    [--query "vocab=5000&dim=50"] [--quick] [--cpu]
                                    [--browser-check K] [--json out.json]

A simulated student (``Student``, a Locust ``User`` over ``st_client.StreamlitClient``:
no browser, the browser's messages) opens the Train page, then Steps every ~2 s (1.5-2.5 s
apart); one in five presses Play for 30 s of each minute (each at its own phase) and does
not Step meanwhile. For every replica count and class size, ``deploy/run-local`` starts
that many replicas behind HAProxy (fresh processes), one visitor per replica warms it up
(imports), the idle CPU is measured, the students join (ramp-up), and the class runs
``--duration`` seconds. Reported per run: students, Step round trip p50/p95/p99 (send ->
the run's ``script_finished``), Play refreshes/s per playing student (min/median over the
students who played >= 3 s), the replicas' CPU (cores, net of idle) and per action (Step
or refresh, mixed), RSS per process and per student, errors (a dropped stream, a
timeout, a traceback sent by the server), the load generator's own CPU; and once per
replica count, before its first class, one visitor's server CPU per Step and per Play
refresh on r1 in dedicated phases (``class_cpu.measure``). 1 and 2 replicas are printed
side by side, interleaved (for each class size, each replica count) so the shared
machine's noise hits both alike. The capacity line: the largest class with Step
p95 <= 150 ms and every playing student >= 10 refreshes/s.

``--cpu``: server CPU per Step and per Play refresh for ONE visitor in dedicated phases
(``class_cpu.py``): V=46, V=5000 d=50, and the floor (``frame_app.py``); with
``--against REF`` the two app rows of commit REF and of this checkout, alternating.
``--browser-check K``: K protocol students, then K Chromium pages (``class_browser.py``),
Stepping at the same pace on one server: the two Step round trips side by side.
``--query Q``: every student opens the app with the query string Q (a size: ?vocab=5000&dim=50,
the synthetic corpus); the model's V the pages drew is printed and kept in the JSON.
``--quick``: a smoke run (3 students, 12 s, one replica count per list entry).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import gevent
import locust  # noqa: F401  (before any socket use: Locust patches them for gevent)
import numpy as np
from locust import User, between, events, task
from locust.env import Environment

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
for p in (str(REPO_ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

from class_cpu import (  # noqa: E402
    CONTROLS,
    baseline,
    compare,
    cpu_seconds,
    measure,
    pin,
    rss_mib,
    table,
)
from st_client import GROUP, ProtocolError, StreamlitClient, draws  # noqa: E402

from tests.e2e.server import run_local, streamlit_server  # noqa: E402

P95_TARGET_MS, REFRESH_TARGET = 150.0, 10.0
MAX_STUDENTS, MAX_DURATION_S = 300, 600
IDLE_S = 3.0


class Rec:
    """What the students did in the current run (reset per run)."""
    def reset(self, cycle: float, play_share: float, players: bool) -> None:
        self.cycle, self.play_s, self.players = cycle, cycle * play_share, players
        self.steps: list[tuple[float, float]] = []        # (time, round trip ms)
        self.opened = self.failed = 0
        self.errors: list[str] = []
        self.students: list[Student] = []
        self.ids = itertools.count()
        self.vocab: set[int] = set()                      # V of the models the pages drew


REC = Rec()


class Student(User):
    """Opens the app, Steps every ~2 s; one in five plays 30 s of each minute."""
    wait_time = between(1.5, 2.5)
    query = ""

    def on_start(self) -> None:
        self.n = next(REC.ids)
        self.player = REC.players and self.n % 5 == 0
        self.phase = random.uniform(0, REC.cycle)
        self.windows: list[list[float]] = []     # [start, end] of each Play
        self.refreshes: list[float] = []
        self.client = StreamlitClient(self.host, self.query, on_refresh=self._refreshed)
        REC.students.append(self)
        try:
            run = self.client.open()
            self._fire("open", run.seconds)
            REC.opened += 1
            REC.vocab.add(drawn_vocab(self.client))
        except (ProtocolError, OSError) as error:
            REC.failed += 1
            self._error("open", error)
            self.stop(force=True)

    def on_stop(self) -> None:
        if self.windows and self.windows[-1][1] is None:
            self.windows[-1][1] = time.perf_counter()
        self.client.close()

    def _refreshed(self, run) -> None:
        if self.windows and self.windows[-1][1] is None:
            self.refreshes.append(time.perf_counter())
            self._fire("play refresh", run.seconds)

    def _fire(self, name: str, seconds: float, exc: Exception | None = None) -> None:
        events.request.fire(request_type="st", name=name, response_time=seconds * 1000,
                            response_length=0, exception=exc, context={})

    def _error(self, what: str, error: Exception) -> None:
        REC.errors.append(f"{what}: {error}")
        self._fire(what, 0.0, error)

    @task
    def lesson(self) -> None:
        if self.client.closed_reason:
            self._error("stream", ProtocolError(self.client.closed_reason))
            self.stop(force=True)
            return
        try:
            now = time.perf_counter()
            if self.player and (now + self.phase) % REC.cycle < REC.play_s:
                if not self.client.playing():
                    self.client.press(CONTROLS, "play", until=self.client.playing)
                    self.windows.append([time.perf_counter(), None])
                return
            if self.client.playing():
                self.windows[-1][1] = time.perf_counter()
                self.client.press(CONTROLS, "pause", until=lambda: not self.client.playing())
            seen = len(self.client.exceptions)
            run = self.client.press(CONTROLS, "step")
            REC.steps.append((time.perf_counter(), run.seconds * 1000))
            self._fire("step", run.seconds)
            if len(self.client.exceptions) > seen:
                self._error("traceback", ProtocolError(self.client.exceptions[-1]))
        except (ProtocolError, OSError) as error:
            self._error("action", error)


def drawn_vocab(client: StreamlitClient) -> int | None:
    """V of the model the page drew (the network view's message), None if none drew."""
    for name, element in client.components.items():
        if draws(name, "w2v_viz.network") and element.data:
            message = json.loads(element.data)
            return (message["parts"]["network"] if name.startswith(GROUP) else message)["V"]
    return None


def _play_rates(t0: float, t1: float) -> list[float]:
    """Refreshes/s of each student who played >= 3 s within [t0, t1] (from 1 s after
    the press: the first refresh follows Play's full rerun)."""
    rates = []
    for s in REC.students:
        played = 0.0
        count = 0
        for start, end in s.windows:
            a, b = max(start + 1.0, t0), min(end if end is not None else t1, t1)
            if b > a:
                played += b - a
                count += sum(1 for r in s.refreshes if a <= r <= b)
        if played >= 3.0:
            rates.append(count / played)
    return rates


def measure_class(url: str, pids: list[int], students: int, duration: float,
                  players: bool = True, cycle: float = 60.0, query: str = "") -> dict:
    """Run ``students`` against ``url`` for ``duration`` s after they all joined, each
    opening the app with the query string ``query`` (e.g. "vocab=5000&dim=50")."""
    c0, t0 = cpu_seconds(pids), time.perf_counter()
    time.sleep(IDLE_S)
    idle = (cpu_seconds(pids) - c0) / (time.perf_counter() - t0)
    rss0 = sum(rss_mib(p) for p in pids)
    REC.reset(cycle=cycle, play_share=0.5, players=players)
    Student.host, Student.query = url, query
    env = Environment(user_classes=[Student], events=events)
    runner = env.create_local_runner()
    runner.start(students, spawn_rate=max(2.0, students / 10))
    deadline = time.perf_counter() + 60 + students
    while REC.opened + REC.failed < students and time.perf_counter() < deadline:
        gevent.sleep(0.2)
    gevent.sleep(2.0)
    env.stats.reset_all()
    me = [os.getpid()]      # the load generator shares the machine's cores: reported
    c0, g0, t0 = cpu_seconds(pids), cpu_seconds(me), time.perf_counter()
    gevent.sleep(duration)
    c1, g1, t1 = cpu_seconds(pids), cpu_seconds(me), time.perf_counter()
    rss = [rss_mib(p) for p in pids]
    runner.quit()
    steps = [ms for at, ms in REC.steps if t0 <= at <= t1]
    rates = _play_rates(t0, t1)
    refreshes = sum(1 for s in REC.students for r in s.refreshes if t0 <= r <= t1)
    net = c1 - c0 - idle * (t1 - t0)
    pct = (lambda q: float(np.percentile(steps, q))) if steps else (lambda q: None)
    return {
        "students": students, "joined": REC.opened, "seconds": t1 - t0,
        "steps": len(steps), "step_p50": pct(50), "step_p95": pct(95), "step_p99": pct(99),
        "players": len(rates), "play_min": min(rates) if rates else None,
        "play_median": statistics.median(rates) if rates else None,
        "refreshes": refreshes, "cpu_cores": net / (t1 - t0), "idle_cores": idle,
        "generator_cores": (g1 - g0) / (t1 - t0),
        "cpu_ms_per_action": net * 1000 / max(1, len(steps) + refreshes),
        "rss_mib": rss, "rss_per_student_mib": (sum(rss) - rss0) / max(1, REC.opened),
        "errors": len(REC.errors), "error_samples": REC.errors[:5],
        "query": query, "vocab": sorted(v for v in REC.vocab if v is not None),
    }


def warm(replicas: dict[str, tuple[int, int]], query: str = "") -> None:
    """One visitor per replica, straight to its port: the app's imports are done."""
    for _, port in replicas.values():
        c = StreamlitClient(f"http://127.0.0.1:{port}", query)
        c.open()
        c.close()


def ok(r: dict) -> bool:
    return (r["errors"] == 0 and r["step_p95"] is not None and r["step_p95"] <= P95_TARGET_MS
            and (r["play_min"] is None or r["play_min"] >= REFRESH_TARGET))


COL = 48     # one replica count's columns


def fmt_row(r: dict | None) -> str:
    if r is None:
        return " " * COL
    def f(x, spec=".0f"):
        return "—" if x is None else format(x, spec)
    return (f"{f(r['step_p50']):>5}/{f(r['step_p95']):>5}/{f(r['step_p99']):>5} "
            f"{f(r['play_min'], '.1f'):>5}/{f(r['play_median'], '.1f'):>5} "
            f"{r['cpu_cores']:>5.2f} {r['rss_per_student_mib']:>6.1f} {r['errors']:>3}"
            f"{'  ' if ok(r) else ' ✗'}")


def capacity_table(results: dict[int, dict[int, dict]], replicas: list[int]) -> str:
    head = "  ".join(f"{f'{n} replica' + ('s' if n > 1 else ''):^{COL}}" for n in replicas)
    sub = "  ".join(f"{'Step p50/p95/p99':>17} {'play min/med':>11} {'cores':>5} "
                    f"{'MiB/st':>6} {'err':>3}  " for _ in replicas)
    lines = [f"{'':9}{head}", f"{'students':>8} {sub}"]
    for students in sorted({s for by in results.values() for s in by}):
        lines.append(f"{students:>8} " + "  ".join(fmt_row(results[n].get(students))
                                                  for n in replicas))
    caps = {n: max([s for s, r in results[n].items() if ok(r)], default=0) for n in replicas}
    lines.append("capacity (Step p95 <= 150 ms, every player >= 10 refreshes/s, no error): "
                 + ", ".join(f"{n} replica(s): {c} students" for n, c in caps.items())
                 + (f"; ratio {caps[replicas[-1]] / caps[replicas[0]]:.2f}"
                    if len(replicas) > 1 and caps[replicas[0]] else ""))
    return "\n".join(lines)


def browser_check(pages: int, duration: float) -> dict:
    """The same Step round trip from K protocol students and K Chromium pages; with two
    CPUs or more, the server on the first and Chromium on the second (its drawing would
    otherwise take the server's CPU in the browser phase only)."""
    cpus = sorted(os.sched_getaffinity(0))
    split = ["--chromium-cpu", str(cpus[1])] if len(cpus) > 1 else []
    with streamlit_server(REPO_ROOT / "app.py") as (url, proc):
        warm({"r": (proc.pid, int(url.rsplit(":", 1)[1]))})
        if split:
            pin([proc.pid], {cpus[0]})
        proto = measure_class(url, [proc.pid], pages, duration, players=False)
        out = subprocess.run([sys.executable, str(HERE / "class_browser.py"), "--url", url,
                              "--pages", str(pages), "--duration", str(duration), *split],
                             capture_output=True, text=True, timeout=duration + 300)
        if out.returncode != 0:
            raise RuntimeError(f"class_browser.py failed:\n{out.stderr[-3000:]}")
        browser = json.loads(out.stdout.strip().splitlines()[-1])
    return {"protocol": proto, "browser": browser}


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replicas", type=_ints, default=[1, 2])
    ap.add_argument("--students", type=_ints, default=[10, 20, 40])
    ap.add_argument("--duration", type=float, default=60.0, help="seconds per run")
    ap.add_argument("--quick", action="store_true", help="smoke run: 3 students, 12 s")
    ap.add_argument("--cpu", action="store_true", help="one visitor's CPU per click only")
    ap.add_argument("--against", metavar="REF",
                    help="with --cpu: this checkout beside commit REF, alternating")
    ap.add_argument("--browser-check", type=int, default=0, metavar="K")
    ap.add_argument("--query", default="", metavar="Q",
                    help='the app\'s query string for every student, e.g. "vocab=5000&dim=50"')
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    args.query = args.query.lstrip("?")
    if args.quick:
        args.students, args.duration = [3], 12.0
    if not all(1 <= s <= MAX_STUDENTS for s in args.students):
        ap.error(f"--students: 1..{MAX_STUDENTS}")
    if not all(1 <= n <= 8 for n in args.replicas):
        ap.error("--replicas: 1..8")
    if not 5 <= args.duration <= MAX_DURATION_S:
        ap.error(f"--duration: 5..{MAX_DURATION_S} s")
    out: dict = {}
    if args.cpu:
        cpu = compare(args.against, quick=args.quick) if args.against else baseline(args.quick)
        out["cpu"] = [vars(r) for r in cpu]
        print(table(cpu), flush=True)
    elif args.browser_check:
        out["browser_check"] = res = browser_check(args.browser_check, args.duration)
        p, b = res["protocol"], res["browser"]
        print(f"Step round trip, {args.browser_check} visitors each Stepping every ~2 s, "
              f"one server:\n  protocol students: p50 {p['step_p50']:.0f} ms, "
              f"p95 {p['step_p95']:.0f} ms ({p['steps']} Steps; send -> script_finished)\n"
              f"  Chromium pages:   p50 {b['network_p50']:.0f} ms, p95 {b['network_p95']:.0f}"
              f" ms ({b['network_steps']} Steps; Chromium's frames: sent -> script_finished)"
              f"\n                    p50 {b['p50']:.0f} ms, p95 {b['p95']:.0f} ms "
              "(click -> script_finished's event on the page)\n"
              f"                    p50 {b['dom_p50']:.0f} ms, p95 {b['dom_p95']:.0f} ms "
              "(click -> the step counter's new text)\n"
              f"  Chromium's own CPU per Step: {b['chromium_cpu_ms_per_step']:.0f} ms "
              "(on the same cores as the server)\n"
              "  ratio of medians (protocol / Chromium's frames): "
              f"{p['step_p50'] / b['network_p50']:.2f}")
    else:
        cycle = min(60.0, args.duration)
        results: dict[int, dict[int, dict]] = {n: {} for n in args.replicas}
        for students in args.students:
            for n in args.replicas:
                with run_local(n) as (url, reps, _proc):
                    warm(reps, args.query)
                    one = None
                    if students == args.students[0]:   # dedicated phases, once per count
                        pid, port = reps["r1"]
                        one = measure(f"http://127.0.0.1:{port}", pid, "one visitor on r1",
                                      args.query, steps=20, play_s=5.0, idle_s=3.0)
                        print(f"{n} replica(s), one visitor on r1 alone: server CPU per Step "
                              f"{one.step_ms:.1f} ms, per Play refresh "
                              f"{(one.refresh_ms or float('nan')):.1f} ms (net of idle)",
                              flush=True)
                    r = measure_class(url, [pid for pid, _ in reps.values()], students,
                                      args.duration, cycle=cycle, query=args.query)
                    r["one_visitor_cpu"] = vars(one) if one else None
                results[n][students] = r
                print(f"{n} replica(s), {students} students: {fmt_row(r)} RSS MiB per "
                      f"process {[round(x) for x in r['rss_mib']]}, CPU per Step or refresh "
                      f"{r['cpu_ms_per_action']:.1f} ms, load generator "
                      f"{r['generator_cores']:.2f} cores"
                      + (f"  {r['error_samples']}" if r["errors"] else ""), flush=True)
        vocab = sorted({v for by in results.values() for r in by.values() for v in r["vocab"]})
        print(f"the students' model: V = {', '.join(map(str, vocab)) or '?'}"
              + (f" (?{args.query})" if args.query else " (the default corpus)"))
        print(capacity_table(results, args.replicas))
        out["capacity"] = {str(n): {str(s): r for s, r in by.items()}
                           for n, by in results.items()}
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
