"""The skip-gram / CBOW network of the notes, with its exact gradients.

Layout (as in the notes): ``W1`` is V x d, row i is the input vector v_i; ``W2`` is d x V,
column j is the output vector u_j. One step, for input rows R and targets O:

    h      = mean_{r in R} W1[r]            skip-gram: R = {c}, so h = v_c
    z      = W2^T h                          logits, one per word
    probs  = softmax(z)                      P(w_o | w_c) = exp(u_o^T v_c) / sum_w exp(u_w^T v_c)
    loss   = sum_{o in O} -log probs[o]      J = -log P(context | centre)
    error  = sum_{o in O} (probs - onehot(o))      dJ/dz = y_hat - y
    dW2    = outer(h, error)                 dJ/du_j = error_j h
    dW1[r] = (W2 error) / |R|                dJ/dv_c = W2 (y_hat - y)

Negative sampling replaces the softmax by K+1 logistic units (Mikolov et al., 2013):

    loss = -log sigma(u_o^T h) - sum_k log sigma(-u_k^T h),   error_j = sigma(u_j^T h) - label_j

and touches only the K+1 columns of W2.
"""

from dataclasses import dataclass, field

import numpy as np

UNIGRAM_POWER = 0.75


def softmax(z: np.ndarray) -> np.ndarray:
    """Max-subtracted softmax: never overflows, whatever the logits (a logit more than
    ~1.8e308 below the maximum becomes -inf after the shift, and its probability 0)."""
    with np.errstate(over="ignore"):
        e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z: np.ndarray) -> np.ndarray:
    m = np.max(z, axis=-1, keepdims=True)
    with np.errstate(over="ignore"):
        shifted = z - m
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function, written with tanh so it never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + e^x) = -log sigma(-x), computed stably."""
    return np.logaddexp(0.0, x)


@dataclass
class Gradients:
    """Loss and gradients of one example; sparse: only touched rows/columns."""

    loss: float
    h: np.ndarray            # (d,)
    z: np.ndarray            # softmax: (V,) logits; negative sampling: (P, K+1) scores
    probs: np.ndarray        # softmax(z), or sigma(z) for negative sampling
    error: np.ndarray        # dJ/dz, same shape as z
    rows: np.ndarray         # unique W1 rows touched
    dW1: np.ndarray          # (len(rows), d)
    columns: np.ndarray      # unique W2 columns touched
    dW2: np.ndarray          # (d, len(columns))


def _scatter_rows(ids: np.ndarray, grads: np.ndarray):
    """Sum gradient rows that share an id: (sorted unique ids, summed rows)."""
    if len(ids) == 1:                           # one row (skip-gram's centre): nothing to sum
        return np.array(ids), np.array(grads, dtype=np.float64)
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    if not (sorted_ids[1:] == sorted_ids[:-1]).any():   # no repeats: just reorder
        return sorted_ids, np.array(grads[order], dtype=np.float64)
    starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]])
    total = np.add.reduceat(np.asarray(grads, dtype=np.float64)[order], starts, axis=0)
    return sorted_ids[starts], total


def loss_and_gradients(W1, W2, inputs, targets, negatives=None) -> Gradients:
    """Exact loss and gradients for one example.

    inputs: the W1 rows averaged into h (skip-gram: [centre]; CBOW: the contexts).
    targets: the words to predict (skip-gram: the contexts; CBOW: [centre]).
    negatives: None for the full softmax, else a (len(targets), K) array of negative ids.
    """
    inputs, targets = np.asarray(inputs), np.asarray(targets)
    if len(inputs) == 1:
        h = W1[inputs[0]] * 1.0                  # a copy; the same value as the mean of one
    else:
        h = W1[inputs].sum(axis=0) / len(inputs)
    if negatives is None:
        z = W2.T @ h
        shifted = z - np.max(z)                  # softmax and log-softmax from one exp
        e = np.exp(shifted)
        total = e.sum()
        probs = e / total
        if len(targets) == 1:
            error = probs.copy()
            error[targets[0]] -= 1.0
        else:
            error = len(targets) * probs
            np.add.at(error, targets, -1.0)
        loss = float(-(shifted[targets] - np.log(total)).sum())
        columns = np.arange(W2.shape[1])
        dW2 = np.outer(error, h).T               # (d, V), laid out like Model.U (V x d)
        dh = W2 @ error
    else:
        negatives = np.asarray(negatives).reshape(len(targets), -1)
        cols = np.concatenate([targets[:, None], negatives], axis=1)   # (P, K+1)
        U = W2[:, cols].reshape(len(h), -1)                            # (d, P(K+1))
        z = (h @ U).reshape(cols.shape)                                # u_j^T h
        probs = sigmoid(z)
        error = probs.copy()
        error[:, 0] -= 1.0                                             # label 1, then 0s
        signed = z.copy()
        signed[:, 0] *= -1.0
        loss = float(softplus(signed).sum())      # -log sig(u_o.h) - sum log sig(-u_k.h)
        columns, dW2_t = _scatter_rows(cols.ravel(), error.reshape(-1, 1) * h)
        dW2 = dW2_t.T
        dh = U @ error.ravel()
    if len(inputs) == 1:
        rows, dW1 = inputs.copy(), dh[None, :] / 1
    else:
        per_input = np.broadcast_to(dh / len(inputs), (len(inputs), len(dh)))
        rows, dW1 = _scatter_rows(inputs, per_input)
    return Gradients(loss, h, z, probs, error, rows, dW1, columns, dW2)


@dataclass
class StepRecord:
    """Everything one training step did, for the app to draw."""

    step: int                 # 1-based index of this step
    epoch: int                # epoch the step belongs to (0-based)
    architecture: str
    objective: str
    centre: int               # centre word id
    contexts: np.ndarray      # context word ids of this step
    centre_token: int         # token index of the centre in the corpus (for highlighting)
    context_tokens: np.ndarray
    inputs: np.ndarray        # ids averaged into h
    targets: np.ndarray       # ids predicted
    negatives: np.ndarray | None
    lr: float
    grads: Gradients
    W2_columns_before: np.ndarray = field(repr=False)  # W2[:, columns] before the update

    # Short names from the math.
    h = property(lambda self: self.grads.h)
    z = property(lambda self: self.grads.z)
    probs = property(lambda self: self.grads.probs)
    error = property(lambda self: self.grads.error)
    loss = property(lambda self: self.grads.loss)
    rows = property(lambda self: self.grads.rows)
    dW1 = property(lambda self: self.grads.dW1)
    columns = property(lambda self: self.grads.columns)
    dW2 = property(lambda self: self.grads.dW2)

    @property
    def dW1_row(self) -> np.ndarray:
        """Skip-gram: the gradient of the centre's row v_c (CBOW: summed over its rows)."""
        return self.grads.dW1.sum(axis=0)

    @property
    def update_W1(self) -> np.ndarray:
        """The change applied to W1[rows]: -lr * dW1."""
        return -self.lr * self.grads.dW1

    @property
    def update_W2(self) -> np.ndarray:
        """The change applied to W2[:, columns]: -lr * dW2."""
        return -self.lr * self.grads.dW2

    def dense_dW1(self, V: int) -> np.ndarray:
        out = np.zeros((V, self.grads.dW1.shape[1]))
        out[self.rows] = self.dW1
        return out

    def dense_dW2(self, V: int) -> np.ndarray:
        out = np.zeros((self.grads.dW2.shape[0], V))
        out[:, self.columns] = self.dW2
        return out


class Model:
    """The two weight matrices. ``W2`` is a d x V view of a row-major V x d array, so
    column u_j is contiguous in memory; its values are exactly the notes' W2."""

    def __init__(self, V: int, d: int, W1=None, W2=None, rng=None, init_scale: float = 0.1):
        if W1 is None or W2 is None:
            rng = rng if rng is not None else np.random.default_rng(0)
            W1 = rng.standard_normal((V, d)) * init_scale
            W2 = rng.standard_normal((d, V)) * init_scale  # randn: the notes' rand is an erratum
        W1, W2 = np.asarray(W1, dtype=np.float64), np.asarray(W2, dtype=np.float64)
        if W1.shape != (V, d) or W2.shape != (d, V):
            raise ValueError(f"W1 must be {(V, d)} and W2 {(d, V)}; got {W1.shape}, {W2.shape}")
        self.W1 = W1.copy()
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

    def forward(self, inputs) -> tuple:
        """h, logits z and softmax probabilities for input rows (a probe: no update)."""
        h = self.W1[np.atleast_1d(inputs)].mean(axis=0)
        z = self.U @ h
        return h, z, softmax(z)

    def apply(self, grads: Gradients, lr: float) -> tuple:
        """SGD candidates W1[rows] - lr dW1 and W2[:, columns] - lr dW2 (not yet written)."""
        new_rows = self.W1[grads.rows] - lr * grads.dW1
        new_cols = self.U[grads.columns] - lr * grads.dW2.T
        return new_rows, new_cols

    def commit(self, grads: Gradients, new_rows, new_cols) -> None:
        self.W1[grads.rows] = new_rows
        if len(grads.columns) == self.V:     # sorted and unique, so all columns in order
            self.U[...] = new_cols
        else:
            self.U[grads.columns] = new_cols


def noise_distribution(counts) -> np.ndarray:
    """P_n(w) = count(w)^0.75 / sum_v count(v)^0.75, the distribution negatives are drawn from."""
    p = np.asarray(counts, dtype=np.float64) ** UNIGRAM_POWER
    return p / p.sum()


class NegativeSampler:
    """Draws negatives from the unigram distribution raised to 3/4."""

    def __init__(self, counts: np.ndarray):
        self.p = noise_distribution(counts)
        self.cdf = np.cumsum(self.p)
        self.cdf[-1] = 1.0
        self.before = np.r_[0.0, self.cdf[:-1]]     # word j owns [before[j], cdf[j])

    def draw(self, rng: np.random.Generator, positives: np.ndarray, k: int) -> np.ndarray:
        """(len(positives), k) negatives, never equal to their positive: each is drawn from
        the unigram^0.75 distribution conditioned on "not the positive" -- the distribution
        that redrawing until it differs gives, but with exactly one uniform per negative (so
        it also works when the positive has almost all the mass)."""
        positives = np.asarray(positives)
        if len(positives) == 1:      # a recorded skip-gram step: the same numbers, faster
            t = int(positives[0])
            p_t = float(self.p[t])
            u = rng.random((1, k)) * (1.0 - p_t)
            u[u >= self.before[t]] += p_t
        else:
            p_pos = self.p[positives][:, None]
            u = rng.random((len(positives), k)) * (1.0 - p_pos)   # over the others' mass
            u += np.where(u >= self.before[positives][:, None], p_pos, 0.0)  # skip positive
        out = np.searchsorted(self.cdf, u, side="right")
        np.minimum(out, len(self.p) - 1, out=out)
        clash = out == positives[:, None]      # only by rounding at the very top of the cdf
        if clash.any():
            pos = np.broadcast_to(positives[:, None], out.shape)[clash]
            out[clash] = np.where(pos + 1 < len(self.p), pos + 1, pos - 1)
        return out
