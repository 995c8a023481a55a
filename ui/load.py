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
# Play's levels of slowing: the fragment bodies' share of the wall time above which Play
# goes to the next level, and below which it comes back (hysteresis: a change of level
# costs every player a whole rerun). Level 1 still gives 10 refreshes a second; level 2
# is for a process that cannot give that any more: fewer refreshes, not a growing queue.
BUSY_HIGH = (0.6, 0.9)
BUSY_LOW = (0.4, 0.7)
_lock = threading.Lock()
_spans: deque = deque()            # (end, seconds) of recent fragment bodies
_bulk: dict = {}                   # token -> last time its Epoch run trained
_level = [0]                       # Play's level of slowing now


@contextmanager
def timed():
    """Count the time of a fragment body as the process's script work."""
    start = time.perf_counter()
    try:
        yield
    finally:
        end = time.perf_counter()
        with _lock:
            _spans.append((end, end - start))
            while _spans and _spans[0][0] < end - WINDOW:
                _spans.popleft()


def busy() -> float:
    """The share of the last WINDOW seconds the fragment bodies took (may exceed 1 when
    threads waited for each other)."""
    now = time.perf_counter()
    with _lock:
        return sum(s for end, s in _spans if end >= now - WINDOW) / WINDOW


def play_level() -> int:
    """How much Play slows now (0: not at all), with hysteresis between the bounds."""
    load = busy()
    with _lock:
        level = _level[0]
        while level < len(BUSY_HIGH) and load > BUSY_HIGH[level]:
            level += 1
        while level > 0 and load < BUSY_LOW[level - 1]:
            level -= 1
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
