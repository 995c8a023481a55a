"""Per-visitor state, all in st.session_state (never module globals or cache_resource)."""

import streamlit as st

from views.i18n import t
from w2v_viz.model import StepRecord
from w2v_viz.trainer import Trainer


def lang() -> str:
    """The visitor's UI language: "en" or "zh"."""
    return st.session_state.get("lang", "en")


def tr(key: str, **params) -> str:
    """The string ``key`` in the visitor's language."""
    return t(key, lang(), **params)


def get_trainer() -> Trainer | None:
    """This visitor's Trainer (None until a valid corpus and settings were applied)."""
    return st.session_state.get("trainer")


def current_record(trainer: Trainer) -> StepRecord:
    """The last step's record, or before any step (or after a bulk run) the next one's."""
    return trainer.last_record or trainer.preview()


def forget_views() -> None:
    """A new or reset model: stop Play, drop the colour ranges and the PCA basis fitted to
    the old weights."""
    st.session_state["playing"] = False
    st.session_state["bulk"] = None
    st.session_state["zmax"] = {}
    st.session_state.pop("pca_basis", None)


def promised_words() -> tuple:
    """The words a bundled corpus promises to bring together (its expected neighbours),
    for the maps; () for another corpus."""
    from w2v_viz.corpora import CORPORA

    corpus = CORPORA.get(st.session_state.get("s_source"))
    if corpus is None:
        return ()
    return tuple(dict.fromkeys(w for k, v in corpus.expected_neighbours.items() for w in (k, *v)))
