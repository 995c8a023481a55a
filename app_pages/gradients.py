"""Gradients: dW1 and dW2 of this step beside W1 and W2, and the gradient check."""

import numpy as np
import streamlit as st

from ui.chart import chart
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
    rows_hl = np.flatnonzero(np.isin(ids, record.rows)).tolist()
    # Full softmax touches every column: framing them all would say nothing.
    sparse = len(record.columns) < model.V
    cols_hl = np.flatnonzero(np.isin(ids, record.columns)).tolist() if sparse else []
    panels = [   # name, matrix, row labels, column labels, framed rows, framed columns
        ("dW1", dW1, labels, dims, rows_hl, []),
        ("W1", model.W1[ids], labels, dims, rows_hl, []),
        ("dW2", dW2, dims, labels, [], cols_hl),
        ("W2", model.W2[:, ids], dims, labels, [], cols_hl),
    ]
    for column, (name, M, row_labels, col_labels, rows, cols) in zip(
            [*st.columns(2), *st.columns(2)], panels):
        with column:
            chart(figures.matrix_heatmap(M, row_labels, col_labels, tr(f"grad.{name}"), lang(),
                                         zmax=stable_zmax(name, M), highlight_rows=rows,
                                         highlight_cols=cols), name)
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
