"""The figures draw what they are given, escape words, cap big vocabularies, and speak both
languages; the PCA projection is sklearn's and survives degenerate inputs."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots
from sklearn.decomposition import PCA

from views import figures as F
from views.i18n import STRINGS
from w2v_viz import Config, Corpus, Trainer
from w2v_viz import projection as P
from w2v_viz.history import Timeline
from w2v_viz.model import softmax

TEXT = "the king rules the land. the queen rules the land."
EVIL = "<b>x</b>"
EVIL_ESCAPED = "&lt;b&gt;x&lt;/b&gt;"


@pytest.fixture(scope="module")
def trainer():
    t = Trainer(Corpus.from_text(TEXT), Config(dim=4, lr=0.1, seed=1))
    t.step(3)
    return t


def words_of(t):
    return list(t.vocab.words)


def all_text(fig: go.Figure) -> str:
    """Every string the browser receives (decoded from the figure's JSON), joined."""
    out = []

    def walk(x):
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(json.loads(fig.to_json()))
    return "\n".join(out)


def test_every_figure_string_has_both_languages():
    keys = [k for k in STRINGS if k.startswith("fig.")]
    assert len(keys) > 5
    for k in keys:
        assert STRINGS[k].get("en") and STRINGS[k].get("zh"), k


# ----- sandbox --------------------------------------------------------------------------
def _subplot_axes(layout, n):
    """(xaxis, yaxis) layout objects of subplots 1..n."""
    ids = ["" if i == 1 else str(i) for i in range(1, n + 1)]
    return [(layout[f"xaxis{i}"], layout[f"yaxis{i}"]) for i in ids]


def test_sandbox_figure_three_panels_side_by_side():
    fig = F.sandbox_figure(lang="en")
    axes = _subplot_axes(fig.layout, 3)
    assert [(b.xaxis, b.yaxis) for b in fig.data] == [("x", "y"), ("x2", "y2"), ("x3", "y3")]
    doms = [tuple(xa.domain) for xa, _ in axes]
    assert doms[0][0] == 0 and doms[-1][1] == 1
    for (_, hi_left), (lo, hi) in zip(doms, doms[1:]):
        assert hi_left < lo < hi
    assert all(tuple(ya.domain) == (0, 1) for _, ya in axes)
    grid = make_subplots(rows=1, cols=3, horizontal_spacing=0.08).layout
    for (xa, ya), (gx, gy) in zip(axes, _subplot_axes(grid, 3)):
        assert (xa.domain, ya.domain, xa.anchor, ya.anchor) == \
            (gx.domain, gy.domain, gx.anchor, gy.anchor)
    assert [a.x for a in fig.layout.annotations] == [sum(d) / 2 for d in doms]


def test_sandbox_figure_notes_example():
    fig = F.sandbox_figure(lang="en")
    logits, ex, sm = fig.data
    np.testing.assert_allclose(logits.y, [3.0, 1.0, -1.0])
    np.testing.assert_allclose(ex.y, np.exp([3.0, 1.0, -1.0]))
    np.testing.assert_allclose(sm.y, softmax(np.array([3.0, 1.0, -1.0])))
    assert list(ex.text) == ["20.09", "2.72", "0.37"]
    assert list(sm.text) == ["0.87", "0.12", "0.016"]
    assert fig.layout.xaxis.ticktext == ("Queen", "Dog", "Apple")
    assert "23.17" in fig.layout.title.subtitle.text


def test_sandbox_figure_huge_logits_stay_finite():
    fig = F.sandbox_figure([EVIL, "b"], [1000.0, 0.0], "en")
    assert np.all(np.isfinite(fig.data[1].y))
    assert sum(fig.data[2].y) == pytest.approx(1.0)
    assert EVIL not in all_text(fig)


# ----- languages ------------------------------------------------------------------------
def test_languages_give_different_titles(trainer):
    makers = [lambda lang: F.sandbox_figure(lang=lang)]
    for make in makers:
        en, zh = make("en"), make("zh")
        assert isinstance(en, go.Figure)
        assert en.layout.title.text != zh.layout.title.text
        assert en.layout.template.layout.paper_bgcolor == "white"   # plotly_white
        assert en.layout.font.size >= 16 and en.layout.uirevision == F.UIREVISION


# ----- projection -----------------------------------------------------------------------
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
    # the newest snapshot is the current model: the trail ends at the current point
    assert tl.steps[-1] == trainer.step_count
    np.testing.assert_allclose(tr[0][-1], P.project(pca, trainer.model.W1)[0], atol=1e-5)


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
