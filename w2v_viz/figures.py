"""Plotly figures of the training state: pure functions ``data -> go.Figure``.

Made for a projector: base font 16, short titles, tight margins, ``plotly_white``, a
constant ``uirevision`` (a user's zoom survives Streamlit reruns). Every visible string comes
from the i18n table; every vocabulary word is HTML-escaped before it reaches Plotly text,
tick labels or hover text (Plotly renders a subset of HTML, and corpora are user input).
Payloads stay small: bars and heatmap rows are capped by the callers' ``max_*`` arguments
or by ``window_rows``; floats are rounded to what the eye (and the hover) can resolve, and
the big arrays (heatmap cells, scatter coordinates) go out as float32 (Plotly sends numpy
arrays as base64 typed arrays, so it is the dtype, not the rounding, that sets their size).
"""

import html
import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .i18n import t
from .model import log_softmax, sigmoid, softmax, softplus

FONT_SIZE = 16
TITLE_SIZE = 20
UIREVISION = "w2v-viz"
# plotly_white's look in a small template built once: applying the full "plotly_white"
# deep-copies and validates every trace type's defaults, ~6 ms per figure on every rerun.
_GRID = {"gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "zerolinecolor": "#EBF0F8",
         "zerolinewidth": 2, "ticks": ""}
TEMPLATE = go.layout.Template(layout={
    "paper_bgcolor": "white", "plot_bgcolor": "white", "font": {"color": "#2a3f5f"},
    "xaxis": {**_GRID, "automargin": True}, "yaxis": {**_GRID, "automargin": True},
    "hovermode": "closest",
    "scene": {axis: {**_GRID, "backgroundcolor": "white", "showbackground": True}
              for axis in ("xaxis", "yaxis", "zaxis")},
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
    """A short number for bar labels: 2 decimals, 3 under 0.1, scientific when tiny."""
    v = float(v)
    if v != 0 and abs(v) < 0.001:
        return f"{v:.0e}"
    return f"{v:.3f}" if abs(v) < 0.1 else f"{v:.2f}"


def _layout(fig: go.Figure, title: str, height: int, subtitle: str | None = None,
            legend: bool = False, margin: dict | None = None) -> go.Figure:
    top = 92 if subtitle else 56
    m = {"l": 60, "r": 20, "t": top, "b": 50}
    m.update(margin or {})
    title_spec = {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": TITLE_SIZE}}
    if subtitle:
        title_spec["subtitle"] = {"text": subtitle, "font": {"size": FONT_SIZE - 2,
                                                             "color": MUTED_COLOUR}}
    fig.update_layout(
        template=TEMPLATE, font={"size": FONT_SIZE}, title=title_spec, height=height,
        margin=m, showlegend=legend, uirevision=UIREVISION, hoverlabel={"font_size": FONT_SIZE},
    )
    if legend:
        fig.update_layout(legend={"orientation": "h", "yanchor": "bottom", "y": 1.0,
                                  "xanchor": "right", "x": 1.0, "bgcolor": "rgba(0,0,0,0)"})
    return fig


def _corner_note(fig: go.Figure, text: str) -> None:
    """A short orange note (the loss) at the top right, on the title's line."""
    fig.add_annotation(text=text, xref="paper", yref="paper", x=1.0, y=1.0, xanchor="right",
                       yanchor="bottom", yshift=fig.layout.margin.t - 46, showarrow=False,
                       font={"size": FONT_SIZE + 2, "color": TARGET_COLOUR})


def _swatch(colour: str, text: str) -> str:
    return f'<span style="color:{colour}"><b>■ {text}</b></span>'


def _empty(title: str, hint: str, height: int = 320) -> go.Figure:
    fig = _layout(go.Figure(), title, height)
    fig.add_annotation(text=hint, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5,
                       font={"size": FONT_SIZE + 2, "color": MUTED_COLOUR})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _word_axis(labels: list, angle_over: int = 8) -> dict:
    """Axis settings that put escaped words at positions 0..n-1."""
    return {"tickmode": "array", "tickvals": list(range(len(labels))), "ticktext": labels,
            "tickangle": -45 if len(labels) > angle_over else 0, "showgrid": False}


def _ids(x) -> np.ndarray:
    return np.atleast_1d(np.asarray(x, dtype=np.int64)).ravel()


# ----- loss curve ------------------------------------------------------------------------
def loss_figure(history, lang: str = "en", log_scale: bool = False, baseline: float | None = None,
                ma_steps: int = 50, max_points: int = 1500) -> go.Figure:
    """Loss per step (bucket means once long), its moving average, and epoch means.

    ``baseline``: an optional reference level drawn dashed, e.g. ``log(V)``, the loss of a
    uniform guess with the full softmax. At most ``max_points`` points are sent per line."""
    title = t("fig.loss.title", lang)
    if history is None or len(history.counts) == 0:
        return _empty(title, t("fig.loss.empty", lang))
    sums = np.asarray(history.sums, dtype=np.float64)
    counts = np.asarray(history.counts, dtype=np.int64)
    ma = np.asarray(history.moving_average(ma_steps), dtype=np.float64)
    k = max(1, math.ceil(len(sums) / max_points))
    if k > 1:
        starts = np.arange(0, len(sums), k)
        ends = np.minimum(starts + k, len(sums)) - 1
        x = np.cumsum(counts)[ends]
        y = np.add.reduceat(sums, starts) / np.maximum(np.add.reduceat(counts, starts), 1)
        ma = ma[ends]
    else:
        x = np.cumsum(counts)
        y = sums / np.maximum(counts, 1)
    width = int(history.width) * k
    floor = 1e-12 if log_scale else -np.inf
    y, ma = np.maximum(_round_rel(y), floor), np.maximum(_round_rel(ma), floor)

    name = (t("fig.loss.per_step", lang) if width == 1
            else t("fig.loss.per_bucket", lang, width=width))
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=y, name=name, mode="lines+markers" if len(x) <= 60 else "lines",
                             line={"color": FAINT_COLOUR, "width": 1.5}, marker={"size": 5},
                             hovertemplate="%{x}: %{y:.4f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=x, y=ma, name=t("fig.loss.moving_avg", lang, steps=ma_steps),
                             mode="lines", line={"color": BASE_COLOUR, "width": 3},
                             hovertemplate="%{x}: %{y:.4f}<extra></extra>"))
    if history.epoch_means:
        ex = np.asarray(history.epoch_end_steps, dtype=np.int64)
        ey = np.asarray(history.epoch_means, dtype=np.float64)[: len(ex)]
        fig.add_trace(go.Scatter(
            x=ex, y=np.maximum(_round_rel(ey), floor), name=t("fig.loss.epoch_mean", lang),
            mode="markers", marker={"color": TARGET_COLOUR, "size": 12, "symbol": "diamond",
                                    "line": {"color": "white", "width": 1}},
            customdata=np.arange(1, len(ex) + 1),
            hovertemplate=t("fig.loss.epoch_hover", lang) + "<extra></extra>"))
    if baseline is not None and math.isfinite(baseline):
        fig.add_hline(y=float(baseline), line={"color": MUTED_COLOUR, "dash": "dash", "width": 1.5},
                      annotation_text=t("fig.loss.baseline", lang, value=f"{baseline:.2f}"),
                      annotation_position="top right",
                      annotation_font={"size": FONT_SIZE - 2, "color": MUTED_COLOUR})
    _layout(fig, title, 340, legend=True)
    fig.update_xaxes(title_text=t("fig.loss.step", lang), rangemode="tozero")
    fig.update_yaxes(title_text=t("fig.loss.axis", lang), type="log" if log_scale else "linear",
                     rangemode="normal" if log_scale else "tozero")
    return fig


# ----- full softmax ----------------------------------------------------------------------
def softmax_rows(z, targets, max_bars: int = 30) -> np.ndarray:
    """Word ids the softmax figure shows, sorted: all when V <= max_bars, else the
    ``max_bars`` most probable plus the targets."""
    z = np.asarray(z, dtype=np.float64).ravel()
    if len(z) <= max_bars:
        return np.arange(len(z))
    top = np.argsort(-z, kind="stable")[:max_bars]
    return np.union1d(top, _ids(targets))


def softmax_figure(words, z, targets, lang: str = "en", top_k: int = 5,
                   max_bars: int = 30) -> go.Figure:
    """Three stacked panels over the same words: logits z, exp(z - max z), softmax(z).

    ``words``: the vocabulary (id -> word); ``z``: (V,) logits (``record.z``);
    ``targets``: the id(s) to predict (``record.targets``, duplicates count in the loss);
    empty for a probe (no target, no loss note). Targets are orange; the ``top_k`` most
    probable words carry their probability."""
    z = np.asarray(z, dtype=np.float64).ravel()
    V = len(z)
    targets = _ids(targets)
    probs, shifted = softmax(z), np.exp(z - z.max())
    shown = softmax_rows(z, targets, max_bars)
    labels = [esc(words[i]) for i in shown]
    is_target = np.isin(shown, targets)
    colours = [TARGET_COLOUR if m else BASE_COLOUR for m in is_target]
    top = set(np.argsort(-probs, kind="stable")[:top_k].tolist())
    prob_text = [_fmt(probs[i]) if (i in top or m) else "" for i, m in zip(shown, is_target)]
    loss = float(-log_softmax(z)[targets].sum())

    panels = (t("fig.softmax.logits", lang), t("fig.softmax.exp", lang),
              t("fig.softmax.probs", lang))
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.09,
                        subplot_titles=panels)
    x = np.arange(len(shown))
    for row, (values, text) in enumerate(
            [(z[shown], None), (shifted[shown], None), (probs[shown], prob_text)], start=1):
        fig.add_trace(go.Bar(
            x=x, y=values, marker_color=colours, hovertext=labels, text=text,
            textposition="outside" if text is not None else None, cliponaxis=False,
            textfont={"size": FONT_SIZE - 2}, constraintext="none",
            hovertemplate="%{hovertext}: %{y:.4g}<extra></extra>"), row=row, col=1)
    capped_key = "fig.softmax.capped" if len(targets) else "fig.softmax.capped_probe"
    subtitle = t(capped_key, lang, shown=min(max_bars, V), V=V) if len(shown) < V else None
    _layout(fig, t("fig.softmax.title", lang), 500, subtitle=subtitle,
            margin={"b": 90 if len(shown) > 8 else 50})
    for ann in fig.layout.annotations:       # panel titles: left, muted
        ann.update(x=0.0, xanchor="left", font={"size": FONT_SIZE, "color": MUTED_COLOUR})
    fig.update_xaxes(**_word_axis(labels), row=3, col=1)
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(rangemode="tozero", row=2, col=1)
    fig.update_yaxes(rangemode="tozero", range=[0, max(probs[shown].max() * 1.25, 1e-9)],
                     row=3, col=1)
    if len(targets) == 1:
        _corner_note(fig, t("fig.softmax.loss_one", lang, word=esc(words[int(targets[0])]),
                            value=f"{loss:.3f}"))
    elif len(targets) > 1:
        _corner_note(fig, t("fig.softmax.loss_many", lang, value=f"{loss:.3f}"))
    return fig


# ----- negative sampling -----------------------------------------------------------------
def negative_sampling_figure(words, record=None, lang: str = "en", max_bars: int = 60, *,
                             targets=None, negatives=None, z=None) -> go.Figure:
    """σ(score) of each true context word (orange) and its K sampled negatives (blue).

    ``record``: a negative-sampling StepRecord (or anything with ``targets`` (P,),
    ``negatives`` (P, K) and ``z`` (P, K+1) scores, column 0 the positive); or pass those
    three as keywords. Groups are shown in order until ``max_bars`` bars; the loss note
    covers all P groups."""
    if record is not None:
        targets, negatives, z = record.targets, record.negatives, record.z
    if targets is None or negatives is None or z is None:
        raise ValueError("negative_sampling_figure needs a record, or targets, negatives and z")
    z = np.atleast_2d(np.asarray(z, dtype=np.float64))
    targets = _ids(targets)
    negatives = np.asarray(negatives, dtype=np.int64).reshape(len(targets), -1)
    P, K1 = z.shape
    s = sigmoid(z)
    loss = float(softplus(-z[:, 0]).sum() + softplus(z[:, 1:]).sum())
    n_groups = max(1, min(P, max_bars // K1))
    cols = np.concatenate([targets[:, None], negatives], axis=1)[:n_groups]
    pos = (np.arange(n_groups)[:, None] * (K1 + 1) + np.arange(K1)[None, :])  # gap per group
    labels = [[esc(words[int(i)]) for i in row] for row in cols]
    show_text = n_groups * K1 <= 24
    fig = go.Figure()
    for role, sl, colour in (("positive", np.s_[:, :1], TARGET_COLOUR),
                             ("negative", np.s_[:, 1:], NEGATIVE_COLOUR)):
        xs, ys, sc = pos[sl].ravel(), s[:n_groups][sl].ravel(), z[:n_groups][sl].ravel()
        words_role = [w for row in labels for w in (row[:1] if role == "positive" else row[1:])]
        fig.add_trace(go.Bar(
            x=xs, y=np.round(ys, 4), name=t(f"fig.ns.{role}", lang), marker_color=colour,
            hovertext=words_role, customdata=np.round(sc, 4),
            text=[_fmt(v) for v in ys] if show_text else None,
            textposition="outside" if show_text else None, cliponaxis=False,
            textfont={"size": FONT_SIZE - 2}, constraintext="none",
            hovertemplate="%{hovertext}: σ = %{y:.3f}, s = %{customdata:.3f}<extra></extra>"))
    fig.add_hline(y=0.5, line={"color": MUTED_COLOUR, "dash": "dot", "width": 1})
    subtitle = t("fig.ns.subtitle", lang,
                 positive=_swatch(TARGET_COLOUR, t("fig.ns.positive", lang)),
                 negative=_swatch(NEGATIVE_COLOUR, t("fig.ns.negative", lang)))
    if n_groups < P:
        subtitle += " · " + t("fig.ns.capped", lang, shown=n_groups, P=P)
    _layout(fig, t("fig.ns.title", lang), 400, subtitle=subtitle,
            margin={"b": 90 if pos.size > 8 else 50})
    fig.update_layout(bargap=0.15)
    tick_labels = [w for row in labels for w in row]
    fig.update_xaxes(tickmode="array", tickvals=pos.ravel().tolist(), ticktext=tick_labels,
                     tickangle=-45 if pos.size > 8 else 0, showgrid=False)
    fig.update_yaxes(title_text=t("fig.ns.axis", lang), range=[0, 1.12])
    _corner_note(fig, t("fig.ns.loss", lang, value=f"{loss:.3f}"))
    return fig


def prediction_figure(record, words, lang: str = "en", **kwargs) -> go.Figure:
    """The output layer of a StepRecord: softmax_figure or negative_sampling_figure."""
    if record.objective == "negative":
        return negative_sampling_figure(words, record, lang, **kwargs)
    return softmax_figure(words, record.z, record.targets, lang, **kwargs)


# ----- softmax sandbox -------------------------------------------------------------------
SANDBOX_EXAMPLE = (("Queen", 3.0), ("Dog", 1.0), ("Apple", -1.0))   # the notes: King -> ?


def sandbox_figure(labels=None, logits=None, lang: str = "en") -> go.Figure:
    """The notes' worked example side by side: logits x, eˣ, softmax(x) = eˣ / Σ eˣ, each bar
    labelled with its value. Defaults to King -> Queen 3.0, Dog 1.0, Apple -1.0. When eˣ
    would overflow, the middle panel shows e^(x - max x) (softmax is unchanged)."""
    if labels is None or logits is None:
        labels, logits = zip(*SANDBOX_EXAMPLE)
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
    fig = make_subplots(rows=1, cols=3, subplot_titles=titles, horizontal_spacing=0.08)
    pos = np.arange(len(x))
    colours = [TARGET_COLOUR if i == int(np.argmax(x)) else BASE_COLOUR for i in pos]
    for col, values in enumerate((x, ex, p), start=1):
        fig.add_trace(go.Bar(x=pos, y=values, text=[_fmt(v) for v in values],
                             textposition="outside", cliponaxis=False, marker_color=colours,
                             constraintext="none",
                             hovertext=names,
                             hovertemplate="%{hovertext}: %{y:.4g}<extra></extra>"),
                      row=1, col=col)
        fig.update_xaxes(**_word_axis(names, angle_over=5), row=1, col=col)
    _layout(fig, t("fig.sandbox.title", lang), 380,
            subtitle=t("fig.sandbox.sum", lang, value=_fmt(ex.sum())),
            margin={"b": 80 if len(x) > 5 else 50})
    for ann in fig.layout.annotations:
        ann.update(font={"size": FONT_SIZE, "color": MUTED_COLOUR})
    lo, hi = min(0.0, float(x.min())), max(0.0, float(x.max()))
    pad = 0.2 * (hi - lo or 1.0)
    fig.update_yaxes(range=[lo - (pad if lo < 0 else 0), hi + pad], row=1, col=1)
    fig.update_yaxes(range=[0, float(ex.max()) * 1.2 or 1.0], row=1, col=2)
    fig.update_yaxes(range=[0, 1.15], row=1, col=3)
    return fig


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
    M = np.atleast_2d(np.asarray(M, dtype=np.float64))
    R, C = M.shape
    if zmax is None or not math.isfinite(zmax) or zmax <= 0:
        finite = np.abs(M[np.isfinite(M)])
        zmax = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    zmax = float(zmax)
    rows, cols = _unique_labels(row_labels), _unique_labels(col_labels)
    if show_values is None:
        show_values = R * C <= 120
    fig = go.Figure(go.Heatmap(
        z=_round_rel(M, zmax).astype(np.float32), x=cols, y=rows, colorscale=DIVERGING,
        reversescale=True,
        zmin=-zmax, zmax=zmax, zmid=0.0, xgap=1 if C <= 60 else 0, ygap=1 if R <= 60 else 0,
        colorbar={"thickness": 14, "len": 0.9, "tickfont": {"size": FONT_SIZE - 2}},
        texttemplate="%{z:.2f}" if show_values else None,
        textfont={"size": FONT_SIZE - 2} if show_values else None,
        hovertemplate="%{y} · %{x}: %{z:.4g}<extra></extra>"))
    if height is None:
        height = int(min(720, max(280, 110 + 24 * R)))
    _layout(fig, title, height, margin={"l": 10, "b": 40 if C <= 12 else 70})
    fig.update_xaxes(type="category", showgrid=False, side="bottom",
                     tickangle=-45 if C > 12 and any(len(c) > 3 for c in cols) else 0)
    fig.update_yaxes(type="category", showgrid=False, autorange="reversed", automargin=True)
    fig.update_xaxes(automargin=True)
    if len(highlight_rows):
        fig.update_yaxes(tickmode="array", tickvals=rows,
                         ticktext=_highlight_labels(rows, highlight_rows))
    if len(highlight_cols) and C <= 60:
        fig.update_xaxes(tickmode="array", tickvals=cols,
                         ticktext=_highlight_labels(cols, highlight_cols))
    frame = {"type": "rect", "line": {"color": TARGET_COLOUR, "width": 3},
             "fillcolor": "rgba(0,0,0,0)", "layer": "above"}
    for r in sorted(set(int(i) for i in highlight_rows))[:60]:
        fig.add_shape(**frame, x0=-0.5, x1=C - 0.5, y0=r - 0.5, y1=r + 0.5)
    for c in sorted(set(int(i) for i in highlight_cols))[:60]:
        fig.add_shape(**frame, x0=c - 0.5, x1=c + 0.5, y0=-0.5, y1=R - 0.5)
    return fig


def similarity_figure(S, words, lang: str = "en", max_words: int = 40,
                      highlight=()) -> go.Figure:
    """Cosine similarities (``similarity.cosine_matrix``) on a fixed [-1, 1] scale.

    ``S`` is n x n for ``words``; only the first ``max_words`` (the most frequent, when the
    words are in vocabulary order) are drawn. ``highlight``: positions to frame."""
    S = np.atleast_2d(np.asarray(S, dtype=np.float64))
    n = min(len(S), max_words)
    hl = [i for i in _ids(highlight) if 0 <= i < n] if len(np.atleast_1d(highlight)) else []
    fig = matrix_heatmap(np.clip(S[:n, :n], -1, 1), list(words)[:n], list(words)[:n],
                         t("fig.sim.title", lang), lang, zmax=1.0, show_values=n <= 10,
                         highlight_rows=hl, highlight_cols=hl,
                         height=int(min(760, max(320, 120 + 22 * n))))
    if n < len(S):
        fig.update_layout(title_subtitle_text=t("fig.sim.capped", lang, shown=n, V=len(S)),
                          title_subtitle_font={"size": FONT_SIZE - 2, "color": MUTED_COLOUR},
                          margin_t=92)
    fig.update_xaxes(tickangle=-45 if n > 6 else 0)
    return fig


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
    names = [esc(w) for w in list(words)[:V]]
    hl = np.zeros(V, dtype=bool)
    hl_ids = [i for i in _ids(highlight) if 0 <= i < V] if len(np.atleast_1d(highlight)) else []
    hl[hl_ids] = True
    labelled = np.arange(V) < max_labels
    base = np.flatnonzero(~hl)
    scatter = go.Scatter3d if dims == 3 else go.Scatter
    marker_size = 5 if dims == 3 else 9

    def xyz(idx_or_points):
        pts = idx_or_points
        return {k: pts[:, j] for j, k in enumerate("xyz"[:dims])}

    fig = go.Figure()
    if trails:
        index = {w: i for i, w in enumerate(list(words)[:V])}
        segs = []
        for key, path in trails.items():
            i = int(key) if isinstance(key, (int, np.integer)) else index.get(key)
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
            line_spec = {"color": TARGET_COLOUR, "width": 3 if dims == 2 else 4}
            fig.add_trace(scatter(**xyz(line), mode="lines+markers", line=line_spec,
                                  marker={"size": 4 if dims == 3 else 5, "color": TARGET_COLOUR},
                                  opacity=0.45, hoverinfo="skip", connectgaps=False,
                                  name=t("fig.embed.trail", lang)))
    text = [names[i] if labelled[i] else "" for i in base]
    fig.add_trace(scatter(**xyz(P[base]), mode="markers+text", text=text,
                          textposition="top center", hovertext=[names[i] for i in base],
                          hoverinfo="text",
                          textfont={"size": FONT_SIZE - (2 if dims == 3 else 0)},
                          marker={"size": marker_size, "color": BASE_COLOUR, "opacity": 0.8}))
    if hl_ids:
        idx = np.array(sorted(set(hl_ids)))
        fig.add_trace(scatter(**xyz(P[idx]), mode="markers+text",
                              text=[f"<b>{names[i]}</b>" for i in idx],
                              hovertext=[names[i] for i in idx],
                              hoverinfo="text", textposition="top center",
                              textfont={"size": FONT_SIZE + 2, "color": TARGET_COLOUR},
                              marker={"size": marker_size + 5, "color": TARGET_COLOUR,
                                      "line": {"color": "white", "width": 1}}))
    ratios = np.zeros(dims)
    if explained is not None:
        e = np.asarray(explained, dtype=np.float64).ravel()[:dims]
        ratios[: len(e)] = e
    axis_titles = [t("fig.embed.axis", lang, n=j + 1, pct=f"{100 * ratios[j]:.0f}")
                   if explained is not None else t("fig.embed.axis_plain", lang, n=j + 1)
                   for j in range(dims)]
    _layout(fig, title, 480 if dims == 2 else 560, margin={"l": 50, "b": 50})
    if dims == 3:
        axis = {"tickfont": {"size": FONT_SIZE - 4}, "title_font": {"size": FONT_SIZE - 2}}
        fig.update_layout(scene={
            **{f"{a}axis": {**axis, "title_text": axis_titles[j]} for j, a in enumerate("xyz")},
            "aspectmode": "data", "uirevision": UIREVISION,
            "camera": {"eye": {"x": 1.15, "y": 1.15, "z": 0.75}}},
            margin={"l": 0, "r": 0, "b": 0})
    else:
        fig.update_xaxes(title_text=axis_titles[0], zeroline=True, zerolinecolor="#ccc")
        fig.update_yaxes(title_text=axis_titles[1], zeroline=True, zerolinecolor="#ccc",
                         scaleanchor="x", scaleratio=1)
    return fig
