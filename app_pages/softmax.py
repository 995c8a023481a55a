"""Softmax: logits -> e^(z - max z) -> probabilities for this step's input (and under
negative sampling the K+1 sigmoid units it trains), updated in place on every Step; a
probe of any centre word with the weights now; the notes' King -> Queen sandbox."""

import numpy as np
import streamlit as st

from ui.downloads import html_button, keep
from ui.live import live_page
from ui.live_view import register
from ui.state import lang, tr
from views import figures, softmax
from views.theory import EXAMPLE_SCORES

_softmax = register("softmax")


def render(trainer, record):
    bars = softmax.step_message(trainer, record, lang())
    _softmax(data=bars, key="softmax")
    keep("softmax", bars, bars["heading"])
    words = trainer.vocab.words
    if st.session_state.get("probe_word", 0) >= len(words):   # a smaller new vocabulary
        st.session_state["probe_word"] = 0
    probe = st.selectbox(tr("sm.probe"), range(len(words)), key="probe_word",
                         format_func=words.__getitem__)
    _softmax(data=softmax.probe_message(trainer, probe, lang()), key="probe")


live_page(render)
html_button(figures.softmax, "softmax", "dl_softmax_html")

# The notes' example does not depend on training: it sits outside the live fragment.
st.divider()
st.markdown(f"### {tr('softmax.sandbox')}")
st.caption(tr("softmax.sandbox_help"))
labels = [tr("softmax.queen"), tr("softmax.dog"), tr("softmax.apple")]
cols = st.columns(3)
logits = np.array([cols[i].slider(label, -5.0, 5.0, value, 0.1, key=f"sandbox_{i}")
                   for i, (label, (_, value)) in enumerate(zip(labels, EXAMPLE_SCORES))])
_softmax(data=softmax.sandbox_message(labels, logits, lang()), key="sandbox")
