"""Guardrails (w2v_viz/guard.py): a run that blows up is flagged early, long before a
value becomes infinite; healthy default runs are never flagged."""

import numpy as np
import pytest
from test_defaults import default_config

from ui.guard import message
from w2v_viz.config import Config
from w2v_viz.corpora import CORPORA
from w2v_viz.corpus import Corpus
from w2v_viz.guard import (
    LOSS_RISING,
    OK,
    WEIGHTS_EXPLODING,
    Verdict,
    assess,
    assess_trainer,
    longest_vector,
)
from w2v_viz.history import LossHistory
from w2v_viz.trainer import Trainer

ROYALTY = CORPORA["royalty"].text()
BLOW_UP = {"objective": "negative", "dim": 50, "window": 5, "lr": 0.5}   # issue #10


def test_the_issue_run_is_flagged_in_its_first_epochs_by_the_epoch_button():
    """lr 0.5, negative sampling, d=50, window 5 on royalty reached a loss of 8.9e25 after
    10 epochs with no warning (from the normal init: at d = 50 the default is now word2vec's,
    below). Trained as the Epoch button does (bulk), checked after every quarter epoch, it
    is flagged within two epochs, while the loss is still small."""
    trainer = Trainer(Corpus.from_text(ROYALTY), default_config(**BLOW_UP).replace(init="normal"))
    quarter = trainer.n_units // 4
    while trainer.step_count < 2 * trainer.n_units:
        trainer.run(quarter)
        verdict = assess_trainer(trainer)
        if not verdict.ok:
            break
    assert verdict.code == LOSS_RISING, verdict
    assert verdict.steps <= 2 * trainer.n_units
    assert verdict.loss < 1e3 and verdict.loss > 2 * verdict.best


def test_the_issue_run_from_the_default_init_is_flagged_before_it_blows_up():
    """From word2vec's init (the default at d = 50) the same rate diverges more slowly: the
    loss is still near its start after two epochs; it is flagged while still small."""
    trainer = Trainer(Corpus.from_text(ROYALTY), default_config(**BLOW_UP))
    assert trainer.config.init_used == "word2vec"
    while trainer.step_count < 4 * trainer.n_units:
        trainer.run(trainer.n_units // 4)
        verdict = assess_trainer(trainer)
        if not verdict.ok:
            break
    assert not verdict.ok and verdict.loss < 1e2, verdict
    assert verdict.norm_limit == 50.0       # word2vec's initial vectors are short: the floor


@pytest.mark.parametrize("init_scale", [0.1, 0.3])
def test_the_issue_run_is_flagged_early_step_by_step(init_scale):
    trainer = Trainer(Corpus.from_text(ROYALTY),
                      Config(**BLOW_UP, init="normal", init_scale=init_scale))
    for _ in range(2 * trainer.n_units // 50):
        trainer.step(50)
        if not assess_trainer(trainer).ok:
            break
    assert not assess_trainer(trainer).ok
    assert trainer.step_count <= 2 * trainer.n_units
    assert trainer.history.last < 1e3


@pytest.mark.parametrize("options", [{}, {"objective": "negative"}, {"architecture": "cbow"}])
@pytest.mark.parametrize("key", list(CORPORA))
def test_default_runs_are_never_flagged(key, options):
    """The sidebar's defaults (and the other objective, and CBOW) on every bundled corpus."""
    trainer = Trainer(Corpus.from_text(CORPORA[key].text()), default_config(**options))
    trainer.step(300)                                  # a few seconds of Play first
    assert assess_trainer(trainer).ok
    for _ in range(30 * 4):                            # 30 epochs, checked every quarter
        trainer.run(trainer.n_units // 4 + 1)
        verdict = assess_trainer(trainer)
        assert verdict.ok, (trainer.step_count, verdict)
    assert verdict.loss < verdict.start                # and the check had numbers to judge


def _history(losses) -> LossHistory:
    h = LossHistory()
    h.add(np.asarray(losses, dtype=float))
    return h


def test_loss_rules():
    W = np.full((5, 3), 0.1)
    init = 0.1 * np.sqrt(3)
    assert assess(_history([4.0] * 150), W, W.T, init) == assess(_history([4.0] * 150), W, W.T,
                                                                 init)
    short = assess(_history([4.0] * 150 + [1e9] * 40), W, W.T, init)
    assert short.ok and short.loss is None                       # too little to smooth
    falling = assess(_history(np.linspace(4.0, 1.0, 1000)), W, W.T, init)
    assert falling.code == OK and falling.loss == pytest.approx(falling.best)
    rising = assess(_history([4.0] * 200 + [2.0] * 300 + [9.0] * 100), W, W.T, init)
    assert rising.code == LOSS_RISING
    assert (rising.loss, rising.best, rising.start) == pytest.approx((9.0, 2.0, 4.0))
    # doubled but still far below the start: a healthy run near zero loss
    low = assess(_history([4.0] * 200 + [0.2] * 300 + [0.5] * 100), W, W.T, init)
    assert low.code == OK


def test_weight_rule():
    h = _history([4.0] * 300)
    W1 = np.zeros((4, 2))
    W2 = np.zeros((2, 4))
    assert assess(h, W1, W2, 0.1).code == OK
    W2[:, 3] = [30.0, 40.0]                          # a W2 column of length 50
    assert longest_vector(W1, W2) == 50.0
    assert assess(h, W1, W2, 0.1).code == OK         # at the floor, not over it
    W1[1] = [0.0, 51.0]
    verdict = assess(h, W1, W2, 0.1)
    assert verdict.code == WEIGHTS_EXPLODING and verdict.norm == 51.0
    assert verdict.norm_limit == 50.0
    assert assess(h, W1, W2, 10.0).code == OK        # a big init scale: a higher limit


def _flagged_run():
    trainer = Trainer(Corpus.from_text(ROYALTY), default_config(**BLOW_UP))
    while assess_trainer(trainer).ok:
        trainer.step(50)
    return trainer, assess_trainer(trainer)


def test_after_halving_the_run_is_judged_on_what_happens_next():
    trainer, baseline = _flagged_run()
    trainer.set_lr(trainer.config.lr / 2)
    assert assess_trainer(trainer, baseline).ok          # no new evidence yet
    assert not assess_trainer(trainer).ok                # (the plain rules still flag it)
    trainer.set_lr(1e-4)                                 # calm: stays quiet
    trainer.step(300)
    assert assess_trainer(trainer, baseline).ok
    trainer.reset()                                      # a reset ends the baseline
    assert assess_trainer(trainer, baseline).ok and assess_trainer(trainer, baseline).steps == 0


def test_after_halving_a_run_that_keeps_diverging_is_flagged_again():
    trainer, baseline = _flagged_run()
    trainer.set_lr(2.0)                                  # far from a remedy
    for _ in range(40):
        trainer.step(25)
        if not assess_trainer(trainer, baseline).ok:
            break
    verdict = assess_trainer(trainer, baseline)
    assert not verdict.ok, verdict
    assert verdict.steps > baseline.steps


def test_the_warning_names_the_start_once_when_it_is_still_the_best():
    # the Streamlit-side notice (bare mode: the default language)
    rising = Verdict(LOSS_RISING, steps=400, loss=9.87654, best=3.1, start=4.603)
    assert "its best (3.1) and above where it started (4.603)" in message(rising, 1.0)
    never_better = Verdict(LOSS_RISING, steps=400, loss=9.87654, best=4.6031, start=4.60312)
    text = message(never_better, 1.0)
    assert "twice where it started (4.603), which is still its best" in text
    assert text.count("4.603") == 1
