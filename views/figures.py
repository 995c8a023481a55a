"""Plotly figures of the training state: pure functions ``data -> go.Figure``.

Made for a projector: base font 16, short titles, tight margins, ``plotly_white``, a
constant ``uirevision`` (a user's zoom survives Streamlit reruns). Every visible string comes
from the i18n table; every vocabulary word is HTML-escaped before it reaches Plotly text,
tick labels or hover text (Plotly renders a subset of HTML, and corpora are user input).
Payloads stay small: bars and heatmap rows are capped by the callers' ``max_*`` arguments
or by ``window_rows``; floats are rounded to what the eye (and the hover) can resolve, and
the big arrays (heatmap cells, scatter coordinates) go out as float32 (Plotly sends numpy
arrays as base64 typed arrays, so it is the dtype, not the rounding, that sets their size).

Speed: the live pages rebuild their figures on every Step, so each figure is made in one
``go.Figure(data=[...], layout={...})`` call from plain dicts. Plotly validates (and copies)
the whole figure on every ``update_layout``/``update_xaxes``/``add_annotation``/
``add_shape`` call and ``make_subplots`` builds a validated layout of its own; building the
dicts first and validating once is several times faster and sends the same JSON. Subplot
grids are laid out here with the same domain arithmetic as ``make_subplots``.
"""

import html

import numpy as np
import plotly.graph_objects as go

from w2v_viz.model import softmax

from . import numfmt
from .i18n import t
from .theory import EXAMPLE_SCORES  # the notes' example: King -> Queen 3.0, Dog 1.0, Apple -1.0

FONT_SIZE = 16
TITLE_SIZE = 20
UIREVISION = "w2v-viz"
# plotly_white's look in a small template built once: applying the full "plotly_white"
# deep-copies and validates every trace type's defaults, ~6 ms per figure on every rerun.
_GRID = {"gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "zerolinecolor": "#EBF0F8",
         "zerolinewidth": 2, "ticks": ""}
TEMPLATE = go.layout.Template(layout={
    "paper_bgcolor": "white", "plot_bgcolor": "white",
    "font": {"color": "#31333f", "family": '"Source Sans", "Source Sans Pro", sans-serif'},
    "xaxis": {**_GRID, "automargin": True}, "yaxis": {**_GRID, "automargin": True},
    "hovermode": "closest",
    "colorway": ["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3"],
})

BASE_COLOUR = "#4C78A8"        # ordinary words / bars
TARGET_COLOUR = "#F58518"      # the word(s) to predict, highlighted words, positives
NEGATIVE_COLOUR = "#4C78A8"    # sampled negatives (negative sampling)
FAINT_COLOUR = "#9ECAE9"       # raw per-step loss
MUTED_COLOUR = "#777777"
DIVERGING = "RdBu"             # reversed: red positive, blue negative, white 0

MAX_LABEL_CHARS = 24


# ----- helpers --------------------------------------------------------------------------
def esc(word, max_chars: int = MAX_LABEL_CHARS) -> str:
    """A word made safe for Plotly text: shortened to ``max_chars`` and HTML-escaped.

    Quotes are left alone: Plotly does not decode ``&quot;`` (it would show literally) and
    they cannot start a tag once ``<`` is escaped."""
    word = str(word)
    if len(word) > max_chars:
        word = word[: max_chars - 1] + "…"
    return html.escape(word, quote=False)


def _fmt(v: float) -> str:
    """A short number for bar labels: 2 decimals, 3 under 0.1, scientific when tiny or huge."""
    return numfmt.fmt(v, sig=1 if abs(v) < 0.001 else 4, decimals=3 if abs(v) < 0.1 else 2)


def _layout(title: str, height: int, subtitle: str | None = None, legend: bool = False,
            margin: dict | None = None) -> dict:
    """The common layout as a dict: template, fonts, title (and subtitle), margins."""
    top = 92 if subtitle else 56
    m = {"l": 60, "r": 20, "t": top, "b": 50}
    m.update(margin or {})
    title_spec = {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": TITLE_SIZE}}
    if subtitle:
        title_spec["subtitle"] = {"text": subtitle, "font": {"size": FONT_SIZE - 2,
                                                             "color": MUTED_COLOUR}}
    layout = {"template": TEMPLATE, "font": {"size": FONT_SIZE}, "title": title_spec,
              "height": height, "margin": m, "showlegend": legend, "uirevision": UIREVISION,
              "hoverlabel": {"font": {"size": FONT_SIZE}}}
    if legend:
        layout["legend"] = {"orientation": "h", "yanchor": "bottom", "y": 1.0,
                            "xanchor": "right", "x": 1.0, "bgcolor": "rgba(0,0,0,0)"}
    return layout


def _figure(data: list, layout: dict) -> go.Figure:
    """The one place a figure is made: validated once, as a whole."""
    return go.Figure(data=data, layout=layout)


def _empty(title: str, hint: str, height: int = 320) -> go.Figure:
    layout = _layout(title, height)
    layout["annotations"] = [{"text": hint, "showarrow": False, "xref": "paper",
                              "yref": "paper", "x": 0.5, "y": 0.5,
                              "font": {"size": FONT_SIZE + 2, "color": MUTED_COLOUR}}]
    layout["xaxis"] = {"visible": False}
    layout["yaxis"] = {"visible": False}
    return _figure([], layout)


def _grid_domains(n: int, spacing: float) -> list:
    """Domains of ``n`` equal cells separated by ``spacing``, from 0 up (left or bottom
    first), computed as ``make_subplots`` does."""
    size = (1.0 - spacing * (n - 1)) / n
    sizes = [size] * n
    out = []
    for i in range(n):
        start = sum(sizes[:i]) + i * spacing
        out.append([min(1.0, max(0.0, start)), min(1.0, max(0.0, start + size))])
    return out


def _axis_id(i: int) -> str:
    """'' for the first subplot, then '2', '3', ... (xaxis, xaxis2, ...; x, x2, ...)."""
    return "" if i == 1 else str(i)


def _subplot_title(text: str, x: float, y: float, xanchor: str = "center") -> dict:
    """A panel title above its subplot (as ``make_subplots``' subplot_titles), muted."""
    return {"text": text, "xref": "paper", "yref": "paper", "x": x, "y": y,
            "xanchor": xanchor, "yanchor": "bottom", "showarrow": False,
            "font": {"size": FONT_SIZE, "color": MUTED_COLOUR}}


def _word_axis(labels: list, angle_over: int = 8) -> dict:
    """Axis settings that put escaped words at positions 0..n-1."""
    return {"tickmode": "array", "tickvals": list(range(len(labels))), "ticktext": labels,
            "tickangle": -45 if len(labels) > angle_over else 0, "showgrid": False}


# ----- softmax sandbox -------------------------------------------------------------------
def sandbox_figure(labels=None, logits=None, lang: str = "en") -> go.Figure:
    """The notes' worked example side by side: logits x, eˣ, softmax(x) = eˣ / Σ eˣ, each bar
    labelled with its value. Defaults to King -> Queen 3.0, Dog 1.0, Apple -1.0. When eˣ
    would overflow, the middle panel shows e^(x - max x) (softmax is unchanged)."""
    if labels is None or logits is None:
        labels, logits = zip(*EXAMPLE_SCORES)
    x = np.asarray(logits, dtype=np.float64).ravel()
    names = [esc(w) for w in labels][: len(x)]
    if not len(x):
        return _empty(t("fig.sandbox.title", lang), t("fig.empty", lang))
    shifted = x.max() > 80 or not np.all(np.isfinite(np.exp(np.minimum(x, 700))))
    ex = np.exp(x - x.max()) if shifted else np.exp(x)
    p = softmax(x)
    titles = (t("fig.sandbox.logits", lang),
              t("fig.sandbox.exp_shifted" if shifted else "fig.sandbox.exp", lang),
              t("fig.sandbox.softmax", lang))
    lo, hi = min(0.0, float(x.min())), max(0.0, float(x.max()))
    pad = 0.2 * (hi - lo or 1.0)
    y_ranges = ([lo - (pad if lo < 0 else 0), hi + pad], [0, float(ex.max()) * 1.2 or 1.0],
                [0, 1.15])
    layout = _layout(t("fig.sandbox.title", lang), 380,
                     subtitle=t("fig.sandbox.sum", lang, value=_fmt(ex.sum())),
                     margin={"b": 80 if len(x) > 5 else 50})
    pos = np.arange(len(x))
    colours = [TARGET_COLOUR if i == int(np.argmax(x)) else BASE_COLOUR for i in pos]
    data, annotations = [], []
    for col, (values, x_domain) in enumerate(zip((x, ex, p), _grid_domains(3, 0.08)), start=1):
        a = _axis_id(col)
        data.append({"type": "bar", "x": pos, "y": values, "text": [_fmt(v) for v in values],
                     "textposition": "outside", "cliponaxis": False,
                     "marker": {"color": colours}, "constraintext": "none", "hovertext": names,
                     "hovertemplate": "%{hovertext}: %{y:.4g}<extra></extra>",
                     "xaxis": f"x{a}", "yaxis": f"y{a}"})
        layout[f"xaxis{a}"] = {"anchor": f"y{a}", "domain": x_domain,
                               **_word_axis(names, angle_over=5)}
        layout[f"yaxis{a}"] = {"anchor": f"x{a}", "domain": [0.0, 1.0],
                               "range": y_ranges[col - 1]}
        if titles[col - 1]:
            annotations.append(_subplot_title(titles[col - 1], sum(x_domain) / 2.0, 1.0))
    layout["annotations"] = annotations
    return _figure(data, layout)
