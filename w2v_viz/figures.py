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
import math

import numpy as np
import plotly.graph_objects as go

from . import numfmt
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
    """A short number for bar labels: 2 decimals, 3 under 0.1, scientific when tiny or huge."""
    return numfmt.fmt(v, sig=1 if abs(v) < 0.001 else 4, decimals=3 if abs(v) < 0.1 else 2)


def _percent(p: float) -> str:
    """A probability as a short percentage: 87%, 2.3%, 0.04%."""
    p = 100 * float(p)
    return f"{p:.0f}%" if p >= 10 else f"{p:.1f}%" if p >= 0.1 else f"{p:.2g}%"


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


def _corner_note(layout: dict, text: str) -> None:
    """A short orange note (the loss) at the top right, on the title's line."""
    layout.setdefault("annotations", []).append({
        "text": text, "xref": "paper", "yref": "paper", "x": 1.0, "y": 1.0,
        "xanchor": "right", "yanchor": "bottom", "yshift": layout["margin"]["t"] - 46,
        "showarrow": False, "font": {"size": FONT_SIZE + 2, "color": TARGET_COLOUR}})


def _hline(layout: dict, y: float, line: dict, annotation: dict | None = None) -> None:
    """A horizontal line across the plot at data height ``y`` (as ``fig.add_hline``), with
    an optional label above its right end."""
    layout.setdefault("shapes", []).append({
        "type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": y, "y1": y,
        "line": line})
    if annotation is not None:
        layout.setdefault("annotations", []).append({
            "xref": "x domain", "x": 1, "xanchor": "right", "yref": "y", "y": y,
            "yanchor": "bottom", "showarrow": False, **annotation})


def _swatch(colour: str, text: str) -> str:
    return f'<span style="color:{colour}"><b>■ {text}</b></span>'


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




# ----- full softmax ----------------------------------------------------------------------
def softmax_rows(z, targets, max_bars: int = 30) -> np.ndarray:
    """Word ids the softmax figure shows, sorted: all when V <= max_bars, else the
    ``max_bars`` most probable plus the targets."""
    z = np.asarray(z, dtype=np.float64).ravel()
    if len(z) <= max_bars:
        return np.arange(len(z))
    top = np.argsort(-z, kind="stable")[:max_bars]
    return np.union1d(top, _ids(targets))


def softmax_figure(words, out, lang: str = "en", top_k: int = 5,
                   max_bars: int = 30) -> go.Figure:
    """Three stacked panels over the same words: logits z, exp(z - max z), softmax(z).

    ``words``: the vocabulary (id -> word); ``out``: the model's forward pass of one unit
    (``model.forward(inputs, targets)``), whose ``targets`` are the id(s) to predict
    (duplicates count in the loss), empty for a probe (no target, no loss note). Targets
    are orange; the ``top_k`` most probable words carry their probability. The panels are
    subplots x/y (top), x2/y2 and x3/y3 (bottom, the word axis), their x axes matched to
    x3."""
    z, probs, shifted = out.z[0], out.probs[0], out.exp_shifted[0]
    V = len(z)
    targets = _ids(out.targets)
    shown = softmax_rows(z, targets, max_bars)
    labels = [esc(words[i]) for i in shown]
    is_target = np.isin(shown, targets)
    colours = [TARGET_COLOUR if m else BASE_COLOUR for m in is_target]
    top = set(np.argsort(-probs, kind="stable")[:top_k].tolist())
    prob_text = [_percent(probs[i]) if (i in top or m) else ""
                 for i, m in zip(shown, is_target)]
    loss = out.loss

    panels = (t("fig.softmax.logits", lang), t("fig.softmax.exp", lang),
              t("fig.softmax.probs", lang))
    capped_key = "fig.softmax.capped" if len(targets) else "fig.softmax.capped_probe"
    subtitle = t(capped_key, lang, shown=min(max_bars, V), V=V) if len(shown) < V else None
    layout = _layout(t("fig.softmax.title", lang), 520, subtitle=subtitle,
                     margin={"b": 90 if len(shown) > 8 else 50, **({"t": 118} if subtitle else {})})
    x = np.arange(len(shown))
    y_domains = _grid_domains(3, 0.09)[::-1]          # top panel first
    data, annotations = [], []
    for row, (values, text) in enumerate(
            [(z[shown], None), (shifted[shown], None), (probs[shown], prob_text)], start=1):
        a = _axis_id(row)
        bar = {"type": "bar", "x": x, "y": values, "marker": {"color": colours},
               "hovertext": labels, "cliponaxis": False, "textfont": {"size": FONT_SIZE - 2},
               "constraintext": "none", "hovertemplate": "%{hovertext}: %{y:.4g}<extra></extra>",
               "xaxis": f"x{a}", "yaxis": f"y{a}"}
        if text is not None:     # narrow bars: vertical labels do not run into each other
            bar.update(text=text, textposition="outside", textangle=-90 if len(shown) > 12 else 0)
        data.append(bar)
        layout[f"xaxis{a}"] = ({"anchor": f"y{a}", "domain": [0.0, 1.0], **_word_axis(labels)}
                               if row == 3 else
                               {"anchor": f"y{a}", "domain": [0.0, 1.0], "matches": "x3",
                                "showticklabels": False, "showgrid": False})
        layout[f"yaxis{a}"] = {"anchor": f"x{a}", "domain": y_domains[row - 1]}
        if panels[row - 1]:
            annotations.append(_subplot_title(panels[row - 1], 0.0, y_domains[row - 1][1],
                                              xanchor="left"))
    layout["yaxis2"]["rangemode"] = "tozero"
    headroom = 1.5 if len(shown) > 12 else 1.25     # room for the (vertical) labels
    layout["yaxis3"].update(rangemode="tozero",
                            range=[0, max(probs[shown].max() * headroom, 1e-9)])
    layout["annotations"] = annotations
    if len(targets) == 1:
        _corner_note(layout, t("fig.softmax.loss_one", lang, word=esc(words[int(targets[0])]),
                               value=numfmt.fmt(loss, decimals=3)))
    elif len(targets) > 1:
        _corner_note(layout, t("fig.softmax.loss_many", lang, value=numfmt.fmt(loss, decimals=3)))
    return _figure(data, layout)


# ----- negative sampling -----------------------------------------------------------------
def negative_sampling_figure(words, record, lang: str = "en", max_bars: int = 60) -> go.Figure:
    """σ(score) of each true context word (orange) and its K sampled negatives (blue).

    ``record``: a negative-sampling StepRecord (or the kernel's Gradients of one unit):
    ``targets`` (P,), ``negatives`` (P, K), scores ``z`` and ``probs`` = σ(z) (P, K+1),
    column 0 the positive, and ``loss``. Groups are shown in order until ``max_bars`` bars;
    the loss note covers all P groups."""
    z, s, loss = record.z, record.probs, record.loss
    targets = _ids(record.targets)
    negatives = np.asarray(record.negatives, dtype=np.int64).reshape(len(targets), -1)
    P, K1 = z.shape
    n_groups = max(1, min(P, max_bars // K1))
    cols = np.concatenate([targets[:, None], negatives], axis=1)[:n_groups]
    pos = (np.arange(n_groups)[:, None] * (K1 + 1) + np.arange(K1)[None, :])  # gap per group
    labels = [[esc(words[int(i)]) for i in row] for row in cols]
    show_text = n_groups * K1 <= 24
    data = []
    for role, sl, colour in (("positive", np.s_[:, :1], TARGET_COLOUR),
                             ("negative", np.s_[:, 1:], NEGATIVE_COLOUR)):
        xs, ys, sc = pos[sl].ravel(), s[:n_groups][sl].ravel(), z[:n_groups][sl].ravel()
        words_role = [w for row in labels for w in (row[:1] if role == "positive" else row[1:])]
        bar = {"type": "bar", "x": xs, "y": np.round(ys, 4), "name": t(f"fig.ns.{role}", lang),
               "marker": {"color": colour}, "hovertext": words_role,
               "customdata": np.round(sc, 4), "cliponaxis": False,
               "textfont": {"size": FONT_SIZE - 2}, "constraintext": "none",
               "hovertemplate": "%{hovertext}: σ = %{y:.3f}, s = %{customdata:.3f}"
                                "<extra></extra>"}
        if show_text:
            bar.update(text=[_fmt(v) for v in ys], textposition="outside")
        data.append(bar)
    subtitle = t("fig.ns.subtitle", lang,
                 positive=_swatch(TARGET_COLOUR, t("fig.ns.positive", lang)),
                 negative=_swatch(NEGATIVE_COLOUR, t("fig.ns.negative", lang)))
    if n_groups < P:
        subtitle += " · " + t("fig.ns.capped", lang, shown=n_groups, P=P)
    layout = _layout(t("fig.ns.title", lang), 400, subtitle=subtitle,
                     margin={"b": 90 if pos.size > 8 else 50})
    _hline(layout, 0.5, {"color": MUTED_COLOUR, "dash": "dot", "width": 1})
    layout["bargap"] = 0.15
    tick_labels = [w for row in labels for w in row]
    layout["xaxis"] = {"tickmode": "array", "tickvals": pos.ravel().tolist(),
                       "ticktext": tick_labels, "tickangle": -45 if pos.size > 8 else 0,
                       "showgrid": False}
    layout["yaxis"] = {"title": {"text": t("fig.ns.axis", lang)}, "range": [0, 1.12]}
    _corner_note(layout, t("fig.ns.loss", lang, value=numfmt.fmt(loss, decimals=3)))
    return _figure(data, layout)


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


# ----- weight matrices -------------------------------------------------------------------
def window_rows(V: int, focus_ids=(), max_rows: int = 40) -> np.ndarray:
    """Rows to draw of a V-row matrix: the focus words (centre, contexts, negatives; kept
    in the given priority order up to ``max_rows``) topped up with the most frequent words
    (the lowest ids), returned sorted."""
    if V <= max_rows:
        return np.arange(V)
    chosen = []
    for i in _ids(focus_ids) if len(np.atleast_1d(focus_ids)) else []:
        if 0 <= i < V and i not in chosen:
            chosen.append(int(i))
        if len(chosen) == max_rows:
            break
    taken = set(chosen)
    fill = (i for i in range(V) if i not in taken)
    while len(chosen) < max_rows:
        chosen.append(next(fill))
    return np.array(sorted(chosen), dtype=np.int64)


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


def matrix_heatmap(M, row_labels, col_labels, title: str, lang: str = "en",
                   zmax: float | None = None, highlight_rows=(), highlight_cols=(),
                   show_values: bool | None = None, height: int | None = None) -> go.Figure:
    """A matrix on a diverging scale, white at 0, fixed to [-zmax, zmax].

    ``row_labels``/``col_labels`` are words or dimension numbers (escaped here);
    ``highlight_rows``/``highlight_cols`` are *positions* in M (not word ids): their tick
    labels turn bold orange and an orange frame is drawn. Pass a stable ``zmax`` (e.g. the
    max |W| at step 0 times 2, or a slider) so the colours don't rescale every step.
    ``title`` is shown as given (already translated). Values are written in the cells when
    there are at most 120 of them (or as ``show_values`` says)."""
    trace, layout = _heatmap_parts(M, row_labels, col_labels, title, zmax, highlight_rows,
                                   highlight_cols, show_values, height)
    return _figure([trace], layout)
