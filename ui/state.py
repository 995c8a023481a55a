"""Helpers on the visitor's state (``ui/session.py``): the language, the trainer, the
message shown above the live views."""

import streamlit as st

from views.i18n import error_message, t
from w2v_viz.corpora import CORPORA
from w2v_viz.errors import W2VError
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


def set_error(message: str | W2VError | None) -> None:
    """The message under the controls: a text, or an engine error in the visitor's
    language."""
    if isinstance(message, W2VError):
        message = error_message(message, lang())
    session().error = message


def show_error() -> None:
    if session().error:
        st.error(session().error, icon=":material/error:")


def promised_words() -> tuple:
    """The words a bundled corpus promises to bring together (its expected neighbours),
    for the maps; () for another corpus."""
    corpus = CORPORA.get(st.session_state.get("s_source"))
    if corpus is None:
        return ()
    return tuple(dict.fromkeys(w for k, v in corpus.expected_neighbours.items() for w in (k, *v)))
