"""The training controls and the live panels of a page, in one fragment: a click on Step
reruns only this fragment (not the settings sidebar), and Play reruns it on a timer.

Every training action is atomic: the engine call contains no Streamlit call, so a rerun
requested by a fast second click cannot interrupt it half-way; the bulk path only yields
to Streamlit (the progress bar) between mini-batches, when the trainer is consistent.
"""

import time
from pathlib import Path

import streamlit as st

from w2v_viz.errors import W2VError

from .memory import bulk_slots, release_memory, trim_heap
from .settings import error_text, set_error, show_error
from .state import current_record, forget_views, get_trainer, tr

_HERE = Path(__file__).parent / "components"
# Registered once per process: a definition (like a function), not visitor state.
_controls = st.components.v2.component(
    "w2v_viz.controls",
    js=(_HERE / "controls.js").read_text(encoding="utf-8"),
    css=(_HERE / "controls.css").read_text(encoding="utf-8"),
    isolate_styles=False,   # the page's fonts and theme colours apply
)
CONTROLS_KEY = "controls"

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
        forget_views()
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

    def progress(done, total):
        now = time.perf_counter()
        if now - shown[0] > 0.1:
            shown[0] = now
            bar.progress(done / max(total, 1), text=tr("ctl.training", n=epochs))

    # One epoch per turn of the process-wide slot: bounded transient memory, and other
    # visitors' runs interleave with a long one instead of waiting for it.
    if _guarded(lambda: trainer.run_epochs(epochs, progress, slot=bulk_slots)):
        set_error(None)
    bar.empty()
    release_memory()


def _request(flag: str) -> None:
    """A control's callback: remember what to do in the fragment's body."""
    st.session_state[flag] = True


def _play(playing: bool) -> None:
    st.session_state["playing"] = playing
    st.session_state["play_clock"] = None
    st.session_state["play_credit"] = 0.0
    _request("play_changed")


def controls(trainer) -> None:
    """Step, Step x10, Epoch, Play/Pause, Reset and the counters, on every page.

    Each button sends its own action, run by its callback before the fragment's body; a
    repeated Play or Pause (a click racing a Play refresh can arrive twice) is harmless."""
    if st.session_state.pop("play_changed", False):
        st.rerun()      # the fragment's timer is set on a full run
    if st.session_state.pop("epoch_requested", False):
        _run_epochs(trainer)
    loss = trainer.history.last
    data = {
        "playing": bool(st.session_state.get("playing", False)),
        "labels": {a: tr(f"ctl.{a}") for a in ("step", "step10", "epoch", "play", "pause",
                                               "reset")},
        "help": {a: tr(f"help.{a}") for a in ("step", "epoch", "play")},
        "counters": [["step", tr("ctl.step_count"), f"{trainer.step_count:,}"],
                     ["epoch", tr("ctl.epoch_count"), f"{trainer.epoch:,}"],
                     ["loss", tr("ctl.loss"), "—" if loss is None else f"{loss:.3f}"]],
    }
    _controls(data=data, key=CONTROLS_KEY,
              on_step_change=lambda: _step(1), on_step10_change=lambda: _step(10),
              on_epoch_change=lambda: _request("epoch_requested"),
              on_play_change=lambda: _play(True), on_pause_change=lambda: _play(False),
              on_reset_change=_reset)


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
