"""The divergence warning of the live pages: ``guard_notice(trainer)`` is called by the live
fragment (``ui/live.py``) after every training action. When ``w2v_viz.guard`` flags the
run it says why, with the numbers, and offers the two remedies: halve the learning rate
(applies at once, training continues) or Reset. A run flagged while playing is paused
once, so the teacher sees the warning before the weights become astronomical. After a
halving the run is judged on what happens next (the verdict then is the baseline): a
quieter note says so until the run is healthy again or diverges anew."""

import math

import streamlit as st

from views.numfmt import fmt
from w2v_viz.config import RANGES
from w2v_viz.guard import LOSS_RISING, WINDOW, Verdict, assess_trainer

from . import url_state
from .session import session
from .settings import reset_model
from .state import get_trainer, tr


def halved(lr: float) -> float:
    """Half the rate, rounded to 3 significant digits, not below the smallest allowed."""
    half = float(f"{lr / 2:.3g}")
    return max(half, RANGES["lr"][0])


def message(verdict: Verdict, lr: float) -> str:
    """The warning in the visitor's language, with the verdict's numbers."""
    if verdict.code == LOSS_RISING:
        return tr("guard.loss_rising", window=WINDOW, loss=fmt(verdict.loss),
                  best=fmt(verdict.best), start=fmt(verdict.start), lr=fmt(lr))
    return tr("guard.weights_exploding", norm=fmt(verdict.norm),
              limit=fmt(verdict.norm_limit), lr=fmt(lr))


def _halve_lr() -> None:
    trainer = get_trainer()
    if trainer is None:
        return
    new = halved(trainer.config.lr)
    guard = session().guard
    guard.baseline = (id(trainer), assess_trainer(trainer))
    url_state.set_lr(trainer, new)        # url: logged, as a rate typed in the sidebar
    st.session_state["s_lr"] = new        # the sidebar (a widget) shows the rate in use
    guard.rerun = True


def _reset() -> None:
    session().guard.baseline = None
    reset_model()


def guard_notice(trainer) -> None:
    """Warn (with remedies) if the run is diverging; nothing when it is healthy."""
    state = session()
    guard, run = state.guard, state.run
    if guard.rerun:
        guard.rerun = False
        st.rerun()                        # the whole app: the sidebar's rate is redrawn
    mark = guard.baseline
    baseline = mark[1] if mark and mark[0] == id(trainer) else None
    verdict = assess_trainer(trainer, baseline)
    if verdict.ok:
        guard.flagged = False
        guard.paused = False
        if baseline is not None and not assess_trainer(trainer).ok:   # still recovering
            with st.container(border=True, key="guard_watch"):
                st.info(tr("guard.watching", lr=fmt(trainer.config.lr)),
                        icon=":material/monitoring:")
                st.button(tr("guard.reset"), key="guard_reset", on_click=_reset)
        elif mark:
            guard.baseline = None    # healthy again, or another model
        return
    if run.playing:
        guard.paused = False         # Play was pressed again
    if not guard.flagged:
        guard.flagged = True
        if run.mode():
            run.halt()               # Play or an Epoch run stops here; the timer stops
            guard.paused = True      # on the full rerun
            st.rerun()
    lr = trainer.config.lr
    with st.container(border=True, key="guard_notice"):
        st.warning(message(verdict, lr), icon=":material/warning:")
        if guard.paused:
            st.caption(tr("guard.paused"))
        cols = st.columns(2)
        can_halve = not math.isclose(halved(lr), lr)
        cols[0].button(tr("guard.halve", lr=fmt(halved(lr))), key="guard_halve",
                       on_click=_halve_lr, disabled=not can_halve, type="primary",
                       width="stretch")
        cols[1].button(tr("guard.reset"), key="guard_reset", on_click=_reset, width="stretch")
