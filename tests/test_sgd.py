"""The compiled bulk path of negative sampling (w2v_viz/sgd.py) against the NumPy kernel
(model.loss_and_gradients) and against the recorded steps."""

import numpy as np
import pytest
from test_trainer import structured_text

from w2v_viz.config import Config
from w2v_viz.corpus import Corpus
from w2v_viz.model import loss_and_gradients
from w2v_viz.sgd import sgd_negative
from w2v_viz.trainer import Trainer


def _reference(W1, W2, units, negatives, lrs):
    """Sequential SGD with the NumPy kernel, one unit (inputs, targets) at a time."""
    W1, U = W1.copy(), W2.T.copy()
    losses, t0 = [], 0
    for (inputs, targets), lr in zip(units, lrs):
        neg = negatives[t0:t0 + len(targets)]
        t0 += len(targets)
        g = loss_and_gradients(W1, U.T, inputs, targets, neg)
        W1[g.rows] -= lr * g.dW1
        U[g.columns] -= lr * g.dW2.T
        losses.append(g.loss)
    return W1, U, np.array(losses)


def _flat(units):
    ptr = lambda xs: np.r_[0, np.cumsum([len(x) for x in xs])].astype(np.int64)  # noqa: E731
    ins, outs = [u[0] for u in units], [u[1] for u in units]
    return (np.concatenate(ins).astype(np.int64), ptr(ins),
            np.concatenate(outs).astype(np.int64), ptr(outs))


@pytest.mark.parametrize("kind", ["skipgram", "window", "cbow"])
def test_kernel_is_the_numpy_kernel_unit_after_unit(kind):
    """A batch of 40 units (with repeated inputs, negatives equal to each other or to
    another target of the unit) = 40 sequential NumPy steps, to 1e-12."""
    rng = np.random.default_rng(7)
    V, d, K = 12, 6, 4
    W1, W2 = rng.standard_normal((V, d)) * 0.5, rng.standard_normal((d, V)) * 0.5
    units = []
    for _ in range(40):
        if kind == "skipgram":
            units.append((rng.integers(0, V, 1), rng.integers(0, V, 1)))
        elif kind == "window":
            units.append((rng.integers(0, V, 1), rng.integers(0, V, rng.integers(1, 5))))
        else:
            units.append((rng.integers(0, 4, rng.integers(1, 5)), rng.integers(0, V, 1)))
    inputs, in_ptr, targets, t_ptr = _flat(units)
    negatives = rng.integers(0, V, (len(targets), K))
    negatives[::3, :2] = negatives[::3, 2:3]              # repeated negatives
    negatives[1::4, 0] = targets[1::4]                    # a negative that is the target
    lrs = np.linspace(0.3, 0.1, len(units))
    ref_W1, ref_U, ref_losses = _reference(W1, W2, units, negatives, lrs)
    W1_, U_ = W1.copy(), np.ascontiguousarray(W2.T)
    losses = np.empty(len(units))
    assert sgd_negative(W1_, U_, inputs, in_ptr, targets, t_ptr, negatives, lrs,
                        losses) == len(units)
    np.testing.assert_allclose(losses, ref_losses, rtol=1e-12)
    np.testing.assert_allclose(W1_, ref_W1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(U_, ref_U, rtol=0, atol=1e-12)
    assert not np.array_equal(W1_, W1)


def test_kernel_stops_before_a_diverging_unit():
    V, d = 5, 3
    W1, U = np.full((V, d), 0.1), np.full((V, d), 0.1)
    W1[3], U[4], U[0] = 1e200, 1e200, 1e200    # only unit 2 reads them: its scores inf
    inputs, in_ptr = np.array([0, 1, 3, 2]), np.arange(5)
    targets, t_ptr = np.array([1, 2, 4, 0]), np.arange(5)
    negatives = np.array([[2], [3], [0], [4]])
    before_U = U.copy()
    losses = np.full(4, -1.0)
    done = sgd_negative(W1, U, inputs, in_ptr, targets, t_ptr, negatives, np.full(4, 0.1),
                        losses)
    assert done == 2 and np.isfinite(losses[:2]).all() and not np.isfinite(losses[2])
    assert (W1[3] == 1e200).all() and (W1[2] == 0.1).all() and (U[4] == before_U[4]).all()
    assert (U[0] == before_U[0]).all() and not (U[2] == before_U[2]).all()
    assert np.isfinite(W1).all() and np.isfinite(U).all()


CASES = [dict(architecture="skipgram"), dict(architecture="skipgram", window_step=True),
         dict(architecture="cbow"),
         dict(architecture="skipgram", dynamic_window=True, subsample=0.05, lr_decay=True,
              lr_decay_epochs=2)]


@pytest.mark.parametrize("options", CASES)
def test_bulk_run_equals_recorded_steps(options):
    """Bulk negative sampling is the recorded steps without the records: the same
    negatives, the same per-step learning rate, the same weights to 1e-12 after 3 epochs,
    whatever the batch."""
    corpus = Corpus.from_text(structured_text(40))
    config = Config(objective="negative", dim=8, lr=0.1, seed=5, **options)
    recorded = Trainer(corpus, config)
    for _ in range(3):
        recorded.step(recorded.n_units - recorded.position)
    for batch_size in (None, 1, 7):
        bulk = Trainer(corpus, config, batch_size=batch_size)
        bulk.run_epochs(3)
        assert bulk.step_count == recorded.step_count
        np.testing.assert_allclose(bulk.model.W1, recorded.model.W1, rtol=0, atol=1e-12)
        np.testing.assert_allclose(bulk.model.W2, recorded.model.W2, rtol=0, atol=1e-12)
        np.testing.assert_allclose(bulk.history.epoch_means, recorded.history.epoch_means,
                                   rtol=1e-12)
