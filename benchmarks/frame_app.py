"""The app's frame without its pages: the latency floor of every page of w2v-viz.

``app.py``'s page config, per-session state and settings sidebar, then a fragment with
one "Step" button and a counter, as on the bare page. ``browser_latency.py`` measures it
beside the bare page and the Step on every page (a reference row).
Run: ``streamlit run benchmarks/frame_app.py``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st  # noqa: E402

from ui.settings import init_state, sidebar  # noqa: E402

st.set_page_config(page_title="w2v-viz frame", layout="wide",
                   initial_sidebar_state="expanded")
init_state(st.empty())
sidebar()


@st.fragment
def step():
    if st.button("Step"):
        st.session_state.clicks = st.session_state.get("clicks", 0) + 1
    st.write(f"Clicks: {st.session_state.get('clicks', 0)}")


step()
