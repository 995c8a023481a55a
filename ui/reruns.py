"""When what reruns: the rules of the live pages, in one place.

The app is in one of four states: idle; stepping (a click on Step, Step ×10, Reset);
playing (Play: steps at the chosen speed); bulk (an Epoch run, a slice at a time).

* A click on the training controls reruns only the live fragment (``ui/live.py``): the
  controls are a widget inside it, so Streamlit reruns the fragment alone.
* Playing and bulk rerun the fragment on a timer: ``INTERVALS``. Streamlit fixes a
  fragment's timer when the whole app runs, so when the state a fragment run finds
  differs from the one its timer was set for (Play or an Epoch started, paused, ended,
  stopped by the guard or by an error), the whole app reruns, at the start of the
  fragment's body (a click started something) or at its end (it ended there).
* The sidebar shows the run's learning rate (its owner is the run's config): when the
  rate changed inside the fragment (the guard's remedy), the whole app reruns.
* Anything else (a setting, a page, the language) is a whole run already.
"""

from .session import session

PLAY_INTERVAL = 0.05    # seconds between refreshes while playing
BULK_INTERVAL = 0.2     # seconds between refreshes of an Epoch run: most of its time trains
INTERVALS = {None: None, "play": PLAY_INTERVAL, "epoch": BULK_INTERVAL}


def interval() -> float | None:
    """The live fragment's timer for the state now (None: no timer)."""
    return INTERVALS[session().timer.mode()]


def whole_app_needed(fragment_interval: float | None) -> bool:
    """Must the whole app rerun, for a fragment run whose timer is ``fragment_interval``?"""
    state = session()
    if interval() != fragment_interval:
        return True
    trainer = state.trainer
    return (trainer is not None and state.shown_lr is not None
            and trainer.config.lr != state.shown_lr)
