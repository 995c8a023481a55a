"""The Explore page's math and figure (w2v_viz/explore.py, views/explore.py) and the
figures to take away (views/figures.py): neighbours are the engine's cosine neighbours
in all d dimensions, the 2-D view is the first two of the three scikit-learn components,
a search zooms to the word and its neighbours, words enter Plotly escaped, and each
take-away file is self-contained, titled in the visitor's language and carries the live
message's numbers."""

import json

import numpy as np
import pytest
from plotly.offline import get_plotlyjs
from sklearn.decomposition import PCA

from views import embeddings, explore, figures, gradients, loss, softmax
from w2v_viz import Config, Corpus, Trainer
from w2v_viz import explore as engine
from w2v_viz.similarity import neighbours, normalise
from w2v_viz.synthetic import zipf_text

PLOTLY_JS = get_plotlyjs()
HOSTILE = "<img src=x onerror=alert(1)>"
TEXT = f"the king rules the land\nthe queen rules the land too\na dog barks {HOSTILE} king"


def _trainer(text=TEXT, **config) -> Trainer:
    return Trainer(Corpus.from_text(text), Config(**{"dim": 6, "lr": 0.2, "seed": 1, **config}))


@pytest.fixture(scope="module")
def big():
    trainer = Trainer(Corpus.from_text(zipf_text(800, 20_000)), Config(dim=20, seed=2))
    trainer.run(3000)
    return trainer


# ----- the math --------------------------------------------------------------------------------
@pytest.mark.parametrize("space", engine.SPACES)
def test_each_words_neighbours_are_the_engines(big, space):
    E = engine.space_vectors(big.model.W1, big.model.W2, space)
    ids, cos = engine.top_neighbours(E, k=5, block=97)     # blocks that do not divide V
    for w in (0, 1, 50, 433, len(E) - 1):
        ref = neighbours(E, big.vocab, big.vocab.words[w], k=5)
        assert [big.vocab.words[j] for j in ids[w]] == [r[0] for r in ref]
        np.testing.assert_allclose(cos[w], [r[1] for r in ref], atol=1e-6)
    full = normalise(E) @ normalise(E).T
    np.fill_diagonal(full, -np.inf)
    np.testing.assert_allclose(cos[:, 0], full.max(axis=1), atol=1e-6)


def test_sum_space_is_w1_plus_w2t_and_neighbours_equal_the_average_spaces(big):
    E = engine.space_vectors(big.model.W1, big.model.W2, "sum")
    np.testing.assert_array_equal(E, big.model.W1 + big.model.W2.T)
    ref = neighbours(big.model, big.vocab, "w3", k=8, space="average")
    assert [w for w, _ in neighbours(E, big.vocab, "w3", k=8)] == [w for w, _ in ref]


def test_layout_is_scikit_learns_pca_with_three_components(big):
    lay = engine.layout(big.model.W1)
    pca = PCA(n_components=3).fit(big.model.W1)
    np.testing.assert_allclose(lay.explained, pca.explained_variance_ratio_, rtol=1e-6)
    ref = pca.transform(big.model.W1)
    for k in range(3):     # a component's sign is arbitrary
        np.testing.assert_allclose(np.abs(lay.coords[:, k]), np.abs(ref[:, k]), atol=1e-8)
    assert lay.nn_ids.shape == (big.model.V, 3)


def test_a_tiny_vocabulary_has_what_it_can():
    lay = engine.layout(np.array([[1.0, 0.0], [0.0, 1.0]]))
    assert lay.coords.shape == (2, 3) and lay.nn_ids.tolist() == [[1], [0]]
    with pytest.raises(ValueError):
        engine.space_vectors(np.zeros((2, 2)), np.zeros((2, 2)), "nope")


# ----- the Explore figure ----------------------------------------------------------------------
def full(words, counts, lay, lang, *, colour="freq", **args) -> dict:
    """The figure with every word's point, as the live view assembles it."""
    return explore.assemble(explore.figure(words, counts, lay, lang, colour=colour, **args),
                            explore.points(words, counts, lay, lang, colour=colour))


def test_the_points_are_shared_and_the_message_carries_both_figures(big):
    vocab, lay = big.vocab, engine.layout(big.model.W1)
    pts = explore.points(vocab.words, vocab.counts, lay, "en")
    assert all(len(pts[k]) == big.model.V for k in (*explore.POINT_KEYS, "color"))
    m = explore.message(vocab.words, vocab.counts, lay, "en", dims=3, pts=pts, rev="r1",
                        alt="a", plotly="app/static/views/plotly.x.js", query=2,
                        neighbours=[(3, 0.5)])
    assert m["dims"] == 3 and m["points"] is pts and set(m["figures"]) == {"2", "3"}
    for fig in m["figures"].values():             # the points travel once, outside the figures
        assert not set(fig["data"][0]) & set(explore.POINT_KEYS)
        assert "color" not in fig["data"][0]["marker"]
    assert "z" not in full(vocab.words, vocab.counts, lay, "en", dims=2)["data"][0]


def test_every_word_is_drawn_and_a_search_zooms_to_it_and_its_neighbours(big):
    vocab, lay = big.vocab, engine.layout(big.model.W1)
    fig = full(vocab.words, vocab.counts, lay, "en")
    assert [d["type"] for d in fig["data"]] == ["scattergl"]
    assert len(fig["data"][0]["x"]) == big.model.V and "range" not in fig["layout"]["xaxis"]
    found = neighbours(big.model.W1, vocab, "w7", k=10)
    pairs = [(vocab.id(w), c) for w, c in found]
    fig = full(vocab.words, vocab.counts, lay, "en", query=vocab.id("w7"),
                         neighbours=pairs)
    assert len(fig["data"]) == 1             # the search is labels: the points stay as sent
    notes = fig["layout"]["annotations"]
    assert notes[-1]["text"] == "<b>w7</b>"
    assert [n["text"].split()[0] for n in notes[:-1]] == [w for w, _ in found]
    assert [n["x"] for n in notes] == [lay.coords[vocab.id(w), 0] for w in (*dict(found), "w7")]
    focus = lay.coords[[vocab.id("w7"), *(i for i, _ in pairs)]]
    for k, axis in enumerate(("xaxis", "yaxis")):
        lo, hi = fig["layout"][axis]["range"]
        assert lo <= focus[:, k].min() and hi >= focus[:, k].max()
        assert hi - lo < np.ptp(lay.coords[:, k])       # narrower than the whole cloud


def test_three_d_has_three_axes_and_the_same_first_two_coordinates(big):
    vocab, lay = big.vocab, engine.layout(big.model.W1)
    two = full(vocab.words, vocab.counts, lay, "zh", dims=2)
    three = full(vocab.words, vocab.counts, lay, "zh", dims=3)
    assert three["data"][0]["type"] == "scatter3d"
    assert set(three["layout"]["scene"]) >= {"xaxis", "yaxis", "zaxis"}
    assert "主成分 3" in three["layout"]["scene"]["zaxis"]["title"]["text"]
    found = full(vocab.words, vocab.counts, lay, "zh", dims=3, query=4,
                           neighbours=[(5, 0.5)])
    assert [n["z"] for n in found["layout"]["scene"]["annotations"]] == list(lay.coords[[5, 4], 2])
    assert two["data"][0]["x"] == three["data"][0]["x"]
    np.testing.assert_allclose(two["data"][0]["x"], lay.coords[:, 0], rtol=0, atol=1e-5 *
                               np.abs(lay.coords[:, 0]).max())


def test_colour_by_step_and_by_a_list_and_words_are_escaped():
    trainer = _trainer()
    trainer.step()
    vocab, lay = trainer.vocab, engine.layout(trainer.model.W1)
    ids, missing = explore.word_list("king，queen、nobody " + HOSTILE, vocab)
    assert [vocab.words[i] for i in ids] == ["king", "queen"]
    assert missing == ["nobody", "<img", "src=x", "onerror=alert(1)>"]
    listed = full(vocab.words, vocab.counts, lay, "en", colour="list", list_ids=ids)
    assert listed["data"][1]["text"] == ["king", "queen"]
    step = full(vocab.words, vocab.counts, lay, "en", colour="step",
                          step_ids=embeddings.step_ids(trainer.last_record))
    assert len(step["data"]) == 2
    tiny = engine.layout(np.array([[1.0, 0.0], [0.0, 1.0]]))
    fig = full([HOSTILE, "b"], np.array([3, 1]), tiny, "en", query=0,
                         neighbours=[(1, 0.0)])
    blob = json.dumps([fig["data"][0]["text"], fig["data"][0]["hovertext"],
                       fig["layout"]["annotations"]])
    assert "<img" not in blob and "&lt;img" in blob


def test_the_text_alternative_says_what_the_chart_shows(big):
    vocab, lay = big.vocab, engine.layout(big.model.W1)
    pairs = [(vocab.id(w), c) for w, c in neighbours(big.model.W1, vocab, "w1", k=3)]
    text = explore.describe(vocab.words, lay, "en", dims=2, space="W1", shown_step=3000,
                            query=vocab.id("w1"), neighbours=pairs)
    assert "all 800 words" in text and "step 3,000" in text and "w1 and its 3" in text


# ----- the figures to take away ----------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_live_view_becomes_a_self_contained_titled_file(lang):
    trainer = _trainer()
    trainer.step(5)
    record = trainer.last_record
    curve = loss.message(trainer, lang)
    bars = softmax.step_message(trainer, record, lang)
    heat = gradients.message(trainer, record, lang, {}, None)
    emb, _ = embeddings.message(trainer, record, lang, None)
    figs = {"loss": (figures.loss(curve, lang), curve["title"]),
            "softmax": (figures.softmax(bars, lang), bars["heading"]),
            "gradients": (figures.gradients(heat, lang), heat["text"]["when"]),
            "map": (figures.embedding_map(emb, lang), emb["title"])}
    for fig, title in figs.values():
        page = figures.html(fig, title, lang).decode("utf-8")
        assert PLOTLY_JS in page                                 # plotly.js inside
        rest = page.replace(PLOTLY_JS, "")
        assert "src=" not in rest and "cdn.plot.ly" not in rest  # nothing from the network
        assert f"<title>{title.replace('&', '&amp;')} · w2v-viz</title>" in page
        assert HOSTILE not in page
    assert figs["loss"][0]["data"][0]["y"] is curve["y"]
    assert figs["softmax"][0]["data"][0]["y"] == [b["p"] for b in bars["bars"]]
    maps = figs["gradients"][0]["data"]
    np.testing.assert_allclose(maps[2]["customdata"], np.outer(heat["h"], heat["e"]))
    np.testing.assert_allclose(maps[1]["customdata"], heat["W1"])
    np.testing.assert_allclose(maps[1]["z"], np.asarray(heat["W1"]) / heat["zmax"]["W1"])
    z, v = np.ravel(maps[2]["z"]), np.ravel(maps[2]["customdata"])    # symmetric log
    assert heat["log"]["dW2"] and np.abs(z).max() <= 1
    np.testing.assert_array_equal(np.sign(z), np.sign(v))
    assert (np.diff(z[np.argsort(v, kind="stable")]) >= 0).all()       # the values' order
