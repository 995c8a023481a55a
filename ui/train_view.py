"""The Train page's live view: one Streamlit component, updated in place on every Step.

The data comes from ``w2v_viz.train_view``; ``components/train_view.js`` draws it. The
equations are typeset by the KaTeX that Streamlit itself ships for ``st.latex`` (found
here once); if a Streamlit release ever ships it differently, the page falls back to
``st.latex``.
"""

from pathlib import Path

import streamlit as st

_HERE = Path(__file__).parent / "components"
_KATEX = sorted((Path(st.__file__).parent / "static" / "static" / "js").glob("katex.*.js"))
KATEX_PATH = f"static/js/{_KATEX[0].name}" if _KATEX else None   # relative to the app URL

# Registered once per process: a definition (like a function), not visitor state.
_component = st.components.v2.component(
    "w2v_viz.train_view",
    js=(_HERE / "train_view.js").read_text(encoding="utf-8"),
    css=(_HERE / "train_view.css").read_text(encoding="utf-8"),
    isolate_styles=False,   # the page's fonts and KaTeX's stylesheet apply
)

KEY = "train_view"


def log_scale() -> bool:
    """The visitor's choice of a log-scale loss axis (the view's checkbox)."""
    return st.session_state.get("loss_log", False)


def _remember_log_scale() -> None:
    # Kept in our own key: Streamlit drops a component's state on the pages without it.
    st.session_state["loss_log"] = bool(st.session_state[KEY].get("log_scale"))


def train_view(view: dict) -> None:
    """Draw (or update in place) the live view of ``w2v_viz.train_view.train_view``."""
    _component(data={**view, "katex": KATEX_PATH}, key=KEY,
               default={"log_scale": log_scale()}, on_log_scale_change=_remember_log_scale)
    if KATEX_PATH is None:
        st.latex(r"\begin{gathered}" + r"\\[6pt]".join(f"{lhs} = {value}" for lhs, value
                                                         in view["equations"]) + r"\end{gathered}")
