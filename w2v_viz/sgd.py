"""Negative sampling's compiled parts (numba): the sampler, and the bulk path's SGD one
unit after another.

Each unit gets exactly the recorded step's update (``model.loss_and_gradients`` of one
unit: all K+1 scores of all its targets at the unit's starting weights, then W2's columns
and W1's rows move by -lr times their summed gradients), in the order the recorded steps
would take them, with the negatives they would draw. Only no StepRecord is built, and no
NumPy call is paid per unit: a unit costs ~(K+1) d multiply-adds, far less than the
Python and NumPy overhead a recorded step spends around them. This is word2vec's own
inner loop (and gensim's), with float64 weights and exact sigmoid and softplus instead of
their lookup tables.

numba compiles it once per machine and caches the machine code on disk (``cache=True``);
a process loads it from there, faster than a compile but not free (the README's engine
row). Importing this module starts that in a background thread (``warm_up``), so no
visitor's first step waits for it.
"""

import math
import threading

import numba
import numpy as np

UNIGRAM_POWER = 0.75


def noise_distribution(counts) -> np.ndarray:
    """P_n(w) = count(w)^0.75 / sum_v count(v)^0.75, the distribution negatives are drawn from."""
    p = np.asarray(counts, dtype=np.float64) ** UNIGRAM_POWER
    return p / p.sum()


# A unit whose update could pass this bound stops the run as diverged, before it writes
# anything: weights stay finite, so a bound on the result is checked instead of the result.
# The bound uses squared norms (they vectorise, where a running max does not), so weights
# from ~1e154 on count as diverged.
SAFE = 1e300
# Reassociation lets LLVM vectorise the d-long dot products and updates (SIMD); it changes
# only the rounding of those sums (~1e-16 relative), the same in every run. NaN and inf
# keep their IEEE meaning, which the divergence check relies on.
FAST = {"reassoc", "contract"}


@numba.njit(cache=True, nogil=True)
def _softplus(x):
    """log(1 + e^x), exact in both tails (as np.logaddexp(0, x))."""
    if x > 0.0:
        return x + math.log1p(math.exp(-x))
    return math.log1p(math.exp(x))


@numba.njit(cache=True, nogil=True)
def _sigmoid(x):
    """1 / (1 + e^-x), exact in both tails (as scipy.special.expit)."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@numba.njit(cache=True, nogil=True, fastmath=FAST)
def sgd_negative(W1, U, inputs, in_ptr, targets, t_ptr, negatives, lrs, losses):
    """Train units g = 0, 1, ... in order, in place; return how many were done.

    W1 (V, d) input vectors; U (V, d) output vectors (U = W2^T). Unit g averages the rows
    inputs[in_ptr[g]:in_ptr[g+1]] into h and predicts targets[t_ptr[g]:t_ptr[g+1]], target
    t against its negatives[t] (K), with learning rate lrs[g]; its loss goes to losses[g].
    A unit whose loss is not finite, or whose update could overflow, is not applied: the
    return value is then its index (its loss is written, for the error message)."""
    G, d, K1 = len(in_ptr) - 1, W1.shape[1], negatives.shape[1] + 1
    max_t = 1
    for g in range(G):
        max_t = max(max_t, t_ptr[g + 1] - t_ptr[g])
    h = np.empty(d)                       # (d,) hidden vector of the unit
    dh = np.empty(d)                      # (d,) dJ/dh
    cols = np.empty((max_t, K1), dtype=np.int64)
    error = np.empty((max_t, K1))         # dJ/dz of each logistic unit
    for g in range(G):
        lo, hi = in_ptr[g], in_ptr[g + 1]
        t_lo, n_t = t_ptr[g], t_ptr[g + 1] - t_ptr[g]
        # h = mean of the input rows
        w_sq = 0.0                        # sum of their squares: bounds every |W1[r, i]|
        for i in range(d):
            h[i] = 0.0
        for r in range(lo, hi):
            row = inputs[r]
            for i in range(d):
                h[i] += W1[row, i]
                w_sq += W1[row, i] * W1[row, i]
        h_sq = 0.0
        for i in range(d):
            h[i] /= hi - lo
            h_sq += h[i] * h[i]
        # scores z = u_j . h, loss and error of every logistic unit, at the start weights
        loss, u_sq = 0.0, 0.0
        for t in range(n_t):
            cols[t, 0] = targets[t_lo + t]
            for k in range(K1 - 1):
                cols[t, k + 1] = negatives[t_lo + t, k]
            for j in range(K1):
                col = cols[t, j]
                z = 0.0
                for i in range(d):
                    z += U[col, i] * h[i]
                    u_sq += U[col, i] * U[col, i]
                if j == 0:                # label 1: -log sigma(z), error sigma(z) - 1
                    loss += _softplus(-z)
                    error[t, j] = -_sigmoid(-z)
                else:                     # label 0: -log sigma(-z), error sigma(z)
                    loss += _softplus(z)
                    error[t, j] = _sigmoid(z)
        losses[g] = loss
        lr = lrs[g]
        count = n_t * K1                  # updates one column can receive in this unit
        u_max, w_max, h_max = math.sqrt(u_sq), math.sqrt(w_sq), math.sqrt(h_sq)
        if not (math.isfinite(loss) and u_max + lr * count * h_max < SAFE
                and w_max + lr * count * u_max < SAFE):
            return g
        # dh = sum_j error_j u_j with the columns as they were, then the updates
        for i in range(d):
            dh[i] = 0.0
        for t in range(n_t):
            for j in range(K1):
                col, e = cols[t, j], error[t, j]
                for i in range(d):
                    dh[i] += e * U[col, i]
        for t in range(n_t):
            for j in range(K1):
                col, step = cols[t, j], lr * error[t, j]
                for i in range(d):
                    U[col, i] -= step * h[i]          # u_j -= lr error_j h
        share = lr / (hi - lo)
        for r in range(lo, hi):
            row = inputs[r]
            for i in range(d):
                W1[row, i] -= share * dh[i]           # v_r -= lr dh / |R|
    return G


def guide_table(cdf: np.ndarray, bins: int) -> np.ndarray:
    """g[j] = #{w : cdf[w] <= (j - 1) / bins} for j = 0 .. bins + 2: a search for x in bin
    m = floor(x * bins) only has to look between g[m] and g[m + 3] (a bin either side for
    the rounding of x * bins), a few words instead of log2(V) steps over all of them."""
    return np.searchsorted(cdf, (np.arange(bins + 3) - 1.0) / bins, side="right")


@numba.njit(cache=True, nogil=True)
def draw_negatives(cdf, before, p, guide, positives, u):
    """(n, k) negatives from uniforms u (n, k): negative j of positive t is the word whose
    share [before[w], cdf[w]) of the unigram^0.75 mass holds u * (1 - p[t]), skipping t's
    own share -- a draw conditioned on "not t" with one uniform each (model.NegativeSampler).
    The result is np.searchsorted(cdf, x, "right"), found within the guide table's bracket."""
    V, bins = len(cdf), len(guide) - 3
    out = np.empty(u.shape, dtype=np.int64)
    for a in range(u.shape[0]):
        t = positives[a]
        for j in range(u.shape[1]):
            x = u[a, j] * (1.0 - p[t])              # over the other words' mass
            if x >= before[t]:
                x += p[t]                           # step over t's share
            m = min(max(int(x * bins), 0), bins)
            lo, hi = guide[m], guide[m + 3]         # first w with cdf[w] > x is in here
            while lo < hi:
                mid = (lo + hi) >> 1
                if cdf[mid] <= x:
                    lo = mid + 1
                else:
                    hi = mid
            w = min(lo, V - 1)
            if w == t:                  # only by rounding at the very top of the cdf
                w = t + 1 if t + 1 < V else t - 1
            out[a, j] = w
    return out


class NegativeSampler:
    """Draws negatives from the unigram distribution raised to 3/4."""

    def __init__(self, counts: np.ndarray):
        self.p = noise_distribution(counts)
        self.cdf = np.cumsum(self.p)
        self.cdf[-1] = 1.0
        self.before = np.r_[0.0, self.cdf[:-1]]     # word j owns [before[j], cdf[j])
        self.guide = guide_table(self.cdf, 2 * len(self.cdf))

    def draw(self, rng: np.random.Generator, positives: np.ndarray, k: int) -> np.ndarray:
        """(len(positives), k) negatives, never equal to their positive: each is drawn from
        the unigram^0.75 distribution conditioned on "not the positive" -- the distribution
        that redrawing until it differs gives, but with exactly one uniform per negative (so
        it also works when the positive has almost all the mass, and a batch draws the same
        negatives as its units one by one)."""
        positives = np.asarray(positives, dtype=np.int64)
        u = rng.random((len(positives), k))
        return draw_negatives(self.cdf, self.before, self.p, self.guide, positives, u)


def warm_up() -> None:
    """Compile (or load from the disk cache) both kernels on tiny inputs, with the argument
    types the trainer passes, so no visitor's first step waits for the compiler."""
    W, ids, ptr = np.zeros((2, 1)), np.zeros(1, dtype=np.int64), np.arange(2, dtype=np.int64)
    sgd_negative(W, W.copy(), ids, ptr, ids, ptr, np.ones((1, 1), dtype=np.int64),
                 np.zeros(1), np.empty(1))
    cdf = np.array([0.5, 1.0])
    draw_negatives(cdf, np.array([0.0, 0.5]), cdf - [0.0, 0.5], guide_table(cdf, 4), ids,
                   np.zeros((1, 1)))


# Once per process, in the background: neither a compile nor a cached load is instant.
threading.Thread(target=warm_up, name="w2v_viz-numba-warm-up", daemon=True).start()


def noise_table(vocab, n_frequent: int = 4, n_rare: int = 2) -> list[dict]:
    """Share of the text vs probability of being drawn as a negative, for the most frequent
    and the rarest words."""
    counts = np.asarray(vocab.counts, dtype=float)
    share = counts / counts.sum()
    noise = noise_distribution(counts)
    ids = list(range(min(n_frequent, len(counts))))
    ids += [i for i in range(max(len(counts) - n_rare, 0), len(counts)) if i not in ids]
    return [{"id": i, "word": vocab.words[i], "count": int(counts[i]),
             "share": float(share[i]), "p_noise": float(noise[i])} for i in ids]
