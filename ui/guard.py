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

from .settings import set_error
from .state import forget_views, get_trainer, tr

RERUN_FLAG = "guard_rerun"     # a remedy changed the sidebar's learning rate: redraw it
FLAGGED = "guard_flagged"      # the last verdict was not OK (Play is paused only on onset)
BASELINE = "guard_baseline"    # (id of the trainer, its verdict when the rate was halved)


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
    st.session_state[BASELINE] = (id(trainer), assess_trainer(trainer))
    trainer.set_lr(new)
    st.session_state["s_lr"] = new        # the sidebar shows the rate in use
    st.session_state[RERUN_FLAG] = True


def _reset() -> None:
    st.session_state.pop(BASELINE, None)
    trainer = get_trainer()
    if trainer is not None:
        trainer.reset()
        forget_views()
        set_error(None)


def guard_notice(trainer) -> None:
    """Warn (with remedies) if the run is diverging; nothing when it is healthy."""
    if st.session_state.pop(RERUN_FLAG, False):
        st.rerun()                        # the whole app: the sidebar's rate is redrawn
    mark = st.session_state.get(BASELINE)
    baseline = mark[1] if mark and mark[0] == id(trainer) else None
    verdict = assess_trainer(trainer, baseline)
    if verdict.ok:
        st.session_state[FLAGGED] = False
        st.session_state.pop("guard_paused", None)
        if baseline is not None and not assess_trainer(trainer).ok:   # still recovering
            with st.container(border=True, key="guard_watch"):
                st.info(tr("guard.watching", lr=fmt(trainer.config.lr)),
                        icon=":material/monitoring:")
                st.button(tr("guard.reset"), key="guard_reset", on_click=_reset)
        elif mark:
            st.session_state.pop(BASELINE, None)    # healthy again, or another model
        return
    if st.session_state.get("playing"):
        st.session_state.pop("guard_paused", None)    # Play was pressed again
    if not st.session_state.get(FLAGGED):
        st.session_state[FLAGGED] = True
        if st.session_state.get("playing") or st.session_state.get("bulk"):
            st.session_state["playing"] = False   # Play or an Epoch run stops here; the
            st.session_state["bulk"] = None       # timer stops on the full rerun
            st.session_state["guard_paused"] = True
            st.rerun()
    lr = trainer.config.lr
    with st.container(border=True, key="guard_notice"):
        st.warning(message(verdict, lr), icon=":material/warning:")
        if st.session_state.get("guard_paused"):
            st.caption(tr("guard.paused"))
        cols = st.columns(2)
        can_halve = not math.isclose(halved(lr), lr)
        cols[0].button(tr("guard.halve", lr=fmt(halved(lr))), key="guard_halve",
                       on_click=_halve_lr, disabled=not can_halve, type="primary",
                       width="stretch")
        cols[1].button(tr("guard.reset"), key="guard_reset", on_click=_reset, width="stretch")
