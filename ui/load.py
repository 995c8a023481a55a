"""How busy this server process is, for the live fragment's timers (``ui/reruns.py``).

One process runs every visitor's Python under one GIL, so a class shares it: each
fragment run reports how long its body took (``timed``), and each Epoch run says it is
going on (``bulk_running``). From these, the timers stretch under load: Play refreshes
less often (never below ``MIN_PLAY_RATE`` a second) when the script threads are busy,
and each Epoch run redraws its progress less often the more of them share the process,
so the process trains instead of redrawing. Process-wide accounting, not visitor state:
only durations and opaque tokens of the runs going on, forgotten after ``WINDOW``
(the runs: when they end, or ``BULK_WINDOW`` after their last slice).

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
BUSY_HIGH = 0.6         # fragment bodies' share of the wall time above which Play slows
BUSY_LOW = 0.4          # ... and below which it is back to full speed (hysteresis)
_lock = threading.Lock()
_spans: deque = deque()            # (end, seconds) of recent fragment bodies
_bulk: dict = {}                   # token -> last time its Epoch run trained
_slow = [False]                    # Play slowed down now
_quiet = threading.Condition(_lock)
_active: dict = {}                 # thread ident -> fragment bodies it runs now
_training: set = set()             # thread idents bulk-training now
_bulk_bodies: set = set()          # thread idents whose body is an Epoch run's slice


@contextmanager
def timed():
    """Count the time of a fragment body as the process's script work."""
    start = time.perf_counter()
    _enter(1)
    try:
        yield
    finally:
        end = time.perf_counter()
        with _lock:
            _spans.append((end, end - start))
            while _spans and _spans[0][0] < end - WINDOW:
                _spans.popleft()
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
    try:
        yield
    finally:
        with _lock:
            _training.discard(me)


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
        return sum(s for end, s in _spans if end >= now - WINDOW) / WINDOW


def play_slowed() -> bool:
    """Whether Play refreshes at its slower rate, with hysteresis between the bounds."""
    load = busy()
    with _lock:
        if load > BUSY_HIGH:
            _slow[0] = True
        elif load < BUSY_LOW:
            _slow[0] = False
        return _slow[0]


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
