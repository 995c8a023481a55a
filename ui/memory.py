"""Process-wide memory housekeeping for a server that many visitors share.

Nothing here is visitor state: a first-come-first-served semaphore that bounds how many
sessions bulk-train at once (each bulk mini-batch of a full softmax allocates B x V
matrices, tens of MB at V = 5000), and a rate-limited ``release_memory()``.

Why ``release_memory()``: the app runs with ``runner.postScriptGC = false`` (a full
collection blocked every rerun), and a session Streamlit has ended is kept alive by
reference cycles until Python's rare full collection, so its trainer (large at
V = 5000, d = 50) would stay in memory; glibc also keeps freed heap pages of the
threads' arenas. A full collection plus ``malloc_trim`` when a visitor arrives and after a
bulk run (both already take far longer than the collection) returns that memory.

The first such collection also moves every object the process has then (the modules the
app imported, the first visitor's session barely begun) out of the collector's reach
(``gc.freeze``): the collections Python starts by itself, which hold the GIL while they
scan, then scan only what the sessions made since, so a class's Steps wait less for them.
"""

import ctypes
import gc
import threading
import time
from collections import deque

# Bulk runs at once, process-wide. NumPy's BLAS already runs one bulk run on every core:
# two at once on 2 cores were slower than one after the other (oversubscribed BLAS
# threads), and every extra one adds its mini-batch matrices to the peak memory.
BULK_SLOTS = 1


class FairSlots:
    """A semaphore that serves its waiters first come, first served: a release hands the
    slot to the longest waiter. (``threading.Semaphore`` lets the releasing thread take it
    straight back: one Epoch run kept the slot for its whole refresh while the others'
    progress stood still.) ``with slots:`` holds one slot."""

    def __init__(self, n: int):
        self._lock = threading.Lock()
        self._free = n
        self._waiters: deque[threading.Lock] = deque()

    def acquire(self) -> None:
        with self._lock:
            if self._free and not self._waiters:
                self._free -= 1
                return
            turn = threading.Lock()
            turn.acquire()
            self._waiters.append(turn)
        turn.acquire()              # released by the release() that hands the slot over

    def release(self) -> None:
        with self._lock:
            if self._waiters:
                self._waiters.popleft().release()     # the slot passes on, still taken
            else:
                self._free += 1

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


bulk_slots = FairSlots(BULK_SLOTS)

RELEASE_INTERVAL = 5.0     # seconds between two collections, at least

_lock = threading.Lock()
_last = [0.0]
M_ARENA_MAX = -8          # glibc's mallopt() parameter number
ARENA_MAX = 2
try:
    _libc = ctypes.CDLL("libc.so.6")                      # glibc (Linux) only
    _malloc_trim = _libc.malloc_trim
    # glibc gives every new thread its own heap arena, up to 8 per core, and Streamlit
    # runs each rerun in a new thread: a freed mini-batch matrix stays resident as free
    # space on top of whichever arena allocated it (malloc_trim does not shrink those
    # tops). Two arenas keep that stranded memory to two tops.
    _libc.mallopt(M_ARENA_MAX, ARENA_MAX)
except (OSError, AttributeError):
    _malloc_trim = None


TRIM_INTERVAL = 1.0        # seconds between two heap trims, at least
_last_trim = [0.0]


def trim_heap() -> bool:
    """Give the heap's free pages back to the OS (glibc), at most once every
    TRIM_INTERVAL seconds in the process: a rerun's temporary arrays are freed into the
    arenas of whichever thread ran it, where they would stay resident. A few ms, without
    the GIL. True if it ran."""
    if _malloc_trim is None:
        return False
    now = time.monotonic()
    with _lock:
        if now - _last_trim[0] < TRIM_INTERVAL:
            return False
        _last_trim[0] = now
    _malloc_trim(0)
    return True


def release_memory(force: bool = False) -> bool:
    """Collect garbage and give free heap pages back to the OS, at most once every
    RELEASE_INTERVAL seconds in the process (unless ``force``). True if it ran."""
    now = time.monotonic()
    with _lock:
        if not force and now - _last[0] < RELEASE_INTERVAL:
            return False
        _last[0] = now
    gc.collect()
    if not gc.get_freeze_count():
        gc.freeze()     # once: what the process has so far (the imports) is never garbage
    if _malloc_trim is not None:
        _malloc_trim(0)
    return True
