"""The training controls and the live panels of a page, in one fragment: a click on Step
reruns only this fragment (not the settings sidebar), and Play or a bulk Epoch run reruns
it on a timer, training a slice of work per refresh (the rules: ``ui/reruns.py``).

Every training action goes through ``ui/run.py``'s ``act`` (it trains and logs); the
engine call contains no Streamlit call, so a rerun requested by a fast second click
cannot interrupt it half-way. A bulk run (Epoch) is cut into slices of mini-batches, one
slice per refresh, each leaving the trainer consistent: Stop (or a page change, which
only moves the run to the new page's fragment) keeps every step done so far.
"""

import time

import streamlit as st

from views.controls import message as controls_message

from . import guard, load, run, url_state
from .guard import guard_notice
from .limits import CONTROL_DEFAULTS
from .live_view import register, register_group
from .memory import bulk_slots, release_memory, trim_heap
from .reruns import PLAY_INTERVAL, interval, whole_app_needed
from .session import Bulk, session
from .state import current_record, get_trainer, lang, show_error, tr

_controls = register("controls")
CONTROLS_KEY = "controls"

PLAY_BUDGET = 0.03      # seconds of recorded steps per Play refresh at most
BULK_SHARE = 0.9        # of an Epoch run's refresh interval spent training: most of the
#                         time trains, little redraws (many visitors' runs share the server)


def _play_tick(trainer, every: float) -> None:
    """Train the steps due since the last refresh at the chosen speed (steps/s);
    ``every``: the refresh interval the timer asks."""
    timer = session().timer
    now = time.perf_counter()
    if timer.play_clock is not None:
        load.play_refreshed(now - timer.play_clock, every)
    last = timer.play_clock or now - PLAY_INTERVAL
    speed = st.session_state.get("play_speed", CONTROL_DEFAULTS["play_speed"])   # a widget
    credit = timer.play_credit + speed * min(now - last, 1.0)
    due, deadline = int(credit), now + PLAY_BUDGET
    if due:
        run.act(run.Step(due), stop=lambda: time.perf_counter() > deadline)
    timer.play_clock = now
    timer.play_credit = credit - due   # steps over budget are dropped


def _bulk_tick(trainer, every: float) -> None:
    """One slice of a bulk run: mini-batches for most of the refresh interval ``every``,
    never past the end of an epoch (the run counts epochs). Other visitors' runs take the
    process's one bulk slot between mini-batches, in turn (first come, first served);
    the slot's holder trains once no Step or redraw runs (``ui/load.py``)."""
    state = session()
    timer = state.timer
    bulk = timer.bulk
    load.bulk_running(id(state))
    deadline = time.perf_counter() + BULK_SHARE * every
    with load.training():
        while timer.bulk is bulk and bulk.epochs_left > 0 and time.perf_counter() < deadline:
            take = min(trainer.batch_size * 4, trainer.n_units - trainer.position)
            with bulk_slots:   # one bulk slice at a time in the process: bounded memory
                load.wait_quiet()
                done = run.act(run.Train(take))
            if trainer.position == 0 and done:      # the epoch ended
                bulk.epochs_left -= 1
            if done < take:
                break                               # the guard or an error stopped it
    if timer.bulk is bulk and bulk.epochs_left <= 0:
        timer.bulk = None
        load.bulk_ended(id(state))
        release_memory()
    load.wait_interactive()                     # a Step first, then this redraw


def _bulk_progress(trainer) -> tuple[float, str]:
    bulk = session().timer.bulk
    done_epochs = bulk.epochs - bulk.epochs_left
    fraction = (done_epochs + trainer.position / max(trainer.n_units, 1)) / bulk.epochs
    return fraction, tr("ctl.training", n=bulk.epochs)


# The controls' callbacks: each changes the run or the timer; the fragment's body, which
# runs next, applies the rerun rules (ui/reruns.py).
def _step(n: int) -> None:
    run.act(run.Step(n))


def _play(playing: bool) -> None:
    state = session()
    timer = state.timer
    if playing and state.trainer is not None and guard.held(state.trainer):
        return                                 # held: the controls say why
    timer.playing, timer.play_clock, timer.play_credit = playing, None, 0.0


def _epoch() -> None:
    state = session()
    if state.trainer is not None and guard.held(state.trainer):
        return
    epochs = int(st.session_state.get("epochs_per_click",              # a widget
                                      CONTROL_DEFAULTS["epochs_per_click"]))
    state.timer.bulk, state.timer.playing = Bulk(epochs=epochs, epochs_left=epochs), False


def _stop() -> None:
    session().timer.halt()


def running() -> str | None:
    """What trains on the timer: "epoch", "play" or None."""
    return session().timer.mode()


def controls(trainer, scripts=()) -> tuple[dict, dict]:
    """Step, Step x10, Epoch, Play/Pause, Reset and the counters, on every page: their
    message and their callbacks, for the component that draws them.

    Each button sends its own action, run by its callback before the fragment's body; a
    repeated Play, Pause or Stop (a click racing a refresh can arrive twice) is harmless."""
    progress, label = _bulk_progress(trainer) if running() == "epoch" else (None, "")
    held = tr("ctl.held") if guard.held(trainer) else None
    message = controls_message(trainer, lang(), running(), progress, label, held, scripts)
    return message, dict(on_step_change=lambda: _step(1), on_step10_change=lambda: _step(10),
                         on_epoch_change=_epoch, on_stop_change=_stop,
                         on_play_change=lambda: _play(True),
                         on_pause_change=lambda: _play(False), on_reset_change=run.reset)


def live_page(render, scripts=(), views=None) -> None:
    """Draw the controls and ``render(trainer, record)``; rerun them alone on each click,
    and on a timer while Play or a bulk run goes on. ``scripts``: URLs of scripts the
    page's views will need, which the controls (drawn first) start loading.

    With ``views`` (rows of (view, weight), as ``register_group`` takes them) ``render``
    returns the views' messages instead of drawing, and one component draws the controls
    above them: each component costs every refresh the same whatever it draws. Then a
    notice (an error, the divergence guard) sits above the controls."""
    group = register_group(((("controls", 1),), *views)) if views else None
    if get_trainer() is None:
        show_error()
        st.info(tr("app.no_model"))
        st.stop()

    every = interval()

    @st.fragment(run_every=every)
    def live():
        if whole_app_needed(every):
            st.rerun()                  # a click started or stopped a timer
        trainer = get_trainer()
        with load.timed(id(session())):     # an opaque token of this visitor
            if running() == "epoch":
                _bulk_tick(trainer, every)
            elif running() == "play":
                _play_tick(trainer, every)
            message, callbacks = controls(trainer, scripts)
            if group is None:
                _controls(data=message, key=CONTROLS_KEY, **callbacks)
            show_error()
            guard_notice(trainer, on_halve=run.halve_rate, on_reset=run.reset)
            drawn = render(trainer, current_record(trainer))
            if group is not None:
                group({"controls": message, **drawn}, key=CONTROLS_KEY, **callbacks)
            trim_heap()
            if not running():
                url_state.sync()        # the link is current after every action
        if whole_app_needed(every):
            st.rerun()                  # the run ended, the load changed, or the sidebar
            #                             is out of date

    live()
