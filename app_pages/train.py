"""Train: the sentence and window of this step, the loss curve, the equations with numbers."""

import streamlit as st

from ui.chart import chart
from ui.live import live_page
from ui.state import lang, tr
from ui.text import highlight_sentence, word
from w2v_viz import figures, theory


def render(trainer, record):
    vocab, corpus = trainer.vocab, trainer.corpus
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.markdown(f"##### {tr('train.this_step', n=record.step)}")
        st.markdown(highlight_sentence(corpus, record.centre_token, record.context_tokens,
                                       trainer.config.window))
        st.caption(tr("train.legend"))
        centre = word(vocab.words[record.centre])
        contexts = ", ".join(word(vocab.words[o]) for o in record.contexts)
        key = "train.pair_cbow" if record.architecture == "cbow" else "train.pair"
        st.markdown(tr(key, centre=centre, contexts=contexts))
        if record.negatives is not None:
            negs = ", ".join(word(vocab.words[k]) for k in record.negatives.ravel())
            st.markdown(tr("train.negatives", negatives=negs))
        if trainer.last_record is not record:
            st.caption(tr("train.preview"))
        # One KaTeX block, not one element per line: less to re-render on every Step.
        lines = theory.step_equations(record, vocab, lang())
        st.latex(r"\begin{gathered}" + r"\\[6pt]".join(lines) + r"\end{gathered}")
    with right:
        log_scale = st.toggle(tr("train.log_scale"), key="loss_log")
        chart(figures.loss_figure(trainer.history, lang(), log_scale=log_scale), "loss_chart")
        st.caption(tr("train.loss_caption", V=trainer.model.V, d=trainer.model.d, lr=trainer.lr,
                      units=trainer.n_units))


live_page(render)
