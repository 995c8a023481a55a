"""Embeddings: PCA of the word vectors with trails and a timeline, neighbours, similarity,
analogies, and the exports."""

import numpy as np
import streamlit as st

from ui.chart import chart
from ui.live import live_page
from ui.state import get_trainer, lang, tr
from w2v_viz import export, figures, projection, similarity

SPACES = {"W1": "emb.space_W1", "W2T": "emb.space_W2T", "average": "emb.space_average"}
MAX_SIMILARITY_WORDS = 25
NOW = -1                  # the timeline's last stop: the current weights


def options():
    cols = st.columns(4)
    space = cols[0].radio(tr("emb.space"), list(SPACES), key="emb_space",
                          format_func={s: tr(k) for s, k in SPACES.items()}.get)
    dims = cols[1].radio(tr("emb.dims"), [2, 3], key="emb_dims", horizontal=True)
    fixed = cols[2].toggle(tr("emb.fixed_basis"), value=True, key="emb_fixed",
                           help=tr("emb.fixed_help"))
    words = get_trainer().vocab.words
    trail_words = cols[3].multiselect(tr("emb.trails"), words, key="emb_trails",
                                      max_selections=8)
    if fixed and cols[2].button(tr("emb.refit"), key="emb_refit"):
        st.session_state.pop("pca_basis", None)
    return space, dims, fixed, trail_words


def basis(space, dims, fixed, E):
    """PCA basis: refit on every frame, or fitted once (on the weights of the moment the
    fixed basis is first needed, or when *Refit axes* is clicked) and kept."""
    if not fixed:
        return projection.fit_pca(E, dims)
    store = st.session_state.setdefault("pca_basis", {})
    key = (space, dims)
    if key not in store:
        store[key] = projection.fit_pca(E, dims)
    return store[key]


def render(trainer, record):
    space, dims, fixed, trail_words = options()
    words, vocab, timeline = trainer.vocab.words, trainer.vocab, trainer.timeline
    E = similarity.embeddings(trainer.model, space)
    pca = basis(space, dims, fixed, E)
    n, frame = len(timeline), None        # frame: a snapshot index, None = the weights now
    if n > 1:
        labels = {step: tr("emb.at_step", step=step) for step in timeline.steps}
        labels[NOW] = tr("emb.now")
        shown = st.select_slider(tr("emb.timeline"), options=[*timeline.steps, NOW],
                                 value=NOW, key="emb_frame", format_func=labels.get)
        frame = None if shown == NOW else timeline.steps.index(shown)
    if frame is not None:
        E = projection.snapshot_matrix(timeline, frame, space)
    coords = projection.project(pca, E)
    trail_ids = [vocab.id(w) for w in trail_words if w in vocab]
    trails = projection.trails(timeline, pca, trail_ids, space) if trail_ids else None
    if trails and frame is not None:   # scrubbed back: the trail ends at the frame shown
        trails = {k: v[:frame + 1] for k, v in trails.items()}
    highlight = [record.centre, *map(int, record.contexts)]
    chart(figures.embedding_figure(coords, words, lang(), highlight=highlight, trails=trails,
                                   explained=pca.explained, dims=dims), "emb_chart")


def tables(trainer):
    vocab, words = trainer.vocab, trainer.vocab.words
    space = st.session_state.get("emb_space", "W1")
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(f"##### {tr('emb.neighbours')}")
        query = st.selectbox(tr("emb.word"), words, key="emb_query")
        rows = similarity.neighbours(trainer.model, vocab, query, k=8, space=space)
        st.dataframe({tr("emb.word"): [w for w, _ in rows],
                      tr("emb.cosine"): np.round([c for _, c in rows], 3)},
                     hide_index=True, width="stretch")
        st.markdown(f"##### {tr('emb.analogy')}")
        a, b, c = st.columns(3)
        defaults = [w for w in ("king", "man", "woman") if w in vocab] or words[:3]
        picks = [col.selectbox(label, words, index=words.index(defaults[i % len(defaults)]),
                               key=f"emb_analogy_{i}")
                 for i, (col, label) in enumerate(zip((a, b, c), ("a", "− b", "+ c")))]
        result = similarity.analogy(trainer.model, vocab, *picks, k=5, space=space)
        st.dataframe({tr("emb.word"): [w for w, _ in result],
                      tr("emb.cosine"): np.round([s for _, s in result], 3)},
                     hide_index=True, width="stretch")
    with right:
        st.markdown(f"##### {tr('emb.similarity')}")
        shown = words[:MAX_SIMILARITY_WORDS]
        E = similarity.embeddings(trainer.model, space)[:len(shown)]
        chart(figures.similarity_figure(similarity.cosine_matrix(E), shown, lang()), "sim_chart")
    st.markdown(f"##### {tr('emb.export')}")
    cols = st.columns(4)
    E_all = lambda: similarity.embeddings(trainer.model, space)  # noqa: E731
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


live_page(render)
st.divider()
tables(get_trainer())
