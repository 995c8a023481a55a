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
from w2v_viz.history import LossHistory, Timeline
from w2v_viz.i18n import STRINGS
from w2v_viz.model import softmax
from w2v_viz.similarity import cosine_matrix

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
    assert len(keys) > 20
    for k in keys:
        assert STRINGS[k].get("en") and STRINGS[k].get("zh"), k


# ----- loss -----------------------------------------------------------------------------
def test_loss_chart_empty_has_hint():
    chart = F.loss_chart(LossHistory(), "en")
    assert chart["empty"] == STRINGS["fig.loss.empty"]["en"] and "x" not in chart
    assert json.loads(json.dumps(chart)) == chart           # plain JSON for the browser


def test_loss_chart_series_ma_and_epochs():
    h = LossHistory()
    rng = np.random.default_rng(0)
    for _ in range(3):
        h.add(rng.random(20) + 1.0)
        h.end_epoch()
    chart = F.loss_chart(h, "en")
    x, y = h.series()
    assert chart["x"] == list(x)
    np.testing.assert_allclose(chart["y"], y, rtol=1e-3)
    np.testing.assert_allclose(chart["ma"], h.moving_average(), rtol=1e-3)
    assert chart["ex"] == h.epoch_end_steps == [20, 40, 60]
    np.testing.assert_allclose(chart["ey"], h.epoch_means, rtol=1e-3)
    # the axes cover every point, with round ticks inside the ranges
    lo, hi = chart["yrange"]
    assert lo <= min(chart["y"]) and max(chart["y"]) <= hi
    assert chart["xrange"] == [0.0, 60.0]
    for ticks, (a, b) in ((chart["xticks"], chart["xrange"]), (chart["yticks"], chart["yrange"])):
        assert len(ticks) >= 3 and all(a <= v <= b for v, _ in ticks)
    assert chart["names"][0] == "each step" and chart["markers"]    # 60 points: dots too
    assert json.loads(json.dumps(chart)) == chart


def test_loss_chart_log_scale():
    h = LossHistory()
    h.add(np.geomspace(5.0, 0.01, 300))
    chart = F.loss_chart(h, "en", log_scale=True)
    lo, hi = chart["yrange"]
    assert chart["log"] and 0 < lo <= min(chart["y"]) and max(chart["y"]) <= hi
    assert [v for v, _ in chart["yticks"]] == [0.01, 0.1, 1.0]
    narrow = LossHistory()
    narrow.add(np.linspace(3.9, 3.7, 50))
    chart = F.loss_chart(narrow, "en", log_scale=True)
    lo, hi = chart["yrange"]
    ticks = [v for v, _ in chart["yticks"]]
    assert hi / lo < 2 and len(ticks) >= 2 and all(lo <= v <= hi for v in ticks)


def test_loss_chart_axes_change_only_now_and_then():
    """The browser redraws the axes only when they change: most Steps keep them."""
    h, frames = LossHistory(), set()
    for loss in np.linspace(3.9, 2.0, 300):
        h.add([loss])
        chart = F.loss_chart(h, "en")
        frames.add(json.dumps([chart["xrange"], chart["yrange"], chart["xticks"]]))
        assert chart["x"][-1] <= chart["xrange"][1]
    assert len(frames) < 40


def test_nice_ticks():
    assert F.nice_ticks(0, 3.87) == [0, 1, 2, 3]
    assert F.nice_ticks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert F.nice_ticks(0, 123456, n=6) == [0, 50000, 100000]
    assert F.nice_ticks(0.001, 50, log=True) == [0.001, 0.01, 0.1, 1, 10]
    assert F.nice_ticks(0.05, 3, log=True) == [0.05, 0.1, 0.2, 0.5, 1, 2]


def test_loss_chart_long_history_is_thinned_but_exact():
    h = LossHistory()
    losses = np.linspace(3.0, 1.0, 100_000)
    h.add(losses)
    chart = F.loss_chart(h, "en", max_points=500)
    assert len(chart["x"]) <= 500
    assert chart["x"][-1] == 100_000
    # bucket means, weighted by their widths, give back the overall mean
    widths = np.diff(np.r_[0, np.asarray(chart["x"])])
    assert np.average(chart["y"], weights=widths) == pytest.approx(losses.mean(), rel=1e-3)
    assert chart["names"][0].startswith("mean of ")


def test_loss_chart_from_trainer(trainer):
    chart = F.loss_chart(trainer.history, "en")
    assert len(chart["y"]) == trainer.step_count
    assert chart["markers"] and chart["xrange"] == [0, 10]     # the first steps: 0 to 10
    zh = F.loss_chart(trainer.history, "zh")
    assert zh["title"] != chart["title"] and zh["names"] != chart["names"]


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


# ----- similarity -----------------------------------------------------------------------
def test_similarity_figure(trainer):
    S = cosine_matrix(trainer.model.W1)
    words = words_of(trainer)
    fig = F.similarity_figure(S, words, "en")
    hm = fig.data[0]
    np.testing.assert_allclose(hm.z, S, atol=1e-3)
    assert (hm.zmin, hm.zmid, hm.zmax) == (-1, 0, 1)
    big = F.similarity_figure(np.eye(100), [f"w{i}" for i in range(100)], "en", max_words=40)
    assert np.asarray(big.data[0].z).shape == (40, 40)
    assert "100" in big.layout.title.subtitle.text


# ----- embeddings -----------------------------------------------------------------------
def test_embedding_figure_2d(trainer):
    words = words_of(trainer)
    words[0] = EVIL
    rec = trainer.last_record
    pca = P.fit_pca(trainer.model.W1, 2)
    coords = P.project(pca, trainer.model.W1)
    hl = [rec.centre, *rec.targets]
    tr = P.trails(trainer.timeline, pca, hl)
    fig = F.embedding_figure(coords, words, "en", highlight=hl, trails=tr,
                             explained=pca.explained_variance_ratio_)
    trail, base, high = fig.data
    assert high.marker.color == F.TARGET_COLOUR and base.marker.color == F.BASE_COLOUR
    assert len(base.x) + len(high.x) == len(words)
    idx = sorted(set(hl))
    np.testing.assert_allclose(high.x, coords[idx, 0], atol=1e-3)
    np.testing.assert_allclose(high.y, coords[idx, 1], atol=1e-3)
    assert EVIL not in all_text(fig) and EVIL_ESCAPED in all_text(fig)
    pct = f"{100 * pca.explained_variance_ratio_[0]:.0f}%"
    assert pct in fig.layout.xaxis.title.text
    # each trail ends at the word's current point (segments separated by NaN = null in JSON)
    xs = np.r_[np.asarray(trail.x, dtype=float), np.nan]
    ends = [xs[i - 1] for i in np.flatnonzero(np.isnan(xs))]
    np.testing.assert_allclose(sorted(ends), sorted(coords[idx, 0]), atol=1e-3)


def test_embedding_figure_3d_and_languages(trainer):
    pca = P.fit_pca(trainer.model.W1, 3)
    coords = P.project(pca, trainer.model.W1)
    fig = F.embedding_figure(coords, words_of(trainer), "zh", dims=3,
                             explained=pca.explained_variance_ratio_)
    assert isinstance(fig.data[0], go.Scatter3d)
    assert "主成分" in fig.layout.scene.xaxis.title.text


def test_embedding_figure_caps_labels():
    V = 5000
    rng = np.random.default_rng(0)
    coords = rng.standard_normal((V, 2))
    fig = F.embedding_figure(coords, [f"w{i}" for i in range(V)], "en", highlight=[4000])
    base = fig.data[0]
    assert sum(1 for s in base.text if s) == 150
    assert len(base.x) == V - 1
    assert len(fig.to_json()) < 400_000


def test_embedding_figure_labels_go_out_as_exact_string_lists():
    # the word labels are passed to Plotly as numpy arrays (fast); the JSON must still be
    # the plain list of escaped words, odd characters included
    words = ["a\x00", EVIL, "x" * 30, "中文", "w", "a & b"]
    fig = F.embedding_figure(np.arange(12.0).reshape(6, 2), words, "en", max_labels=3)
    base = json.loads(fig.to_json())["data"][0]
    expected = [F.esc(w) for w in words]
    assert base["hovertext"] == expected and base["text"] == expected[:3] + ["", "", ""]
    assert F._esc_all(words) == expected and F._esc_all(["a", 7]) == ["a", "7"]


# ----- languages ------------------------------------------------------------------------
def test_languages_give_different_titles(trainer):
    words = words_of(trainer)
    pca = P.fit_pca(trainer.model.W1, 2)
    makers = [
        lambda lang: F.sandbox_figure(lang=lang),
        lambda lang: F.similarity_figure(cosine_matrix(trainer.model.W1), words, lang),
        lambda lang: F.embedding_figure(P.project(pca, trainer.model.W1), words, lang),
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
