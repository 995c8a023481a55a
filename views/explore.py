"""The Explore page's Plotly figure, as a plain figure dict (no Plotly import here, no
Streamlit): every word of the vocabulary on its first two or three principal components
(WebGL in 2-D), coloured by frequency (log), by this step's words or by a typed word
list; a searched word and its nearest neighbours (cosine in all d dimensions) drawn on
top, labelled, with the axes zoomed to them; and the chart said in words for screen
readers. Words enter Plotly's hover and labels escaped (a corpus cannot inject markup)."""

from html import escape

import numpy as np

from views.i18n import t
from views.numfmt import fmt
from w2v_viz.explore import Layout

COLOURS = ("freq", "step", "list")
SPACE_KEYS = {"W1": "exp.space_W1", "W2T": "exp.space_W2T", "sum": "exp.space_sum"}
BASE_GREY = "#aab4bf"
STEP_COLOUR, LIST_COLOUR = "#d62728", "#7b3fb0"
QUERY_COLOUR, NEIGHBOUR_COLOUR = "#c25e00", "#1f6fb5"
MIN_ZOOM = 0.08          # a zoomed axis spans at least this share of the whole cloud
HEIGHT = 540
LABEL_FONT = {"color": "#111111", "size": 13}


def hover_texts(words, counts, lay: Layout, lang: str) -> list:
    """Each point's three nearest neighbours (cosine) for its hover, words escaped."""
    del counts, lang         # the count and the labels come with the hover template
    # every word escaped once (not once per neighbour) and the cosines formatted by NumPy
    names = [escape(w, quote=False) for w in words]
    cos = np.char.mod("%.2f", lay.nn_cos[:, :3]).tolist()
    return [", ".join(f"{names[j]} {c}" for j, c in zip(ids, row))
            for ids, row in zip(lay.nn_ids[:, :3].tolist(), cos)]


def hover_template(lang: str) -> str:
    """The word (text), its count (customdata) and its nearest words (hovertext)."""
    return (f"<b>%{{text}}</b><br>{t('exp.hover_count', lang)}: %{{customdata:,}}"
            f"<br>{t('exp.hover_near', lang)}: %{{hovertext}}<extra></extra>")


def _hover(words, counts, hover, ids, lang: str) -> dict:
    """The hover of the points ``ids``: flat lists (cheap for Plotly to copy and send)."""
    return {"text": [escape(words[i], quote=False) for i in ids],
            "customdata": [int(counts[i]) for i in ids],
            "hovertext": [hover[i] for i in ids], "hovertemplate": hover_template(lang)}


def _axis_titles(lay: Layout, lang: str, dims: int) -> list:
    return [t("exp.axis", lang, n=k + 1, share=f"{100 * lay.explained[k]:.1f}%")
            for k in range(dims)]


def _trace(coords, dims: int, ids, **style) -> dict:
    """A scatter of the rows ``ids`` of ``coords`` (WebGL in 2-D), as plain lists."""
    ids = np.asarray(ids, dtype=np.int64)
    xyz = dict(zip("xyz", (_short(coords[ids, k]) for k in range(dims))))
    return {"type": "scattergl" if dims == 2 else "scatter3d", **xyz, **style}


def _short(a) -> list:
    """Six significant digits of the largest value (what a screen resolves), as a list."""
    a = np.asarray(a, dtype=np.float64)
    top = float(np.abs(a).max()) if a.size else 0.0
    digits = 5 - int(np.floor(np.log10(top))) if top > 0 and np.isfinite(top) else 6
    return np.round(a, max(0, min(12, digits))).tolist()


def _label(coords, dims: int, i: int, text: str, colour: str, ay: int) -> dict:
    """A label with an arrow to point ``i`` (a layout annotation, 2-D or 3-D)."""
    at = dict(zip("xyz", (float(coords[i, k]) for k in range(dims))))
    return {**at, "text": text, "showarrow": True, "arrowhead": 0, "arrowcolor": colour,
            "arrowwidth": 1.5, "ax": 0, "ay": ay, "font": LABEL_FONT, "bgcolor": "#ffffff",
            "bordercolor": colour, "borderwidth": 1.5, "borderpad": 2, "opacity": 0.95}


def zoom(coords, ids, dims: int) -> list | None:
    """Axis ranges around the rows ``ids`` (padded, at least MIN_ZOOM of the cloud)."""
    if len(ids) == 0:
        return None
    sel = coords[np.asarray(ids, dtype=np.int64), :dims]
    full = coords[:, :dims].max(axis=0) - coords[:, :dims].min(axis=0)
    lo, hi = sel.min(axis=0), sel.max(axis=0)
    half = np.maximum((hi - lo) * 0.65, MIN_ZOOM * np.maximum(full, 1e-9)) / 2
    mid = (lo + hi) / 2
    pad = np.maximum(half, (hi - lo) / 2 * 1.25)
    return [[float(mid[k] - pad[k]), float(mid[k] + pad[k])] for k in range(dims)]


def _margin(dims: int, colour_bar: bool) -> dict:
    """Fixed margins that hold the axes' titles, the legend and the colour bar. Not
    Plotly's automatic margins (axis ``automargin``, on in Streamlit's theme, and a colour
    bar or legend pushing ``autoexpand``): when they move the plot, Plotly draws it all a
    second time, and every search or switch draws a new chart (Streamlit remounts it)."""
    bottom = 125 if colour_bar else 55 if dims == 2 else 10    # the x axis's title, the bar
    return {"l": 70 if dims == 2 else 10, "r": 10, "t": 30, "b": bottom, "autoexpand": False}


def figure(words, counts, lay: Layout, lang: str, *, dims: int = 2, colour: str = "freq",
           step_ids=(), list_ids=(), query: int | None = None, neighbours=(),
           hover: list | None = None, revision: str = "", data_revision: str = "") -> dict:
    """The figure: all words, then the coloured words, and the search on top as labels.
    ``neighbours``: [(id, cosine)] of ``query``; ``hover``: ``hover_texts`` (cached).
    ``revision``: what keeps the visitor's zoom (Plotly's uirevision); ``data_revision``:
    what changes the points (Plotly's datarevision). Both matter only to a chart updated
    in place, and Streamlit (1.67) never updates one: the element's id hashes the figure,
    so a search, a switch or a redraw mounts a new chart and Plotly draws all V points
    again in a new WebGL context. A draw costs what this figure asks of it (``_margin``)."""
    coords = lay.coords
    V = len(words)
    hover = hover_texts(words, counts, lay, lang) if hover is None else hover
    everyone = np.arange(V)
    size = 4 if V > 1000 else 6
    base_marker = {"size": size if dims == 2 else size - 1, "color": BASE_GREY, "opacity": 0.75}
    if colour == "freq":
        base_marker.update(color=np.round(np.log10(np.maximum(counts, 1)), 3).tolist(),
                           colorscale="Viridis", showscale=True,
                           # under the plot (in the bottom margin, ``_margin``): on a phone a
                           # bar beside it takes a third of the width
                           colorbar={"title": {"text": t("exp.colour_freq_bar", lang),
                                               "side": "top"}, "orientation": "h",
                                     "y": -0.16, "yanchor": "top", "thickness": 10,
                                     "len": 0.5, "x": 0.5})
    data = [_trace(coords, dims, everyone, mode="markers",
                   name=t("exp.all_words", lang, V=f"{V:,}"), marker=base_marker,
                   **_hover(words, counts, hover, everyone, lang))]
    extra = {"step": (step_ids, STEP_COLOUR, "exp.legend_step"),
             "list": (list_ids, LIST_COLOUR, "exp.legend_list")}.get(colour)
    if extra and len(extra[0]):
        ids = list(extra[0])
        data.append(_trace(coords, dims, ids, mode="markers+text", name=t(extra[2], lang),
                           marker={"size": size + 4, "color": extra[1]},
                           textposition="top center", textfont=LABEL_FONT,
                           **_hover(words, counts, hover, ids, lang)))
    focus, notes = [], []
    if query is not None:     # labels with arrows: layout only, the points stay as sent
        focus = [query, *(int(i) for i, _ in neighbours)]
        # neighbours' labels alternately above and below their points, the word last (on top)
        notes = [_label(coords, dims, int(i), f"{escape(words[int(i)], quote=False)} {c:.2f}",
                        NEIGHBOUR_COLOUR, -26 if n % 2 == 0 else 26)
                 for n, (i, c) in enumerate(neighbours)]
        notes.append(_label(coords, dims, query, f"<b>{escape(words[query], quote=False)}</b>",
                            QUERY_COLOUR, -34))
    titles = _axis_titles(lay, lang, dims)
    ranges = zoom(coords, focus, dims)
    axes = [{"title": {"text": titles[k]}, "zeroline": False,
             **({"range": ranges[k], "autorange": False} if ranges else {})}
            for k in range(dims)]
    layout = {"height": HEIGHT, "margin": _margin(dims, colour == "freq"),
              "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
              "hovermode": "closest", "dragmode": "pan" if dims == 2 else "orbit",
              "uirevision": revision, "datarevision": data_revision}
    if dims == 2:
        layout["xaxis"] = {**axes[0], "automargin": False}
        layout["yaxis"] = {**axes[1], "automargin": False, "scaleanchor": "x", "scaleratio": 1}
        layout["annotations"] = notes
    else:
        layout["scene"] = {"xaxis": axes[0], "yaxis": axes[1], "zaxis": axes[2],
                           "aspectmode": "cube", "annotations": notes}
    return {"data": data, "layout": layout}


def describe(words, lay: Layout, lang: str, *, dims: int, space: str, shown_step: int,
             query: int | None = None, neighbours=()) -> str:
    """The chart in words (its text alternative)."""
    share = float(np.sum(lay.explained[:dims]))
    text = t("exp.alt", lang, V=f"{len(words):,}", dims=dims,
             space=t(SPACE_KEYS[space], lang), step=f"{shown_step:,}", share=f"{100 * share:.0f}%")
    if query is not None:
        near = ", ".join(f"{words[i]} {fmt(c, 3)}" for i, c in neighbours)
        text += " " + t("exp.alt_search", lang, word=words[query], k=len(neighbours), near=near)
    return text


def word_list(text: str, vocab) -> tuple:
    """The words of a typed list (split on commas, spaces, 、 and ，) found in the
    vocabulary, and those not found."""
    parts = [p for p in text.replace("，", ",").replace("、", ",").replace(",", " ").split() if p]
    found = list(dict.fromkeys(p for p in parts if p in vocab))
    missing = list(dict.fromkeys(p for p in parts if p not in vocab))
    return [vocab.id(w) for w in found], missing
