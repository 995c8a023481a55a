"""The divergence guard of the live pages: one story when a run blows up.

Every training action goes through ``ui/run.py``'s ``act``, which stops a run of steps or
an Epoch's batches at the guard's first sign (``w2v_viz.guard.Watch``) and keeps what was
trained. Then training is *held*: Step, Epoch and Play do not train (their buttons say
why) until the visitor picks a remedy in the one notice drawn by ``guard_notice``:

* the run is diverging (the loss rising, or a word vector far too long): a warning with
  the numbers, **Halve the learning rate** (go on from here, judged on what follows) and
  **Reset**;
* a value became NaN or infinite (the weights were kept at the last finite step): an
  error saying which, and **Reset** (and the halving too while the weights kept are not
  already past the guard's bound).
After a halving a quieter note watches the run until it is healthy again.
"""

import math

import numpy as np
import streamlit as st

from views.numfmt import fmt
from w2v_viz.config import RANGES
from w2v_viz.errors import DivergenceError
from w2v_viz.guard import LOSS_RISING, WINDOW, Verdict, Watch, assess_trainer

from .session import session
from .state import tr

EVERY_STEPS = 10      # recorded steps between two whole assessments inside an action


def halved(lr: float) -> float:
    """Half the rate, rounded to 3 significant digits, not below the smallest allowed."""
    half = float(f"{lr / 2:.3g}")
    return max(half, RANGES["lr"][0])


def _baseline(trainer) -> Verdict | None:
    mark = session().guard.baseline
    return mark[1] if mark and mark[0] == id(trainer) else None


def verdict(trainer) -> Verdict:
    """The guard's verdict on the run now (after a halving: on what happened since);
    assessed once per state of the run, however often a refresh asks."""
    guard = session().guard
    baseline = _baseline(trainer)
    key = (id(trainer), trainer.step_count, trainer.history.steps, trainer.config.lr,
           id(baseline))
    if guard.verdict is None or guard.verdict[0] != key:
        guard.verdict = (key, assess_trainer(trainer, baseline))
    return guard.verdict[1]


def watch(trainer, bulk: bool) -> Watch:
    """The guard inside one action: between batches of a bulk run, between steps."""
    return Watch(trainer, _baseline(trainer), every=1 if bulk else EVERY_STEPS,
                 verdict=verdict(trainer))


def failed(error: DivergenceError) -> None:
    """A value became NaN or infinite: remember what, for the notice."""
    session().guard.failure = dict(error.params)


def held(trainer) -> bool:
    """Training waits for a remedy: the last action failed, or the run is diverging."""
    return session().guard.failure is not None or not verdict(trainer).ok


def halve_lr(trainer) -> float:
    """The remedy: judge the run from here on (the verdict now is the baseline)."""
    state = session()
    state.guard.baseline = (id(trainer), assess_trainer(trainer))
    state.guard.failure = None
    return halved(trainer.config.lr)


def cleared() -> None:
    """A reset or a new run: nothing to remember."""
    guard = session().guard
    guard.baseline, guard.failure, guard.stopped, guard.verdict = None, None, None, None


def message(v: Verdict, lr: float) -> str:
    """The warning in the visitor's language, with the verdict's numbers."""
    if v.code == LOSS_RISING:
        best, start = fmt(v.best), fmt(v.start)
        key = "guard.loss_rising_from_start" if best == start else "guard.loss_rising"
        return tr(key, window=WINDOW, loss=fmt(v.loss), best=best, start=start, lr=fmt(lr))
    return tr("guard.weights_exploding", norm=fmt(v.norm), limit=fmt(v.norm_limit), lr=fmt(lr))


def _failure_message(failure: dict) -> str:
    what = failure.get("what") or tr(failure.get("what_key", "error.divergence_loss"))
    return tr("guard.failed", step=f"{failure['step']:,}", what=what,
              value=tr(failure["value_key"]), lr=fmt(failure["lr"]))


def guard_notice(trainer, on_halve, on_reset) -> None:
    """The one notice about divergence (nothing when the run is healthy). ``on_halve`` and
    ``on_reset`` are the remedies' callbacks (``ui/run.py``'s, through the log)."""
    state = session()
    guard = state.guard
    v = verdict(trainer)
    if guard.failure is None and v.ok:
        guard.stopped = None
        if _baseline(trainer) is not None and not assess_trainer(trainer).ok:
            with st.container(border=True, key="guard_watch"):
                st.info(tr("guard.watching", lr=fmt(trainer.config.lr)),
                        icon=":material/monitoring:")
                st.button(tr("guard.reset"), key="guard_reset", on_click=on_reset)
        return
    lr = trainer.config.lr
    recoverable = bool(np.isfinite(v.norm)) and (guard.failure is None
                                                 or v.norm <= v.norm_limit)
    can_halve = recoverable and not math.isclose(halved(lr), lr)
    with st.container(border=True, key="guard_notice"):
        if guard.failure is not None:
            st.error(_failure_message(guard.failure), icon=":material/error:")
        else:
            st.warning(message(v, lr), icon=":material/warning:")
        lines = [tr(f"guard.stopped_{guard.stopped}") if guard.stopped else "",
                 tr("guard.held"),
                 "" if can_halve else tr("guard.no_halve_min" if recoverable
                                         else "guard.no_halve_far")]
        st.caption(" ".join(x for x in lines if x))
        cols = st.columns(2)
        cols[0].button(tr("guard.halve", lr=fmt(halved(lr))), key="guard_halve",
                       on_click=on_halve, disabled=not can_halve, type="primary",
                       width="stretch")
        cols[1].button(tr("guard.reset"), key="guard_reset", on_click=on_reset,
                       width="stretch")
