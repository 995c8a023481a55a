"""One way to put a figure on a page."""

import streamlit as st

# No mode bar on a projector; theme=None: our template (views.figures.TEMPLATE) already
# styles every figure, and skipping Streamlit's theming of the spec saves ~20 ms of
# browser time on every Step (benchmarks/browser_latency.py, measured side by side).
CONFIG = {"displayModeBar": False}


def chart(fig, key: str) -> None:
    st.plotly_chart(fig, key=key, theme=None, config=CONFIG)
