"""Gradients: dW1 and dW2 of this step beside W1 and W2, and the gradient check."""

import numpy as np
import streamlit as st

from ui.live import live_page
from ui.state import lang, tr
from w2v_viz import figures
from w2v_viz.gradcheck import check_record, gradient_check

MAX_ROWS = 40          # words shown on a heatmap axis for large vocabularies
CHECK_ENTRIES = 60     # weights perturbed by the live gradient check


def stable_zmax(name: str, M: np.ndarray) -> float:
    """A colour range that only grows, so frames do not jump (reset with the model)."""
    zmax = st.session_state.setdefault("zmax", {})
    zmax[name] = max(zmax.get(name, 0.0), float(np.max(np.abs(M))) if M.size else 0.0, 1e-12)
    return zmax[name]


def render(trainer, record):
    model, words = trainer.model, trainer.vocab.words
    negatives = [] if record.negatives is None else record.negatives.ravel()
    focus = np.unique(np.concatenate([record.rows, record.targets, record.inputs, negatives]))
    ids = figures.window_rows(model.V, focus.astype(int), max_rows=MAX_ROWS)
    labels = [words[i] for i in ids]
    dims = [str(j) for j in range(model.d)]
    if len(ids) < model.V:
        st.caption(tr("grad.window", shown=len(ids), V=model.V))

    dW1 = record.dense_dW1(model.V)[ids]
    dW2 = record.dense_dW2(model.V)[:, ids]
    rows_hl = [i for i, w in enumerate(ids) if w in set(record.rows)]
    # Full softmax touches every column: framing them all would say nothing.
    sparse = len(record.columns) < model.V
    cols_hl = [i for i, w in enumerate(ids) if w in set(record.columns)] if sparse else []
    top_left, top_right = st.columns(2)
    top_left.plotly_chart(figures.matrix_heatmap(
        dW1, labels, dims, tr("grad.dW1"), lang(), zmax=stable_zmax("dW1", dW1),
        highlight_rows=rows_hl), key="dW1", config={"displayModeBar": False})
    top_right.plotly_chart(figures.matrix_heatmap(
        model.W1[ids], labels, dims, tr("grad.W1"), lang(),
        zmax=stable_zmax("W1", model.W1[ids]), highlight_rows=rows_hl),
        key="W1", config={"displayModeBar": False})
    bottom_left, bottom_right = st.columns(2)
    bottom_left.plotly_chart(figures.matrix_heatmap(
        dW2, dims, labels, tr("grad.dW2"), lang(), zmax=stable_zmax("dW2", dW2),
        highlight_cols=cols_hl), key="dW2", config={"displayModeBar": False})
    bottom_right.plotly_chart(figures.matrix_heatmap(
        model.W2[:, ids], dims, labels, tr("grad.W2"), lang(),
        zmax=stable_zmax("W2", model.W2[:, ids]), highlight_cols=cols_hl),
        key="W2", config={"displayModeBar": False})
    st.caption(tr(f"grad.sparsity_{record.objective}", k=len(record.columns), V=model.V))

    st.markdown(f"##### {tr('grad.check')}")
    if trainer.last_record is record:   # the step was applied: check at its starting weights
        check = check_record(model.W1, model.W2, record, max_entries=CHECK_ENTRIES)
    else:
        check = gradient_check(model.W1, model.W2, record.inputs, record.targets,
                               record.negatives, max_entries=CHECK_ENTRIES)
    verdict = tr("grad.pass") if check.passed else tr("grad.fail")
    st.markdown(tr("grad.check_result", err=check.relative_error, n=check.checked,
                   verdict=verdict))


live_page(render)
