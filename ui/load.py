"""How busy this server process is, for the live fragment's timers (``ui/reruns.py``).

One process runs every visitor's Python under one GIL, so a class shares it: each
fragment run reports how long its body took (``timed``), and each Epoch run says it is
going on (``bulk_running``), and each Play refresh how long after its visitor's last it
came (``play_refreshed``). From these, the timers stretch under load: Play refreshes less
often when the script threads are busy (at least 10 a second while the process can give
that, fewer only past it, by levels: ``play_level``), and each Epoch run redraws its
progress less often the more of them share the process, so the process trains instead
of redrawing.
Process-wide accounting, not visitor state: only durations and opaque tokens of the runs
going on, forgotten after ``WINDOW`` (the runs: when they end, or ``BULK_WINDOW`` after
their last slice).

Bulk training gives way to the other fragment bodies (``training``, ``wait_quiet``): an
Epoch slice trains between NumPy calls that release the GIL, and each time it wants the
GIL back while another thread runs Python (a Step, a redraw) it waits for that thread's
switch interval (5 ms), a convoy that made Epoch runs at once train at a fraction of
one run's speed. So a slice waits, a mini-batch at a time and up to ``QUIET_WAIT``, until
no other body runs: the Step or the redraw finishes at full speed, then training goes on.
Likewise an Epoch run's redraw waits (up to ``QUIET_WAIT``) for the Steps and Play
refreshes running (``wait_interactive``): a click shares the GIL with fewer redraws.
"""

import threading
import time
from collections import deque
from contextlib import contextmanager

WINDOW = 2.0            # seconds of history behind a reading
BULK_WINDOW = 8.0       # ... for the Epoch runs' count: well over their longest refresh
#                         interval (ui/reruns.py's MAX_BULK_INTERVAL, 3.2 s) and a slow
#                         slice, or a run between two refreshes is forgotten, the count
#                         drops, every run's interval changes and the whole app reruns
QUIET_WAIT = 0.1        # seconds a bulk mini-batch waits for the other bodies, at most
# Play's levels of slowing (ui/reruns.py's intervals). Level 1, still at least 10
# refreshes a second: the fragment bodies of more than one visitor take more than
# BUSY_HIGH of the wall time; a visitor alone shares with nobody and keeps every refresh.
# Each level above: half as many, when the process has no CPU left to give (its one GIL:
# about one core) or when the players' refreshes come PLAY_LATE times further apart than
# their timer asks (the browser's timer fires on time; a refresh asked while one is
# pending merges into it). Back a level once the process uses less than PLAY_BACK of the
# CPU it used when it went up: Play's share of the work at most doubles, so the level
# below would not fill it again. That hysteresis matters: a change of level costs every
# player a whole rerun at once.
BUSY_HIGH, CPU_HIGH = 0.6, 0.85
PLAY_LATE, PLAY_BACK = 1.25, 0.45
SETTLE = 2 * WINDOW                # seconds after a change of level before the next one:
#                                    the readings are the new level's, past the burst of
#                                    whole reruns the change itself caused
LATE_SAMPLES = 8                   # refreshes a reading of lateness needs at least
RERUN_GAP = 0.25                   # seconds between two whole reruns for a change of load
_lock = threading.Lock()
_spans: deque = deque()            # (end, seconds, whose) of recent fragment bodies
_cpu: deque = deque()              # (wall time, process CPU time) at their ends
_bulk_cpu: deque = deque()         # (end, CPU seconds) of bulk training: it gives way
_bulk: dict = {}                   # token -> last time its Epoch run trained
_entered: list = []                # cores used when each level above 0 was entered: the
#                                    level of slowing now is its length
_changed = [0.0]                   # when the level last changed
_last_rerun = [float("-inf")]      # when a visitor last took its turn (rerun_turn)
_gaps: deque = deque()             # (end, seconds since the last, asked) of Play refreshes
_quiet = threading.Condition(_lock)
_active: dict = {}                 # thread ident -> fragment bodies it runs now
_training: set = set()             # thread idents bulk-training now
_bulk_bodies: set = set()          # thread idents whose body is an Epoch run's slice


@contextmanager
def timed(whose=None):
    """Count the time of a fragment body (``whose``: its visitor's opaque token) as the
    process's script work."""
    start = time.perf_counter()
    _enter(1)
    try:
        yield
    finally:
        end, cpu = time.perf_counter(), time.process_time()
        with _lock:
            _spans.append((end, end - start, whose))
            while _spans and _spans[0][0] < end - WINDOW:
                _spans.popleft()
            _cpu.append((end, cpu))
            while len(_cpu) > 2 and _cpu[1][0] < end - WINDOW:
                _cpu.popleft()
        _enter(-1)


def _enter(n: int) -> None:
    me = threading.get_ident()
    with _lock:
        left = _active.get(me, 0) + n
        if left > 0:
            _active[me] = left
        else:
            _active.pop(me, None)
            _bulk_bodies.discard(me)
            _quiet.notify_all()


@contextmanager
def training():
    """This thread bulk-trains now: ``wait_quiet`` does not wait for it (nor for the
    Epoch runs waiting for the bulk slot, ui/memory.py)."""
    me = threading.get_ident()
    with _lock:
        _training.add(me)
        _quiet.notify_all()
    cpu = time.thread_time()
    try:
        yield
    finally:
        end, used = time.perf_counter(), time.thread_time() - cpu
        with _lock:
            _training.discard(me)
            _bulk_cpu.append((end, used))
            while _bulk_cpu and _bulk_cpu[0][0] < end - 2 * WINDOW:
                _bulk_cpu.popleft()


def wait_quiet(timeout: float = QUIET_WAIT) -> bool:
    """Wait until no other thread runs a fragment body (``training`` aside), up to
    ``timeout`` seconds. True if it is quiet."""
    me = threading.get_ident()
    with _lock:
        return _quiet.wait_for(lambda: not (_active.keys() - _training - {me}), timeout)


def wait_interactive(timeout: float = QUIET_WAIT) -> bool:
    """Wait until no fragment body runs but Epoch runs' (this body becomes one), up to
    ``timeout`` seconds: a Step or a Play refresh first, then this run's redraw."""
    me = threading.get_ident()
    with _lock:
        if me in _active:
            _bulk_bodies.add(me)        # until the body ends (_enter)
        return _quiet.wait_for(lambda: not (_active.keys() - _training - _bulk_bodies),
                               timeout)


def busy() -> float:
    """The share of the last WINDOW seconds the fragment bodies took (may exceed 1 when
    threads waited for each other)."""
    now = time.perf_counter()
    with _lock:
        return sum(s for end, s, _ in _spans if end >= now - WINDOW) / WINDOW


def sharers() -> int:
    """Visitors whose fragment bodies ran within the last WINDOW seconds."""
    now = time.perf_counter()
    with _lock:
        return len({whose for end, _, whose in _spans if end >= now - WINDOW})


def cpu_cores() -> float:
    """The process's CPU time per wall second over about the last WINDOW (every thread:
    the script runs, the event loop, numpy), from the fragment runs' samples; bulk
    training's left out (it gives way to the rest, ``wait_quiet``)."""
    with _lock:
        if len(_cpu) < 2 or _cpu[-1][0] < time.perf_counter() - WINDOW:
            return 0.0
        (w0, c0), (w1, c1) = _cpu[0], _cpu[-1]
        bulk = sum(used for end, used in _bulk_cpu if w0 < end <= w1)
        return max(c1 - c0 - bulk, 0.0) / (w1 - w0) if w1 > w0 else 0.0


def play_refreshed(gap: float, asked: float) -> None:
    """A Play refresh came ``gap`` seconds after its visitor's last; its timer asked
    ``asked``."""
    now = time.perf_counter()
    with _lock:
        _gaps.append((now, min(gap, 4 * asked), asked))   # a pause in between: capped
        while _gaps and _gaps[0][0] < now - WINDOW:
            _gaps.popleft()


def lateness() -> float:
    """How much further apart than asked the Play refreshes of the last WINDOW came
    (1: on time; 1 too with fewer than LATE_SAMPLES)."""
    now = time.perf_counter()
    with _lock:
        recent = [(gap, asked) for end, gap, asked in _gaps if end >= now - WINDOW]
    if len(recent) < LATE_SAMPLES:
        return 1.0
    return sum(g for g, _ in recent) / sum(a for _, a in recent)


def play_level(top: int) -> int:
    """How much Play slows now (0: not at all; ``top`` at most), with hysteresis."""
    load, cores, shared, late = busy(), cpu_cores(), sharers() > 1, lateness()
    now = time.perf_counter()
    with _lock:
        level = was = len(_entered)
        if not shared:
            level = 0
            _entered.clear()
        elif now - _changed[0] < SETTLE:
            pass
        elif (level == 0 and load > BUSY_HIGH
              or 1 <= level < top and (cores > CPU_HIGH or late > PLAY_LATE)):
            _entered.append(cores)
            level += 1
        elif level >= 1 and cores < PLAY_BACK * _entered[-1]:
            _entered.pop()
            level -= 1
        if level != was:
            _changed[0] = now
            _gaps.clear()               # the new level is judged by its own refreshes
        return level


def rerun_turn() -> bool:
    """May this visitor's fragment rerun the whole app now for a change of load? One
    every RERUN_GAP seconds in the process: a change of level reruns every player's
    whole app, and all at once they held the GIL for a second."""
    now = time.perf_counter()
    with _lock:
        if now - _last_rerun[0] < RERUN_GAP:
            return False
        _last_rerun[0] = now
        return True


def bulk_running(token) -> None:
    """An Epoch run (``token``: its session's, opaque) trained just now."""
    with _lock:
        _bulk[token] = time.perf_counter()


def bulk_ended(token) -> None:
    """An Epoch run ended: not counted any more (a stopped one is, for BULK_WINDOW)."""
    with _lock:
        _bulk.pop(token, None)


def bulk_runs() -> int:
    """Epoch runs that trained within the last BULK_WINDOW seconds (this one included)."""
    now = time.perf_counter()
    with _lock:
        for token in [t for t, last in _bulk.items() if last < now - BULK_WINDOW]:
            del _bulk[token]
        return max(1, len(_bulk))
