"""w2v-viz: watch word2vec learn, one step at a time. Run: streamlit run app.py"""

import streamlit as st

from ui.settings import init_state, sidebar
from ui.state import tr

st.set_page_config(page_title="w2v-viz", page_icon="🔤", layout="wide",
                   initial_sidebar_state="expanded")

init_state()   # per-session: defaults, URL parameters, the first Trainer

pages = [
    st.Page("pages/train.py", title=tr("page.train"), icon="🏋️", url_path="train",
            default=True),
    st.Page("pages/softmax.py", title=tr("page.softmax"), icon="📊", url_path="softmax"),
    st.Page("pages/gradients.py", title=tr("page.gradients"), icon="🧮",
            url_path="gradients"),
    st.Page("pages/embeddings.py", title=tr("page.embeddings"), icon="🗺️",
            url_path="embeddings"),
    st.Page("pages/theory.py", title=tr("page.theory"), icon="📖", url_path="theory"),
]
page = st.navigation(pages)
sidebar()
page.run()
