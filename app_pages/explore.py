"""Explore: every word of the vocabulary, drawn with Plotly (zoom, pan, PNG in the chart's
toolbar), in 2-D or 3-D (PCA by scikit-learn), with search: a word and its nearest
neighbours (cosine in all d dimensions, the engine's ``similarity.neighbours``)
highlighted, labelled and zoomed to, and listed beside the chart.

The chart is a live view (``views/explore.py`` + ``explore.js``) that updates Plotly's
charts in place; where plotly.js cannot be served as a static file it is a
``st.plotly_chart`` of the same figure (redrawn whole on each change).

The chart shows the model at one step: it is drawn on a full run of the page, when the
visitor asks (Redraw, or any option), and after a Step when the run is idle; never on a
Play or Epoch refresh (those rerun only the live fragment, which would otherwise re-send
5,000 points twenty times a second). Its options live in their own fragment, so a search
reruns that fragment alone. The layout (PCA, every word's three neighbours) is computed
once per model state, space and snapshot, and kept in the page's view cache."""

import time

import plotly.graph_objects as go
import streamlit as st

from ui.live import live_page, running
from ui.live_view import plotly_js, register
from ui.session import view_cache
from ui.state import current_record, get_trainer, lang, tr
from views import explore
from views.embeddings import step_ids
from w2v_viz import explore as engine
from w2v_viz.similarity import neighbours

NOW = -1                  # the timeline's last stop: the weights now
K_MAX = 30
_chart = register("explore")


def follow_steps(trainer, record) -> None:
    """In the live fragment: after a Step (the run idle) the chart redraws (the whole
    page reruns); a Play or Epoch refresh leaves it as it is."""
    cache = view_cache("explore")
    drawn = cache.get("drawn")
    if (running() is None and drawn is not None and cache.get("frame", NOW) == NOW
            and drawn != (id(trainer), trainer.step_count)):
        st.rerun()


def layout_for(trainer, space: str, frame: int):
    """The PCA and neighbours of the model now or of timeline snapshot ``frame`` (cached)."""
    cache = view_cache("explore")
    step = trainer.step_count if frame == NOW else trainer.timeline.steps[frame]
    key = (id(trainer), id(trainer.model), step, space)
    if cache.get("key") != key:
        if frame == NOW:
            E = engine.space_vectors(trainer.model.W1, trainer.model.W2, space)
        else:
            tl = trainer.timeline
            E = engine.space_vectors(tl.W1[frame], tl.W2[frame], space)
        cache.update(key=key, layout=engine.layout(E), hover={}, points=(None, None), E=E,
                     version=time.perf_counter_ns())     # the points' revision in Plotly
    return cache["layout"], cache["E"], step


def _search(word: str) -> None:
    st.session_state["exp_query"] = word


def options(trainer):
    state = st.session_state
    cols = st.columns([2, 1, 1.4, 1.6, 1.6], gap="small", vertical_alignment="bottom")
    query = cols[0].text_input(tr("exp.search"), key="exp_query", placeholder=tr("exp.search_hint"),
                               help=tr("exp.search_help")).strip()
    k = cols[1].number_input(tr("exp.k"), 1, K_MAX, 10, key="exp_k")
    dims = cols[2].segmented_control(tr("exp.dims"), [2, 3], default=2, key="exp_dims",
                                     format_func={n: tr(f"exp.dims_{n}") for n in (2, 3)}.get,
                                     selection_mode="single") or 2
    space = cols[3].selectbox(tr("exp.space"), list(explore.SPACE_KEYS), key="exp_space",
                              format_func={s: tr(k) for s, k in explore.SPACE_KEYS.items()}.get)
    colour = cols[4].selectbox(tr("exp.colour"), explore.COLOURS, key="exp_colour",
                               format_func={c: tr(f"exp.colour_{c}") for c in explore.COLOURS}.get)
    cols = st.columns([1, 1], gap="small")
    frame = NOW
    timeline = trainer.timeline
    if len(timeline) > 1:
        labels = {s: tr("emb.at_step", step=f"{s:,}") for s in timeline.steps}
        labels[NOW] = tr("emb.now")
        if state.get("exp_frame", NOW) not in labels:
            state["exp_frame"] = NOW
        shown = cols[1].select_slider(
            tr("exp.at"), options=[*timeline.steps, NOW], value=NOW, key="exp_frame",
            format_func=labels.get)
        frame = NOW if shown == NOW else timeline.steps.index(shown)
    listed = ""
    if colour == "list":
        listed = cols[0].text_input(tr("exp.list"), key="exp_list",
                                    placeholder=tr("exp.list_hint"))
    return query, int(k), int(dims), space, colour, listed, frame


def neighbour_list(vocab, query_id, found) -> None:
    st.markdown(f"#### {tr('exp.nb_title', word=vocab.words[query_id])}")
    st.caption(tr("exp.nb_help"))
    for n, (word, cos) in enumerate(found):
        st.button(f"{n + 1}. {word} · {explore.COSINE % cos}", key=f"exp_nb_{n}", on_click=_search,
                  args=(word,), width="stretch")


@st.fragment
def explore_section():
    trainer = get_trainer()
    vocab = trainer.vocab
    query, k, dims, space, colour, listed, frame = options(trainer)
    lay, E, shown_step = layout_for(trainer, space, frame)
    cache = view_cache("explore")
    cache["frame"] = frame
    cache["drawn"] = (id(trainer), trainer.step_count)
    hover = cache["hover"].get(lang())
    if hover is None:
        hover = cache["hover"][lang()] = explore.hover_texts(vocab.words, vocab.counts, lay, lang())

    query_id, found = None, []
    if query:
        word = query if query in vocab else query.lower() if query.lower() in vocab else None
        if word is None:
            st.warning(tr("exp.unknown", word=query))
        else:
            query_id = vocab.id(word)
            found = neighbours(E, vocab, word, k)       # cosine in all d dimensions
    list_ids, missing = explore.word_list(listed, vocab) if colour == "list" else ([], [])
    if missing:
        st.caption(tr("exp.list_missing", words=", ".join(missing[:10])))
    pairs = [(vocab.id(w), c) for w, c in found]
    rev = f"{cache['version']}|{colour}"
    if cache["points"][0] != (rev, lang()):        # the last points only: memory per visitor
        cache["points"] = ((rev, lang()), explore.points(vocab.words, vocab.counts, lay, lang(),
                                                         hover, colour))
    pts = cache["points"][1]
    shape = dict(colour=colour, step_ids=step_ids(current_record(trainer)), list_ids=list_ids,
                 query=query_id, neighbours=pairs, hover=hover,
                 revision=f"{space}|{query_id}|{frame}|{shown_step}",   # each chart's zoom
                 data_revision=f"{rev}|{list_ids}|{lang()}")
    alt = explore.describe(vocab.words, lay, lang(), dims=dims, space=space,
                           shown_step=shown_step, query=query_id, neighbours=pairs)
    chart, side = st.columns([3, 1.1], gap="medium")
    with chart:
        url = plotly_js()
        if url is not None:
            _chart(data=explore.message(vocab.words, vocab.counts, lay, lang(), dims=dims,
                                        pts=pts, rev=rev, alt=alt, plotly=url, **shape),
                   key="exp_chart")
        else:   # no static files: Streamlit's chart (Plotly's validation of 5,000 points skipped)
            fig = explore.figure(vocab.words, vocab.counts, lay, lang(), dims=dims, **shape)
            st.plotly_chart(go.Figure(explore.assemble(fig, pts), _validate=False),
                            key="exp_chart", config=explore.CONFIG, alt=alt, width="stretch")
        st.caption(alt)
    with side:
        if query_id is not None:
            neighbour_list(vocab, query_id, found)
        else:
            st.caption(tr("exp.nb_empty"))
        st.button(tr("exp.redraw"), key="exp_redraw", help=tr("exp.redraw_help"))


if get_trainer() is not None:    # this full run draws the chart at this step: no rerun for it
    view_cache("explore")["drawn"] = (id(get_trainer()), get_trainer().step_count)
live_page(follow_steps, scripts=[url] if (url := plotly_js()) else [])
st.markdown(f"### {tr('exp.title')}")
explore_section()
