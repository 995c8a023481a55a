"""w2v-viz: watch word2vec learn, one step at a time. Run: streamlit run app.py"""

import streamlit as st

from ui import url_state
from ui.intro import intro
from ui.runs import load_run_uploader
from ui.settings import init_state, sidebar
from ui.state import lang, tr

st.set_page_config(page_title="w2v-viz", layout="wide",
                   initial_sidebar_state="auto")   # collapsed on a phone

# Our CSS (no user text). Less empty space above the controls on a wide screen (a
# 1280x720 projector) but never under Streamlit's header, which narrow screens keep in
# view; Apply pinned to the top of the sidebar (ui/settings.py), opaque over what scrolls.
st.html("""<style>
@media (min-width: 992px) {[data-testid='stMainBlockContainer']{
  padding-top:2.5rem;padding-left:2rem;padding-right:2rem}}
[data-testid='stLayoutWrapper']:has(> .st-key-w2v_apply_pending){position:sticky;top:0;z-index:5;
  background:#f0f3f8;padding:.25rem 0 .5rem;box-shadow:0 6px 6px -6px rgba(0,0,0,.25)}
</style>""")

# The URL replay's progress, on a session's first run. Drawn on every run (an empty slot
# takes no space) so that what follows keeps its place: the live fragment's identity is
# its place on the page, and a fragment that moved would leave its old copy on screen.
status = st.empty()
init_state(status)   # per-session: defaults, URL parameters, the first Trainer

pages = [   # the default page is served at "/"
    st.Page("app_pages/train.py", title=tr("page.train"), default=True),
    st.Page("app_pages/softmax.py", title=tr("page.softmax"), url_path="softmax"),
    st.Page("app_pages/gradients.py", title=tr("page.gradients"), url_path="gradients"),
    st.Page("app_pages/embeddings.py", title=tr("page.embeddings"), url_path="embeddings"),
    st.Page("app_pages/theory.py", title=tr("page.theory"), url_path="theory"),
    st.Page("app_pages/lessons.py", title=tr("page.lessons"), url_path="lessons"),   # url
    st.Page("app_pages/explore.py", title=tr("page.explore"), url_path="explore"),
]
page = st.navigation(pages)
st.set_page_config(page_title=f"{page.title} · w2v-viz")   # a title per page (tab, a11y)
intro(start_here=page.url_path != "lessons")   # the title; "start here" on a first visit
with st.sidebar:
    url_state.share_button()   # url: "Copy link to this step", under the title
sidebar()
load_run_uploader()
# <html lang> follows the UI language (screen readers, CJK glyph choice, hyphenation).
if lang() == "zh":
    st.sidebar.html("<script>document.documentElement.lang = 'zh-Hans'</script>",
                    unsafe_allow_javascript=True)
else:
    st.sidebar.html("<script>document.documentElement.lang = 'en'</script>",
                    unsafe_allow_javascript=True)
url_state.sync(keep=("lesson",) if page.url_path == "lessons" else ())   # url: the run in the URL
page.run()
