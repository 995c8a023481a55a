"""The PCA projection (w2v_viz/projection.py) is sklearn's, survives degenerate inputs, and
its trails follow the timeline's snapshots."""

import numpy as np
import pytest
from sklearn.decomposition import PCA

from w2v_viz import Config, Corpus, Trainer
from w2v_viz import projection as P
from w2v_viz.history import Timeline

TEXT = "the king rules the land. the queen rules the land."


@pytest.fixture(scope="module")
def trainer():
    t = Trainer(Corpus.from_text(TEXT), Config(dim=4, lr=0.1, seed=1))
    t.step(3)
    return t


def test_fit_pca_matches_sklearn():
    rng = np.random.default_rng(0)
    E = rng.standard_normal((30, 6)) @ np.diag([5, 3, 1, 0.5, 0.2, 0.1])
    ours = P.fit_pca(E, 2)
    ref = PCA(2).fit(E)
    np.testing.assert_allclose(ours.explained_variance_ratio_, ref.explained_variance_ratio_)
    assert ours.explained is ours.explained_variance_ratio_
    np.testing.assert_allclose(P.project(ours, E), ref.transform(E), atol=1e-10)


@pytest.mark.parametrize("E", [np.ones((5, 4)), np.zeros((3, 3)), np.ones((1, 4)),
                               np.arange(6.0).reshape(2, 3), np.arange(5.0).reshape(5, 1)])
def test_fit_pca_degenerate_inputs_are_zero_padded(E):
    pca = P.fit_pca(E, 3)
    coords = P.project(pca, E)
    assert coords.shape == (len(E), 3) and np.all(np.isfinite(coords))
    assert pca.explained_variance_ratio_.shape == (3,)
    assert np.all(np.isfinite(pca.explained_variance_ratio_))
    assert pca.explained_variance_ratio_.sum() <= 1 + 1e-9


def test_trails_one_point_per_snapshot(trainer):
    tl = trainer.timeline
    pca = P.fit_pca(trainer.model.W1, 2)
    ids = [0, 1, 2]
    tr = P.trails(tl, pca, ids)
    assert set(tr) == set(ids)
    for i in ids:
        assert tr[i].shape == (len(tl.steps), 2)
        np.testing.assert_allclose(tr[i][0], pca.transform(tl.W1[0][[i]].astype(float))[0])
    # the newest snapshot is the current model: the trail ends at the current point (to
    # the snapshots' float16 precision, well under a pixel of the map)
    assert tl.steps[-1] == trainer.step_count
    np.testing.assert_allclose(tr[0][-1], P.project(pca, trainer.model.W1)[0], atol=5e-3)


def test_trails_spaces_and_refit():
    rng = np.random.default_rng(0)
    tl = Timeline(V=8, d=5)
    for s in range(4):
        tl.add(s, rng.standard_normal((8, 5)), rng.standard_normal((5, 8)))
    ref = P.fit_pca(tl.W2[-1].T.astype(float), 2)
    fixed = P.trails(tl, ref, [3], space="W2T")
    np.testing.assert_allclose(fixed[3][1], ref.transform(tl.W2[1].T.astype(float))[3])
    refit = P.trails(tl, ref, [3], space="W2T", refit=True)
    assert refit[3].shape == (4, 2)
    # the last snapshot refitted is the reference basis itself
    np.testing.assert_allclose(refit[3][-1], fixed[3][-1], atol=1e-5)
    avg = P.trails(tl, None, [3], space="average", n_components=3)
    assert avg[3].shape == (4, 3)
    with pytest.raises(ValueError):
        P.trails(tl, None, [3], space="nope")
