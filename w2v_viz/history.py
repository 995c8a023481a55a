"""Bounded training history: the loss curve and the weight snapshots for scrubbing back.

Both keep memory bounded at any step count by thinning: when full, neighbouring entries
are merged (loss buckets are averaged; every other snapshot is dropped) and the stride
doubles, so early and late training stay represented evenly.
"""

import math

import numpy as np


class LossHistory:
    """Per-step loss in buckets of ``width`` steps (width 1 until ``capacity`` is reached),
    plus the mean loss of every finished epoch."""

    def __init__(self, capacity: int = 4096):
        self.capacity = capacity
        self.width = 1
        # The buckets live in preallocated buffers (``sums`` and ``counts`` are views of
        # their first ``_n`` entries), so a recorded step appends in O(1).
        self._sums = np.zeros(capacity + 1)
        self._counts = np.zeros(capacity + 1, dtype=np.int64)
        self._n = 0
        self.epoch_means: list = []
        self.epoch_end_steps: list = []
        self._epoch_sum, self._epoch_n = 0.0, 0
        self.steps = 0
        self._averages: dict = {}   # steps -> moving_average(steps) of the buckets as they are

    sums = property(lambda self: self._sums[:self._n], doc="loss sum of each bucket")
    counts = property(lambda self: self._counts[:self._n], doc="steps in each bucket")

    def _set(self, sums, counts) -> None:
        """Replace the buckets (sums and counts are new arrays of equal length)."""
        n, size = len(sums), len(self._sums)
        if n + 1 > size or (size > 2 * (self.capacity + 1) and n <= self.capacity):
            size = max(n, self.capacity) + 1       # grow, or shrink back after a big add
            self._sums = np.zeros(size)
            self._counts = np.zeros(size, dtype=np.int64)
        self._sums[:n] = sums
        self._counts[:n] = counts
        self._n = n
        self._averages.clear()

    def add(self, losses) -> None:
        """Append the losses of consecutive steps."""
        losses = np.atleast_1d(np.asarray(losses, dtype=np.float64))
        self._averages.clear()
        if len(losses) == 1:   # one recorded step: O(1), the same sums as the general path
            loss = float(losses[0])
            self.steps += 1
            self._epoch_sum += loss
            self._epoch_n += 1
            n = self._n
            if n and self._counts[n - 1] < self.width:
                self._sums[n - 1] += loss
                self._counts[n - 1] += 1
            else:
                self._sums[n], self._counts[n] = loss, 1
                self._n = n + 1
                if self._n > self.capacity:
                    self._merge()
            return
        if len(losses) == 0:
            return
        self.steps += len(losses)
        self._epoch_sum += float(losses.sum())
        self._epoch_n += len(losses)
        i = 0
        if len(self.counts) and self.counts[-1] < self.width:
            i = min(self.width - int(self.counts[-1]), len(losses))
            self.sums[-1] += losses[:i].sum()
            self.counts[-1] += i
        rest = losses[i:]
        n_full = len(rest) // self.width
        full = rest[: n_full * self.width].reshape(n_full, self.width).sum(axis=1)
        tail = rest[n_full * self.width:]
        new_sums = [full] + ([np.array([tail.sum()])] if len(tail) else [])
        new_counts = [np.full(n_full, self.width)] + ([np.array([len(tail)])] if len(tail) else [])
        self._set(np.concatenate([self.sums, *new_sums]),
                  np.concatenate([self.counts, *new_counts]))
        while len(self.sums) > self.capacity:
            self._merge()

    def _merge(self) -> None:
        n = len(self.sums) // 2 * 2
        sums = self.sums[:n].reshape(-1, 2).sum(axis=1)
        counts = self.counts[:n].reshape(-1, 2).sum(axis=1)
        self._set(np.concatenate([sums, self.sums[n:]]),
                  np.concatenate([counts, self.counts[n:]]))
        self.width *= 2

    def end_epoch(self) -> None:
        if self._epoch_n:
            self.epoch_means.append(self._epoch_sum / self._epoch_n)
            self.epoch_end_steps.append(self.steps)
        self._epoch_sum, self._epoch_n = 0.0, 0

    def series(self) -> tuple:
        """(x, mean loss): x is the last step of each bucket (1-based)."""
        return np.cumsum(self.counts), self.sums / np.maximum(self.counts, 1)

    def mean_of_first(self, k: int) -> tuple[float, int]:
        """(mean loss, steps) of the first ``k`` steps, in whole buckets (exact while a
        bucket is one step)."""
        ends = np.cumsum(self.counts)
        n = int(np.searchsorted(ends, k, side="right"))
        steps = int(ends[n - 1]) if n else 0
        return float(self.sums[:n].sum() / max(steps, 1)), steps

    def moving_average(self, steps: int = 50) -> np.ndarray:
        """Mean loss over about the last ``steps`` steps, at every bucket (read-only:
        kept until the next step, as a refresh's views and the guard each ask for it)."""
        if steps not in self._averages:
            self._averages[steps] = ma = self._moving_average(steps)
            ma.flags.writeable = False
        return self._averages[steps]

    def _moving_average(self, steps: int) -> np.ndarray:
        if len(self.sums) == 0:
            return np.zeros(0)
        k = max(1, steps // self.width)
        cs, cn = np.cumsum(np.r_[0, self.sums]), np.cumsum(np.r_[0, self.counts])
        lo = np.maximum(np.arange(1, len(self.sums) + 1) - k, 0)
        hi = np.arange(1, len(self.sums) + 1)
        return (cs[hi] - cs[lo]) / (cn[hi] - cn[lo])

    def thinned(self, max_points: int, steps: int = 50) -> tuple:
        """(x, mean loss, ``moving_average(steps)``, steps per point) with at most
        ``max_points`` points: k buckets merged into one, their step-weighted mean."""
        x, y = self.series()
        ma = np.asarray(self.moving_average(steps), dtype=np.float64)
        k = max(1, math.ceil(len(x) / max_points))
        if k > 1:
            starts = np.arange(0, len(x), k)
            ends = np.minimum(starts + k, len(x)) - 1
            x, ma = x[ends], ma[ends]
            y = (np.add.reduceat(np.asarray(self.sums, np.float64), starts)
                 / np.maximum(np.add.reduceat(np.asarray(self.counts), starts), 1))
        return x, y, ma, int(self.width) * k

    @property
    def last(self) -> float | None:
        return float(self.sums[-1] / self.counts[-1]) if len(self.sums) else None

    def nbytes(self) -> int:
        return self._sums.nbytes + self._counts.nbytes + 16 * len(self.epoch_means)

    def to_arrays(self) -> dict:
        return {"sums": self.sums.copy(), "counts": self.counts.copy(),
                "epoch_means": np.asarray(self.epoch_means, dtype=np.float64),
                "epoch_end_steps": np.asarray(self.epoch_end_steps, dtype=np.int64),
                "meta": np.array([self.width, self.steps, self._epoch_n, self.capacity]),
                "epoch_sum": np.array([self._epoch_sum])}

    @classmethod
    def from_arrays(cls, a: dict) -> "LossHistory":
        width, steps, epoch_n, capacity = (int(x) for x in a["meta"])
        h = cls(capacity)
        h.width, h.steps, h._epoch_n = width, steps, epoch_n
        h._set(a["sums"].astype(np.float64), a["counts"].astype(np.int64))
        h.epoch_means = [float(x) for x in a["epoch_means"]]
        h.epoch_end_steps = [int(x) for x in a["epoch_end_steps"]]
        h._epoch_sum = float(a["epoch_sum"][0])
        return h


_F16_MAX = float(np.finfo(np.float16).max)


def _float16(a: np.ndarray) -> np.ndarray:
    """float16 copy (3 significant digits: plenty for a map of the past); finite weights
    beyond float16's range (65504, only in a run that blows up) are clipped, not made
    infinite."""
    with np.errstate(over="ignore"):
        out = a.astype(np.float16)
    if not np.isfinite(out).all():
        out = np.clip(a, -_F16_MAX, _F16_MAX).astype(np.float16)
    return out


class Timeline:
    """Snapshots of W1 and W2 (float16) at least ``stride`` steps apart, at most
    ``max_snapshots`` of them, as many as fit in ``budget_bytes``, at least 3. Every
    visitor's run keeps one, so float16: as many snapshots in half the server's memory
    (benchmarks/memory_sessions.py)."""

    def __init__(self, V: int, d: int, budget_bytes: int = 4 * 2**20, max_snapshots: int = 64):
        per = 2 * V * d * 2
        self.max_snapshots = int(max(3, min(max_snapshots, budget_bytes // per)))
        self.stride = 1
        self.steps: list = []
        self.W1: list = []
        self.W2: list = []

    def due(self, step: int) -> bool:
        return not self.steps or step - self.steps[-1] >= self.stride

    def add(self, step: int, W1: np.ndarray, W2: np.ndarray) -> None:
        self.steps.append(step)
        self.W1.append(_float16(W1))
        self.W2.append(_float16(W2.T).T)     # W2 is often a view of a V x d array
        if len(self.steps) > self.max_snapshots:   # drop every other one, keep the newest
            keep = sorted(set(range(0, len(self.steps), 2)) | {len(self.steps) - 1})
            for name in ("steps", "W1", "W2"):
                setattr(self, name, [getattr(self, name)[i] for i in keep])
            self.stride *= 2

    def nbytes(self) -> int:
        return sum(a.nbytes for a in self.W1) + sum(a.nbytes for a in self.W2)

    def __len__(self):
        return len(self.steps)
