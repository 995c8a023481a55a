"""The figures draw what they are given, escape words, cap big vocabularies, and speak both
languages; the PCA projection is sklearn's and survives degenerate inputs."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots
from sklearn.decomposition import PCA

from w2v_viz import Config, Corpus, Trainer
from w2v_viz import figures as F
from w2v_viz import projection as P
from w2v_viz.history import Timeline
from w2v_viz.i18n import STRINGS
from w2v_viz.model import forward, loss_and_gradients, sigmoid, softmax

TEXT = "the king rules the land. the queen rules the land."
EVIL = "<b>x</b>"
EVIL_ESCAPED = "&lt;b&gt;x&lt;/b&gt;"


@pytest.fixture(scope="module")
def trainer():
    t = Trainer(Corpus.from_text(TEXT), Config(dim=4, lr=0.1, seed=1))
    t.step(3)
    return t


@pytest.fixture(scope="module")
def ns_trainer():
    t = Trainer(Corpus.from_text(TEXT),
                Config(dim=4, objective="negative", negatives=3, window_step=True, seed=2))
    t.step(3)
    return t


def logits(z, targets=()):
    """The forward pass of one unit whose logits are ``z`` (h = [1], W2 = z as one row)."""
    z = np.asarray(z, dtype=np.float64)
    return forward(np.ones((1, 1)), z[None, :], [0], targets)


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
    assert len(keys) > 20
    for k in keys:
        assert STRINGS[k].get("en") and STRINGS[k].get("zh"), k


# ----- softmax --------------------------------------------------------------------------
def test_softmax_figure_matches_record(trainer):
    rec = trainer.last_record
    words = words_of(trainer)
    fig = F.softmax_figure(words, rec.grads, "en")
    logits, shifted, probs = fig.data
    V = len(words)
    assert len(probs.y) == V
    np.testing.assert_allclose(logits.y, rec.z)
    np.testing.assert_allclose(shifted.y, np.exp(rec.z - rec.z.max()))
    np.testing.assert_allclose(probs.y, softmax(rec.z))
    np.testing.assert_allclose(probs.y, rec.probs)
    assert sum(probs.y) == pytest.approx(1.0)
    target = int(rec.targets[0])
    for bars in fig.data:
        assert bars.marker.color[target] == F.TARGET_COLOUR
        others = [c for i, c in enumerate(bars.marker.color) if i not in set(rec.targets)]
        assert set(others) == {F.BASE_COLOUR}
    # the five most probable words carry their probability
    labelled = [i for i, s in enumerate(probs.text) if s]
    top5 = set(np.argsort(-rec.probs)[:5])
    assert top5 <= set(labelled)
    note = [a.text for a in fig.layout.annotations if "log" in a.text][0]
    assert f"{rec.loss:.3f}" in note and words[target] in note
    assert fig.layout.xaxis3.ticktext == tuple(words)


def test_softmax_figure_escapes_words(trainer):
    rec = trainer.last_record
    words = words_of(trainer)
    words[int(rec.targets[0])] = EVIL
    fig = F.softmax_figure(words, rec.grads, "en")
    assert EVIL_ESCAPED in fig.layout.xaxis3.ticktext
    assert EVIL not in all_text(fig)


def test_softmax_figure_caps_large_vocabulary():
    V = 5000
    rng = np.random.default_rng(0)
    z = rng.standard_normal(V)
    target = int(np.argmin(z))           # least probable: only there because it is the target
    words = [f"w{i}" for i in range(V)]
    fig = F.softmax_figure(words, logits(z, [target]), "en", max_bars=30)
    probs = fig.data[2]
    assert len(probs.y) == 31
    shown = [int(w[1:]) for w in fig.layout.xaxis3.ticktext]
    assert target in shown
    np.testing.assert_allclose(probs.y, softmax(z)[shown])
    assert set(np.argsort(-z)[:30]) <= set(shown)
    assert "30" in fig.layout.title.subtitle.text and "5000" in fig.layout.title.subtitle.text
    assert len(fig.to_json()) < 30_000


def test_softmax_figure_probe_without_target():
    z = np.array([1.0, 2.0, 0.5])
    fig = F.softmax_figure(["a", "b", "c"], logits(z), "en")
    assert set(fig.data[2].marker.color) == {F.BASE_COLOUR}
    assert not any("log" in a.text for a in fig.layout.annotations)
    big = F.softmax_figure([f"w{i}" for i in range(100)], logits(np.arange(100.0)), "en")
    assert len(big.data[2].y) == 30 and big.layout.title.subtitle.text


def test_softmax_loss_sums_repeated_targets():
    z = np.array([1.0, 2.0, 0.5])
    fig = F.softmax_figure(["a", "b", "c"], logits(z, [0, 0, 2]), "en")
    expect = -(2 * np.log(softmax(z)[0]) + np.log(softmax(z)[2]))
    assert any(f"{expect:.3f}" in a.text for a in fig.layout.annotations)


def _subplot_axes(layout, n):
    """(xaxis, yaxis) layout objects of subplots 1..n."""
    ids = ["" if i == 1 else str(i) for i in range(1, n + 1)]
    return [(layout[f"xaxis{i}"], layout[f"yaxis{i}"]) for i in ids]


def test_softmax_figure_three_stacked_panels_share_the_word_axis(trainer):
    rec = trainer.last_record
    fig = F.softmax_figure(words_of(trainer), rec.grads, "en")
    axes = _subplot_axes(fig.layout, 3)
    assert [(b.xaxis, b.yaxis) for b in fig.data] == [("x", "y"), ("x2", "y2"), ("x3", "y3")]
    for i, (xa, ya) in enumerate(axes, start=1):
        ref = "" if i == 1 else str(i)
        assert xa.anchor == f"y{ref}" and ya.anchor == f"x{ref}"
        assert tuple(xa.domain) == (0, 1)              # one column, full width
    # the top two panels follow the bottom one's word axis and hide their tick labels
    assert [xa.matches for xa, _ in axes] == ["x3", "x3", None]
    assert [xa.showticklabels for xa, _ in axes] == [False, False, None]
    assert fig.layout.xaxis3.ticktext == tuple(words_of(trainer))
    # stacked top to bottom inside [0, 1], with gaps: no two panels overlap
    doms = [tuple(ya.domain) for _, ya in axes]
    assert doms[0][1] == 1 and doms[-1][0] == 0
    for (lo_above, _), (lo, hi) in zip(doms, doms[1:]):
        assert lo < hi < lo_above
    # each panel's title sits on top of its panel
    titles = [a for a in fig.layout.annotations if a.xanchor == "left"]
    assert [a.y for a in titles] == [hi for _, hi in doms]
    # the same grid make_subplots would make
    grid = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.09).layout
    for (xa, ya), (gx, gy) in zip(axes, _subplot_axes(grid, 3)):
        assert (xa.domain, ya.domain, xa.matches) == (gx.domain, gy.domain, gx.matches)


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


# ----- negative sampling ----------------------------------------------------------------
def test_negative_sampling_figure_matches_record(ns_trainer):
    rec = ns_trainer.last_record
    words = words_of(ns_trainer)
    assert rec.z.shape == (len(rec.targets), 4)
    fig = F.negative_sampling_figure(words, rec, "en")
    pos, neg = fig.data
    np.testing.assert_allclose(pos.y, sigmoid(rec.z[:, 0]), atol=1e-4)
    np.testing.assert_allclose(neg.y, sigmoid(rec.z[:, 1:]).ravel(), atol=1e-4)
    assert pos.marker.color == F.TARGET_COLOUR and neg.marker.color == F.NEGATIVE_COLOUR
    assert pos.marker.color != neg.marker.color
    assert list(pos.hovertext) == [words[i] for i in rec.targets]
    assert list(neg.hovertext) == [words[i] for i in rec.negatives.ravel()]
    assert any(f"{rec.loss:.3f}" in a.text for a in fig.layout.annotations)
    assert fig.layout.yaxis.range == (0, 1.12)


def test_negative_sampling_figure_caps_and_escapes():
    P_, K = 20, 10
    rng = np.random.default_rng(0)
    W1, W2 = rng.standard_normal((100, 4)), rng.standard_normal((4, 100))
    words = [EVIL] + [f"w{i}" for i in range(1, 100)]
    targets = np.zeros(P_, dtype=int)
    negatives = rng.integers(1, 100, (P_, K))
    grads = loss_and_gradients(W1, W2, [5], targets, negatives)     # one unit, P_ targets
    fig = F.negative_sampling_figure(words, grads, lang="en", max_bars=60)
    assert len(fig.data[0].x) + len(fig.data[1].x) <= 60
    assert "20" in fig.layout.title.subtitle.text
    assert EVIL_ESCAPED in fig.layout.xaxis.ticktext and EVIL not in all_text(fig)


# ----- sandbox --------------------------------------------------------------------------
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


# ----- heatmaps -------------------------------------------------------------------------
def test_matrix_heatmap_values_scale_and_highlight(trainer):
    W1 = trainer.model.W1
    words = words_of(trainer)
    words[1] = EVIL
    fig = F.matrix_heatmap(W1, words, list(range(W1.shape[1])), "W1", "en", zmax=0.5,
                           highlight_rows=[2], highlight_cols=[0])
    hm = fig.data[0]
    np.testing.assert_allclose(hm.z, W1, atol=5e-4)
    assert hm.zmin == -hm.zmax == -0.5 and hm.zmid == 0
    assert EVIL_ESCAPED in hm.y and EVIL not in all_text(fig)
    assert "<b>" in fig.layout.yaxis.ticktext[2]
    assert "<b>" not in fig.layout.yaxis.ticktext[0]
    assert len(fig.layout.shapes) == 2
    assert fig.layout.yaxis.autorange == "reversed"


def test_matrix_heatmap_default_zmax_is_symmetric():
    M = np.array([[0.1, -0.7], [0.3, 0.2]])
    hm = F.matrix_heatmap(M, ["a", "b"], ["0", "1"], "M", "en").data[0]
    assert hm.zmax == pytest.approx(0.7) and hm.zmin == pytest.approx(-0.7) and hm.zmid == 0
    tiny = F.matrix_heatmap(M * 1e-6, ["a", "b"], ["0", "1"], "M", "en").data[0]
    np.testing.assert_allclose(tiny.z, M * 1e-6, rtol=1e-3)    # small gradients survive


def test_matrix_heatmap_duplicate_labels_stay_distinct():
    hm = F.matrix_heatmap(np.eye(2), ["a", "a"], ["0", "1"], "M", "en").data[0]
    assert len(set(hm.y)) == 2


def test_window_rows():
    assert list(F.window_rows(10, [3], 40)) == list(range(10))
    rows = F.window_rows(5000, [4999, 2500, 7, 4999], 40)
    assert len(rows) == 40 and list(rows) == sorted(rows)
    assert {4999, 2500, 7} <= set(rows)
    assert set(range(37)) <= set(rows)
    many = F.window_rows(5000, range(100, 200), 40)
    assert list(many) == list(range(100, 140))


def test_big_vocabulary_heatmap_via_window_rows():
    rng = np.random.default_rng(0)
    W1 = rng.standard_normal((5000, 50))
    rows = F.window_rows(5000, [4321], 40)
    fig = F.matrix_heatmap(W1[rows], [f"w{i}" for i in rows], list(range(50)), "W1", "en",
                           zmax=4.0, highlight_rows=[list(rows).index(4321)])
    assert np.asarray(fig.data[0].z).shape == (40, 50)
    assert len(fig.to_json()) < 60_000


# ----- languages ------------------------------------------------------------------------
def test_languages_give_different_titles(trainer, ns_trainer):
    rec, words = trainer.last_record, words_of(trainer)
    makers = [
        lambda lang: F.softmax_figure(words, rec.grads, lang),
        lambda lang: F.negative_sampling_figure(words, ns_trainer.last_record, lang),
        lambda lang: F.sandbox_figure(lang=lang),
    ]
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
