"""The training position of a run as a short log (for the URL's ``t=``): what was done
since the model was built, so that replaying it on a fresh Trainer with the same
settings gives bit-identical weights, history and counters (the engine is deterministic).

Grammar (tokens joined by "."; N is a whole number of 1 to 9 digits, omitted when 1):

    sN     N recorded steps (Trainer.step)
    bN     a bulk run of N units (Trainer.run(N)) that stopped inside an epoch
    eN     N bulk runs to the end of the epoch (Trainer.run_epoch, N times)
    f      one recorded step that diverged (it may have drawn negatives: the RNG moved)
    F      one bulk batch that diverged (min(batch size, units left in the epoch))
    lM     the learning rate became M, written as digits "e" exponent: l5e-2 = 0.05
    r      Reset (back to the initial weights; the learning rate stays)

Example: ``s37.e2.l1e-2.s10``. A bulk run cut into slices (the UI trains a slice per
refresh, each a whole number of batches or the rest of the epoch) gives the same batches
as one ``run`` of their total, so the slices are logged as one token.

Replay is bounded: ``cost`` bounds a log's replay time (seconds, from the trainer's sizes)
before anything runs, and a log past CAP_SECONDS is refused (``ReplayTooLong``); a
malformed log raises ``BadLog``. No Streamlit here.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from .errors import DivergenceError, W2VError

MAX_CHARS = 2000        # a longer log is refused unread
MAX_TOKENS = 400
# Replay cap: the replay's time is bounded before anything runs, from a cost model fitted
# on a 2-core machine (tests/test_runlog.py times the worst case): a bulk unit costs
# BULK_UNIT[architecture, objective] + BULK_WORK x work, a recorded step STEP + STEP_WORK x
# work, where work = the W2 columns a unit touches x (d + 8) (softmax: V per pair; negative
# sampling: K+1 per pair); a recorded full-softmax step with V x d >= 400k (the matrices
# out of cache) costs STEP_WORK_BIG a unit of work.
CAP_SECONDS = 10.0
BULK_UNIT = {("skipgram", "softmax"): 40e-6, ("skipgram", "negative"): 60e-6,
             ("cbow", "softmax"): 70e-6, ("cbow", "negative"): 180e-6}
BULK_WORK = 2.4e-9
STEP, STEP_WORK, STEP_WORK_BIG = 300e-6, 8e-9, 130e-9

_TOKEN = re.compile(r"([sbe])([1-9][0-9]{0,8})?|([fFr])|l([1-9][0-9]{0,16})e(-?[0-9]{1,3})")


class BadLog(W2VError):
    code = "bad_log"            # detail_key ("error.log_*") and its params


class ReplayTooLong(W2VError):
    code = "replay_too_long"    # seconds, limit


def format_rate(rate: float) -> str:
    """0.05 -> "5e-2": the shortest digits that give this float back, no "." inside."""
    sign, digits, exponent = Decimal(repr(float(rate))).normalize().as_tuple()
    return "".join(map(str, digits)) + "e" + str(exponent)


@dataclass
class RunLog:
    """A list of (kind, value) entries, kept compact as they are added."""

    entries: list = field(default_factory=list)

    # ----- building ------------------------------------------------------------------
    def _add(self, kind: str, value=1) -> None:
        if kind == "r":                      # a reset forgets what came before but rates
            rates = [v for k, v in self.entries if k == "l"]
            self.entries = [("l", rates[-1])] if rates else []
            return
        last = self.entries[-1] if self.entries else None
        if kind == "l":
            if last and last[0] == "l":
                self.entries[-1] = ("l", value)
                return
        elif last and last[0] == kind and kind in "sbe":
            self.entries[-1] = (kind, last[1] + value)
            return
        self.entries.append((kind, value))

    def add_steps(self, n: int) -> None:
        if n > 0:
            self._add("s", n)

    def add_bulk(self, n: int, batch_size: int, epoch_ended: bool) -> None:
        """n bulk units trained by one or more run() calls of whole batches; epoch_ended:
        they reached the end of the epoch."""
        if n <= 0:
            return
        last = self.entries[-1] if self.entries else None
        if last and last[0] == "b" and last[1] % batch_size == 0:
            self.entries.pop()               # same batches as one run of the total
            n += last[1]
        if epoch_ended:
            self._add("e", 1)
        else:
            self._add("b", n)

    def add_failure(self, bulk: bool) -> None:
        self._add("F" if bulk else "f")

    def add_rate(self, rate: float) -> None:
        self._add("l", float(rate))

    def reset(self) -> None:
        self._add("r")

    # ----- the one way to train: apply an action and log it ------------------------
    def apply(self, trainer, kind: str, value=1, stop=None, progress=None) -> int:
        """Apply one action to ``trainer`` and append it to this log, in one call: the app's
        clicks, Play, Epoch slices, a new rate, Reset, and a replayed link all train here.

        ``kind``: "s" (``value`` recorded steps), "b" (``value`` bulk units, across epoch
        ends), "e" (``value`` bulk runs to the end of the epoch), "l" (the rate becomes
        ``value``), "r" (reset). ``stop()``, asked between steps or batches, ends a
        training action early (what was trained is kept and logged); ``progress(units)``
        gets the units trained since its last call. A step or batch that diverges is
        logged ("f"/"F") and its DivergenceError raised. Returns the units trained."""
        if kind == "l":
            trainer.set_lr(value)             # validates first: a bad rate is not logged
            self.add_rate(trainer.config.lr)
            return 0
        if kind == "r":
            trainer.reset()
            self.reset()
            return 0
        if kind == "s":
            return self._steps(trainer, value, stop, progress)
        if kind == "e":
            done = 0
            for _ in range(value):
                left = trainer.n_units - trainer.position
                trained = self._bulk(trainer, left, stop, progress)
                done += trained
                if trained < left:
                    break
            return done
        if kind == "b":
            return self._bulk(trainer, value, stop, progress)
        raise BadLog(detail_key="error.log_token", token=repr(kind))

    def _steps(self, trainer, n: int, stop, progress) -> int:
        chunk = 1 if stop is not None else 100     # checked after each step, or in chunks
        done = 0
        while done < n:
            before = trainer.step_count
            try:
                trainer.step(min(chunk, n - done))
            except DivergenceError:
                self.add_steps(trainer.step_count - before)
                self.add_failure(bulk=False)
                raise
            self.add_steps(trainer.step_count - before)
            done += trainer.step_count - before
            if progress is not None:
                progress(trainer.step_count - before)
            if stop is not None and done < n and stop():
                break
        return done

    def _bulk(self, trainer, n: int, stop, progress) -> int:
        """trainer.run(n) in calls that stop at epoch ends, logged."""
        total = 0
        while n > 0:
            take = min(n, trainer.n_units - trainer.position)
            before = trainer.step_count
            seen = [0]

            def report(done, _total, seen=seen):
                if progress is not None:
                    progress(done - seen[0])
                seen[0] = done

            try:
                done = trainer.run(take, report, stop)
            except DivergenceError:
                self.add_bulk(trainer.step_count - before, trainer.batch_size, False)
                self.add_failure(bulk=True)
                raise
            self.add_bulk(done, trainer.batch_size, trainer.position == 0)
            n, total = n - done, total + done
            if done < take:
                break
        return total

    # ----- text ----------------------------------------------------------------------
    def format(self) -> str:
        out = []
        for kind, value in self.entries:
            if kind == "l":
                out.append("l" + format_rate(value))
            elif kind in "fF":
                out.append(kind)
            else:
                out.append(kind + ("" if value == 1 else str(value)))
        return ".".join(out)

    @classmethod
    def parse(cls, text: str) -> RunLog:
        """Parse a log; BadLog on anything else (checked before any training)."""
        if not isinstance(text, str) or len(text) > MAX_CHARS:
            raise BadLog(detail_key="error.log_too_long", limit=MAX_CHARS)
        log = cls()
        if text == "":
            return log
        tokens = text.split(".")
        if len(tokens) > MAX_TOKENS:
            raise BadLog(detail_key="error.log_too_many", limit=MAX_TOKENS)
        for token in tokens:
            m = _TOKEN.fullmatch(token)
            if not m:
                raise BadLog(detail_key="error.log_token", token=repr(token[:20]))
            if m.group(1):
                log.entries.append((m.group(1), int(m.group(2) or 1)))
            elif m.group(3):
                log.entries.append((m.group(3), 1))
            else:
                rate = float(f"{m.group(4)}e{m.group(5)}")
                log.entries.append(("l", rate))
        return log

    # ----- cost and replay ----------------------------------------------------------
    def cost(self, trainer) -> float:
        """An upper bound of the replay's time in seconds (see CAP_SECONDS), from the
        trainer's sizes alone: an epoch counts as its largest possible number of units."""
        bulk, step = _unit_seconds(trainer)
        units_per_epoch = _max_units(trainer)
        seconds = 0.0
        for kind, value in self.entries:
            if kind == "s":
                seconds += value * step
            elif kind == "f":
                seconds += step
            elif kind == "b":
                seconds += value * bulk
            elif kind == "F":
                seconds += trainer.batch_size * bulk
            elif kind == "e":
                seconds += value * units_per_epoch * bulk
        return seconds

    def check(self, trainer, cap: float = CAP_SECONDS) -> None:
        """ReplayTooLong if the log's time bound exceeds the cap; BadLog if a bulk count
        cannot fit in an epoch."""
        units_per_epoch = _max_units(trainer)
        for kind, value in self.entries:
            if kind == "b" and value >= units_per_epoch:
                raise BadLog(detail_key="error.log_bulk_epoch", count=value)
        seconds = self.cost(trainer)
        if seconds > cap:
            raise ReplayTooLong(seconds=seconds, limit=cap)

    def replay(self, trainer, progress=None, cap: float = CAP_SECONDS) -> RunLog:
        """Apply the log to ``trainer`` (fresh from the same settings) through ``apply``,
        the app's own way to train; returns the log as applied. ``progress(f)`` gets the
        fraction done (0..1) now and then. Raises BadLog when the log does not fit the run
        (a bulk count past the epoch's end, a failure marker where nothing fails),
        DivergenceError if training diverges where the log says it does not."""
        self.check(trainer, cap)
        total = max(self.cost(trainer), 1e-9)
        bulk, step = _unit_seconds(trainer)
        done, last_report = [0.0], [time.perf_counter()]

        def report(work):
            done[0] += work
            now = time.perf_counter()
            if progress is not None and now - last_report[0] > 0.1:
                last_report[0] = now
                progress(min(done[0] / total, 1.0))

        out = RunLog()
        for kind, value in self.entries:
            if kind == "b" and value >= trainer.n_units - trainer.position:
                raise BadLog(detail_key="error.log_bulk_end", count=value)
            if kind in "fF":
                try:
                    out.apply(trainer, "s" if kind == "f" else "b",
                              1 if kind == "f" else min(trainer.batch_size,
                                                        trainer.n_units - trainer.position))
                except DivergenceError:
                    continue
                raise BadLog(detail_key="error.log_no_divergence", kind=kind)
            unit = step if kind == "s" else bulk
            out.apply(trainer, kind, value, progress=lambda n, unit=unit: report(n * unit))
        if progress is not None:
            progress(1.0)
        return out

    @property
    def empty(self) -> bool:
        return not self.entries


def _unit_seconds(trainer) -> tuple:
    """(seconds per bulk unit, seconds per recorded step), upper bounds."""
    c, V, d = trainer.config, trainer.model.V, trainer.model.d
    per_pair = V if c.objective == "softmax" else c.negatives + 1
    pairs = 2 * c.window if (c.architecture == "skipgram" and c.window_step) else 1
    work = float(per_pair * (d + 8) * pairs)
    big = c.objective == "softmax" and V * d >= 400_000
    overhead = BULK_UNIT[c.architecture, c.objective] * pairs
    return (overhead + BULK_WORK * work,
            STEP * pairs + (STEP_WORK_BIG if big else STEP_WORK) * work)


def _max_units(trainer) -> int:
    """The most units an epoch of this corpus can have (dynamic window and subsampling
    only remove pairs)."""
    cached = getattr(trainer, "_runlog_max_units", None)
    if cached is None:
        if trainer.config.dynamic_window or trainer.config.subsample > 0:
            pairs = trainer.corpus.pairs(trainer.config.window)
            cached = pairs.n_groups if trainer.uses_windows else len(pairs)
        else:
            cached = trainer.n_units
        cached = max(int(cached), trainer.n_units)
        trainer._runlog_max_units = cached
    return cached


def state_equal(a, b) -> bool:
    """Two trainers in bit-identical states (weights, history, counters, RNG)."""
    ha, hb = a.history, b.history
    return bool(
        np.array_equal(a.model.W1, b.model.W1) and np.array_equal(a.model.W2, b.model.W2)
        and np.array_equal(ha.sums, hb.sums) and np.array_equal(ha.counts, hb.counts)
        and ha.epoch_means == hb.epoch_means and ha.steps == hb.steps
        and (a.step_count, a.epoch, a.position) == (b.step_count, b.epoch, b.position)
        and a.config == b.config and np.array_equal(a.order, b.order)
        and a.rng.bit_generator.state == b.rng.bit_generator.state)
