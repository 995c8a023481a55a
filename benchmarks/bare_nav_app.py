"""Bare two-page ``st.navigation`` app: the page-switch floor for ``browser_latency.py``.

Two trivial pages in the sidebar navigation; a switch between them is Streamlit's own
cost of changing page (the app's page switches are measured as ratios to it).
Run: ``streamlit run benchmarks/bare_nav_app.py``.
"""

import streamlit as st


def one():
    st.write("Page one")


def two():
    st.write("Page two")


st.navigation([st.Page(one, title="One", default=True),
               st.Page(two, title="Two", url_path="two")]).run()
