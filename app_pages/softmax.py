"""Softmax: logits -> exp -> probabilities for the current centre word; a probe; the notes'
King -> Queen sandbox."""

import numpy as np
import streamlit as st

from ui.chart import chart
from ui.live import live_page
from ui.state import lang, tr
from w2v_viz import figures
from w2v_viz.theory import EXAMPLE_SCORES, md_escape


def render(trainer, record):
    vocab, model = trainer.vocab, trainer.model
    st.markdown(f"##### {tr('softmax.current', centre=md_escape(vocab.words[record.centre]))}")
    out = model.forward(record.inputs, record.targets)
    chart(figures.softmax_figure(vocab.words, out, lang()), "softmax_chart")
    if record.objective == "negative":
        st.caption(tr("softmax.negative_note"))
        chart(figures.negative_sampling_figure(vocab.words, record, lang()), "ns_chart")

    st.divider()
    st.markdown(f"##### {tr('softmax.probe')}")
    st.caption(tr("softmax.probe_help"))
    words = vocab.words
    probe = st.selectbox(tr("softmax.probe_word"), range(len(words)), key="probe_word",
                         format_func=lambda i: words[i])
    chart(figures.softmax_figure(words, model.forward([probe]), lang()), "probe_chart")


live_page(render)

# The notes' example does not depend on training: it sits outside the live fragment.
st.divider()
st.markdown(f"##### {tr('softmax.sandbox')}")
st.caption(tr("softmax.sandbox_help"))
labels = [tr("softmax.queen"), tr("softmax.dog"), tr("softmax.apple")]
cols = st.columns(3)
logits = np.array([cols[i].slider(label, -5.0, 5.0, value, 0.1, key=f"sandbox_{i}")
                   for i, (label, (_, value)) in enumerate(zip(labels, EXAMPLE_SCORES))])
chart(figures.sandbox_figure(labels, logits, lang()), "sandbox_chart")
