"""How busy this server process is, for the live fragment's timers (``ui/reruns.py``).

One process runs every visitor's Python under one GIL, so a class shares it: each
fragment run reports how long its body took (``timed``), and each Epoch run says it is
going on (``bulk_running``). From these, the timers stretch under load: Play refreshes
less often when the script threads are busy (10 a second while the process can give
that, fewer only past it: ``play_level``), and each Epoch run redraws its progress less
often the more of them share the process, so the process trains instead of redrawing.
Process-wide accounting, not visitor state: only durations and opaque tokens of the runs
going on, forgotten after ``WINDOW``.
"""

import threading
import time
from collections import deque
from contextlib import contextmanager

WINDOW = 2.0            # seconds of history behind a reading
# Play's levels of slowing, with hysteresis (a change of level costs every player a
# whole rerun). Level 1, 10 refreshes a second: the fragment bodies take more than
# BUSY_HIGH of the wall time (back below BUSY_LOW). Level 2, fewer: the process has no
# CPU left to give (its one GIL: about one core), so refreshes would queue up.
BUSY_HIGH, BUSY_LOW = 0.6, 0.4
CPU_HIGH, CPU_LOW = 0.85, 0.7      # cores the process used over the last WINDOW
_lock = threading.Lock()
_spans: deque = deque()            # (end, seconds) of recent fragment bodies
_cpu: deque = deque()              # (wall time, process CPU time) at their ends
_bulk: dict = {}                   # token -> last time its Epoch run trained
_level = [0]                       # Play's level of slowing now


@contextmanager
def timed():
    """Count the time of a fragment body as the process's script work."""
    start = time.perf_counter()
    try:
        yield
    finally:
        end, cpu = time.perf_counter(), time.process_time()
        with _lock:
            _spans.append((end, end - start))
            while _spans and _spans[0][0] < end - WINDOW:
                _spans.popleft()
            _cpu.append((end, cpu))
            while len(_cpu) > 2 and _cpu[1][0] < end - WINDOW:
                _cpu.popleft()


def busy() -> float:
    """The share of the last WINDOW seconds the fragment bodies took (may exceed 1 when
    threads waited for each other)."""
    now = time.perf_counter()
    with _lock:
        return sum(s for end, s in _spans if end >= now - WINDOW) / WINDOW


def cpu_cores() -> float:
    """The process's CPU time per wall second over about the last WINDOW (every thread:
    the script runs, the event loop, numpy), from the fragment runs' samples."""
    with _lock:
        if len(_cpu) < 2 or _cpu[-1][0] < time.perf_counter() - WINDOW:
            return 0.0
        (w0, c0), (w1, c1) = _cpu[0], _cpu[-1]
        return (c1 - c0) / (w1 - w0) if w1 > w0 else 0.0


def play_level() -> int:
    """How much Play slows now (0: not at all), with hysteresis between the bounds."""
    load, cores = busy(), cpu_cores()
    with _lock:
        level = _level[0]
        if level == 0 and load > BUSY_HIGH:
            level = 1
        elif level == 1 and load < BUSY_LOW:
            level = 0
        if level == 1 and cores > CPU_HIGH:
            level = 2
        elif level == 2 and cores < CPU_LOW:
            level = 1 if load >= BUSY_LOW else 0
        _level[0] = level
        return level


def bulk_running(token) -> None:
    """An Epoch run (``token``: its session's, opaque) trained just now."""
    with _lock:
        _bulk[token] = time.perf_counter()


def bulk_runs() -> int:
    """Epoch runs that trained within the last WINDOW seconds (this one included)."""
    now = time.perf_counter()
    with _lock:
        for token in [t for t, last in _bulk.items() if last < now - WINDOW]:
            del _bulk[token]
        return max(1, len(_bulk))
