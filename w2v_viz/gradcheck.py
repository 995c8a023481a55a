"""Gradient check: analytic gradients against central finite differences.

    dJ/dtheta_i ~ (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)

relative error = ||g_numeric - g_analytic|| / max(||g_numeric|| + ||g_analytic||, tiny)

Under the full softmax a weight of W2's column j moves only the logit z_j: J(theta +- eps)
- J(theta) is then computed from z_j recomputed from the perturbed column and the other
logits computed once (``_column_delta``), O(1) per evaluation instead of O(V d), and
precise enough for the tiny gradients of a large vocabulary (the check stays a finite
difference of the loss, cheap enough to run live on every step at the largest V).
"""

from dataclasses import dataclass

import numpy as np

from .model import loss_and_gradients, softmax_parts

TOLERANCE = 1e-6


@dataclass
class GradCheck:
    relative_error: float
    checked: int            # how many weights were perturbed
    numeric: np.ndarray
    analytic: np.ndarray

    @property
    def passed(self) -> bool:
        return self.relative_error < TOLERANCE


def gradient_check(W1, W2, inputs, targets, negatives=None, eps: float = 1e-6,
                   max_entries: int | None = None, rng=None) -> GradCheck:
    """Check every touched weight (or ``max_entries`` of them, chosen at random) of one
    example: the rows of W1 it reads and the columns of W2 it scores."""
    W1, W2 = np.array(W1, dtype=np.float64), np.array(W2, dtype=np.float64)
    g = loss_and_gradients(W1, W2, inputs, targets, negatives)
    d1, d2 = W1.shape[1], W2.shape[0]
    n1, total = len(g.rows) * d1, len(g.rows) * d1 + len(g.columns) * d2
    picks = range(total)     # entry k: W1's (row a, dim j) for k < n1, then W2's (dim i, column b)
    if max_entries is not None and total > max_entries:
        rng = rng if rng is not None else np.random.default_rng(0)
        picks = rng.choice(total, max_entries, replace=False)
    entries = []
    for k in map(int, picks):
        if k < n1:
            a, j = divmod(k, d1)
            entries.append((W1, (int(g.rows[a]), j), g.dW1[a, j]))
        else:
            b, i = divmod(k - n1, d2)
            entries.append((W2, (i, int(g.columns[b])), g.dW2[i, b]))
    numeric, analytic = np.empty(len(entries)), np.empty(len(entries))
    fast = negatives is None     # the full softmax: a W2 weight moves one logit only
    if fast:
        delta, h = _column_delta(W1, W2, inputs, targets)
    for n, (W, index, grad) in enumerate(entries):
        old = W[index]
        if fast and W is W2:
            j = index[1]
            z0 = W2[:, j] @ h
            W[index] = old + eps
            plus = delta(j, W2[:, j] @ h - z0)
            W[index] = old - eps
            minus = delta(j, W2[:, j] @ h - z0)
        else:
            W[index] = old + eps
            plus = loss_and_gradients(W1, W2, inputs, targets, negatives).loss
            W[index] = old - eps
            minus = loss_and_gradients(W1, W2, inputs, targets, negatives).loss
        W[index] = old
        numeric[n], analytic[n] = (plus - minus) / (2 * eps), grad
    denom = max(np.linalg.norm(numeric) + np.linalg.norm(analytic), 1e-300)
    return GradCheck(float(np.linalg.norm(numeric - analytic) / denom), len(entries),
                     numeric, analytic)


def _column_delta(W1, W2, inputs, targets):
    """The full softmax's loss change when only W2's column j moves and its logit z_j
    changes by dz: ``delta(j, dz) = -c_j dz + P log(1 + e^(z_j - max z) (e^dz - 1) / S)``
    (c_j: times j is a target, P targets, S = sum of e^(z - max z)), the exact change of
    -sum_o log softmax(z)_o, computed with log1p/expm1 to full relative precision: the
    gradients of the other words' columns are ~ŷ_j h, tiny at a large V, and two losses
    of ~8 subtracted directly would lose them in rounding. Also returns h."""
    inputs, targets = np.asarray(inputs), np.asarray(targets)
    h = W1[inputs[0]] * 1.0 if len(inputs) == 1 else W1[inputs].sum(axis=0) / len(inputs)
    z = W2.T @ h
    parts = softmax_parts(z)
    e, S = parts.exp, parts.sum_exp
    counts = np.bincount(targets, minlength=len(z))
    P = len(targets)

    def delta(j: int, dz: float) -> float:
        p_j = e[j] / S
        if p_j <= 0.5:
            return float(-counts[j] * dz + P * np.log1p(p_j * np.expm1(dz)))
        # A saturated column (y_hat_j -> 1): the same change written with 1 - y_hat_j,
        # summed from the other words (as the kernel's gradient is), so that it keeps its
        # relative precision in the tail: log1p(p expm1(dz)) = dz + log1p((1-p) expm1(-dz)).
        rest = (e[:j].sum() + e[j + 1:].sum()) / S
        return float((P - counts[j]) * dz + P * np.log1p(rest * np.expm1(-dz)))

    return delta, h


def check_record(model_W1, model_W2, record, **kwargs) -> GradCheck:
    """Gradient check of a StepRecord at the weights it started from (W1 rows are
    restored from the record's update, W2 columns from the saved ones)."""
    W1 = np.array(model_W1, dtype=np.float64)
    W2 = np.array(model_W2, dtype=np.float64)
    W1[record.rows] -= record.update_W1
    W2[:, record.columns] = record.W2_columns_before
    return gradient_check(W1, W2, record.inputs, record.targets, record.negatives, **kwargs)
