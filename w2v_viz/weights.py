"""The two weight matrices and the values they start from (which: ``Config.init_used``)."""

import numpy as np

from .model import Forward, Gradients, forward


def initial_weights(V: int, d: int, rng, init: str = "normal", scale: float = 0.1) -> tuple:
    """(W1, W2) to start from. "normal": the notes' W1, W2 ~ N(0, scale^2) (randn; the
    notes' rand is an erratum). "word2vec": Mikolov's C code and gensim, W1 ~ U(+-0.5/d)
    and W2 = 0: every input vector starts equally short whatever d, and the output vectors
    grow from nothing (so the first softmax step's dW1 = W2 error is 0, correctly)."""
    if init == "word2vec":
        return (rng.random((V, d)) - 0.5) / d, np.zeros((d, V))
    if init == "normal":
        return rng.standard_normal((V, d)) * scale, rng.standard_normal((d, V)) * scale
    raise ValueError(f"init must be 'normal' or 'word2vec' (Config.init_used); got {init!r}")


def initial_norm(config) -> float:
    """A word vector's typical length at initialisation: ``init_scale * sqrt(d)`` for the
    normal init; for word2vec's, a row of W1 ~ U(+-0.5/d): sqrt(d / 12) / d (W2 is 0)."""
    if config.init_used == "word2vec":
        return float(np.sqrt(config.dim / 12.0) / config.dim)
    return float(config.init_scale * np.sqrt(config.dim))


class Model:
    """The two weight matrices. ``W2`` is a d x V view of a row-major V x d array, so
    column u_j is contiguous in memory; its values are exactly the notes' W2."""

    def __init__(self, V: int, d: int, W1=None, W2=None, rng=None, init_scale: float = 0.1,
                 init: str = "normal"):
        if W1 is None or W2 is None:
            rng = rng if rng is not None else np.random.default_rng(0)
            W1, W2 = initial_weights(V, d, rng, init, init_scale)
        W1, W2 = np.asarray(W1, dtype=np.float64), np.asarray(W2, dtype=np.float64)
        if W1.shape != (V, d) or W2.shape != (d, V):
            raise ValueError(f"W1 must be {(V, d)} and W2 {(d, V)}; got {W1.shape}, {W2.shape}")
        self.W1 = np.array(W1, order="C")
        self.U = np.ascontiguousarray(W2.T)  # V x d: row j is u_j

    @property
    def W2(self) -> np.ndarray:
        return self.U.T

    @property
    def V(self) -> int:
        return self.W1.shape[0]

    @property
    def d(self) -> int:
        return self.W1.shape[1]

    def forward(self, inputs, targets=()) -> Forward:
        """h, logits z, softmax probabilities (and the loss of ``targets``) for one unit's
        input rows: a probe, no update."""
        return forward(self.W1, self.W2, np.atleast_1d(inputs), np.atleast_1d(targets))

    def apply(self, grads: Gradients, lr: float, before=None) -> tuple:
        """SGD candidates, not yet written: W1[rows] - lr dW1 and W2[:, columns] - lr dW2,
        laid out as W1 rows and U rows. ``before``: U[columns], if the caller has a copy."""
        if before is None:
            before = self.U if len(grads.columns) == self.V else self.U[grads.columns]
        return self.W1[grads.rows] - lr * grads.dW1, before - lr * grads.dW2.T

    def commit(self, grads: Gradients, new_rows, new_cols) -> None:
        self.W1[grads.rows] = new_rows
        if len(grads.columns) == self.V:     # sorted and unique, so all columns in order
            self.U[...] = new_cols
        else:
            self.U[grads.columns] = new_cols
