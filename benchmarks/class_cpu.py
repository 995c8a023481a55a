"""Server CPU per click, for one visitor, in dedicated phases (``class_load.py --cpu``).

A visitor (``st_client.StreamlitClient``: Streamlit's websocket protocol, no browser)
opens the page; then, on one server process:

* idle: the process's CPU (user + system, psutil) over ``IDLE_S`` with the visitor
  connected and doing nothing: its idle rate (Streamlit's event loop, numba's warm-up);
* Step: ``STEPS`` Steps, each sent when the last one's run finished plus ``STEP_GAP_S``;
  CPU per Step = (CPU in the phase - idle rate x its duration) / Steps;
* Play: Play pressed, then ``PLAY_S`` of refreshes (the fragment's ``run_every`` timer, as
  the browser fires it); CPU per refresh = net CPU / refreshes finished, and the cores
  used while playing (a refresh trains the steps due since the last one, so when the
  refreshes are fewer each costs more).

Rows: the Train page at V=46 (the royalty corpus, the default), at V=5000, d=50
(``?vocab=5000&dim=50``), and the floor: ``benchmarks/frame_app.py`` (the app's frame and
a fragment with one ``st.button``; Step only).

``compare(ref)``: the two app rows for another commit ``ref`` (checked out in a temporary
git worktree) and for this checkout, alternating, ``rounds`` times each, every
measurement on a fresh server: the same machine's noise hits both.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from st_client import StreamlitClient

from tests.e2e.server import checkout, streamlit_server

REPO_ROOT = Path(__file__).resolve().parents[1]
CONTROLS = "w2v_viz.controls"
IDLE_S = 5.0
STEPS = 40
STEP_GAP_S = 0.15
PLAY_S = 10.0

ROWS = (("V=46, d=10 (royalty)", "app.py", ""),
        ("V=5000, d=50", "app.py", "vocab=5000&dim=50"),
        ("floor: frame_app.py", "benchmarks/frame_app.py", ""))


def cpu_seconds(pids) -> float:
    """User + system CPU of these processes so far (a dead one counts 0)."""
    total = 0.0
    for pid in pids:
        try:
            t = psutil.Process(pid).cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def pin(pids, cpus: set[int]) -> None:
    """Every thread of these processes on ``cpus`` (threads started later inherit it)."""
    for pid in pids:
        try:
            for thread in psutil.Process(pid).threads():
                try:
                    os.sched_setaffinity(thread.id, cpus)
                except OSError:
                    pass
        except psutil.NoSuchProcess:
            pass


def rss_mib(pid: int) -> float:
    try:
        return psutil.Process(pid).memory_info().rss / 2**20
    except psutil.NoSuchProcess:
        return float("nan")


@dataclass
class CpuResult:
    label: str
    idle_cores: float = 0.0
    step_ms: float | None = None         # server CPU per Step, net of idle
    step_rtt_ms: float | None = None     # median round trip of those Steps
    refresh_ms: float | None = None      # server CPU per Play refresh, net of idle
    refreshes_per_s: float | None = None
    play_cores: float | None = None      # while playing, net of idle (each refresh trains
    #                                      the steps due since the last: fewer, heavier)
    refresh_kb: float | None = None      # websocket bytes the server sent per refresh
    rss_mib: float = 0.0
    notes: list[str] = field(default_factory=list)


def measure(url: str, pid: int, label: str, query: str = "", floor: bool = False,
            steps: int = STEPS, play_s: float = PLAY_S, idle_s: float = IDLE_S) -> CpuResult:
    """The phases above against a running server ``url`` whose process is ``pid``."""
    res = CpuResult(label)
    refreshes: list[float] = []
    client = StreamlitClient(url, query, on_refresh=lambda r: refreshes.append(r.seconds))
    try:
        client.open()
        time.sleep(1.0)                                  # the first run's stragglers
        c0, t0 = cpu_seconds([pid]), time.perf_counter()
        time.sleep(idle_s)
        idle = (cpu_seconds([pid]) - c0) / (time.perf_counter() - t0)
        res.idle_cores = idle

        rtts = []
        c0, t0 = cpu_seconds([pid]), time.perf_counter()
        for _ in range(steps):
            run = client.click("Step") if floor else client.press(CONTROLS, "step")
            rtts.append(run.seconds * 1000)
            time.sleep(STEP_GAP_S)
        net = cpu_seconds([pid]) - c0 - idle * (time.perf_counter() - t0)
        res.step_ms, res.step_rtt_ms = net / steps * 1000, statistics.median(rtts)

        if not floor:
            client.press(CONTROLS, "play", until=client.playing)
            time.sleep(1.0)
            n0, c0, t0 = len(refreshes), cpu_seconds([pid]), time.perf_counter()
            b0 = client.bytes_received
            time.sleep(play_s)
            n, c1, t1 = len(refreshes) - n0, cpu_seconds([pid]), time.perf_counter()
            sent = client.bytes_received - b0
            client.press(CONTROLS, "pause", until=lambda: not client.playing())
            net = c1 - c0 - idle * (t1 - t0)
            res.play_cores = net / (t1 - t0)
            if n:
                res.refresh_ms, res.refresh_kb = net / n * 1000, sent / n / 1000
            res.refreshes_per_s = n / (t1 - t0)
        if client.exceptions:
            res.notes.append(f"server exceptions: {client.exceptions[:3]}")
        res.rss_mib = rss_mib(pid)
    finally:
        client.close()
    return res


def baseline(quick: bool = False) -> list[CpuResult]:
    """Every row of ROWS on its own fresh server (loopback)."""
    results = []
    for label, app, query in ROWS:
        with streamlit_server(REPO_ROOT / app) as (url, proc):
            results.append(measure(url, proc.pid, label, query, floor="frame_app" in app,
                                   steps=8 if quick else STEPS,
                                   play_s=3.0 if quick else PLAY_S,
                                   idle_s=2.0 if quick else IDLE_S))
    return results


def table(results: list[CpuResult]) -> str:
    def f(x, fmt="{:.1f}"):
        return "—" if x is None else fmt.format(x)
    lines = ["One visitor, server CPU per click (process CPU net of its idle rate)",
             f"{'':34} {'idle cores':>10} {'CPU/Step ms':>12} {'Step RTT ms':>12} "
             f"{'CPU/refresh ms':>15} {'KB/refresh':>10} {'refreshes/s':>12} {'Play cores':>10} "
             f"{'RSS MiB':>8}"]
    for r in results:
        lines.append(f"{r.label:34} {r.idle_cores:>10.3f} {f(r.step_ms):>12} "
                     f"{f(r.step_rtt_ms):>12} {f(r.refresh_ms):>15} {f(r.refresh_kb):>10} "
                     f"{f(r.refreshes_per_s):>12} {f(r.play_cores, '{:.2f}'):>10} "
                     f"{r.rss_mib:>8.0f}"
                     + (f"  {'; '.join(r.notes)}" if r.notes else ""))
    return "\n".join(lines)


def compare(ref: str, rounds: int = 2, quick: bool = False) -> list[CpuResult]:
    """The app rows of ROWS for ``ref`` and for this checkout, alternating."""
    results = []
    with checkout(ref) as tree:
        for _ in range(1 if quick else rounds):
            for label, app, query in ROWS:
                if "frame_app" in app:
                    continue
                for name, root in ((ref[:10], tree), ("this tree", REPO_ROOT)):
                    with streamlit_server(root / app, cwd=root) as (url, proc):
                        results.append(measure(url, proc.pid, f"{name}: {label}", query,
                                               steps=8 if quick else STEPS,
                                               play_s=3.0 if quick else PLAY_S,
                                               idle_s=2.0 if quick else IDLE_S))
    return results
