"""The sidebar: language, corpus and model settings. Choosing a bundled corpus (or the
random text) starts training over on it at once, with a notice and a button back to the
run it replaced; other settings that need a new model wait for *Apply*, pinned at the top
of the sidebar with the pending notice, so it is in view wherever the setting was changed;
the learning rate applies at once."""

import streamlit as st

from views.i18n import LANGUAGES
from w2v_viz import segment
from w2v_viz.config import ARCHITECTURES, AUTO_WORD2VEC_DIM, OBJECTIVES, Config
from w2v_viz.corpora import CORPORA
from w2v_viz.segment import SEGMENTATIONS

from . import run
from .build import MAX_UPLOAD_BYTES, PASTE, SYNTHETIC, UPLOAD, fingerprint, widget_values
from .limits import CONTROL_DEFAULTS, DEFAULTS, LIMITS, PLAY_SPEEDS
from .memory import release_memory
from .session import session
from .state import lang, set_error, tr


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
    # the run of the URL: its settings and its log replayed (ui/run.py)
    notes = run.load(params.to_dict(), lambda f: status.progress(
        f, text=tr("url.replaying")))
    status.empty()
    set_error(" ".join(dict.fromkeys(n for n in notes if n)) or None)


def pending_changes() -> bool:
    return session().applied != fingerprint(widget_values())


def on_lr_change() -> None:
    """The learning rate applies at once, without a reset: the run's config owns it, the
    widget only sends changes (and shows the config's rate: ``sidebar``)."""
    run.set_rate(st.session_state["s_lr"])


def source_name(source: str) -> str:
    """A corpus choice as the sidebar lists it, in the visitor's language."""
    if source in CORPORA:
        return CORPORA[source].title[lang()]
    return tr({PASTE: "sidebar.paste", UPLOAD: "sidebar.upload",
               SYNTHETIC: "sidebar.synthetic"}[source])


def on_source_change() -> None:
    """A bundled corpus or the random text is complete as chosen: start over on it now,
    and say so (the run it replaces stays one click away: ``_back_button``); a paste or an
    upload waits for its text and Apply."""
    source = st.session_state.get("s_source")
    if (source in CORPORA or source == SYNTHETIC) and run.start_on_new_corpus():
        notice = "sidebar.new_corpus" if session().undo is None else "sidebar.new_corpus_kept"
        session().notice = tr(notice, name=source_name(source))


def _kept_run(kept: dict) -> dict:
    """The words that name a kept run: its corpus and its step."""
    source = kept["start"]["source"]
    return {"name": tr("sidebar.your_text") if source in (PASTE, UPLOAD) else source_name(source),
            "steps": f"{kept['trainer'].step_count:,}"}


def on_back() -> None:
    if session().undo is None:       # a second click of a button already used
        return
    words = _kept_run(session().undo)
    run.back()
    session().notice = tr("sidebar.back_done", **words)


def _back_button(sb) -> None:
    """Under the corpus list, after a corpus choice replaced a run: back to that run."""
    kept = session().undo
    if kept is not None:
        sb.button(tr("sidebar.back", **_kept_run(kept)),
                  key="back_to_run", icon=":material/undo:", on_click=on_back,
                  help=tr("sidebar.back_help"), width="stretch")


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
            st.button(tr("sidebar.apply"), type="primary", on_click=run.apply_settings,
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
    _back_button(sb)
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
    trainer = state.trainer
    if trainer is not None:          # the widget shows the run's rate, its one owner
        st.session_state["s_lr"] = state.shown_lr = trainer.config.lr
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
        unused = Config(objective=st.session_state["s_objective"], dim=st.session_state["s_dim"],
                        init=st.session_state.get("s_init", DEFAULTS["init"])).init_used != "normal"
        st.number_input(tr("setting.init_scale"), *LIMITS["init_scale"],   # normal init's
                        key="s_init_scale", step=0.01, format="%.3f", disabled=unused,
                        help=tr("help.init_scale", d=AUTO_WORD2VEC_DIM))
        st.checkbox(tr("setting.lowercase"), key="s_lowercase")
