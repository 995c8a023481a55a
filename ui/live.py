"""The training controls and the live panels of a page, in one fragment: a click on Step
reruns only this fragment (not the settings sidebar), and Play or a bulk Epoch run reruns
it on a timer, training a slice of work per refresh.

Every training action is atomic: the engine call contains no Streamlit call, so a rerun
requested by a fast second click cannot interrupt it half-way. A bulk run (Epoch) is cut
into slices of mini-batches, one slice per refresh, each leaving the trainer consistent:
Stop (or a page change, which only moves the run to the new page's fragment) keeps every
step done so far.
"""

import time

import streamlit as st

from views.controls import message as controls_message
from w2v_viz.errors import W2VError

from . import url_state
from .guard import guard_notice
from .limits import CONTROL_DEFAULTS
from .live_view import register
from .memory import bulk_slots, release_memory, trim_heap
from .session import Bulk, session
from .settings import reset_model, set_error, show_error
from .state import current_record, get_trainer, lang, tr

_controls = register("controls")
CONTROLS_KEY = "controls"

PLAY_INTERVAL = 0.05    # seconds between refreshes while playing (20/s)
PLAY_BUDGET = 0.03      # seconds of recorded steps per Play refresh at most
BULK_INTERVAL = 0.2     # seconds between refreshes of an Epoch run (its progress: 5/s)
BULK_BUDGET = 0.2       # seconds of bulk training per refresh of an Epoch run: most of the
#                         time trains, little redraws (many visitors' runs share the server)


def _guarded(action) -> bool:
    """Run a training action; an engine error becomes a message and stops what runs."""
    try:
        action()
        return True
    except W2VError as error:
        set_error(error)
        _stop_running()
        return False


def _stop_running() -> None:
    run = session().run
    if run.mode():
        run.changed = True       # the fragment's timer goes on a full run
    run.halt()


def _step(n: int) -> None:
    trainer = get_trainer()
    if trainer is not None and _guarded(lambda: url_state.step(trainer, n)):   # url: logged
        set_error(None)


def _play_tick(trainer) -> None:
    """Train the steps due since the last refresh at the chosen speed (steps/s)."""
    run = session().run
    now = time.perf_counter()
    last = run.play_clock or now - PLAY_INTERVAL
    speed = st.session_state.get("play_speed", CONTROL_DEFAULTS["play_speed"])   # a widget
    credit = run.play_credit + speed * min(now - last, 1.0)
    due, deadline = int(credit), now + PLAY_BUDGET
    done = 0
    while done < due and time.perf_counter() < deadline:
        if not _guarded(lambda: url_state.step(trainer)):   # url: logged
            break
        done += 1
    run.play_clock = now
    run.play_credit = credit - due   # steps over budget are dropped


def _bulk_tick(trainer) -> None:
    """One slice of a bulk run: mini-batches for about BULK_BUDGET seconds, never past
    the end of an epoch (the run counts epochs)."""
    run = session().run
    bulk = run.bulk
    deadline = time.perf_counter() + BULK_BUDGET

    def train():
        while bulk.epochs_left > 0 and time.perf_counter() < deadline:
            take = min(trainer.batch_size * 4, trainer.n_units - trainer.position)
            with bulk_slots:   # one bulk slice at a time in the process: bounded memory
                url_state.run(trainer, take)   # url: logged
            if trainer.position == 0:      # the epoch ended
                bulk.epochs_left -= 1

    if _guarded(train):
        set_error(None)
    if bulk.epochs_left <= 0:
        run.bulk = None
        run.changed = True
        release_memory()


def _bulk_progress(trainer) -> tuple[float, str]:
    bulk = session().run.bulk
    done_epochs = bulk.epochs - bulk.epochs_left
    fraction = (done_epochs + trainer.position / max(trainer.n_units, 1)) / bulk.epochs
    return fraction, tr("ctl.training", n=bulk.epochs)


# The controls' callbacks: each changes the run and asks the fragment's body (which runs
# next) for a full rerun, which sets the fragment's timer.
def _play(playing: bool) -> None:
    run = session().run
    run.playing, run.play_clock, run.play_credit = playing, None, 0.0
    run.changed = True


def _epoch() -> None:
    epochs = int(st.session_state.get("epochs_per_click",              # a widget
                                      CONTROL_DEFAULTS["epochs_per_click"]))
    run = session().run
    run.bulk, run.playing = Bulk(epochs=epochs, epochs_left=epochs), False
    run.changed = True


def _stop() -> None:
    _stop_running()
    session().run.changed = True


def running() -> str | None:
    """What trains on the timer: "epoch", "play" or None."""
    return session().run.mode()


def controls(trainer) -> None:
    """Step, Step x10, Epoch, Play/Pause, Reset and the counters, on every page.

    Each button sends its own action, run by its callback before the fragment's body; a
    repeated Play, Pause or Stop (a click racing a refresh can arrive twice) is harmless."""
    progress, label = _bulk_progress(trainer) if running() == "epoch" else (None, "")
    _controls(data=controls_message(trainer, lang(), running(), progress, label),
              key=CONTROLS_KEY,
              on_step_change=lambda: _step(1), on_step10_change=lambda: _step(10),
              on_epoch_change=_epoch, on_stop_change=_stop,
              on_play_change=lambda: _play(True), on_pause_change=lambda: _play(False),
              on_reset_change=reset_model)


def live_page(render) -> None:
    """Draw the controls and ``render(trainer, record)``; rerun them alone on each click,
    and on a timer while Play or a bulk run goes on."""
    if get_trainer() is None:
        show_error()
        st.info(tr("app.no_model"))
        st.stop()

    interval = {"play": PLAY_INTERVAL, "epoch": BULK_INTERVAL}.get(running())

    @st.fragment(run_every=interval)
    def live():
        run = session().run
        if run.changed:
            run.changed = False
            st.rerun()      # the fragment's timer is set on a full run
        trainer = get_trainer()
        if running() == "epoch":
            _bulk_tick(trainer)
        elif running() == "play":
            _play_tick(trainer)
        controls(trainer)
        show_error()
        guard_notice(trainer)
        render(trainer, current_record(trainer))
        trim_heap()
        if run.changed and not running():
            run.changed = False
            st.rerun()      # the run ended: drop the timer

    live()
