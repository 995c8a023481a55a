"""Load a saved run (the Embeddings page's "Whole run (.npz)") back from the sidebar: its
corpus, settings, weights, history and counters, so a teacher can train before class and
continue in class. A damaged or foreign file gives a message and changes nothing."""

import unicodedata

import streamlit as st

from views.numfmt import fmt
from w2v_viz import export, segment
from w2v_viz.corpora import CORPORA
from w2v_viz.errors import W2VError

from . import run
from .build import PASTE
from .limits import DEFAULTS, LIMITS, MODEL_KEYS
from .session import session
from .state import set_error, tr

RUN_UPLOAD_MB = 50     # a run holds its timeline of weight snapshots (compressed .npz)


class UnsupportedRunError(ValueError):
    """A valid run whose settings the sidebar cannot show (e.g. d = 300)."""

    def __init__(self, name: str, value):
        super().__init__(f"{name} = {value}")
        self.name, self.value = name, value


def _source_of(text: str) -> tuple:
    """(source, pasted text): a bundled corpus when the text is one, else a paste."""
    for key, corpus in CORPORA.items():
        if unicodedata.normalize("NFC", corpus.text()) == text:
            return key, ""
    return PASTE, text


def sidebar_values(trainer) -> dict:
    """The sidebar's values (DEFAULTS' keys) that describe a loaded trainer; raises
    UnsupportedRunError for a setting outside the sidebar's ranges."""
    config, corpus = trainer.config, trainer.corpus
    for name, (low, high) in LIMITS.items():     # some narrower than the engine's ranges
        value = getattr(config, name, None)
        if value is not None and not low <= value <= high:
            raise UnsupportedRunError(name, value)
    source, text = _source_of(corpus.text)
    auto = segment.resolve("auto", corpus.text)
    values = {**DEFAULTS, "source": source, "text": text, "lowercase": corpus.lowercase,
              "segmentation": "auto" if auto == corpus.segmentation else corpus.segmentation,
              "min_count": corpus.min_count, "lr": config.lr,
              **{k: getattr(config, k) for k in MODEL_KEYS}}
    for name in ("window", "dim", "negatives", "seed", "min_count"):
        values[name] = int(values[name])
    for name in ("lr", "init_scale", "subsample"):
        values[name] = float(values[name])
    return values


def _reason(error: Exception) -> str:
    if isinstance(error, UnsupportedRunError):
        name = f"setting.{error.name}"
        return tr("load.unsupported", name=tr(name), value=fmt(error.value))
    return tr("load.not_run")


def on_upload(key: str) -> None:
    """The uploader's callback: load the file, or explain why not (nothing changes)."""
    upload = st.session_state.get(key)     # the uploader's widget key
    if upload is None:
        return
    state = session()
    state.run_uploads += 1      # a new key for the uploader: empty it after
    data = upload.getvalue()
    try:
        if len(data) > RUN_UPLOAD_MB * 2**20:
            raise ValueError("too big")
        trainer = export.load_run(data)
        values = sidebar_values(trainer)
    except (W2VError, ValueError, TypeError, KeyError) as error:
        reason = (tr("load.too_big", mb=RUN_UPLOAD_MB) if len(data) > RUN_UPLOAD_MB * 2**20
                  else _reason(error))
        set_error(tr("load.failed", name=upload.name, reason=reason))
        return
    for name, value in values.items():
        st.session_state[f"s_{name}"] = value
    # a link can rebuild it only from its first step, and not from a pasted text
    run.start(trainer, values, shareable=trainer.step_count == 0 and values["source"] != PASTE)
    state.notice = tr("load.done", step=f"{trainer.step_count:,}", epoch=f"{trainer.epoch:,}")


def load_run_uploader() -> None:
    """"Load a saved run" at the foot of the sidebar."""
    key = f"run_upload_{session().run_uploads}"
    with st.sidebar.expander(tr("load.label")):
        st.caption(tr("load.help", mb=RUN_UPLOAD_MB))
        st.file_uploader(tr("load.label"), type=["npz"], key=key, on_change=on_upload,
                         args=(key,), max_upload_size=RUN_UPLOAD_MB,
                         label_visibility="collapsed")
