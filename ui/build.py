"""From the sidebar's values to a model: the corpus text of a source, the engine's Config,
and what a model was built from (its fingerprint). No widgets and no training here: the
sidebar (``ui/settings.py``) draws the values, ``ui/run.py`` starts a run from them."""

import hashlib

import streamlit as st

from w2v_viz import Config, Corpus, Trainer, segment
from w2v_viz.corpora import CORPORA
from w2v_viz.corpus import MAX_CHARS, decode_bytes
from w2v_viz.errors import CorpusTooLargeError, NoUploadError, UploadTooBigError
from w2v_viz.segment import jieba_loaded
from w2v_viz.synthetic import zipf_text

from .limits import DEFAULTS, MODEL_KEYS
from .state import tr

PASTE, UPLOAD, SYNTHETIC = "__paste__", "__upload__", "__synthetic__"
MAX_UPLOAD_BYTES = 2 * 2**20   # matches server.maxUploadSize (MB) in .streamlit/config.toml


@st.cache_data(max_entries=32, show_spinner=False)
def build_corpus(text: str, lowercase: bool, segmentation: str, min_count: int) -> Corpus:
    """Pure preparation (cached per input): tokenise and count."""
    return Corpus.from_text(text, lowercase=lowercase, segmentation=segmentation,
                            min_count=min_count)


def make_config(values: dict) -> Config:
    """The engine settings of the sidebar's values (raises InvalidSettingError)."""
    return Config(**{k: values[k] for k in MODEL_KEYS}, lr=values["lr"],
                  min_count=values["min_count"])


def widget_values() -> dict:
    """The sidebar's values now (a setting whose widget is not drawn: its last value)."""
    return {k: st.session_state.get(f"s_{k}", v) for k, v in DEFAULTS.items()}


def corpus_text(values: dict) -> str:
    source = values["source"]
    if source in CORPORA:
        return CORPORA[source].text()
    if source == PASTE:
        return values["text"]
    if source == SYNTHETIC:
        return zipf_text(int(values["vocab"]))
    upload = st.session_state.get("s_upload")
    if upload is None:
        raise NoUploadError()
    data = upload.getvalue()
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadTooBigError(limit=MAX_UPLOAD_BYTES // 2**20)
    return decode_bytes(data)


def fingerprint(values: dict) -> dict:
    """What a model was built from (the upload by content hash; not the learning rate,
    which changes without a new model)."""
    fp = {k: values[k] for k in DEFAULTS if k != "lr"}
    if values["source"] != PASTE:
        fp["text"] = ""
    if values["source"] != SYNTHETIC:
        fp["vocab"] = None
    if values["source"] == UPLOAD:
        upload = st.session_state.get("s_upload")
        fp["upload"] = hashlib.sha1(upload.getvalue()).hexdigest() if upload else None
    return fp


def build_trainer(values: dict) -> Trainer:
    """A new Trainer from the sidebar's values (raises W2VError on bad input)."""
    text = corpus_text(values)
    # tokenize() checks the cap too; checking first keeps a huge paste out of the
    # st.cache_data hashing in build_corpus.
    if len(text) > MAX_CHARS:
        raise CorpusTooLargeError(size=len(text), unit_key="unit.characters", limit=MAX_CHARS)
    config = make_config(values)
    args = (text, values["lowercase"], values["segmentation"], values["min_count"])
    if segment.resolve(values["segmentation"], text) == "jieba" and not jieba_loaded():
        with st.spinner(tr("seg.loading")):     # jieba's dictionary: once per process
            corpus = build_corpus(*args)
    else:
        corpus = build_corpus(*args)
    return Trainer(corpus, config)
