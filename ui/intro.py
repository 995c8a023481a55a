"""The first minute: the app's title on every page, and on a visitor's first visit a
one-line "start here" (what to click first, where the lessons are, the other language)
that the visitor closes. Drawn in one keyed container on every run, so that what follows
(the live fragment) keeps its place on the page."""

import streamlit as st

from .state import tr

CLOSED = "w2v_intro_closed"     # session_state: the visitor closed the "start here" line


def _close() -> None:
    st.session_state[CLOSED] = True


def intro() -> None:
    # Our CSS (no user text): a title that takes one line, the close button level with it.
    # Not a heading: the pages' own headings (h2, the views' h3) keep their order.
    st.html("<style>.st-key-w2v_title p{font-size:1rem;color:#3d4250;margin:0 0 .2rem;"
            "line-height:1.3}.st-key-w2v_title strong{font-size:1.45rem;color:#31333f}"
            ".st-key-w2v_intro [data-testid='stAlert'] p{margin:0}</style>")
    with st.container(key="w2v_intro"):
        st.container(key="w2v_title").markdown(f"**{tr('app.title')}** · {tr('app.tagline')}")
        if not st.session_state.get(CLOSED):
            text, close = st.columns([12, 2], vertical_alignment="center")
            text.info(tr("app.start_here"), icon=":material/arrow_forward:")
            close.button(tr("app.start_close"), key="w2v_intro_close", on_click=_close,
                         width="stretch")
