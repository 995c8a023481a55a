"""Plotly figures of the training state: pure functions ``data -> go.Figure`` (and one
``data -> dict``: ``loss_chart``, the live loss curve the Train page's browser component
draws itself, see its docstring).

Made for a projector: base font 16, short titles, tight margins, ``plotly_white``, a
constant ``uirevision`` (a user's zoom survives Streamlit reruns). Every visible string comes
from the i18n table; every vocabulary word is HTML-escaped before it reaches Plotly text,
tick labels or hover text (Plotly renders a subset of HTML, and corpora are user input).
Payloads stay small: bars and heatmap rows are capped by the callers' ``max_*`` arguments;
floats are rounded to what the eye (and the hover) can resolve, and
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
import math

import numpy as np
import plotly.graph_objects as go

from .i18n import t
from .model import softmax
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


def _esc_all(words, max_chars: int = MAX_LABEL_CHARS) -> list:
    """``[esc(w) for w in words]``, fast for a big vocabulary: words that are short and
    free of ``& < >`` come back unchanged, so one pass over the joined text settles the
    usual case."""
    strs = [w if type(w) is str else str(w) for w in words]
    joined = "".join(strs)
    if ("&" in joined or "<" in joined or ">" in joined
            or max(map(len, strs), default=0) > max_chars):
        return [esc(w, max_chars) for w in strs]
    return strs


def _unique_labels(labels) -> list:
    """Escaped labels, made distinct (category axes merge equal labels)."""
    out, seen = [], {}
    for w in labels:
        s = esc(w)
        n = seen.get(s, 0)
        seen[s] = n + 1
        out.append(s if n == 0 else f"{s} ({n + 1})")
    return out


def _round_rel(a, scale: float | None = None, digits: int = 4) -> np.ndarray:
    """Round to ``digits`` significant digits relative to ``scale`` (default max |a|)."""
    a = np.asarray(a, dtype=np.float64)
    if scale is None:
        finite = np.abs(a[np.isfinite(a)])
        scale = float(finite.max()) if finite.size else 0.0
    if not scale or not math.isfinite(scale):
        return a
    decimals = max(0, digits - 1 - math.floor(math.log10(scale)))
    return np.round(a, min(decimals, 12))


def _fmt(v: float) -> str:
    """A short number for bar labels: 2 decimals, 3 under 0.1, scientific when tiny."""
    v = float(v)
    if v != 0 and abs(v) < 0.001:
        return f"{v:.0e}"
    return f"{v:.3f}" if abs(v) < 0.1 else f"{v:.2f}"


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


def _ids(x) -> np.ndarray:
    return np.atleast_1d(np.asarray(x, dtype=np.int64)).ravel()


def _str_array(strings: list) -> np.ndarray:
    """A list of strings as a numpy array, sent as the same JSON list: Plotly validates a
    list element by element (~0.6 ms per 1000 strings) but an array whole, which saves
    ~4 ms per 5000-word trace even after serialising. Numpy would drop trailing NULs, so
    lists with such strings become object arrays (exact, a little slower)."""
    out = np.array(strings, dtype=str)
    if out.tolist() != strings:
        out = np.empty(len(strings), dtype=object)
        out[:] = strings
    return out


# ----- loss curve ------------------------------------------------------------------------
def nice_ticks(lo: float, hi: float, n: int = 5, log: bool = False) -> list:
    """Round tick values covering [lo, hi]: steps of 1, 2 or 5 x 10^k (about ``n`` ticks),
    or on a log axis spanning a decade or more 1, 2 and 5 x 10^k (only the powers of ten
    beyond two decades)."""
    if log and hi / lo >= 10:
        k0, k1 = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
        mults = (1,) if hi / lo > 100 else (1, 2, 5)
        ticks = [m * 10.0 ** k for k in range(k0, k1 + 1) for m in mults]
        return [float(f"{v:.12g}") for v in ticks if lo <= v <= hi]
    raw = (hi - lo) / max(n, 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step - 1e-9)
    ticks = [(first + i) * step for i in range(int((hi - lo) / step + 1e-9) + 1)]
    return [float(f"{v:.12g}") for v in ticks if v <= hi + 1e-9 * step]


def _tick_label(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}"


def loss_chart(history, lang: str = "en", log_scale: bool = False, ma_steps: int = 50,
               max_points: int = 800) -> dict:
    """The live loss chart as plain data for the browser (``ui/components/train_view.js``
    draws it as SVG): loss per step (bucket means once long), its moving average, the
    epoch means, and the axes (ranges, round ticks, titles), all strings translated.

    Not a Plotly figure: the Train page redraws it on every Step, and re-rendering a Plotly
    figure costs ~20 ms of browser time per Step, most of the budget of an instant Step
    (``benchmarks/browser_latency.py``); the browser only scales these numbers to pixels.
    At most ``max_points`` points per line (about one per pixel of the chart's width)."""
    chart = {"title": t("fig.loss.title", lang), "log": bool(log_scale),
             "xtitle": t("fig.loss.step", lang), "ytitle": t("fig.loss.axis", lang)}
    if history is None or len(history.counts) == 0:
        return {**chart, "empty": t("fig.loss.empty", lang)}
    x, y = history.series()
    ma = np.asarray(history.moving_average(ma_steps), dtype=np.float64)
    k = max(1, math.ceil(len(x) / max_points))
    if k > 1:       # merge k buckets: their step-weighted mean loss
        sums = np.asarray(history.sums, dtype=np.float64)
        counts = np.asarray(history.counts, dtype=np.int64)
        starts = np.arange(0, len(x), k)
        ends = np.minimum(starts + k, len(x)) - 1
        x, ma = x[ends], ma[ends]
        y = np.add.reduceat(sums, starts) / np.maximum(np.add.reduceat(counts, starts), 1)
    width = int(history.width) * k
    ex = np.asarray(history.epoch_end_steps, dtype=np.int64)
    ey = np.asarray(history.epoch_means, dtype=np.float64)[: len(ex)]
    floor = 1e-12 if log_scale else -np.inf
    y, ma, ey = (np.maximum(_round_rel(a), floor) for a in (y, ma, ey))

    # Axis ranges snap to round numbers, so that most Steps leave the axes as they were
    # and the browser redraws only the lines.
    values = np.concatenate([y, ma, ey])
    values = values[np.isfinite(values)]
    if x[-1] <= 10:             # the first steps: an axis to 10 with a tick per step
        x_ticks = [float(v) for v in range(11)]
    else:
        spacing = nice_ticks(0.0, float(x[-1]), n=6)[1]
        x_ticks = nice_ticks(0.0, math.ceil(float(x[-1]) / spacing) * spacing, n=6)
    if log_scale and values.size:     # to quarter decades: 1, 1.78, 3.16, 5.62, 10, ...
        lo = 10.0 ** (math.floor(4 * math.log10(float(values.min()))) / 4)
        hi = max(10.0 ** (math.ceil(4 * math.log10(float(values.max()))) / 4), lo * 10 ** 0.25)
        y_ticks = nice_ticks(lo, hi, log=True)
    else:
        top = float(values.max()) if values.size and values.max() > 0 else 1.0
        y_ticks = nice_ticks(0.0, top)
        lo, hi = 0.0, top * 1.05
    per_step = (t("fig.loss.per_step", lang) if width == 1
                else t("fig.loss.per_bucket", lang, width=width))
    return {**chart,
            "x": x.tolist(), "y": y.tolist(), "ma": ma.tolist(),
            "ex": ex.tolist(), "ey": ey.tolist(),
            "markers": len(x) <= 60,
            "names": [per_step, t("fig.loss.moving_avg", lang, steps=ma_steps),
                      t("fig.loss.epoch_mean", lang)],
            "colours": [FAINT_COLOUR, BASE_COLOUR, TARGET_COLOUR],
            "epoch_label": t("fig.loss.epoch_hover", lang),
            "xrange": [0.0, x_ticks[-1]], "yrange": [lo, hi],
            "xticks": [[v, _tick_label(v)] for v in x_ticks],
            "yticks": [[v, _tick_label(v)] for v in y_ticks]}


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


# ----- heatmaps (the similarity matrix) ---------------------------------------------------
def _highlight_labels(labels: list, highlight) -> list:
    marks = set(int(i) for i in highlight)
    return [f'<span style="color:{TARGET_COLOUR}"><b>{w}</b></span>' if i in marks else w
            for i, w in enumerate(labels)]


def _heatmap_parts(M, row_labels, col_labels, title: str, zmax: float | None = None,
                   highlight_rows=(), highlight_cols=(), show_values: bool | None = None,
                   height: int | None = None) -> tuple:
    """matrix_heatmap's (trace, layout) dicts, for callers that adjust them first."""
    M = np.atleast_2d(np.asarray(M, dtype=np.float64))
    R, C = M.shape
    if zmax is None or not math.isfinite(zmax) or zmax <= 0:
        finite = np.abs(M[np.isfinite(M)])
        zmax = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    zmax = float(zmax)
    rows, cols = _unique_labels(row_labels), _unique_labels(col_labels)
    if show_values is None:
        show_values = R * C <= 120
    trace = {"type": "heatmap", "z": _round_rel(M, zmax).astype(np.float32), "x": cols,
             "y": rows, "colorscale": DIVERGING, "reversescale": True,
             "zmin": -zmax, "zmax": zmax, "zmid": 0.0,
             "xgap": 1 if C <= 60 else 0, "ygap": 1 if R <= 60 else 0,
             "colorbar": {"thickness": 14, "len": 0.9, "tickfont": {"size": FONT_SIZE - 2}},
             "hovertemplate": "%{y} · %{x}: %{z:.4g}<extra></extra>"}
    if show_values:
        trace.update(texttemplate="%{z:.2f}", textfont={"size": FONT_SIZE - 2})
    if height is None:
        height = int(min(720, max(280, 110 + 24 * R)))
    layout = _layout(title, height, margin={"l": 10, "b": 40 if C <= 12 else 70})
    xaxis = {"type": "category", "showgrid": False, "side": "bottom",
             "tickangle": -45 if C > 12 and any(len(c) > 3 for c in cols) else 0,
             "automargin": True}
    yaxis = {"type": "category", "showgrid": False, "autorange": "reversed", "automargin": True}
    if len(highlight_rows):
        yaxis.update(tickmode="array", tickvals=rows,
                     ticktext=_highlight_labels(rows, highlight_rows))
    if len(highlight_cols) and C <= 60:
        xaxis.update(tickmode="array", tickvals=cols,
                     ticktext=_highlight_labels(cols, highlight_cols))
    layout["xaxis"], layout["yaxis"] = xaxis, yaxis
    frame = {"type": "rect", "line": {"color": TARGET_COLOUR, "width": 3},
             "fillcolor": "rgba(0,0,0,0)", "layer": "above"}
    shapes = [{**frame, "x0": -0.5, "x1": C - 0.5, "y0": r - 0.5, "y1": r + 0.5}
              for r in sorted(set(int(i) for i in highlight_rows))[:60]]
    shapes += [{**frame, "x0": c - 0.5, "x1": c + 0.5, "y0": -0.5, "y1": R - 0.5}
               for c in sorted(set(int(i) for i in highlight_cols))[:60]]
    if shapes:
        layout["shapes"] = shapes
    return trace, layout


def similarity_figure(S, words, lang: str = "en", max_words: int = 40,
                      highlight=()) -> go.Figure:
    """Cosine similarities (``similarity.cosine_matrix``) on a fixed [-1, 1] scale.

    ``S`` is n x n for ``words``; only the first ``max_words`` (the most frequent, when the
    words are in vocabulary order) are drawn. ``highlight``: positions to frame."""
    S = np.atleast_2d(np.asarray(S, dtype=np.float64))
    n = min(len(S), max_words)
    hl = [i for i in _ids(highlight) if 0 <= i < n] if len(np.atleast_1d(highlight)) else []
    trace, layout = _heatmap_parts(np.clip(S[:n, :n], -1, 1), list(words)[:n],
                                   list(words)[:n], t("fig.sim.title", lang), zmax=1.0,
                                   show_values=n <= 10, highlight_rows=hl, highlight_cols=hl,
                                   height=int(min(760, max(320, 120 + 22 * n))))
    if n < len(S):
        layout["title"]["subtitle"] = {"text": t("fig.sim.capped", lang, shown=n, V=len(S)),
                                       "font": {"size": FONT_SIZE - 2, "color": MUTED_COLOUR}}
        layout["margin"]["t"] = 92
    layout["xaxis"]["tickangle"] = -45 if n > 6 else 0
    return _figure([trace], layout)


# ----- embedding scatter -----------------------------------------------------------------
def embedding_figure(coords, words, lang: str = "en", highlight=(), trails=None,
                     explained=None, dims: int = 2, max_labels: int = 150,
                     title: str | None = None) -> go.Figure:
    """Words at their projected coordinates (``projection.project``), 2-D or 3-D.

    ``coords``: (V, >= dims); ``highlight``: word ids drawn orange and bold (centre,
    contexts); ``trails``: {word id (or word): (T, dims) coordinates} from
    ``projection.trails``, drawn as faint lines ending at the word's current point;
    ``explained``: explained-variance ratios for the axis titles. Labels are written for the
    ``max_labels`` most frequent words (lowest ids) and the highlighted ones; every point
    still shows its word on hover."""
    dims = 3 if dims == 3 else 2
    coords = np.asarray(coords, dtype=np.float64)
    title = title or t("fig.embed.title", lang)
    if coords.ndim != 2 or len(coords) == 0:
        return _empty(title, t("fig.empty", lang))
    if coords.shape[1] < dims:
        coords = np.pad(coords, ((0, 0), (0, dims - coords.shape[1])))
    V = len(coords)
    P = _round_rel(coords[:, :dims]).astype(np.float32)
    names = _esc_all(list(words)[:V])
    hl = np.zeros(V, dtype=bool)
    hl_ids = [i for i in _ids(highlight) if 0 <= i < V] if len(np.atleast_1d(highlight)) else []
    hl[hl_ids] = True
    base = np.flatnonzero(~hl)
    kind = "scatter3d" if dims == 3 else "scatter"
    marker_size = 5 if dims == 3 else 9

    def xyz(pts):
        return {k: pts[:, j] for j, k in enumerate("xyz"[:dims])}

    data = []
    if trails:
        index = None                    # word -> id, built if a trail is keyed by word
        segs = []
        for key, path in trails.items():
            if isinstance(key, (int, np.integer)):
                i = int(key)
            else:
                if index is None:
                    index = {w: i for i, w in enumerate(list(words)[:V])}
                i = index.get(key)
            if i is None or not 0 <= i < V:
                continue
            path = np.asarray(path, dtype=np.float64).reshape(-1, np.shape(path)[-1])[:, :dims]
            if path.shape[1] < dims:
                path = np.pad(path, ((0, 0), (0, dims - path.shape[1])))
            if not len(path) or not np.allclose(path[-1], coords[i, :dims]):
                path = np.vstack([path, coords[i, :dims]])
            segs.append(path)
            segs.append(np.full((1, dims), np.nan))
        if segs:
            line = _round_rel(np.vstack(segs[:-1]), scale=float(np.abs(P).max() or 1.0))
            line = line.astype(np.float32)
            data.append({"type": kind, **xyz(line), "mode": "lines+markers",
                         "line": {"color": TARGET_COLOUR, "width": 3 if dims == 2 else 4},
                         "marker": {"size": 4 if dims == 3 else 5, "color": TARGET_COLOUR},
                         "opacity": 0.45, "hoverinfo": "skip", "connectgaps": False,
                         "name": t("fig.embed.trail", lang)})
    hover = _str_array(names)[base]          # labels only on the most frequent words
    text = hover.copy()
    text[base >= max_labels] = ""
    data.append({"type": kind, **xyz(P[base]), "mode": "markers+text",
                 "text": text, "textposition": "top center", "hovertext": hover,
                 "hoverinfo": "text",
                 "textfont": {"size": FONT_SIZE - (2 if dims == 3 else 0)},
                 "marker": {"size": marker_size, "color": BASE_COLOUR, "opacity": 0.8}})
    if hl_ids:
        idx = np.array(sorted(set(hl_ids)))
        data.append({"type": kind, **xyz(P[idx]), "mode": "markers+text",
                     "text": [f"<b>{names[i]}</b>" for i in idx],
                     "hovertext": [names[i] for i in idx], "hoverinfo": "text",
                     "textposition": "top center",
                     "textfont": {"size": FONT_SIZE + 2, "color": TARGET_COLOUR},
                     "marker": {"size": marker_size + 5, "color": TARGET_COLOUR,
                                "line": {"color": "white", "width": 1}}})
    ratios = np.zeros(dims)
    if explained is not None:
        e = np.asarray(explained, dtype=np.float64).ravel()[:dims]
        ratios[: len(e)] = e
    axis_titles = [t("fig.embed.axis", lang, n=j + 1, pct=f"{100 * ratios[j]:.0f}")
                   if explained is not None else t("fig.embed.axis_plain", lang, n=j + 1)
                   for j in range(dims)]
    layout = _layout(title, 480 if dims == 2 else 560, margin={"l": 50, "b": 50})
    if dims == 3:
        layout["scene"] = {
            **{f"{a}axis": {**_GRID, "backgroundcolor": "white", "showbackground": True,
                            "tickfont": {"size": FONT_SIZE - 4},
                            "title": {"text": axis_titles[j], "font": {"size": FONT_SIZE - 2}}}
               for j, a in enumerate("xyz")},
            "aspectmode": "data", "uirevision": UIREVISION,
            "camera": {"eye": {"x": 1.15, "y": 1.15, "z": 0.75}}}
        layout["margin"].update(l=0, r=0, b=0)
    else:
        layout["xaxis"] = {"title": {"text": axis_titles[0]}, "zeroline": True,
                           "zerolinecolor": "#ccc"}
        layout["yaxis"] = {"title": {"text": axis_titles[1]}, "zeroline": True,
                           "zerolinecolor": "#ccc", "scaleanchor": "x", "scaleratio": 1}
    return _figure(data, layout)
