"""When what reruns: the rules of the live pages, in one place.

The app is in one of four states: idle; stepping (a click on Step, Step ×10, Reset);
playing (Play: steps at the chosen speed); bulk (an Epoch run, a slice at a time).

* A click on the training controls reruns only the live fragment (``ui/live.py``): the
  controls are a widget inside it, so Streamlit reruns the fragment alone.
* Playing and bulk rerun the fragment on a timer: ``interval()``, stretched under load
  (``ui/load.py``): Play every PLAY_INTERVAL, or a longer one of PLAY_INTERVALS when the
  process is busy; an Epoch run every BULK_INTERVAL times the number of Epoch runs sharing the
  process (in powers of two, at most MAX_BULK_INTERVAL). Streamlit fixes a fragment's
  timer when the whole app runs, so when the timer a fragment run finds wanted differs
  from the one it was set with (Play or an Epoch started, paused, ended, stopped by the
  guard or by an error; the load changed), the whole app reruns, at the start of the
  fragment's body (a click started something) or at its end; for a change of load, one
  visitor at a time in the process (a whole rerun of every player at once stalled
  everyone's Steps).
* The sidebar shows the run's learning rate (its owner is the run's config): when the
  rate changed inside the fragment (the guard's remedy), the whole app reruns.
* Anything else (a setting, a page, the language) is a whole run already.
"""

from . import load
from .session import session

PLAY_INTERVAL = 0.05        # seconds between refreshes while playing
SLOW_PLAY_INTERVAL = 0.08   # ... when the process is busy: 12.5 a second, so that at
#                             least 10 arrive through the queueing of a full process
# ... when it cannot give that: fewer, not a queue (by level: ui/load.py)
PLAY_INTERVALS = (PLAY_INTERVAL, SLOW_PLAY_INTERVAL, 0.16, 0.32, 0.64)
BULK_INTERVAL = 0.2         # seconds between refreshes of an Epoch run: most of it trains
MAX_BULK_INTERVAL = 3.2
BULK_INTERVALS = tuple(min(BULK_INTERVAL * 2 ** k, MAX_BULK_INTERVAL) for k in range(5))
INTERVALS = {None: None, "play": PLAY_INTERVAL, "epoch": BULK_INTERVAL}   # unloaded


def interval() -> float | None:
    """The live fragment's timer for the state now (None: no timer)."""
    mode = session().timer.mode()
    if mode == "play":
        return PLAY_INTERVALS[load.play_level(len(PLAY_INTERVALS) - 1)]
    if mode == "epoch":
        share = 1 << (load.bulk_runs() - 1).bit_length()       # 1, 2, 4, 8, 16...
        return min(BULK_INTERVAL * share, MAX_BULK_INTERVAL)
    return None


def _retimed(before: float | None, after: float | None) -> bool:
    """Did only the load change the timer (Play to Play, an Epoch run to an Epoch run)?"""
    return any(before in group and after in group for group in (PLAY_INTERVALS, BULK_INTERVALS))


def whole_app_needed(fragment_interval: float | None) -> bool:
    """Must the whole app rerun, for a fragment run whose timer is ``fragment_interval``?
    A change of state: at once. A change of load: when this visitor's turn comes
    (``load.rerun_turn``), so that the players do not all rerun at the same moment."""
    state = session()
    wanted = interval()
    if wanted != fragment_interval:
        return not _retimed(fragment_interval, wanted) or load.rerun_turn()
    trainer = state.trainer
    return (trainer is not None and state.shown_lr is not None
            and trainer.config.lr != state.shown_lr)
