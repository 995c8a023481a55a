"""The skip-gram / CBOW network of the notes, with its exact gradients, for a batch.

Layout (as in the notes): ``W1`` is V x d, row i is the input vector v_i; ``W2`` is d x V,
column j is the output vector u_j. A batch holds G *units*; unit g averages its input rows
R_g into h_g and predicts its targets O_g (T targets in all):

    h      = mean_{r in R} W1[r]            skip-gram: R = {c}, so h = v_c
    z      = W2^T h                          logits, one per word
    probs  = softmax(z)                      P(w_o | w_c) = exp(u_o^T v_c) / sum_w exp(u_w^T v_c)
    loss   = sum_{o in O} -log probs[o]      J = -log P(context | centre)
    error  = sum_{o in O} (probs - onehot(o))      dJ/dz = y_hat - y
    dW2    = outer(h, error)                 dJ/du_j = error_j h
    dW1[r] = (W2 error) / |R|                dJ/dv_c = W2 (y_hat - y)

Negative sampling replaces the softmax by K+1 logistic units (Mikolov et al., 2013):

    loss = -log sigma(u_o^T h) - sum_k log sigma(-u_k^T h),   error_j = sigma(u_j^T h) - label_j

and touches only the K+1 columns of W2. A recorded step is one unit (G = 1); the bulk path
passes many, so both run this one code. Gradients of a batch are summed over its units,
all taken at the batch's starting weights.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy.special import expit


def softmax(z: np.ndarray) -> np.ndarray:
    """Max-subtracted softmax: never overflows, whatever the logits (a logit more than
    ~1.8e308 below the maximum becomes -inf after the shift, and its probability 0)."""
    with np.errstate(over="ignore"):
        e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def exp_table(z) -> tuple:
    """(e^z, their sum, e^z / sum) of a few small logits, unshifted: the notes' worked
    example of the softmax."""
    e = np.exp(np.asarray(z, dtype=np.float64))
    return e, float(e.sum()), e / e.sum()


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function, exact to the last bits in both tails: 1 / (1 + e^-x) for x >= 0
    and e^x / (1 + e^x) below (a tanh form loses relative precision for x < -20 and is 0
    below -37, where sigma is still 4e-17)."""
    return expit(x)


def softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + e^x) = -log sigma(-x), computed stably (exact for large negative x too)."""
    return np.logaddexp(0.0, x)


@dataclass(frozen=True)
class SoftmaxParts:
    """One softmax stage by stage, as the Softmax page draws it: z -> z - max z ->
    e^(z - max z) -> probabilities."""

    top: int                # the word of the largest logit (the first, if tied)
    shifted: np.ndarray     # z - max z, <= 0 (floored at -max float: finite for finite z)
    exp: np.ndarray         # e^(z - max z), in [0, 1]
    sum_exp: float          # their sum over all the words, >= 1
    probs: np.ndarray       # exp / sum_exp: softmax(z), the same bits

    def loss(self, o: int) -> float:
        """-log probs[o] = log sum e^(z - max z) - (z_o - max z): finite even where
        probs[o] rounds to 0."""
        return float(np.log(self.sum_exp) - self.shifted[o])


def softmax_parts(z) -> SoftmaxParts:
    """The stages of softmax(z) for one vector of finite logits."""
    z = np.asarray(z, dtype=np.float64).ravel()
    top = int(np.argmax(z))
    with np.errstate(over="ignore", under="ignore"):
        shifted = np.maximum(z - z[top], -np.finfo(np.float64).max)
        e = np.exp(shifted)
    total = e.sum()
    return SoftmaxParts(top, shifted, e, float(total), e / total)


@dataclass
class Forward:
    """The forward pass of G units: every number a view prints, computed once here.

    Softmax: ``z``/``probs`` are (G, V); negative sampling: (T, K+1), column 0 the target
    and columns 1..K its negatives."""

    targets: np.ndarray         # (T,) target ids
    negatives: np.ndarray | None  # (T, K) negative ids, or None for the full softmax
    h: np.ndarray               # (G, d) hidden vectors
    z: np.ndarray               # softmax: (G, V) logits; negative sampling: (T, K+1) u_j.h
    probs: np.ndarray | None    # softmax(z), or sigma(z) per unit (None once consumed)
    log_right: np.ndarray       # log-probability of each right answer: softmax (T,)
    #                             log y_hat[o]; negative sampling (T, K+1) log sigma(u_o.h),
    #                             log sigma(-u_k.h)
    losses: np.ndarray          # (G,) loss of each unit: minus the sum of its log_right
    loss: float                 # their sum
    log_sum_exp: np.ndarray | None = None   # softmax: (G,) log sum_w e^{z_w}

    @property
    def right_probs(self) -> np.ndarray:
        """Probability of each right answer: y_hat[o], or sigma(u_o.h) and sigma(-u_k.h)."""
        return np.exp(self.log_right)

    @property
    def unit_losses(self) -> np.ndarray:
        """Negative sampling: the loss term of each logistic unit, -log sigma(+-u_j.h)."""
        return -self.log_right


@dataclass
class Gradients(Forward):
    """Forward values plus the loss's gradients, summed over the units; sparse: only the
    touched rows of W1 and columns of W2."""

    error: np.ndarray = None     # dJ/dz, the shape of z
    rows: np.ndarray = None      # unique W1 rows touched
    dW1: np.ndarray = None       # (len(rows), d)
    columns: np.ndarray = None   # unique W2 columns touched
    dW2: np.ndarray = None       # (d, len(columns))


def scatter_rows(ids: np.ndarray, grads: np.ndarray):
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


def _per_unit(values: np.ndarray, lens, G: int) -> np.ndarray:
    """Sum per-target rows (or numbers), grouped by unit, into their G units."""
    if lens is None:                            # one unit
        return np.add.reduce(values, axis=0, keepdims=True)
    if len(values) == G:                        # one target per unit
        return values
    return np.add.reduceat(values, np.cumsum(lens) - lens, axis=0)


def _total(losses: np.ndarray) -> float:
    return float(losses[0]) if len(losses) == 1 else float(losses.sum())


def forward(W1, W2, inputs, targets=(), negatives=None, input_lens=None,
            target_lens=None) -> Forward:
    """Forward pass of G units (see ``loss_and_gradients`` for the arguments); with no
    targets, a probe: h, z and the probabilities only."""
    return _forward(W1, W2, inputs, targets, negatives, input_lens, target_lens, True)[0]


def _forward(W1, W2, inputs, targets, negatives, input_lens, target_lens, keep) -> tuple:
    """(Forward, what the backward pass reuses). Entries of the (G, V) softmax matrices are
    addressed by flat index g * V + j: a quarter of the cost of [g, j] pairs for one unit."""
    inputs, targets = np.asarray(inputs), np.asarray(targets, dtype=np.intp)
    if input_lens is None:                                  # one unit (a recorded step)
        G, unit = 1, np.zeros(len(targets), dtype=np.intp)
        H = (W1[inputs] if len(inputs) == 1                 # (1, d), a copy
             else W1[inputs].sum(axis=0, keepdims=True) / len(inputs))
    else:
        G = len(input_lens)
        unit = np.arange(G) if len(targets) == G else np.repeat(np.arange(G), target_lens)
        H = (W1[inputs] if len(inputs) == G                 # (G, d)
             else np.add.reduceat(W1[inputs], np.cumsum(input_lens) - input_lens,
                                  axis=0) / input_lens[:, None])
    t_lens = None if input_lens is None else target_lens
    if negatives is None:
        Z = H @ W2                                          # (G, V) logits
        V = Z.shape[1]
        top = Z.argmax(axis=1)                              # (G,) the most probable word
        if G > 1:
            top += V * np.arange(G)                         # flat index of each unit's top
        m = Z.reshape(-1)[top]                              # (G,) max z
        S = np.subtract(Z, m[:, None], out=None if keep else Z)   # (G, V) z - max z <= 0
        at_target = targets if G == 1 else unit * V + targets     # (T,) flat
        shifted_right = S.reshape(-1)[at_target]            # (T,) z_o - max z
        E = np.exp(S, out=None if keep else S)              # (G, V) e^(z - max z) <= 1
        flat = E.reshape(-1)
        flat[top] = 0.0
        rest = np.add.reduce(E, axis=1)                     # (G,) all but the top word:
        flat[top] = 1.0                                     # exact even when tiny
        log_total = np.log1p(rest)                          # log sum_w e^(z_w - max z)
        E /= (1.0 + rest)[:, None]                          # (G, V) probs, in place
        log_right = shifted_right - log_total[unit]         # (T,) log y_hat[o]
        losses = -_per_unit(log_right, t_lens, G)
        out = Forward(targets, None, H, Z if keep else None, E, log_right, losses,
                      _total(losses), m + log_total)
        return out, (unit, top, rest, at_target, t_lens)
    negatives = np.asarray(negatives).reshape(len(targets), -1)
    cols = np.concatenate([targets[:, None], negatives], axis=1)      # (T, K+1)
    Ht = H if G == len(targets) else H[unit]                           # (T, d)
    Uc = W2.T[cols]                                                    # (T, K+1, d)
    Z = np.matmul(Uc, Ht[:, :, None])[:, :, 0]                         # (T, K+1) u_j.h
    wrong = Z.copy()
    wrong[:, 0] *= -1.0                     # the logit of the wrong answer: -u_o.h, +u_k.h
    log_right = -softplus(wrong)            # log sigma(u_o.h), log sigma(-u_k.h)
    losses = -_per_unit(log_right.sum(axis=1), t_lens, G)
    out = Forward(targets, negatives, H, Z, expit(Z) if keep else None, log_right, losses,
                  _total(losses))
    return out, (cols, Uc, Ht, wrong, t_lens)


def loss_and_gradients(W1, W2, inputs, targets, negatives=None, input_lens=None,
                       target_lens=None, keep: bool = True) -> Gradients:
    """Exact loss and gradients of G units, summed.

    inputs: the W1 rows averaged into h, unit after unit (skip-gram: the centre; CBOW: the
    contexts); targets: the words to predict, unit after unit (skip-gram: the contexts;
    CBOW: the centre); input_lens/target_lens: (G,) how many of each belong to each unit,
    or None for one unit; negatives: None for the full softmax, else (T, K) negative ids.
    keep=False lets the softmax overwrite its probabilities with the error (the bulk path:
    one B x V matrix less) and skips sigma(z) for negative sampling.
    """
    f, cache = _forward(W1, W2, inputs, targets, negatives, input_lens, target_lens, keep)
    inputs, targets, G = np.asarray(inputs), f.targets, len(f.h)
    if negatives is None:
        unit, top, rest, at_target, t_lens = cache
        n = len(targets) if t_lens is None else np.asarray(t_lens)        # targets per unit
        if len(targets) == G:                               # one target per unit
            error = f.probs.copy() if keep else f.probs
            error.reshape(-1)[at_target] -= 1.0             # y_hat - y
        else:
            error = f.probs * (n if t_lens is None else n[:, None])
            np.add.at(error.reshape(-1), at_target, -1.0)
        # The top word's y_hat is 1 - rest / (1 + rest): write its error from that, so it
        # keeps its relative precision where y_hat -> 1 (y_hat - 1 would round to 0).
        if t_lens is None:
            c = np.count_nonzero(targets == top[0])         # targets that are the top word
            if c:
                error.reshape(-1)[top] = (n - c - c * rest) / (1.0 + rest)
        else:
            c = _per_unit((at_target == top[unit]).astype(np.float64), t_lens, G)
            error.reshape(-1)[top] = (n - c - c * rest) / (1.0 + rest)
        dH = error @ W2.T                                   # (G, d)
        columns = np.arange(W2.shape[1])
        dU = np.outer(error[0], f.h[0]) if G == 1 else error.T @ f.h   # (V, d): outer, as a
        dW2 = dU.T                                          # GEMM with k = 1 costs more
        if not keep:
            f.probs = None                                  # overwritten by the error
    else:
        cols, Uc, Ht, wrong, t_lens = cache
        error = f.probs.copy() if keep else expit(f.z)      # (T, K+1) sigma(z) - label
        error[:, 0] = -expit(wrong[:, 0])                   # sigma(u_o.h) - 1, exact
        dH = _per_unit(np.matmul(error[:, None, :], Uc)[:, 0, :], t_lens, G)  # (G, d)
        per_column = (error[:, :, None] * Ht[:, None, :]).reshape(-1, Ht.shape[1])
        columns, dU = scatter_rows(cols.ravel(), per_column)
        dW2 = dU.T                                          # (d, columns)
    if len(inputs) == G:                                    # one input row per unit
        rows, dW1 = scatter_rows(inputs, dH)
    else:                                                   # each of a unit's rows: dh / |R|
        lens = np.full(1, len(inputs)) if input_lens is None else np.asarray(input_lens)
        rows, dW1 = scatter_rows(inputs, np.repeat(dH / lens[:, None], lens, axis=0))
    return Gradients(f.targets, f.negatives, f.h, f.z, f.probs, f.log_right, f.losses,
                     f.loss, f.log_sum_exp, error, rows, dW1, columns, dW2)


@dataclass
class StepRecord:
    """Everything one training step did, for the app to draw. The step is one unit, so
    ``h``, and for the softmax ``z``, ``probs``, ``error``, are the unit's vectors."""

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
    W1_rows_before: np.ndarray | None = field(default=None, repr=False)  # W1[rows] before

    def _unit(self, a: np.ndarray) -> np.ndarray:
        return a[0] if self.objective == "softmax" else a

    # Short names from the math.
    h = property(lambda self: self.grads.h[0])                     # (d,)
    z = property(lambda self: self._unit(self.grads.z))            # (V,) or (T, K+1)
    probs = property(lambda self: self._unit(self.grads.probs))
    error = property(lambda self: self._unit(self.grads.error))    # summed over targets
    loss = property(lambda self: self.grads.loss)
    log_right = property(lambda self: self.grads.log_right)        # (T,) or (T, K+1)
    right_probs = property(lambda self: self.grads.right_probs)
    unit_losses = property(lambda self: self.grads.unit_losses)
    rows = property(lambda self: self.grads.rows)
    dW1 = property(lambda self: self.grads.dW1)
    columns = property(lambda self: self.grads.columns)
    dW2 = property(lambda self: self.grads.dW2)

    @property
    def log_sum_exp(self) -> float:
        """Softmax: log sum_w exp(z_w)."""
        return float(self.grads.log_sum_exp[0])

    @property
    def dW1_row(self) -> np.ndarray:
        """Skip-gram: the gradient of the centre's row v_c (CBOW: summed over its rows)."""
        return self.grads.dW1.sum(axis=0)

    @property
    def norms(self) -> dict:
        """Euclidean lengths: of h, the error, dW2, dW1's row (dW1_row), dW1, and of this
        step's updates lr dW2 and lr dW1 (update_W2, update_W1)."""
        n = {k: float(np.linalg.norm(getattr(self, k))) for k in
             ("h", "error", "dW2", "dW1_row", "dW1")}
        return {**n, "update_W2": self.lr * n["dW2"], "update_W1": self.lr * n["dW1"]}

    @property
    def update_W1(self) -> np.ndarray:
        """The change applied to W1[rows]: -lr * dW1."""
        return -self.lr * self.grads.dW1

    def column_errors(self, V: int) -> np.ndarray:
        """e with dW2 = h e^T: the step's error on each of the V columns (summed per word)."""
        if len(self.columns) == V:                   # the full softmax: error is (V,)
            return np.asarray(self.error, dtype=np.float64).ravel()
        P = len(np.ravel(self.targets))
        cols = np.concatenate([np.ravel(self.targets)[:, None],
                               np.asarray(self.negatives).reshape(P, -1)], axis=1)
        e = np.zeros(V)
        np.add.at(e, cols.ravel(), np.asarray(self.error, dtype=np.float64).ravel())
        return e

    def z_after(self) -> np.ndarray:
        """The step's logits (the shape of ``z``) recomputed with the weights the step
        wrote: what the same centre and units give right after the update."""
        rows = self.W1_rows_before - self.lr * self.grads.dW1       # as Model.apply writes
        cols = self.W2_columns_before.T - self.lr * self.grads.dW2.T   # (columns, d)
        where = {int(r): k for k, r in enumerate(self.rows)}
        h = rows[[where[int(i)] for i in np.ravel(self.inputs)]].mean(axis=0)
        if self.objective == "softmax":
            return cols @ h                                          # columns = every word
        T = len(np.ravel(self.targets))
        units = np.concatenate([np.ravel(self.targets)[:, None],
                                np.asarray(self.negatives).reshape(T, -1)], axis=1)
        at = {int(j): k for k, j in enumerate(self.columns)}
        U = cols[[at[int(j)] for j in units.ravel()]].reshape(*units.shape, -1)
        return U @ h                                                 # (T, K+1)

    def probs_after(self) -> np.ndarray:
        """ŷ (softmax) or σ(z) per unit right after the update, the shape of ``probs``."""
        z = self.z_after()
        return softmax(z) if self.objective == "softmax" else sigmoid(z)

    def dense_dW1(self, V: int) -> np.ndarray:
        out = np.zeros((V, self.grads.dW1.shape[1]))
        out[self.rows] = self.dW1
        return out

    def dense_dW2(self, V: int) -> np.ndarray:
        out = np.zeros((self.grads.dW2.shape[0], V))
        out[:, self.columns] = self.dW2
        return out
