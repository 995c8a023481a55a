"""The first minute: the app's title, and on a visitor's first visit a one-line "start
here" (what to click first, where the lessons are, the other language) that the visitor
closes. On a wide screen both sit at the top of the sidebar, so the whole step still fits
a 1280x720 projector; on a narrow one (the sidebar closed) at the top of the page. Both
copies are drawn on every run in keyed containers (CSS shows one), so that what follows
(the live fragment) keeps its place on the page."""

import streamlit as st

from .state import tr

CLOSED = "w2v_intro_closed"     # session_state: the visitor closed the "start here" line
NARROW = 767.98                 # px: below this Streamlit closes the sidebar (a phone)


def _close() -> None:
    st.session_state[CLOSED] = True


def _draw(where: str) -> None:
    st.container(key=f"w2v_title_{where}").markdown(
        f"**{tr('app.title')}** · {tr('app.tagline')}")
    if not st.session_state.get(CLOSED):
        st.info(tr("app.start_here"), icon=":material/arrow_forward:")
        st.button(tr("app.start_close"), key=f"w2v_intro_close_{where}", on_click=_close,
                  type="tertiary")


def intro() -> None:
    # Our CSS (no user text): one copy per screen width; a title that takes one line.
    st.html(f"""<style>
[class*='st-key-w2v_title_'] p{{font-size:1rem;color:#3d4250;margin:0;line-height:1.3}}
[class*='st-key-w2v_title_'] strong{{font-size:1.4rem;color:#31333f}}
.st-key-w2v_intro_side [data-testid='stAlert'] p{{font-size:.9rem}}
@media (min-width:{NARROW + .02}px){{
  [data-testid='stLayoutWrapper']:has(> .st-key-w2v_intro_main),
  .st-key-w2v_intro_main{{display:none}}}}
@media (max-width:{NARROW}px){{
  [data-testid='stLayoutWrapper']:has(> .st-key-w2v_intro_side),
  .st-key-w2v_intro_side{{display:none}}}}
</style>""")
    with st.sidebar.container(key="w2v_intro_side"):
        _draw("side")
    with st.container(key="w2v_intro_main"):
        _draw("main")
