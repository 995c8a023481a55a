"""Process-wide memory housekeeping for a server that many visitors share.

Nothing here is visitor state: a semaphore that bounds how many sessions bulk-train at
once (each bulk mini-batch of a full softmax allocates B x V matrices, tens of MB at
V = 5000), and a rate-limited ``release_memory()``.

Why ``release_memory()``: the app runs with ``runner.postScriptGC = false`` (a full
collection blocked every rerun), and a session Streamlit has ended is kept alive by
reference cycles until Python's rare full collection, so its trainer (large at
V = 5000, d = 50) would stay in memory; glibc also keeps freed heap pages of the
threads' arenas. A full collection plus ``malloc_trim`` when a visitor arrives and after a
bulk run (both already take far longer than the collection) returns that memory.
"""

import ctypes
import gc
import threading
import time

# Bulk runs at once, process-wide. NumPy's BLAS already runs one bulk run on every core:
# two at once on 2 cores were slower than one after the other (oversubscribed BLAS
# threads), and every extra one adds its mini-batch matrices to the peak memory.
BULK_SLOTS = 1
bulk_slots = threading.BoundedSemaphore(BULK_SLOTS)

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
    if _malloc_trim is not None:
        _malloc_trim(0)
    return True
