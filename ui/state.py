"""Helpers on the visitor's state (``ui/session.py``): the language, the trainer."""

import streamlit as st

from views.i18n import t
from w2v_viz.model import StepRecord
from w2v_viz.trainer import Trainer

from .session import session


def lang() -> str:
    """The visitor's UI language: "en" or "zh" (the language radio's widget key)."""
    return st.session_state.get("lang", "en")


def tr(key: str, **params) -> str:
    """The string ``key`` in the visitor's language."""
    return t(key, lang(), **params)


def get_trainer() -> Trainer | None:
    """This visitor's Trainer (None until a valid corpus and settings were applied)."""
    return session().trainer


def current_record(trainer: Trainer) -> StepRecord:
    """The last step's record, or before any step (or after a bulk run) the next one's."""
    return trainer.last_record or trainer.preview()


def promised_words() -> tuple:
    """The words a bundled corpus promises to bring together (its expected neighbours),
    for the maps; () for another corpus."""
    from w2v_viz.corpora import CORPORA

    corpus = CORPORA.get(st.session_state.get("s_source"))
    if corpus is None:
        return ()
    return tuple(dict.fromkeys(w for k, v in corpus.expected_neighbours.items() for w in (k, *v)))
