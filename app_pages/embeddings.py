"""Embeddings: the word vectors in their best 2-D plane (with trails and a timeline), the
nearest neighbours, an analogy and the cosine similarity of the key words, all live views
updated in place on every Step; and the exports.

The tables' words are picked in inputs right above each table, drawn by the table's own
view (a pick reruns only the page's fragment; a Step sends no picker widgets); they list the
key words and the most frequent, and any other word of the vocabulary can be typed.
Their defaults come from the key words (king / king − man + woman on the royalty corpus;
on a pasted text its most frequent content words, never stop words).

2-D only: the page used to offer a 3-D PCA view. On a projector a teacher points at a
picture the whole room sees the same way; a 3-D cloud needs dragging to be read, its
depth is invisible in a still frame and its labels collide as it turns. The plane says
plainly how much of the variance it keeps; the neighbour tables and the heatmap give the
distances in all d dimensions."""

import streamlit as st

from ui.downloads import html_button, keep
from ui.live import live_page
from ui.live_view import register
from ui.session import session, view_cache
from ui.state import get_trainer, lang, promised_words, tr
from views import embeddings, figures, neighbours, similarity
from w2v_viz import export, projection
from w2v_viz.similarity import embeddings as word_vectors

_map, _sim, _nb = register("embeddings"), register("similarity"), register("neighbours")
MAX_OPTIONS = 200         # words listed in a picker (any other can be typed)
NOW = -1                  # the timeline's last stop: the current weights


def picker_options(vocab, *chosen) -> list:
    """The key words, then the most frequent, then what is chosen now (so it shows)."""
    ids = [*embeddings.key_ids(vocab, promised_words()), *range(min(MAX_OPTIONS, len(vocab)))]
    words = [vocab.words[i] for i in ids]
    return list(dict.fromkeys([*words, *(w for w in chosen if isinstance(w, str))]))


def options(trainer):
    vocab, timeline = trainer.vocab, trainer.timeline
    state = st.session_state
    cols = st.columns([1.1, 2.2, 2.2], gap="medium")
    space = cols[0].selectbox(tr("emb.space"), list(embeddings.SPACE_KEYS), key="emb_space",
                              format_func={s: tr(k) for s, k in embeddings.SPACE_KEYS.items()}.get)
    trail_words = cols[1].multiselect(
        tr("emb.trails"), picker_options(vocab, *state.get("emb_trails", [])), key="emb_trails",
        max_selections=embeddings.MAX_TRAILS, accept_new_options=True, help=tr("emb.trails_help"),
        placeholder=tr("emb.trails_placeholder"))
    frame = None
    if len(timeline) > 1:
        labels = {step: tr("emb.at_step", step=f"{step:,}") for step in timeline.steps}
        labels[NOW] = tr("emb.now")
        shown = cols[2].select_slider(tr("emb.timeline"), options=[*timeline.steps, NOW],
                                      value=NOW, key="emb_frame", format_func=labels.get)
        frame = None if shown == NOW else timeline.steps.index(shown)
    return space, trail_words, frame


def render(trainer, record):
    space, trail_words, frame = options(trainer)
    with projection.one_blas_thread():
        views(trainer, record, space, trail_words, frame)


def views(trainer, record, space, trail_words, frame):
    key = (id(trainer), id(trainer.model))      # a new model starts a new plane
    cache = view_cache("embeddings")            # emptied on Reset / a new model too
    previous = cache.get("plane")
    if previous is not None and previous.get("owner") != key:
        previous = None
    view, plane = embeddings.message(trainer, record, lang(), previous, space,
                                     promised_words(), trail_words, frame)
    cache["plane"] = {**plane, "owner": key}
    _map(data=view, key="emb_map")
    keep("word-map", view, view["title"])

    query, abc = chosen_words(trainer.vocab)
    words = picker_options(trainer.vocab)                # listed by the tables' inputs
    left, right = st.columns([1, 1.15], gap="large")
    with left:
        N = neighbours.unit_vectors(trainer, space)      # once for both tables
        _nb(data=neighbours.neighbours(trainer, query, lang(), space, N=N, options=words),
            key="emb_nb", on_pick_change=lambda: picked("emb_nb"))
        _nb(data=neighbours.analogy(trainer, *abc, lang(), space, N=N, options=words),
            key="emb_analogy", on_pick_change=lambda: picked("emb_analogy"))
    with right:
        _sim(data=similarity.message(trainer, record, lang(), space, promised_words()),
             key="emb_sim")


PICKS = ("query", "a", "b", "c")   # the tables' words: the neighbours' and a − b + c
LONGEST = 100                       # characters kept of a typed word


def chosen_words(vocab) -> tuple:
    """The neighbour query and the analogy's a, b, c: as picked above the tables, else
    king / king − man + woman, or the first three key words (content words)."""
    state = session()
    if state.picked_for != id(vocab):                   # a new corpus: the defaults again
        defaults = [w for w in ("king", "man", "woman") if w in vocab]
        if len(defaults) < 3:
            defaults = [vocab.words[i] for i in embeddings.key_ids(vocab, promised_words())][:3]
        state.picked_for = id(vocab)
        state.picks = dict(zip(PICKS, (defaults[0], *(defaults[i % len(defaults)]
                                                      for i in range(3)))))
    return state.picks["query"], [state.picks[k] for k in PICKS[1:]]


def picked(key: str) -> None:
    """A word typed or chosen in the inputs above a table (its view's "pick" trigger)."""
    pick = st.session_state[key].get("pick")
    if isinstance(pick, dict) and pick.get("name") in PICKS and isinstance(pick.get("word"), str):
        word = pick["word"].strip()[:LONGEST]
        if word:
            session().picks[pick["name"]] = word


def exports(trainer):
    words = trainer.vocab.words
    space = st.session_state.get("emb_space", "W1")
    st.markdown(f"### {tr('emb.export')}")     # h3, as the views' titles (no level skipped)
    cols = st.columns(4)
    E_all = lambda: word_vectors(trainer.model, space)  # noqa: E731
    cols[0].download_button(tr("emb.dl_word2vec"), lambda: word2vec_bytes(words, E_all()),
                            "vectors.txt", "text/plain", on_click="ignore", key="dl_w2v")
    cols[1].download_button(tr("emb.dl_vectors"),
                            lambda: export.projector_tsv(words, E_all())[0].encode(),
                            "vectors.tsv", "text/tab-separated-values", on_click="ignore",
                            key="dl_vectors")
    cols[2].download_button(tr("emb.dl_metadata"),
                            lambda: export.projector_tsv(words, E_all())[1].encode(),
                            "metadata.tsv", "text/tab-separated-values", on_click="ignore",
                            key="dl_metadata")
    cols[3].download_button(tr("emb.dl_run"), lambda: export.save_run(trainer), "run.npz",
                            "application/octet-stream", on_click="ignore", key="dl_run")


def word2vec_bytes(words, E) -> bytes:
    return export.word2vec_text(words, E).encode("utf-8")


# Every chosen trail word stays visible: the chips wrap instead of scrolling sideways.
st.html("<style>.st-key-emb_trails [data-testid='stMultiSelectTagsContainer']"
        "{flex-wrap:wrap;overflow:visible;row-gap:2px;height:auto}"
        ".st-key-emb_trails div:has(> [data-testid='stMultiSelectTagsContainer'])"
        "{height:auto;max-height:none}</style>")
live_page(render)
html_button(figures.embedding_map, "word-map", "dl_map_html")
st.divider()
exports(get_trainer())
