"""The Trainer: owns the model, the pair order, the seeded RNG, the learning rate and the
history, and advances training either one recorded step at a time or in vectorised bulk.

A *unit* is what one step trains on: a (centre, context) pair for skip-gram, or a centre
word with its whole window (CBOW, or skip-gram with ``window_step``). Every public method
leaves the trainer consistent: weights, counters and history always agree, and a step that
would produce a non-finite value raises DivergenceError without changing anything.
"""

import threading
from contextlib import nullcontext

import numpy as np

from .config import Config
from .corpus import Corpus, Pairs
from .errors import DivergenceError
from .history import LossHistory, Timeline
from .model import StepRecord, loss_and_gradients
from .sgd import NegativeSampler, sgd_negative
from .weights import Model


# Overflow and NaN in a step are caught by _check_finite (DivergenceError); NumPy's own
# RuntimeWarnings about them would only be noise in the server log.
def _quiet():
    return np.errstate(over="ignore", invalid="ignore")


MAX_COPIES_PER_BATCH = 8   # expected copies of the most frequent word in a bulk batch
SEQUENTIAL_BATCH = 4096    # units per call of the compiled negative-sampling kernel


def default_batch_size(counts: np.ndarray) -> int:
    """Bulk mini-batch size: V/10 (at most 1024), but small enough that the most frequent
    word appears about MAX_COPIES_PER_BATCH times per batch at most. Its summed updates act
    like a learning rate that many times larger: with batches of 500 at V=5000 (10% "w0")
    the full softmax blew up at the default rate, where batches of <= 128 train smoothly."""
    p_max = float(counts.max() / counts.sum())
    return int(max(1, min(1024, len(counts) // 10, MAX_COPIES_PER_BATCH / p_max)))


class Trainer:
    def __init__(self, corpus: Corpus, config: Config, W1=None, W2=None,
                 batch_size: int | None = None, snapshot_budget: int = 4 * 2**20):
        self.corpus, self.config = corpus, config
        self.vocab = corpus.vocab
        self._explicit_init = None if W1 is None else (np.array(W1, float), np.array(W2, float))
        self.snapshot_budget = snapshot_budget
        self.sampler = NegativeSampler(self.vocab.counts)
        self._lock = threading.RLock()
        self.reset()
        self.batch_size = batch_size or self._default_batch_size()

    def _default_batch_size(self) -> int:
        """Negative sampling trains unit by unit whatever the batch (sgd.py): a batch is
        only how often progress is reported, so it is large. The softmax sums a batch of
        units; a skip-gram window step is one unit of its k pairs (its loss their sum, its
        update k pairs' at once), so its batch is k^2 times smaller than a batch of single
        pairs: at the default rate, window steps in batches sized for single pairs blew
        up, where k^2 times smaller ones train smoothly."""
        if self.config.objective == "negative":
            return SEQUENTIAL_BATCH
        size = default_batch_size(self.vocab.counts)
        if self.config.window_step and self.config.architecture == "skipgram":
            size = round(size * (self.pairs.n_groups / max(len(self.pairs), 1)) ** 2)
        return max(1, size)

    # ----- state -------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to the initial weights, step 0, empty history (same seed: same run again)."""
        with self._lock:
            c = self.config
            self.rng = np.random.default_rng(c.seed)
            W1, W2 = self._explicit_init or (None, None)
            self.model = Model(len(self.vocab), c.dim, W1, W2, self.rng, c.init_scale,
                               c.init_used)
            self.history = LossHistory()
            self.rate_changes: list = []     # (step, rate before) of each change by set_lr
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
        for _ in range(100):
            pairs = self.corpus.pairs(c.window, c.dynamic_window, c.subsample, self.rng)
            if len(pairs):
                return pairs
        # Subsampling dropped every pair of this (small) corpus 100 times over: train this
        # epoch without it rather than have an epoch of no steps (step() could not run).
        return self.corpus.pairs(c.window, c.dynamic_window, 0.0, self.rng)

    def _start_epoch(self) -> None:
        self.pairs = self._make_pairs()
        n = self.pairs.n_groups if self.uses_windows else len(self.pairs)
        self.order = self.rng.permutation(n) if self.config.shuffle else np.arange(n)

    @property
    def n_units(self) -> int:
        """Steps in one epoch."""
        return len(self.order)

    def lr_at(self, step):
        """The learning rate of the step after ``step`` steps (``step`` may be an array)."""
        c = self.config
        horizon = c.lr_decay_epochs * max(self.n_units, 1)
        if isinstance(step, np.ndarray):
            return (c.lr * np.maximum(c.lr_min_fraction, 1.0 - step / horizon) if c.lr_decay
                    else np.full(step.shape, c.lr))
        return c.lr * max(c.lr_min_fraction, 1.0 - step / horizon) if c.lr_decay else c.lr

    @property
    def lr(self) -> float:
        return self.lr_at(self.step_count)

    def set_lr(self, lr: float, decay: bool | None = None) -> None:
        """Change the learning rate mid-training (validated; weights untouched)."""
        with self._lock:
            changes = {"lr": lr} if decay is None else {"lr": lr, "lr_decay": decay}
            before = self.config
            self.config = self.config.replace(**changes)
            if (before.lr, before.lr_decay) != (self.config.lr, self.config.lr_decay):
                self.rate_changes.append((self.step_count, before.lr))

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
        with self._lock, _quiet():       # overflow becomes a DivergenceError, not a warning
            for _ in range(n):
                self.last_record = self._step_one()
            return self.last_record

    def preview(self) -> StepRecord:
        """The record the next step would produce, without applying it (the RNG is copied,
        so the negatives shown are the ones the next step will draw)."""
        with self._lock, _quiet():
            rng = np.random.default_rng()
            rng.bit_generator.state = self.rng.bit_generator.state
            return self._compute(rng)[0]

    def implied_logits(self, record: StepRecord) -> np.ndarray:
        """Negative sampling: every word's logit u_j.h for the record's h, with W2 as it
        was before the step (the last step's touched columns restored from its record)."""
        with self._lock:
            z = self.model.U @ record.h
            if self.last_record is record:
                z[record.columns] = np.asarray(record.W2_columns_before).T @ record.h
            return z

    def _compute(self, rng) -> tuple:
        c, model = self.config, self.model
        unit = int(self.order[self.position])
        ctok, otoks, centre, contexts, inputs, targets = self._example(unit)
        negatives = None
        if c.objective == "negative":
            negatives = self.sampler.draw(rng, targets, c.negatives)
        grads = loss_and_gradients(model.W1, model.W2, inputs, targets, negatives)
        lr = self.lr
        full = len(grads.columns) == model.V              # the softmax touches every column
        before = model.U.copy() if full else model.U[grads.columns]   # kept by the record
        new_rows, new_cols = model.apply(grads, lr, before)
        record = StepRecord(self.step_count + 1, self.epoch, c.architecture, c.objective,
                            int(centre), contexts, ctok, otoks, inputs, targets, negatives,
                            lr, grads, before.T, model.W1[grads.rows])
        return record, (new_rows, new_cols)

    def _step_one(self) -> StepRecord:
        record, (new_rows, new_cols) = self._compute(self.rng)
        self._check_finite(record.loss, new_rows, new_cols, lr=record.lr)
        self.model.commit(record.grads, new_rows, new_cols)
        self._advance(np.array([record.loss]))
        return record

    def _check_finite(self, loss, *arrays, lr) -> None:
        bad = None
        if not np.isfinite(loss).all():
            bad = ({"what_key": "error.divergence_loss"}, loss)
        else:
            for name, a in zip(("W1", "W2"), arrays):
                if not np.isfinite(a).all():
                    bad = ({"what": name}, a)
                    break
        if bad:
            values = np.atleast_1d(bad[1])
            value = "nan" if np.isnan(values).any() else "infinite"
            raise DivergenceError(step=self.step_count + 1, **bad[0],
                                  value_key=f"error.divergence_{value}", lr=lr)

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
    def run(self, n_steps: int, progress=None, stop=None) -> int:
        """Train ``n_steps`` units without records: negative sampling unit by unit (the
        recorded steps' updates, compiled), the softmax in vectorised mini-batches (one SGD
        step on each batch's summed gradient). ``progress(done, total)`` is called between
        batches, when the trainer is consistent, so an interruption there loses nothing;
        so is ``stop()``, which ends the run early when true. Returns the units trained."""
        with self._lock, _quiet():
            done = 0
            while done < n_steps:
                take = min(self.batch_size, n_steps - done, self.n_units - self.position)
                units = self.order[self.position:self.position + take]
                self.last_record = None
                self._bulk_batch(units)
                done += take
                if progress is not None:
                    progress(done, n_steps)
                if stop is not None and done < n_steps and stop():
                    break
            return done

    def run_epoch(self, progress=None) -> None:
        """Bulk-train to the end of the current epoch (a whole epoch when at its start)."""
        self.run(self.n_units - self.position, progress)

    def run_epochs(self, k: int, progress=None, slot=None) -> None:
        """Bulk-train to the end of the current epoch and then k - 1 whole epochs.
        ``progress(done, total)``: ``total`` is re-estimated at each epoch start (with a
        dynamic window or subsampling an epoch's size is only known when it starts), so
        done <= total always, and done == total at the end. ``slot``: a context manager
        held for one epoch at a time (the app's process-wide bulk semaphore: other
        sessions' runs interleave with a long one instead of waiting for it)."""
        with self._lock:
            offset = [0]

            def inner(done, n):
                if progress is not None:
                    total = offset[0] + n + remaining_epochs * self.n_units
                    progress(offset[0] + done, total)

            for e in range(k):
                remaining_epochs = k - 1 - e
                n = self.n_units - self.position
                with slot if slot is not None else nullcontext():
                    self.run(n, inner)
                offset[0] += n

    def _bulk_batch(self, units: np.ndarray) -> None:
        """Train and book one batch of units. Softmax: all or nothing (the weights change
        only if every value is finite); negative sampling: the units before a diverging
        one are kept and booked, then DivergenceError."""
        c, model, ids, p = self.config, self.model, self.corpus.ids, self.pairs
        if self.uses_windows:
            lens = p.group_ptr[units + 1] - p.group_ptr[units]
            starts = np.cumsum(lens) - lens
            pair_idx = np.repeat(p.group_ptr[units] - starts, lens) + np.arange(lens.sum())
        else:
            lens = np.ones(len(units), dtype=np.int64)
            pair_idx = units
        centres = ids[p.ctok[p.group_ptr[units]]] if self.uses_windows else ids[p.ctok[units]]
        contexts = ids[p.otok[pair_idx]]
        ones = np.ones(len(units), dtype=np.int64)
        if c.architecture == "cbow":          # a unit: the mean of its contexts -> its centre
            inputs, input_lens, targets, target_lens = contexts, lens, centres, ones
        else:                                 # a unit: its centre -> its context(s)
            inputs, input_lens, targets, target_lens = centres, ones, contexts, lens
        if c.objective == "softmax":
            g = loss_and_gradients(model.W1, model.W2, inputs, targets, None,
                                   input_lens, target_lens, keep=False)
            new_rows, new_cols = model.apply(g, self.lr)
            self._check_finite(g.losses, new_rows, new_cols, lr=self.lr)
            model.commit(g, new_rows, new_cols)
            self._advance(g.losses)
            return
        negatives = self.sampler.draw(self.rng, targets, c.negatives)
        lrs = self.lr_at(self.step_count + np.arange(len(units)))
        losses = np.empty(len(units))
        ptr = lambda lens: np.r_[0, np.cumsum(lens)]     # noqa: E731
        done = sgd_negative(model.W1, model.U, inputs.astype(np.int64), ptr(input_lens),
                            targets.astype(np.int64), ptr(target_lens), negatives, lrs, losses)
        if done:
            self._advance(losses[:done])
        if done < len(units):
            self._check_finite(losses[done], lr=float(lrs[done]))
            raise DivergenceError(step=self.step_count + 1, what="W2",
                                  value_key="error.divergence_infinite",
                                  lr=float(lrs[done]))
