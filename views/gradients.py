"""The Gradients page's message (``gradients.js`` draws it on canvas): this step's
gradients dW1 and dW2 beside the weights W1 and W2, on the words shown (this step's words
and the most frequent, at most ``MAX_WORDS``), with this step's rows and columns marked,
colour ranges that only grow (reset with the model), and the gradient check's verdict.

dW2 travels as its two factors, h and e (dW2 = h eᵀ: one column per word, e_j = ŷ_j - y_j
summed over the step's targets, or under negative sampling σ(z_j) - y_j on the K+1 units
and 0 elsewhere): d + n numbers instead of d x n. dW1 travels as its non-zero rows. The
gradients are the record's exact values (before this step's update); the weights are the
model's now (after it), rounded to what a tooltip prints.
"""

import math
from typing import TypedDict

import numpy as np

from views.i18n import t
from views.numfmt import fmt
from w2v_viz.gradcheck import GradCheck

MAX_WORDS = 40         # words shown on a heatmap axis for large vocabularies
SIG_DIGITS = 4         # the weights' significant digits (relative to the matrix's largest)


class Word(TypedDict):
    word: str
    id: int
    role: str           # W2 column: "target", "negative" or ""


class GradientsMessage(TypedDict):
    objective: str
    architecture: str
    V: int
    d: int
    words: list[Word]           # the shown words (W1 rows, W2 columns), by frequency
    rows: list[int]             # positions in ``words`` of this step's W1 rows
    dW1: np.ndarray             # (rows, d) their gradient rows (exact), as ``rows``
    h: np.ndarray               # (d,) dW2 = h eᵀ
    e: np.ndarray               # (n,) the error of each shown column (0 if untouched)
    W1: np.ndarray              # (n, d) the weights now
    W2: np.ndarray              # (d, n)
    zmax: dict[str, float]      # the colour range of each matrix: [-zmax, zmax]
    log: dict[str, bool]        # a symmetric-log colour scale for this matrix
    check: dict                 # the gradient check: text, passed, error, n
    summary: dict[str, str]     # each heatmap in one sentence (screen readers)
    text: dict[str, str]


def window_rows(V: int, focus_ids=(), max_rows: int = MAX_WORDS) -> np.ndarray:
    """Rows to draw of a V-row matrix: the focus words (kept in the given priority order
    up to ``max_rows``) topped up with the most frequent words (the lowest ids), sorted."""
    if V <= max_rows:
        return np.arange(V)
    chosen = []
    for i in np.atleast_1d(np.asarray(focus_ids, dtype=np.int64)).ravel():
        if 0 <= i < V and int(i) not in chosen:
            chosen.append(int(i))
        if len(chosen) == max_rows:
            break
    taken = set(chosen)
    fill = (i for i in range(V) if i not in taken)
    while len(chosen) < max_rows:
        chosen.append(next(fill))
    return np.array(sorted(chosen), dtype=np.int64)


def shown_ids(record, V: int, max_words: int = MAX_WORDS) -> np.ndarray:
    """This step's words first (input rows, targets, negatives), then the most frequent."""
    negatives = [] if record.negatives is None else np.ravel(record.negatives)
    focus = list(dict.fromkeys(int(i) for i in np.concatenate(
        [np.ravel(record.rows), np.ravel(record.targets), np.ravel(record.inputs),
         np.asarray(negatives, dtype=np.int64)])))
    return window_rows(V, focus, max_words)


def grow(ranges: dict, name: str, M) -> float:
    """A colour range that only grows (kept in ``ranges``, reset with the model)."""
    M = np.asarray(M, dtype=np.float64)
    finite = np.abs(M[np.isfinite(M)])
    ranges[name] = max(ranges.get(name, 0.0), float(finite.max()) if finite.size else 0.0,
                       1e-12)
    return ranges[name]


def _round(M, scale: float) -> np.ndarray:
    """``SIG_DIGITS`` significant digits relative to ``scale``."""
    decimals = SIG_DIGITS - 1 - math.floor(math.log10(scale)) if scale > 0 else 6
    return np.round(np.asarray(M, dtype=np.float64), min(max(decimals, 0), 12))


def check_text(check: GradCheck | None, lang: str) -> dict:
    if check is None:
        return {"text": "", "passed": None, "error": None, "n": 0}
    verdict = t("grad.pass" if check.passed else "grad.fail", lang)
    return {"text": t("grad.check_result", lang, err=fmt(check.relative_error),
                      n=f"{check.checked:,}", verdict=verdict),
            "passed": bool(check.passed), "error": float(check.relative_error),
            "n": int(check.checked)}


def message(trainer, record, lang: str = "en", ranges: dict | None = None,
            check: GradCheck | None = None) -> GradientsMessage:
    """The gradients of ``record`` beside the weights now. ``ranges``: the colour ranges
    kept between frames (updated here); ``check``: the gradient check of the record."""
    model, words = trainer.model, trainer.vocab.words
    V, d = model.V, model.d
    ranges = {} if ranges is None else ranges
    ids = shown_ids(record, V)
    pos = {int(j): k for k, j in enumerate(ids)}
    negative = record.objective == "negative"
    targets = {int(o) for o in np.ravel(record.targets)}
    negs = set() if record.negatives is None else {int(k) for k in np.ravel(record.negatives)}
    roles = ["target" if j in targets else "negative" if j in negs else "" for j in map(int, ids)]
    rows = [(pos[int(r)], a) for a, r in enumerate(np.ravel(record.rows)) if int(r) in pos]
    dW1 = np.asarray(record.dW1, dtype=np.float64)
    e_all = record.column_errors(V)
    e = e_all[ids]
    h = np.asarray(record.h, dtype=np.float64)
    W1 = model.W1[ids]
    W2 = model.W2[:, ids]
    zmax = {
        "dW1": grow(ranges, "dW1", dW1),
        "W1": grow(ranges, "W1", W1),
        "dW2": grow(ranges, "dW2", np.outer(h, e)),
        "W2": grow(ranges, "W2", W2),
    }
    n_cols = len(record.columns)
    shown_targets = [w for w, r in zip(ids, roles) if r == "target"]
    target_words = ", ".join(str(words[int(j)]) for j in shown_targets)
    input_words = ", ".join(str(words[int(r)]) for r in np.ravel(record.rows))
    summary = {
        "dW1": t("grad.sum_dW1", lang, n=len(ids), d=d, rows=input_words),
        "W1": t("grad.sum_W1", lang, n=len(ids), d=d, rows=input_words),
        "dW2": t("grad.sum_dW2_negative" if negative else "grad.sum_dW2_softmax", lang,
                 n=len(ids), d=d, k=n_cols, targets=target_words),
        "W2": t("grad.sum_W2", lang, n=len(ids), d=d, targets=target_words),
    }
    preview = trainer.last_record is not record
    text = {k: t(f"grad.{k}", lang) for k in (
        "title_dW1", "title_W1", "title_dW2", "title_W2", "key_row", "key_target",
        "key_negative", "dim", "row_of", "col_of", "log_scale", "linear_scale", "value",
        "check", "labelled")}
    text["caption"] = (t("grad.window", lang, shown=len(ids), V=V) + " " if len(ids) < V
                       else "") + t(f"grad.sparsity_{record.objective}", lang, k=n_cols, V=V)
    text["when"] = t("grad.when_preview" if preview else "grad.when", lang, n=f"{record.step:,}")
    return {
        "objective": record.objective, "architecture": record.architecture, "V": V, "d": d,
        "words": [{"word": str(words[int(j)]), "id": int(j), "role": r}
                  for j, r in zip(ids, roles)],
        "rows": [p for p, _ in rows],
        "dW1": dW1[[a for _, a in rows]],
        "h": h, "e": e,
        "W1": _round(W1, zmax["W1"]), "W2": _round(W2, zmax["W2"]),
        "zmax": zmax,
        # Under the full softmax the target's ŷ - 1 dwarfs every other column's ŷ: on a
        # linear scale dW2 would show one column; a symmetric log scale shows them all.
        "log": {"dW1": False, "W1": False, "dW2": not negative, "W2": False},
        "check": check_text(check, lang),
        "summary": summary, "text": text,
    }
