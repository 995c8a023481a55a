"""Guardrails: tell a run that is blowing up early, long before a value becomes infinite.

``assess(history, W1, W2, init_norm)`` is pure (no Streamlit): it looks at the smoothed
loss curve of a ``LossHistory`` and at the longest word vector, and returns a ``Verdict``
with a stable ``code`` and the numbers behind it, for the UI to explain in any language.

Two signs of divergence, each with a margin that healthy runs of the bundled corpora never
reach (``tests/test_guard.py`` trains them all for 30 epochs):

* ``loss_rising``: the loss averaged over the last ``WINDOW`` steps is more than ``RISE``
  times its best such average *and* above ``START_RISE`` times the first one. A model that
  learned and then does worse than its random start is diverging; the second condition
  keeps a healthy run whose loss is already tiny (CBOW at 0.2 ± 0.1) from being flagged.
* ``weights_exploding``: a row of W1 or a column of W2 (a word vector) is longer than
  ``NORM_FACTOR`` times a word vector's length at initialisation (and than ``NORM_FLOOR``);
  trained vectors of the bundled corpora stay under ~12.
"""

from dataclasses import dataclass

import numpy as np

from .weights import initial_norm

WINDOW = 100          # steps in the smoothed loss
RISE = 2.0            # smoothed loss / best smoothed loss
START_RISE = 1.2      # smoothed loss / first smoothed loss
NORM_FACTOR = 25.0    # longest vector / a vector's length at initialisation
NORM_FLOOR = 50.0     # ... and at least this long
NORM_GROWTH = 1.5     # after a remedy: longest vector / its length then

OK, LOSS_RISING, WEIGHTS_EXPLODING = "ok", "loss_rising", "weights_exploding"


@dataclass(frozen=True)
class Verdict:
    """``code`` is OK, LOSS_RISING or WEIGHTS_EXPLODING; the numbers explain it (None
    until there is enough history to smooth)."""

    code: str
    steps: int                      # steps recorded in the history
    loss: float | None = None       # the loss averaged over the last WINDOW steps
    best: float | None = None       # the lowest such average so far
    start: float | None = None      # the first such average
    norm: float = 0.0               # the longest word vector (W1 row or W2 column)
    norm_limit: float = np.inf      # longer than this: exploding

    @property
    def ok(self) -> bool:
        return self.code == OK


def norm_limit(init_norm: float) -> float:
    return max(NORM_FLOOR, NORM_FACTOR * float(init_norm))


def longest_vector(W1: np.ndarray, W2: np.ndarray) -> float:
    """The largest Euclidean length of a row of W1 (V x d) or a column of W2 (d x V)."""
    rows = np.einsum("ij,ij->i", W1, W1)
    cols = np.einsum("ij,ij->j", W2, W2)
    return float(np.sqrt(max(rows.max(initial=0.0), cols.max(initial=0.0))))


def assess(history, W1: np.ndarray, W2: np.ndarray, init_norm: float,
           baseline: Verdict | None = None) -> Verdict:
    """The verdict on a run: its loss history, its weights, and the typical length of a
    word vector at initialisation (``initial_norm``).

    ``baseline``: the (flagged) verdict when a remedy was taken without a reset (the
    learning rate was halved). The run is then judged on what happened since: flagged
    again only if a word vector grows ``NORM_GROWTH`` times longer than it was, or, after
    ``2 * WINDOW`` more steps, the smoothed loss is above its value then. A reset (fewer
    steps than the baseline) ends the baseline."""
    with np.errstate(over="ignore", invalid="ignore"):    # huge weights: inf is an answer
        return _assess(history, W1, W2, init_norm, baseline)


def _assess(history, W1, W2, init_norm, baseline) -> Verdict:
    steps = int(history.steps)
    norm, limit = longest_vector(W1, W2), norm_limit(init_norm)
    smoothed = _smoothed(history)
    numbers = {"steps": steps, "norm": norm, "norm_limit": limit, **smoothed}
    since = baseline is not None and not baseline.ok and steps >= baseline.steps
    norm_cap = max(limit, NORM_GROWTH * baseline.norm) if since else limit
    if not np.isfinite(norm) or norm > norm_cap:
        return Verdict(WEIGHTS_EXPLODING, **numbers)
    rising = bool(smoothed) and (smoothed["loss"] > RISE * smoothed["best"]
                                 and smoothed["loss"] > START_RISE * smoothed["start"])
    if rising and since:
        rising = (steps >= baseline.steps + 2 * WINDOW
                  and (baseline.loss is None or smoothed["loss"] > baseline.loss))
    return Verdict(LOSS_RISING if rising else OK, **numbers)


def _smoothed(history) -> dict:
    """Current, best and first WINDOW-step average of the loss ({} if too short)."""
    if history.steps < 2 * WINDOW:
        return {}
    ma = np.asarray(history.moving_average(WINDOW), dtype=np.float64)
    counts = np.cumsum(np.asarray(history.counts))
    full = ma[counts >= WINDOW]          # only averages over a whole window
    if len(full) == 0:
        return {}
    return {"loss": float(full[-1]), "best": float(full.min()), "start": float(full[0])}


def assess_trainer(trainer, baseline: Verdict | None = None) -> Verdict:
    """``assess`` for a Trainer: its history, weights and initial vector length."""
    return assess(trainer.history, trainer.model.W1, trainer.model.W2,
                  initial_norm(trainer.config), baseline)


class Watch:
    """The guard inside a run of steps or batches: ``tripped(trainer)`` between them says
    whether to stop there. A cheap look at the newest losses each time (against the loss
    the smoothed average may not pass, or not finite), the whole ``assess`` when they
    look wrong or every ``every`` calls, so a run stops at the first sign, not at its
    end. ``verdict``: the last whole assessment."""

    def __init__(self, trainer, baseline: Verdict | None = None, every: int = 1,
                 verdict: Verdict | None = None):
        self.baseline, self.every, self.calls = baseline, max(1, every), 0
        self.verdict = verdict or assess_trainer(trainer, baseline)
        self.ceiling = _ceiling(self.verdict)

    def tripped(self, trainer) -> bool:
        self.calls += 1
        last = trainer.history.last
        suspicious = last is not None and not (np.isfinite(last) and last <= self.ceiling)
        if suspicious or self.calls % self.every == 0:
            self.verdict = assess_trainer(trainer, self.baseline)
            self.ceiling = _ceiling(self.verdict)
        return not self.verdict.ok


def _ceiling(verdict: Verdict) -> float:
    """The newest loss bucket above this is worth a whole assessment."""
    if verdict.best is None:
        return np.inf if verdict.steps >= 2 * WINDOW else 0.0    # early: always assess
    return min(RISE * verdict.best, START_RISE * verdict.start)
