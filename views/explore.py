"""The Explore page's Plotly figures, as plain figure dicts (no Plotly import here, no
Streamlit): every word of the vocabulary on its first two or three principal components
(WebGL in 2-D), coloured by frequency (log), by this step's words or by a typed word
list; a searched word and its nearest neighbours (cosine in all d dimensions) drawn on
top, labelled, with the axes zoomed to them; and the chart said in words for screen
readers. Words enter Plotly's hover and labels escaped (a corpus cannot inject markup).

The live view (``explore.js``) keeps a 2-D and a 3-D chart and updates them in place
(``Plotly.react``), so its ``message`` carries every word's point once (``points``) and
the two figures without them; ``assemble`` puts them together as the view does."""

from html import escape

import numpy as np

from views.i18n import t
from views.numfmt import COSINE  # labels, hovers, the list and the caption
from w2v_viz.explore import Layout

COLOURS = ("freq", "step", "list")
SPACE_KEYS = {"W1": "exp.space_W1", "W2T": "exp.space_W2T", "sum": "exp.space_sum"}
BASE_GREY = "#aab4bf"
STEP_COLOUR, LIST_COLOUR = "#d62728", "#7b3fb0"
QUERY_COLOUR, NEIGHBOUR_COLOUR = "#c25e00", "#1f6fb5"
MIN_ZOOM = 0.08          # a zoomed axis spans at least this share of the whole cloud
HEIGHT = 540
LABEL_FONT = {"color": "#111111", "size": 13}
POINT_KEYS = ("x", "y", "z", "text", "customdata", "hovertext")   # every word's, in ``points``
CONFIG = {"displaylogo": False, "scrollZoom": True, "responsive": True,
          "modeBarButtonsToRemove": ["select2d", "lasso2d"],
          "toImageButtonOptions": {"filename": "w2v-explore", "scale": 2}}


def hover_texts(words, counts, lay: Layout, lang: str) -> list:
    """Each point's three nearest neighbours (cosine) for its hover, words escaped."""
    del counts, lang         # the count and the labels come with the hover template
    # every word escaped once (not once per neighbour) and the cosines formatted by NumPy
    names = [escape(w, quote=False) for w in words]
    cos = np.char.mod(COSINE, lay.nn_cos[:, :3]).tolist()
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
    # a 3-D scene sets its axis titles at the axes' ends, where a long one is cut off
    key = "exp.axis" if dims == 2 else "exp.axis_short"
    return [t(key, lang, n=k + 1, share=f"{100 * lay.explained[k]:.1f}%") for k in range(dims)]


def _xyz(coords, dims: int, ids) -> dict:
    """The rows ``ids`` of ``coords`` as x, y (and z) lists."""
    ids = np.asarray(ids, dtype=np.int64)
    return dict(zip("xyz", (_short(coords[ids, k]) for k in range(dims))))


def _trace(coords, dims: int, ids, **style) -> dict:
    """A scatter of the rows ``ids`` of ``coords`` (WebGL in 2-D)."""
    return {"type": "scattergl" if dims == 2 else "scatter3d", **_xyz(coords, dims, ids), **style}


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
    second time."""
    bottom = 125 if colour_bar else 55 if dims == 2 else 10    # the x axis's title, the bar
    return {"l": 70 if dims == 2 else 10, "r": 10, "t": 30, "b": bottom, "autoexpand": False}


def points(words, counts, lay: Layout, lang: str, hover: list | None = None,
           colour: str = "freq") -> dict:
    """Every word's point (three coordinates), its hover and, coloured by frequency, its
    colour (log10 of its count): what the 2-D and the 3-D figure share."""
    hover = hover_texts(words, counts, lay, lang) if hover is None else hover
    everyone = np.arange(len(words))
    out = {**_xyz(lay.coords, 3, everyone), **_hover(words, counts, hover, everyone, lang)}
    del out["hovertemplate"]
    if colour == "freq":
        out["color"] = np.round(np.log10(np.maximum(counts, 1)), 3).tolist()
    return out


def assemble(fig: dict, pts: dict) -> dict:
    """A figure of ``figure`` with every word's point of ``points`` in its first trace
    (what ``explore.js`` draws; the page's fallback and the tests use it)."""
    base = dict(fig["data"][0])
    base.update({k: pts[k] for k in POINT_KEYS if k in pts and (k != "z" or "3d" in base["type"])})
    if "color" in pts:
        base["marker"] = {**base["marker"], "color": pts["color"]}
    return {"data": [base, *fig["data"][1:]], "layout": fig["layout"]}


def figure(words, counts, lay: Layout, lang: str, *, dims: int = 2, colour: str = "freq",
           step_ids=(), list_ids=(), query: int | None = None, neighbours=(),
           hover: list | None = None, revision: str = "", data_revision: str = "") -> dict:
    """The figure: all words (their points left out: ``points``, ``assemble``), then the
    coloured words, and the search on top as labels. ``neighbours``: [(id, cosine)] of
    ``query``; ``hover``: ``hover_texts`` (cached). ``revision``: what keeps the
    visitor's zoom (Plotly's uirevision); ``data_revision``: what changes the points
    (Plotly's datarevision: the same one tells Plotly.react the 5,000 points are as
    before, so a search redraws the labels and the ranges, not the points)."""
    coords = lay.coords
    V = len(words)
    hover = hover_texts(words, counts, lay, lang) if hover is None else hover
    size = 4 if V > 1000 else 6
    base_marker = {"size": size if dims == 2 else size - 1, "color": BASE_GREY, "opacity": 0.75}
    if colour == "freq":     # the colours themselves come with the points
        del base_marker["color"]
        base_marker.update(colorscale="Viridis", showscale=True,
                           # under the plot (in the bottom margin, ``_margin``): on a phone a
                           # bar beside it takes a third of the width
                           colorbar={"title": {"text": t("exp.colour_freq_bar", lang),
                                               "side": "top"}, "orientation": "h",
                                     "y": -0.16, "yanchor": "top", "thickness": 10,
                                     "len": 0.5, "x": 0.5})
    data = [{"type": "scattergl" if dims == 2 else "scatter3d", "mode": "markers",
             "name": t("exp.all_words", lang, V=f"{V:,}"), "marker": base_marker,
             "hovertemplate": hover_template(lang)}]
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
        notes = [_label(coords, dims, int(i), f"{escape(words[int(i)], quote=False)} {COSINE % c}",
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


def message(words, counts, lay: Layout, lang: str, *, dims: int, pts: dict, rev: str,
            alt: str, plotly: str, **figure_args) -> dict:
    """The live view's message: every word's point (``pts`` of ``points``, named by
    ``rev``: the view keeps the arrays it has while ``rev`` is the same), the 2-D and the
    3-D figure (``figure_args`` as ``figure``'s), which one is shown, the chart in words
    and plotly.js's URL (from the installed package, ``ui/live_view.plotly_js``)."""
    return {"plotly": plotly, "dims": dims, "alt": alt, "config": CONFIG, "rev": rev,
            "points": pts, "figures": {str(n): figure(words, counts, lay, lang, dims=n,
                                                      **figure_args) for n in (2, 3)}}


def describe(words, lay: Layout, lang: str, *, dims: int, space: str, shown_step: int,
             query: int | None = None, neighbours=()) -> str:
    """The chart in words (its text alternative)."""
    share = float(np.sum(lay.explained[:dims]))
    text = t("exp.alt", lang, V=f"{len(words):,}", dims=dims,
             space=t(SPACE_KEYS[space], lang), step=f"{shown_step:,}", share=f"{100 * share:.0f}%")
    if query is not None:
        near = ", ".join(f"{words[i]} {COSINE % c}" for i, c in neighbours)
        text += " " + t("exp.alt_search", lang, word=words[query], k=len(neighbours), near=near)
    return text


def word_list(text: str, vocab) -> tuple:
    """The words of a typed list (split on commas, spaces, 、 and ，) found in the
    vocabulary, and those not found."""
    parts = [p for p in text.replace("，", ",").replace("、", ",").replace(",", " ").split() if p]
    found = list(dict.fromkeys(p for p in parts if p in vocab))
    missing = list(dict.fromkeys(p for p in parts if p not in vocab))
    return [vocab.id(w) for w in found], missing
