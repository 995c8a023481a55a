"""The Trainer: owns the model, the pair order, the seeded RNG, the learning rate and the
history, and advances training either one recorded step at a time or in vectorised bulk.

A *unit* is what one step trains on: a (centre, context) pair for skip-gram, or a centre
word with its whole window (CBOW, or skip-gram with ``window_step``). Every public method
leaves the trainer consistent: weights, counters and history always agree, and a step that
would produce a non-finite value raises DivergenceError without changing anything.
"""

import threading

import numpy as np

from .config import Config
from .corpus import Corpus, Pairs
from .errors import DivergenceError
from .history import LossHistory, Timeline
from .model import Model, NegativeSampler, StepRecord, log_softmax, loss_and_gradients, \
    sigmoid, softmax, softplus


class Trainer:
    def __init__(self, corpus: Corpus, config: Config, W1=None, W2=None,
                 batch_size: int | None = None, snapshot_budget: int = 8 * 2**20):
        self.corpus, self.config = corpus, config
        self.vocab = corpus.vocab
        self._explicit_init = None if W1 is None else (np.array(W1, float), np.array(W2, float))
        self.batch_size = batch_size or int(min(1024, max(1, len(self.vocab) // 10)))
        self.snapshot_budget = snapshot_budget
        self.sampler = NegativeSampler(self.vocab.counts)
        self._lock = threading.RLock()
        self.reset()

    # ----- state -------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to the initial weights, step 0, empty history (same seed: same run again)."""
        with self._lock:
            c = self.config
            self.rng = np.random.default_rng(c.seed)
            W1, W2 = self._explicit_init or (None, None)
            self.model = Model(len(self.vocab), c.dim, W1, W2, self.rng, c.init_scale)
            self.history = LossHistory()
            self.timeline = Timeline(self.model.V, self.model.d, self.snapshot_budget)
            self.timeline.add(0, self.model.W1, self.model.W2)
            self.step_count, self.epoch, self.position = 0, 0, 0
            self.last_record: StepRecord | None = None
            self._static_pairs = None
            self._start_epoch()

    @property
    def uses_windows(self) -> bool:
        return self.config.architecture == "cbow" or self.config.window_step

    def _make_pairs(self) -> Pairs:
        c = self.config
        if not (c.dynamic_window or c.subsample > 0):
            if self._static_pairs is None:
                self._static_pairs = self.corpus.pairs(c.window)
            return self._static_pairs
        return self.corpus.pairs(c.window, c.dynamic_window, c.subsample, self.rng)

    def _start_epoch(self) -> None:
        self.pairs = self._make_pairs()
        n = self.pairs.n_groups if self.uses_windows else len(self.pairs)
        self.order = self.rng.permutation(n) if self.config.shuffle else np.arange(n)

    @property
    def n_units(self) -> int:
        """Steps in one epoch."""
        return len(self.order)

    def lr_at(self, step: int) -> float:
        c = self.config
        if not c.lr_decay:
            return c.lr
        horizon = c.lr_decay_epochs * max(self.n_units, 1)
        return c.lr * max(c.lr_min_fraction, 1.0 - step / horizon)

    @property
    def lr(self) -> float:
        return self.lr_at(self.step_count)

    def set_lr(self, lr: float, decay: bool | None = None) -> None:
        """Change the learning rate mid-training (validated; weights untouched)."""
        with self._lock:
            changes = {"lr": lr} if decay is None else {"lr": lr, "lr_decay": decay}
            self.config = self.config.replace(**changes)

    # ----- what a unit is ----------------------------------------------------------------
    def unit_tokens(self, unit: int) -> tuple:
        """(centre token index, context token indices) of a unit."""
        p = self.pairs
        if self.uses_windows:
            lo, hi = p.group_ptr[unit], p.group_ptr[unit + 1]
            return int(p.ctok[lo]), p.otok[lo:hi]
        return int(p.ctok[unit]), p.otok[unit:unit + 1]

    def next_unit(self) -> tuple:
        """Token indices of the unit the next step will train on."""
        return self.unit_tokens(int(self.order[self.position]))

    def _example(self, unit: int) -> tuple:
        ctok, otoks = self.unit_tokens(unit)
        ids = self.corpus.ids
        centre, contexts = ids[ctok], ids[otoks]
        if self.config.architecture == "cbow":
            return ctok, otoks, centre, contexts, contexts, np.array([centre])
        return ctok, otoks, centre, contexts, np.array([centre]), contexts

    # ----- recorded steps ----------------------------------------------------------------
    def step(self, n: int = 1) -> StepRecord:
        """Train ``n`` recorded steps; returns (and keeps) the record of the last one."""
        with self._lock:
            for _ in range(n):
                self.last_record = self._step_one()
            return self.last_record

    def _step_one(self) -> StepRecord:
        c, model = self.config, self.model
        unit = int(self.order[self.position])
        ctok, otoks, centre, contexts, inputs, targets = self._example(unit)
        negatives = None
        if c.objective == "negative":
            negatives = self.sampler.draw(self.rng, targets, c.negatives)
        grads = loss_and_gradients(model.W1, model.W2, inputs, targets, negatives)
        lr = self.lr
        new_rows, new_cols = model.apply(grads, lr)
        self._check_finite(grads.loss, new_rows, new_cols, lr=lr)
        before = model.U[grads.columns].T.copy()
        model.commit(grads, new_rows, new_cols)
        self._advance(np.array([grads.loss]))
        return StepRecord(self.step_count, self.epoch if self.position else self.epoch - 1,
                          c.architecture, c.objective, int(centre), contexts, ctok, otoks,
                          inputs, targets, negatives, lr, grads, before)

    def _check_finite(self, loss, *arrays, lr=None) -> None:
        lr = self.lr if lr is None else lr
        bad = None
        if not np.all(np.isfinite(loss)):
            bad = ("the loss", loss)
        else:
            for name, a in zip(("W1", "W2"), arrays):
                if not np.all(np.isfinite(a)):
                    bad = (name, a)
                    break
        if bad:
            values = np.atleast_1d(bad[1])
            value = "NaN" if np.isnan(values).any() else "infinite"
            raise DivergenceError(step=self.step_count + 1, what=bad[0], value=value, lr=lr)

    def _advance(self, losses: np.ndarray) -> None:
        """Book ``len(losses)`` finished steps: counters, history, timeline, epoch end."""
        self.step_count += len(losses)
        self.position += len(losses)
        self.history.add(losses)
        if self.timeline.due(self.step_count):
            self.timeline.add(self.step_count, self.model.W1, self.model.W2)
        if self.position >= self.n_units:
            self.history.end_epoch()
            self.epoch += 1
            self.position = 0
            self._start_epoch()

    # ----- bulk --------------------------------------------------------------------------
    def run(self, n_steps: int, progress=None) -> None:
        """Train ``n_steps`` units in vectorised mini-batches (SGD on each batch's summed
        gradient). ``progress(done, total)`` is called between batches, when the trainer is
        consistent, so an interruption there loses nothing."""
        with self._lock:
            done = 0
            while done < n_steps:
                take = min(self.batch_size, n_steps - done, self.n_units - self.position)
                units = self.order[self.position:self.position + take]
                self._advance(self._bulk_batch(units))
                self.last_record = None
                done += take
                if progress is not None:
                    progress(done, n_steps)

    def run_epoch(self, progress=None) -> None:
        """Bulk-train to the end of the current epoch (a whole epoch when at its start)."""
        self.run(self.n_units - self.position, progress)

    def run_epochs(self, k: int, progress=None) -> None:
        with self._lock:
            total = (self.n_units - self.position) + (k - 1) * self.n_units
            offset = [0]

            def inner(done, n):
                if progress is not None:
                    progress(offset[0] + done, total)

            for _ in range(k):
                n = self.n_units - self.position
                self.run(n, inner)
                offset[0] += n

    def _bulk_batch(self, units: np.ndarray) -> np.ndarray:
        """One mini-batch; returns the per-unit losses. Weights change only if all finite."""
        c, model, ids, p = self.config, self.model, self.corpus.ids, self.pairs
        W1, U = model.W1, model.U
        if self.uses_windows:
            lens = p.group_ptr[units + 1] - p.group_ptr[units]
            starts = np.cumsum(lens) - lens
            pair_idx = np.repeat(p.group_ptr[units] - starts, lens) + np.arange(lens.sum())
        else:
            lens = np.ones(len(units), dtype=np.int64)
            pair_idx = units
        centre_ids = ids[p.ctok[pair_idx]]
        context_ids = ids[p.otok[pair_idx]]
        if c.architecture == "cbow":
            in_ids, in_lens = context_ids, lens
            targets = ids[p.ctok[p.group_ptr[units]]]
            H = np.add.reduceat(W1[in_ids], np.cumsum(lens) - lens, axis=0) / lens[:, None]
            example_of_unit = np.arange(len(units))
        else:   # skip-gram: every pair is an example; a window unit is its pairs summed
            in_ids, in_lens, targets = centre_ids, np.ones(len(pair_idx), int), context_ids
            H = W1[in_ids]
            example_of_unit = np.repeat(np.arange(len(units)), lens)
        lr = self.lr

        if c.objective == "softmax":
            Z = H @ U.T
            logp = log_softmax(Z)
            losses = -logp[np.arange(len(targets)), targets]
            E = softmax(Z)
            E[np.arange(len(targets)), targets] -= 1.0
            dH = E @ U
            touched = np.arange(len(U))
            dU_rows = E.T @ H
        else:
            negatives = self.sampler.draw(self.rng, targets, c.negatives)
            cols = np.concatenate([targets[:, None], negatives], axis=1)      # (B, K+1)
            Uc = U[cols]                                                       # (B, K+1, d)
            S = np.einsum("bkd,bd->bk", Uc, H)
            losses = softplus(-S[:, 0]) + softplus(S[:, 1:]).sum(axis=1)
            E = sigmoid(S)
            E[:, 0] -= 1.0
            dH = np.einsum("bk,bkd->bd", E, Uc)
            touched, inverse = np.unique(cols.ravel(), return_inverse=True)
            dU_rows = np.zeros((len(touched), W1.shape[1]))
            np.add.at(dU_rows, inverse, (E[:, :, None] * H[:, None, :]).reshape(-1, W1.shape[1]))

        dW1_rows = np.repeat(dH / in_lens[:, None], in_lens, axis=0)
        unit_losses = np.bincount(example_of_unit, weights=losses, minlength=len(units))
        rows, row_inverse = np.unique(in_ids, return_inverse=True)
        new_rows = W1[rows].copy()
        np.add.at(new_rows, row_inverse, -lr * dW1_rows)
        new_cols = U[touched] - lr * dU_rows
        self._check_finite(unit_losses, new_rows, new_cols, lr=lr)
        W1[rows] = new_rows
        U[touched] = new_cols
        return unit_losses
