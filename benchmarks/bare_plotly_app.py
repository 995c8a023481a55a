"""Bare Plotly page: the floor for ``explore_latency.py``.

One ``st.plotly_chart`` of V random points (WebGL in 2-D, ``scatter3d`` in 3-D) with the
word of each as its hover, a search box that adds an 11-point labelled trace and zooms
to it, and a 2-D / 3-D switch: what the Explore page does, without the app around it.
Run: ``streamlit run benchmarks/bare_plotly_app.py`` (``?vocab=5000``).
"""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

V = int(st.query_params.get("vocab", 5000))
rng = np.random.default_rng(0)
xyz = rng.normal(size=(V, 3)).astype(np.float32)
words = [f"w{i}" for i in range(V)]
nav = st.navigation([st.Page(lambda: None, title="Train", default=True),
                     st.Page(lambda: None, title="Explore", url_path="explore")])
if nav.title == "Explore":
    query = st.text_input("Search a word", key="exp_query")
    dims = st.segmented_control("View", [2, 3], default=2, key="exp_dims") or 2
    kind = "scattergl" if dims == 2 else "scatter3d"
    axes = dict(zip("xyz", xyz[:, :dims].T))
    data = [{"type": kind, "mode": "markers", **axes, "customdata": words,
             "hovertemplate": "%{customdata}<extra></extra>", "marker": {"size": 4}}]
    layout = {"height": 540}
    if query in words:
        i = words.index(query)
        ids = [i, *np.argsort(((xyz - xyz[i]) ** 2).sum(1))[1:11]]
        data.append({"type": kind, "mode": "markers+text", **{k: v[ids] for k, v in axes.items()},
                     "text": [f"<b>{words[i]}</b>", *(words[j] for j in ids[1:])]})
        lo, hi = xyz[ids, :dims].min(0) - 0.2, xyz[ids, :dims].max(0) + 0.2
        ranges = [{"range": [float(a), float(b)]} for a, b in zip(lo, hi)]
        if dims == 2:
            layout.update(xaxis=ranges[0], yaxis=ranges[1])
        else:
            layout["scene"] = dict(zip(("xaxis", "yaxis", "zaxis"), ranges))
    st.plotly_chart(go.Figure({"data": data, "layout": layout}, _validate=False))
nav.run()
