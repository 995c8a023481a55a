"""Proves the e2e harness (server + Chromium + quiet-wait) works on a toy app."""

from __future__ import annotations

import textwrap

from .browser import wait_for_app
from .conftest import SCREENSHOT_DIR
from .server import streamlit_server

COUNTER_APP = textwrap.dedent(
    """
    import streamlit as st

    if "count" not in st.session_state:
        st.session_state.count = 0
    if st.button("Increment"):
        st.session_state.count += 1
    st.write(f"Count: {st.session_state.count}")
    """
)


def _count_text(page) -> str:
    return page.get_by_test_id("stMarkdownContainer").filter(has_text="Count:").inner_text().strip()


def test_counter_app_clicks(page, tmp_path):
    script = tmp_path / "counter_app.py"
    script.write_text(COUNTER_APP)
    with streamlit_server(script) as (base_url, proc):
        assert proc.poll() is None
        page.goto(base_url)
        wait_for_app(page)
        assert _count_text(page) == "Count: 0"

        button = page.get_by_role("button", name="Increment")
        for expected in (1, 2):
            button.click()
            wait_for_app(page)
            assert _count_text(page) == f"Count: {expected}"

        page.screenshot(path=str(SCREENSHOT_DIR / "harness_counter.png"))
    assert page.console_errors == []
