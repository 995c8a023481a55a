"""Bare Streamlit page: the latency floor for ``browser_latency.py``.

One button labelled "Step" and one text with the click counter; nothing else.
Run: ``streamlit run benchmarks/bare_app.py``.
"""

import streamlit as st

if "clicks" not in st.session_state:
    st.session_state.clicks = 0

if st.button("Step"):
    st.session_state.clicks += 1

st.write(f"Clicks: {st.session_state.clicks}")
