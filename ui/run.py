"""The run: its settings and a log of its actions. ``act`` is the one way the app trains.

Every action of the app goes through ``act``: Step, Step ×10, Play's steps, an Epoch
run's slices, a new learning rate (the sidebar's, the guard's remedy), Reset. It applies
the action to the trainer and appends it to the run's log in one call
(``RunLog.apply``, w2v_viz/runlog.py), so the log always replays to the trainer's exact
weights: a link, a reload, a lesson, a replica that took over a visitor. ``start`` begins
a run (settings applied, a saved run loaded), ``load`` rebuilds one from a link, ``back``
returns to the run a corpus choice replaced.
``ui/url_state.py`` only turns the settings and the log into a query string and back.

A training action stops at the divergence guard's first sign (``ui/guard.py``) and is
not taken while the guard holds the run; the steps done are kept and logged.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from w2v_viz import Trainer
from w2v_viz.errors import DivergenceError, W2VError
from w2v_viz.runlog import RunLog

from . import guard, url_state
from .build import PASTE, UPLOAD, build_trainer, fingerprint, widget_values
from .limits import DEFAULTS
from .session import Session, forget_views, session
from .state import set_error


@dataclass(frozen=True)
class Step:
    n: int = 1          # recorded steps (each with its record, for the views)


@dataclass(frozen=True)
class Train:
    units: int          # bulk units (no records), across epoch ends


@dataclass(frozen=True)
class SetRate:
    lr: float


@dataclass(frozen=True)
class Reset:
    pass


Action = Step | Train | SetRate | Reset


def _log(state: Session) -> RunLog:
    if state.log is None:            # a trainer given without start() (a page's test)
        state.log, state.start = RunLog(), None
    return state.log


def act(action: Action, stop=None) -> int:
    """Apply ``action`` to the visitor's run and log it; returns the units trained.
    ``stop()``, asked between steps or batches, ends a training action early (Play's
    budget of time, an Epoch slice's). An engine error becomes the message on screen."""
    state = session()
    trainer = state.trainer
    if trainer is None:
        return 0
    log = _log(state)
    if isinstance(action, SetRate):
        log.apply(trainer, "l", action.lr)       # InvalidSettingError: not logged, raised
        return 0
    if isinstance(action, Reset):
        log.apply(trainer, "r")
        forget_views()
        guard.cleared()
        set_error(None)
        return 0
    if guard.held(trainer):
        return 0
    kind, n = ("s", action.n) if isinstance(action, Step) else ("b", action.units)
    watch = guard.watch(trainer, bulk=kind == "b")

    def until() -> bool:
        return watch.tripped(trainer) or (stop is not None and stop())

    done = 0
    try:
        done = log.apply(trainer, kind, n, stop=until)
        set_error(None)                          # it trained: an old message is stale
    except DivergenceError as error:
        guard.failed(error)
    except W2VError as error:
        set_error(error)
        state.timer.halt()
        return done
    if guard.held(trainer):
        state.guard.stopped = state.timer.mode() or ("steps" if kind == "s" and n > 1 else None)
        state.timer.halt()
    return done


def start(trainer: Trainer, values: dict, shareable: bool) -> None:
    """A new run of ``trainer``, built from the sidebar's ``values``; ``shareable``: a
    link can rebuild it (a bundled or random corpus, from its first step)."""
    state = session()
    state.trainer, state.applied = trainer, fingerprint(values)
    state.start = {**values, "lr": trainer.config.lr}
    state.log, state.shareable = RunLog(), shareable
    state.undo = None                # a run started on purpose: no way back to the last
    forget_views()
    guard.cleared()
    set_error(None)


RUN = ("trainer", "start", "log", "shareable")     # a run, as the session holds it


def start_on_new_corpus() -> bool:
    """A bundled corpus or the random text was chosen: start over on it now (the sidebar's
    values), keeping the run it replaces for ``back``. True if it started."""
    state = session()
    kept = _keepable(state)
    before = state.trainer
    apply_settings()
    if state.trainer is before:
        return False                 # bad input: the run is as it was, a message says why
    state.undo = kept
    return True


def back() -> None:
    """Back to the run a corpus choice replaced (a callback): its trainer and log as they
    were, its settings in the sidebar; the run it leaves is kept in turn, to come back to."""
    state = session()
    kept, state.undo = state.undo, _keepable(state)
    if kept is None:
        return
    for name, value in kept.items():
        setattr(state, name, value)
    for key, value in state.start.items():
        if key != "lr":              # the rate: the sidebar shows the trainer's, its owner
            st.session_state[f"s_{key}"] = value
    state.applied = fingerprint(widget_values())     # an upload left the sidebar with it
    state.timer.halt()
    forget_views()
    guard.cleared()
    set_error(None)


def _keepable(state: Session) -> dict | None:
    """The run now, if a corpus choice would lose something: steps trained, or a text the
    sidebar no longer holds once another corpus is chosen (a paste, an upload)."""
    if state.trainer is None or state.start is None:
        return None
    if state.trainer.step_count == 0 and state.shareable:
        return None
    return {name: getattr(state, name) for name in RUN}


def apply_settings() -> None:
    """Start a run from the sidebar's values; on bad input keep the run as it is."""
    values = widget_values()
    try:
        trainer = build_trainer(values)
    except W2VError as error:
        set_error(error)
        return
    start(trainer, values, shareable=values["source"] not in (PASTE, UPLOAD))


def load(params: dict, progress=None) -> list:
    """The run of a link (a new session, a reload, a lesson): its settings into the
    sidebar, a trainer built from them, its log replayed. Returns messages for the
    visitor; on an invalid log the settings apply but no step is trained."""
    values, notes, log_text = url_state.parse_params(params)
    values = {**DEFAULTS, "init": url_state.legacy_init({**DEFAULTS, **values}), **values}
    for key, value in values.items():
        st.session_state[f"s_{key}"] = value
    state = session()
    state.applied = None
    apply_settings()
    if state.error:
        notes.append(state.error)
    if log_text and state.trainer is not None:
        notes.extend(_replay(log_text, progress))
    return notes


def _replay(log_text: str, progress) -> list:
    """Replay the log on a fresh copy of the run at its first step; swap it in only if
    all of it worked, else keep the run as it was and say why."""
    state = session()
    base = state.trainer
    try:
        fresh = Trainer(base.corpus, base.config, batch_size=base.batch_size,
                        snapshot_budget=base.snapshot_budget)
        log = RunLog.parse(log_text).replay(fresh, progress)
    except W2VError as error:
        return [url_state.log_not_replayed(error)]
    state.trainer, state.log = fresh, log
    forget_views()
    return []


def open_lesson(lesson) -> None:
    """Load a lesson's prepared run (a callback: before the widgets are drawn)."""
    notes = load(url_state.lesson_params(lesson))
    set_error(" ".join(dict.fromkeys(n for n in notes if n)) or None)
    session().url_keep = ("lesson",)
    url_state.sync(keep=("lesson",), extra={"lesson": lesson.key})


# ----- the callbacks of the controls, the sidebar and the guard's notice ------------------
def reset() -> None:
    act(Reset())


def set_rate(lr: float) -> None:
    """A new learning rate (the sidebar's, or a remedy's); a bad one is a message."""
    try:
        act(SetRate(lr))
        set_error(None)
    except W2VError as error:
        set_error(error)


def halve_rate() -> None:
    trainer = session().trainer
    if trainer is not None:
        set_rate(guard.halve_lr(trainer))
