"""Figures to take away: the loss curve, the softmax bars, the gradient heatmaps and the
embedding map as Plotly figures built from the very messages their live views draw
(views/loss.py, softmax.py, gradients.py, embeddings.py), titled and labelled in the
visitor's language, and ``html()``: one self-contained file (plotly.js from the installed
package inside) that opens offline with zoom and hover. No Streamlit here, and no
Plotly but in ``html()``: the builders are plain figure dicts."""

from html import escape

import numpy as np

from views.i18n import t

ORANGE, BLUE, GREY = "#c25e00", "#4c78a8", "#9aa5b1"
CONFIG = {"displaylogo": False, "responsive": True}


def _layout(title: str, **more) -> dict:
    return {"title": {"text": escape(title, quote=False)},
            "hovermode": "closest", "margin": {"t": 70}, **more}


def loss(m: dict, lang: str) -> dict:
    """The loss curve: per step (or bucket), its moving average, the epoch means (every
    word of it is in the message, already in ``lang``)."""
    del lang
    if m.get("empty"):
        return {"data": [], "layout": _layout(m["title"], annotations=[
            {"text": escape(m["empty"], quote=False), "showarrow": False}])}
    faint, base, epoch = m["colours"]
    data = [{"type": "scatter", "mode": "lines", "name": m["names"][0], "x": m["x"], "y": m["y"],
             "line": {"color": faint, "width": 1.5}},
            {"type": "scatter", "mode": "lines", "name": m["names"][1], "x": m["x"], "y": m["ma"],
             "line": {"color": base, "width": 3}}]
    if m["ex"]:
        data.append({"type": "scatter", "mode": "markers", "name": m["names"][2], "x": m["ex"],
                     "y": m["ey"], "marker": {"symbol": "diamond", "size": 11, "color": epoch}})
    return {"data": data, "layout": _layout(
        m["title"], xaxis={"title": {"text": m["xtitle"]}},
        yaxis={"title": {"text": m["ytitle"]}, "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.2})}


def softmax(m: dict, lang: str) -> dict:
    """The softmax bars: each shown word's probability, the target(s) in orange; hover
    gives z, e^(z - max z) and ŷ."""
    bars = m["bars"]
    words = [escape(b["word"], quote=False) for b in bars]
    hover = [f"<b>{w}</b><br>z = {b['z']:.6g}<br>e^(z − max z) = {b['exp']:.6g}"
             f"<br>ŷ = {b['p']:.6g}" for w, b in zip(words, bars)]
    colours = [ORANGE if b["y"] else BLUE for b in bars]
    data = [{"type": "bar", "x": list(range(len(bars))), "y": [b["p"] for b in bars],
             "marker": {"color": colours}, "hovertext": hover,
             "hovertemplate": "%{hovertext}<extra></extra>", "name": t("fig.softmax_y", lang),
             "showlegend": False}]
    sub = escape(f"{m['note']} · {m['shown']} · {m['loss_text']}".strip(" ·"), quote=False)
    return {"data": data, "layout": _layout(
        f"{m['heading']}", xaxis={"title": {"text": t("fig.softmax_x", lang)},
                                  "tickvals": list(range(len(bars))), "ticktext": words},
        yaxis={"title": {"text": t("fig.softmax_y", lang)}, "rangemode": "tozero"},
        annotations=[{"text": sub, "xref": "paper", "yref": "paper", "x": 0, "y": 1.06,
                      "showarrow": False, "xanchor": "left", "font": {"size": 12}}])}


def _dW1(m: dict) -> np.ndarray:
    """dW1 on the shown rows: the step's rows, zeros elsewhere."""
    M = np.zeros((len(m["words"]), m["d"]))
    for p, row in zip(m["rows"], m["dW1"]):
        M[p] = row
    return M


def _colour_values(M: np.ndarray, zmax: float, log: bool) -> np.ndarray:
    """Each value's place on the colour scale [-1, 1], as the live view colours it:
    linear in [-zmax, zmax], or symmetric-log (10^-3 zmax to zmax) where the view is."""
    if not log:
        return np.clip(M / zmax, -1, 1)
    tau = zmax / 1000
    return np.sign(M) * np.log10(1 + np.abs(M) / tau) / np.log10(1 + zmax / tau)


def gradients(m: dict, lang: str) -> dict:
    """The four heatmaps (dW1 | W1 above, dW2 | W2 below) on the shown words, each in
    its own colour range from the live view (said in its title), blue - white - red; the
    hover gives the exact value."""
    words = [escape(w["word"], quote=False) for w in m["words"]]
    dims = list(range(m["d"]))
    h, e = np.asarray(m["h"]), np.asarray(m["e"])
    mats = {"dW1": (_dW1(m), dims, words), "W1": (np.asarray(m["W1"]), dims, words),
            "dW2": (np.outer(h, e), words, dims), "W2": (np.asarray(m["W2"]), words, dims)}
    titles = m["text"]
    domains = {"dW1": ([0, 0.45], [0.56, 1]), "W1": ([0.55, 1], [0.56, 1]),
               "dW2": ([0, 0.45], [0, 0.44]), "W2": ([0.55, 1], [0, 0.44])}
    colours = [[0, "#2173c3"], [0.5, "#ffffff"], [1, "#cb3737"]]
    data, layout, notes = [], _layout(titles["when"], height=900), []
    for n, (name, (M, xs, ys)) in enumerate(mats.items(), start=1):
        z = float(m["zmax"][name]) or 1.0
        ax = "" if n == 1 else str(n)
        scale = titles["log_scale" if m["log"][name] else "linear_scale"]
        label = f"{titles[f'title_{name}']} · {scale} ±{z:.3g}"
        data.append({"type": "heatmap", "z": _colour_values(M, z, m["log"][name]).tolist(),
                     "customdata": M.tolist(), "x": xs, "y": ys, "zmin": -1, "zmax": 1,
                     "colorscale": colours, "xaxis": f"x{ax}", "yaxis": f"y{ax}",
                     "showscale": False, "name": titles[f"title_{name}"],
                     "hovertemplate": f"{escape(titles[f'title_{name}'], quote=False)}"
                                      "<br>%{y} · %{x}<br>%{customdata:.6g}<extra></extra>"})
        xd, yd = domains[name]
        across = xs is words
        layout[f"xaxis{ax}"] = {"domain": xd, "anchor": f"y{ax}", "type": "category",
                                "title": {"text": t("fig.grad_word" if across else "fig.grad_dim",
                                                    lang)}}
        layout[f"yaxis{ax}"] = {"domain": yd, "anchor": f"x{ax}", "type": "category",
                                "autorange": "reversed",
                                "title": {"text": t("fig.grad_dim" if across else "fig.grad_word",
                                                    lang)}}
        notes.append({"text": f"<b>{escape(label, quote=False)}</b>",
                      "x": sum(xd) / 2, "y": yd[1] + 0.02, "xref": "paper", "yref": "paper",
                      "showarrow": False, "yanchor": "bottom"})
    layout["annotations"] = notes
    return {"data": data, "layout": layout}


def embedding_map(m: dict, lang: str) -> dict:
    """The word map: the labelled words (key, this step's, trails) with their labels, the
    other words on hover, and each trail's path."""
    data = []
    for tr in m["trails"]:
        path = np.asarray(tr["path"]).reshape(-1, 2)
        data.append({"type": "scatter", "mode": "lines", "x": path[:, 0].tolist(),
                     "y": path[:, 1].tolist(), "name": escape(tr["word"], quote=False),
                     "line": {"width": 2}})
    for labelled, colour, key in ((True, ORANGE, "fig.map_key"), (False, GREY, "fig.map_other")):
        ids = [i for i, r in enumerate(m["roles"]) if bool(r) == labelled]
        words = [escape(m["words"][i], quote=False) for i in ids]
        data.append({"type": "scatter", "mode": "markers+text" if labelled else "markers",
                     "x": [m["x"][i] for i in ids], "y": [m["y"][i] for i in ids],
                     "text": words, "textposition": "top center", "name": t(key, lang),
                     "marker": {"color": colour, "size": 9 if labelled else 6},
                     "hovertemplate": "<b>%{text}</b><br>(%{x:.4g}, %{y:.4g})<extra></extra>"})
    return {"data": data, "layout": _layout(
        m["title"], xaxis={"title": {"text": m["xtitle"]}, "zeroline": True},
        yaxis={"title": {"text": m["ytitle"]}, "scaleanchor": "x", "scaleratio": 1},
        annotations=[{"text": escape(m["note"], quote=False), "xref": "paper", "yref": "paper",
                      "x": 0, "y": 1.06, "showarrow": False, "xanchor": "left",
                      "font": {"size": 12}}])}


def html(fig: dict, title: str, lang: str) -> bytes:
    """One self-contained HTML file of ``fig`` (plotly.js inside: opens offline)."""
    # Imported here: the figure builders (and views/) stay importable without Plotly.
    import plotly.io as pio

    page = pio.to_html(fig, include_plotlyjs=True, full_html=True, config=CONFIG,
                       validate=False, default_width="100%", default_height="92vh")
    head = (f'<meta charset="utf-8"><title>'
            f'{escape(t("fig.html_title", lang, title=title))}</title>')
    page = page.replace("<html>", f'<html lang="{"zh-Hans" if lang == "zh" else "en"}">', 1)
    return page.replace("<head>", f"<head>{head}", 1).encode("utf-8")
