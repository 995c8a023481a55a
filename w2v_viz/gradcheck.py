"""Gradient check: analytic gradients against central finite differences.

    dJ/dtheta_i ~ (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)

relative error = ||g_numeric - g_analytic|| / max(||g_numeric|| + ||g_analytic||, tiny)
"""

from dataclasses import dataclass

import numpy as np

from .model import loss_and_gradients

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
    entries = [(W1, (r, j), g.dW1[a, j]) for a, r in enumerate(g.rows) for j in range(W1.shape[1])]
    entries += [(W2, (i, col), g.dW2[i, b]) for b, col in enumerate(g.columns)
                for i in range(W2.shape[0])]
    if max_entries is not None and len(entries) > max_entries:
        rng = rng if rng is not None else np.random.default_rng(0)
        entries = [entries[k] for k in rng.choice(len(entries), max_entries, replace=False)]
    numeric, analytic = np.empty(len(entries)), np.empty(len(entries))
    for n, (W, index, grad) in enumerate(entries):
        old = W[index]
        W[index] = old + eps
        plus = loss_and_gradients(W1, W2, inputs, targets, negatives).loss
        W[index] = old - eps
        minus = loss_and_gradients(W1, W2, inputs, targets, negatives).loss
        W[index] = old
        numeric[n], analytic[n] = (plus - minus) / (2 * eps), grad
    denom = max(np.linalg.norm(numeric) + np.linalg.norm(analytic), 1e-300)
    return GradCheck(float(np.linalg.norm(numeric - analytic) / denom), len(entries),
                     numeric, analytic)


def check_record(model_W1, model_W2, record, **kwargs) -> GradCheck:
    """Gradient check of a StepRecord at the weights it started from (W1 rows are
    restored from the record's update, W2 columns from the saved ones)."""
    W1 = np.array(model_W1, dtype=np.float64)
    W2 = np.array(model_W2, dtype=np.float64)
    W1[record.rows] -= record.update_W1
    W2[:, record.columns] = record.W2_columns_before
    return gradient_check(W1, W2, record.inputs, record.targets, record.negatives, **kwargs)
