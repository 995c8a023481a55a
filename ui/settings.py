"""The sidebar: language, corpus and model settings. Choosing a bundled corpus (or the
random text) starts training over on it at once, with a notice; other settings that need
a new model wait for *Apply*, pinned at the top of the sidebar with the pending notice, so
it is in view wherever the setting was changed; the learning rate applies at once."""

import hashlib

import streamlit as st

from views.i18n import LANGUAGES, error_message
from w2v_viz import Config, Corpus, Trainer, segment
from w2v_viz.config import ARCHITECTURES, OBJECTIVES
from w2v_viz.corpora import CORPORA
from w2v_viz.corpus import MAX_CHARS, decode_bytes
from w2v_viz.errors import CorpusTooLargeError, NoUploadError, UploadTooBigError, W2VError
from w2v_viz.segment import SEGMENTATIONS, jieba_loaded
from w2v_viz.synthetic import zipf_text

from . import url_state
from .limits import CONTROL_DEFAULTS, DEFAULTS, LIMITS, MODEL_KEYS, PLAY_SPEEDS
from .memory import release_memory
from .session import forget_views, session
from .state import lang, tr

PASTE, UPLOAD, SYNTHETIC = "__paste__", "__upload__", "__synthetic__"
MAX_UPLOAD_BYTES = 2 * 2**20   # matches server.maxUploadSize (MB) in .streamlit/config.toml


@st.cache_data(max_entries=32, show_spinner=False)
def build_corpus(text: str, lowercase: bool, segmentation: str, min_count: int) -> Corpus:
    """Pure preparation (cached per input): tokenise and count."""
    return Corpus.from_text(text, lowercase=lowercase, segmentation=segmentation,
                            min_count=min_count)


def set_error(message: str | W2VError | None) -> None:
    """The message under the controls: a text, or an engine error in the visitor's
    language."""
    if isinstance(message, W2VError):
        message = error_message(message, lang())
    session().error = message


def show_error() -> None:
    if session().error:
        st.error(session().error, icon=":material/error:")


def init_state(status) -> None:
    """First run of a session: defaults (overridden by valid URL parameters), a trainer;
    ``status`` (an ``st.empty`` slot) shows the URL replay's progress.
    An invalid URL parameter is ignored with a message (an unknown ?lang= silently)."""
    state = session()
    if state.initialised:
        return
    release_memory()     # a visitor arrives: free what ended sessions left (rate-limited)
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(f"s_{key}", value)
    params = st.query_params
    if params.get("lang") in LANGUAGES:
        st.session_state["lang"] = params["lang"]
    st.session_state.setdefault("lang", "en")
    state.initialised = True
    # url: every setting and the training log from the URL (ui/url_state.py)
    notes = url_state.load(params.to_dict(), lambda f: status.progress(
        f, text=tr("url.replaying")))
    status.empty()
    set_error(" ".join(dict.fromkeys(n for n in notes if n)) or None)


def make_config(values: dict) -> Config:
    """The engine settings of the sidebar's values (raises InvalidSettingError)."""
    return Config(**{k: values[k] for k in MODEL_KEYS}, lr=values["lr"],
                  min_count=values["min_count"])


def current_values() -> dict:
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


def _fingerprint(values: dict) -> dict:
    """What the current model was built from (the upload by content hash)."""
    fp = {k: values[k] for k in DEFAULTS if k != "lr"}
    if values["source"] != PASTE:
        fp["text"] = ""
    if values["source"] != SYNTHETIC:
        fp["vocab"] = None
    if values["source"] == UPLOAD:
        upload = st.session_state.get("s_upload")
        fp["upload"] = hashlib.sha1(upload.getvalue()).hexdigest() if upload else None
    return fp


def apply_settings() -> None:
    """Build a new corpus and trainer from the widgets; on bad input keep the old ones."""
    values = current_values()
    try:
        text = corpus_text(values)
        # tokenize() checks the cap too; checking first keeps a huge paste out of the
        # st.cache_data hashing in build_corpus.
        if len(text) > MAX_CHARS:
            raise CorpusTooLargeError(size=len(text), unit_key="unit.characters",
                                      limit=MAX_CHARS)
        config = make_config(values)
        if segment.resolve(values["segmentation"], text) == "jieba" and not jieba_loaded():
            with st.spinner(tr("seg.loading")):     # once per server process, ~0.5-1 s
                corpus = build_corpus(text, values["lowercase"], values["segmentation"],
                                      values["min_count"])
        else:
            corpus = build_corpus(text, values["lowercase"], values["segmentation"],
                                  values["min_count"])
        trainer = Trainer(corpus, config)
    except W2VError as error:
        set_error(error)
        return
    state = session()
    state.trainer, state.applied = trainer, _fingerprint(values)
    forget_views()
    set_error(None)


def pending_changes() -> bool:
    return session().applied != _fingerprint(current_values())


def on_lr_change() -> None:
    """The learning rate applies at once, without a reset."""
    trainer = session().trainer
    if trainer is None:
        return
    try:
        url_state.set_lr(trainer, st.session_state["s_lr"])   # url: logged
        set_error(None)
    except W2VError as error:
        set_error(error)


def reset_model() -> None:
    """Reset (the controls' button, the divergence notice's): the initial weights again,
    logged in the URL, the views' caches and the message dropped."""
    trainer = session().trainer
    if trainer is not None:
        url_state.reset(trainer)   # url: logged
        forget_views()
        set_error(None)


def source_name(source: str) -> str:
    """A corpus choice as the sidebar lists it, in the visitor's language."""
    if source in CORPORA:
        return CORPORA[source].title[lang()]
    return tr({PASTE: "sidebar.paste", UPLOAD: "sidebar.upload",
               SYNTHETIC: "sidebar.synthetic"}[source])


def on_source_change() -> None:
    """A bundled corpus or the random text is complete as chosen: start over on it now,
    and say so; a paste or an upload waits for its text and Apply."""
    source = st.session_state.get("s_source")
    if source in CORPORA or source == SYNTHETIC:
        apply_settings()
        if session().error is None:
            session().notice = tr("sidebar.new_corpus", name=source_name(source))


# Widgets whose options are labelled in the visitor's language.
LABELLED = ("s_source", "s_segmentation", "s_architecture", "s_objective")


def on_lang_change() -> None:
    """Relabel the chosen options at once: the browser keeps showing a selectbox's chosen
    label in the old language until the app sends the value again, so send it."""
    for key in LABELLED:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _apply_bar(sb) -> None:
    """Apply at the top of the sidebar; while settings are pending it is pinned there
    (CSS in app.py, on the container's key) with the pending notice."""
    if pending_changes():
        with sb.container(key="w2v_apply_pending"):
            st.warning(tr("sidebar.pending"), icon=":material/pending_actions:")
            st.button(tr("sidebar.apply"), type="primary", on_click=apply_settings,
                      width="stretch")
    else:
        sb.button(tr("sidebar.apply"), disabled=True, width="stretch")


def _segmentation_caption(sb) -> None:
    """How the applied text was split, when it has Chinese (paste and upload)."""
    trainer = session().trainer
    if trainer is None or not segment.HAS_HAN.search(trainer.corpus.text[:200_000]):
        return
    corpus = trainer.corpus
    sb.caption(tr("seg.used", mode=tr(f"seg.{corpus.segmentation}"),
                  tokens=f"{len(corpus.ids):,}", vocab=f"{len(corpus.vocab):,}"))


def sidebar() -> None:
    """Draw the settings sidebar (language first, so every label below follows it)."""
    sb = st.sidebar
    sb.radio("Language / 语言", list(LANGUAGES), format_func=LANGUAGES.get, key="lang",
             horizontal=True, on_change=on_lang_change)
    state = session()
    if notice := state.notice:
        state.notice = None
        st.toast(notice, icon=":material/restart_alt:")
    _apply_bar(sb)
    sb.subheader(tr("sidebar.corpus"))
    sources = [*CORPORA, PASTE, UPLOAD, SYNTHETIC]
    # Labels are looked up now, not inside format_func, which may run outside this run.
    names = {k: source_name(k) for k in sources}
    sb.selectbox(tr("sidebar.source"), sources, key="s_source", format_func=names.get,
                 on_change=on_source_change)
    source = st.session_state["s_source"]
    if source in CORPORA:
        sb.caption(CORPORA[source].description[lang()])
    elif source == PASTE:
        sb.text_area(tr("sidebar.paste_label"), key="s_text", height=150,
                     placeholder=tr("sidebar.paste_placeholder"))   # the cap: on Apply
    elif source == UPLOAD:
        sb.file_uploader(tr("sidebar.upload_label"), type=["txt"], key="s_upload",
                         help=tr("sidebar.upload_help", mb=MAX_UPLOAD_BYTES // 2**20))
    else:
        sb.number_input(tr("sidebar.vocab"), *LIMITS["vocab"], key="s_vocab", step=100)
    if source in (PASTE, UPLOAD) or (source in CORPORA and CORPORA[source].language == "zh"):
        sb.selectbox(tr("setting.segmentation"), SEGMENTATIONS, key="s_segmentation",
                     format_func={k: tr(f"seg.{k}") for k in SEGMENTATIONS}.get,
                     help=tr("help.segmentation"))
        _segmentation_caption(sb)

    sb.subheader(tr("sidebar.model"))
    sb.radio(tr("setting.architecture"), ARCHITECTURES, key="s_architecture",
             format_func={k: tr(f"arch.{k}") for k in ARCHITECTURES}.get, horizontal=True)
    sb.radio(tr("setting.objective"), OBJECTIVES, key="s_objective",
             format_func={k: tr(f"objective.{k}") for k in OBJECTIVES}.get, horizontal=True)
    if st.session_state["s_objective"] == "negative":
        sb.slider(tr("setting.negatives"), *LIMITS["negatives"], key="s_negatives",
                  help=tr("help.negatives"))
    sb.slider(tr("setting.window"), *LIMITS["window"], key="s_window",
              help=tr("help.window"))
    sb.slider(tr("setting.dim"), *LIMITS["dim"], key="s_dim", help=tr("help.dim"))
    sb.number_input(tr("setting.lr"), *LIMITS["lr"],
                    key="s_lr", format="%.4f", step=0.01, on_change=on_lr_change,
                    help=tr("help.lr"))
    sb.number_input(tr("setting.min_count"), *LIMITS["min_count"], key="s_min_count",
                    help=tr("help.min_count"))
    sb.number_input(tr("setting.seed"), *LIMITS["seed"], key="s_seed", help=tr("help.seed"))
    sb.subheader(tr("sidebar.training"))
    sb.number_input(tr("sidebar.epochs_per_click"), *LIMITS["epochs_per_click"],
                    key="epochs_per_click")        # its default: its minimum
    sb.select_slider(tr("sidebar.play_speed"), PLAY_SPEEDS,
                     value=CONTROL_DEFAULTS["play_speed"], key="play_speed",
                     help=tr("help.play_speed"))
    with sb.expander(tr("sidebar.advanced")):
        st.checkbox(tr("setting.window_step"), key="s_window_step", help=tr("help.window_step"))
        st.checkbox(tr("setting.dynamic_window"), key="s_dynamic_window",
                    help=tr("help.dynamic_window"))
        st.number_input(tr("setting.subsample"), *LIMITS["subsample"], key="s_subsample",
                        step=0.001, format="%.4f", help=tr("help.subsample"))
        st.checkbox(tr("setting.lr_decay"), key="s_lr_decay", help=tr("help.lr_decay"))
        st.number_input(tr("setting.init_scale"), *LIMITS["init_scale"],
                        key="s_init_scale", step=0.01, format="%.3f")
        st.checkbox(tr("setting.lowercase"), key="s_lowercase")
