"""The default settings visibly learn: ~10 s of Play (1000 recorded steps) lowers the
loss curve's moving average by at least 10% and moves the embedding, on every bundled
corpus and for both objectives, with the sidebar's defaults."""

import numpy as np
import pytest

from ui.build import make_config
from ui.limits import DEFAULTS
from w2v_viz.config import Config
from w2v_viz.corpora import CORPORA
from w2v_viz.corpus import Corpus
from w2v_viz.trainer import Trainer


def default_config(**changes) -> Config:
    """The settings a visitor starts with (the sidebar's defaults)."""
    return make_config({**DEFAULTS, **changes})


def test_bundled_corpora_suggest_the_sidebar_defaults():
    """tests/test_corpora.py trains with the corpora's suggested settings: the same
    learning rate and init scale a visitor starts with."""
    for corpus in CORPORA.values():
        assert corpus.suggested["lr"] == DEFAULTS["lr"]
        assert corpus.suggested["init_scale"] == DEFAULTS["init_scale"]


@pytest.mark.parametrize("objective", ["softmax", "negative"])
@pytest.mark.parametrize("key", list(CORPORA))
def test_1000_steps_visibly_learn(key, objective):
    trainer = Trainer(Corpus.from_text(CORPORA[key].text()), default_config(objective=objective))
    W1 = trainer.model.W1.copy()
    trainer.step(1000)
    ma = trainer.history.moving_average(50)
    first, last = ma[49], ma[-1]                  # the first full 50-step window, the last
    assert last <= 0.9 * first, f"{key}/{objective}: {first:.3f} -> {last:.3f}"
    moved = np.linalg.norm(trainer.model.W1 - W1) / np.linalg.norm(W1)
    assert moved >= 0.5, f"{key}/{objective}: W1 moved by {moved:.0%} only"


@pytest.mark.parametrize("architecture", ["skipgram", "cbow"])
@pytest.mark.parametrize("objective", ["softmax", "negative"])
@pytest.mark.parametrize("key", list(CORPORA))
def test_1000_steps_visibly_learn_at_d_50(key, objective, architecture):
    """The default init at a large d (negative sampling: word2vec's) learns visibly too."""
    trainer = Trainer(Corpus.from_text(CORPORA[key].text()),
                      default_config(objective=objective, dim=50, architecture=architecture))
    W1 = trainer.model.W1.copy()
    trainer.step(1000)
    ma = trainer.history.moving_average(50)
    assert ma[-1] <= 0.9 * ma[49], f"{key}/{objective}: {ma[49]:.3f} -> {ma[-1]:.3f}"
    assert np.linalg.norm(trainer.model.W1 - W1) >= 0.5 * np.linalg.norm(W1)
