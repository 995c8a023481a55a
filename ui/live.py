"""The training controls and the live panels of a page, in one fragment: a click on Step
reruns only this fragment (not the settings sidebar), and Play reruns it on a timer.

Every training action is atomic: the engine call contains no Streamlit call, so a rerun
requested by a fast second click cannot interrupt it half-way; the bulk path only yields
to Streamlit (the progress bar) between mini-batches, when the trainer is consistent.
"""

import time

import streamlit as st

from w2v_viz.errors import W2VError

from .memory import bulk_slots, release_memory, trim_heap
from .settings import error_text, set_error, show_error
from .state import current_record, get_trainer, tr

PLAY_INTERVAL = 0.15    # seconds between refreshes while playing (~6 refreshes/s)
PLAY_BUDGET = 0.1       # seconds of training per refresh at most


def _guarded(action) -> bool:
    """Run a training action; an engine error becomes a message and stops Play."""
    try:
        action()
        return True
    except W2VError as error:
        set_error(error_text(error))
        st.session_state["playing"] = False
        return False


def _step(n: int) -> None:
    trainer = get_trainer()
    if trainer is not None and _guarded(lambda: trainer.step(n)):
        set_error(None)


def _reset() -> None:
    trainer = get_trainer()
    if trainer is not None:
        trainer.reset()
        st.session_state["playing"] = False
        st.session_state["zmax"] = {}
        st.session_state.pop("pca_basis", None)
        set_error(None)


def _play_tick(trainer) -> None:
    """Train the steps due since the last refresh at the chosen speed (steps/s)."""
    now = time.perf_counter()
    last = st.session_state.get("play_clock") or now - PLAY_INTERVAL
    credit = st.session_state.get("play_credit", 0.0)
    credit += st.session_state.get("play_speed", 100) * min(now - last, 1.0)
    due, deadline = int(credit), now + PLAY_BUDGET
    done = 0
    while done < due and time.perf_counter() < deadline:
        if not _guarded(lambda: trainer.step()):
            break
        done += 1
    st.session_state["play_clock"] = now
    st.session_state["play_credit"] = credit - due   # steps over budget are dropped


def _run_epochs(trainer) -> None:
    epochs = int(st.session_state.get("epochs_per_click", 1))
    bar = st.progress(0.0, text=tr("ctl.training", n=epochs))
    shown = [0.0]

    def train():
        for i in range(epochs):
            def progress(done, total, i=i):
                now = time.perf_counter()
                if now - shown[0] > 0.1:
                    shown[0] = now
                    bar.progress((i + done / max(total, 1)) / epochs,
                                 text=tr("ctl.training", n=epochs))

            # One epoch per turn of the process-wide slot: bounded transient memory, and
            # other visitors' runs interleave with a long one instead of waiting for it.
            with bulk_slots:
                trainer.run_epoch(progress)

    if _guarded(train):
        set_error(None)
    bar.empty()
    release_memory()


def controls(trainer) -> None:
    """Step, Step x10, Epoch, Play/Pause, Reset and the counters, on every page."""
    playing = st.session_state.get("playing", False)
    cols = st.columns([1, 1, 1, 1, 1, 0.9, 0.8, 1.2], vertical_alignment="center")
    cols[0].button(tr("ctl.step"), on_click=_step, args=(1,), type="primary", shortcut="S",
                   width="stretch", help=tr("help.step"), disabled=playing, key="ctl_step")
    cols[1].button(tr("ctl.step10"), on_click=_step, args=(10,), width="stretch",
                   disabled=playing, key="ctl_step10")
    epoch = cols[2].button(tr("ctl.epoch"), width="stretch", disabled=playing,
                           help=tr("help.epoch"), key="ctl_epoch")
    # Play and Pause are two buttons (one shown at a time), not one toggle: a click that
    # races a Play refresh can reach the script twice (the fragment run, then the full
    # run of st.rerun() below), and a toggle would undo it (Pause -> playing again); a
    # repeated Pause or Play is harmless. The container is the stable handle for tests.
    label, action = (tr("ctl.pause"), "pause") if playing else (tr("ctl.play"), "start")
    if cols[3].container(key="ctl_play").button(label, shortcut="P", width="stretch",
                                                 help=tr("help.play"), key=f"ctl_{action}"):
        st.session_state["playing"] = action == "start"
        st.session_state["play_clock"] = None
        st.session_state["play_credit"] = 0.0
        st.rerun()      # the fragment's timer is set on a full run
    cols[4].button(tr("ctl.reset"), on_click=_reset, width="stretch", key="ctl_reset")
    if epoch:
        _run_epochs(trainer)
    cols[5].metric(tr("ctl.step_count"), f"{trainer.step_count:,}")
    cols[6].metric(tr("ctl.epoch_count"), trainer.epoch)
    loss = trainer.history.last
    cols[7].metric(tr("ctl.loss"), "—" if loss is None else f"{loss:.3f}")


def live_page(render) -> None:
    """Draw the controls and ``render(trainer, record)``; rerun them alone on each click."""
    if get_trainer() is None:
        show_error()
        st.info(tr("app.no_model"))
        st.stop()
    playing = st.session_state.get("playing", False)

    @st.fragment(run_every=PLAY_INTERVAL if playing else None)
    def live():
        trainer = get_trainer()
        if st.session_state.get("playing"):
            _play_tick(trainer)
        controls(trainer)
        show_error()
        render(trainer, current_record(trainer))
        trim_heap()

    live()
