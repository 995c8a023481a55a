"""One visitor's state: a ``Session`` under ONE ``st.session_state`` key, got by ``session()``.

Per-visitor state lives in st.session_state, never in module globals or st.cache_resource
(one server process serves every visitor). Two kinds:

* the fields of ``Session`` below: everything the app itself keeps (the run: its trainer,
  its settings and its log of actions, ``ui/run.py``; Play or an Epoch on the live
  fragment's timer; the divergence guard; the views' caches);
* widget values, under the keys passed as ``key=`` to Streamlit widgets: Streamlit binds a
  widget to its key, so these stay plain session_state keys: ``s_<setting>`` (the sidebar's
  settings, ``ui/limits.py``), ``lang``, ``epochs_per_click``, ``play_speed``,
  ``lesson_pick``, the pickers of the pages (``probe_word``, ``emb_*``, ``theory_tab``...).

Each page draws views whose caches (a colour range, a fitted plane) belong to the model
they were drawn from: ``view_cache(name)`` is the view's own dict, and ``forget_views()``
(a Reset or a new model) empties them all without knowing what they hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import streamlit as st

if TYPE_CHECKING:
    from w2v_viz.runlog import RunLog
    from w2v_viz.trainer import Trainer

KEY = "w2v"


@dataclass
class Bulk:
    """An Epoch run: trains a slice per refresh of the live fragment (ui/live.py)."""
    epochs: int                     # epochs asked for by the click
    epochs_left: int                # epochs still to train


@dataclass
class Timer:
    """What trains on the live fragment's timer: Play, or an Epoch run (one at a time).
    When it starts or stops, the fragment's timer changes: ``ui/reruns.py``."""
    playing: bool = False           # Play is on
    bulk: Bulk | None = None        # the Epoch run going on, if any
    play_clock: float | None = None  # perf_counter() of the last Play refresh
    play_credit: float = 0.0        # steps due but not trained yet (fractions carry over)

    def mode(self) -> str | None:
        """"epoch", "play" or None."""
        if self.bulk:
            return "epoch"
        return "play" if self.playing else None

    def halt(self) -> None:
        """Stop Play and any Epoch run (the steps done are kept)."""
        self.playing = False
        self.bulk = None


@dataclass
class Guard:
    """The divergence warning's memory (ui/guard.py)."""
    baseline: tuple | None = None   # (id of the trainer, its verdict when the rate was halved)
    failure: dict | None = None     # the DivergenceError's params: a value became NaN/inf
    stopped: str | None = None      # what the guard stopped: "play", "epoch" or "steps"
    verdict: tuple | None = None    # (the run's state, its verdict): assessed once a state


@dataclass
class Session:
    """Everything the app keeps for one visitor, besides the widgets' values."""
    initialised: bool = False       # init_state ran: defaults and the URL were read
    intro_shown: bool = False       # "start here" was shown (once a visit: ui/intro.py)
    trainer: Trainer | None = None  # the model being trained (None: no valid settings yet)
    applied: dict | None = None     # the fingerprint of the values it was built from
    start: dict | None = None       # the run's settings at its start (its URL's values)
    log: RunLog | None = None       # the run's actions since its start (ui/run.py)
    shareable: bool = False         # a link can rebuild it (not a paste, an upload, a file)
    undo: dict | None = None        # the run a corpus choice replaced (ui/run.py's ``back``)
    shown_lr: float | None = None   # the rate the sidebar was drawn with
    error: str | None = None        # the message shown above the live views
    notice: str | None = None       # a toast for the next run of the sidebar
    timer: Timer = field(default_factory=Timer)   # Play / an Epoch run
    guard: Guard = field(default_factory=Guard)
    url_keep: tuple = ()            # the page's own URL parameters, kept as they are
    lesson: str | None = None       # the lesson open on the Lessons page (across pages)
    picked_for: int | None = None   # id of the vocabulary the Embeddings tables' words were
    #                                 picked for (a new corpus: the default words again)
    picks: dict[str, str] = field(default_factory=dict)    # those words: "query", "a"..
    run_uploads: int = 0            # saved runs loaded: part of the uploader's key (a new
    #                                 key empties it)
    views: dict[str, dict] = field(default_factory=dict)   # view name -> its cache


def session() -> Session:
    """This visitor's Session (created on first use)."""
    state = st.session_state.get(KEY)
    if state is None:
        state = st.session_state[KEY] = Session()
    return state


def view_cache(name: str) -> dict:
    """The cache of the view ``name`` (e.g. "wordmap"), emptied with the model."""
    return session().views.setdefault(name, {})


def forget_views() -> None:
    """A new or reset model: stop Play or an Epoch run, empty every view's cache (colour
    ranges, planes and answers fitted to the old weights)."""
    state = session()
    state.timer.halt()
    state.views.clear()
