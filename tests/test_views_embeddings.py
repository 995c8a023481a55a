"""The Embeddings page's message builders (views/embeddings.py, similarity.py,
neighbours.py): the plane is refitted and turned to match the last one, its variance share
is current, labels/caps/trails/timeline, the heatmap's and tables' numbers, languages and
hostile words."""

import json

import numpy as np
import pytest
from sklearn.decomposition import PCA

from views import embeddings as emb
from views import neighbours as nb
from views import similarity as sim
from w2v_viz import Config, Corpus, Trainer, projection, similarity
from w2v_viz.corpora import CORPORA, load
from w2v_viz.keywords import is_content_word
from w2v_viz.synthetic import zipf_text

EVIL = "<img src=x onerror=alert(1)>"


def royalty_promised():
    corpus = CORPORA["royalty"]
    return tuple(dict.fromkeys(w for k, v in corpus.expected_neighbours.items() for w in (k, *v)))


@pytest.fixture()
def royal():
    t = Trainer(Corpus.from_text(load("royalty")), Config(dim=10, seed=0))
    t.step(3)
    return t


def plane_now(trainer, space="W1"):
    return projection.principal_plane(
        similarity.vectors(trainer.model.W1, trainer.model.W2, space), 2)


def test_principal_plane_matches_sklearn():
    rng = np.random.default_rng(0)
    for V, d in [(40, 6), (8, 30), (300, 50)]:
        E = rng.standard_normal((V, d)) @ np.diag(np.linspace(4, 0.2, d))
        mean, B, share = projection.principal_plane(E, 2)
        ref = PCA(2).fit(E)
        np.testing.assert_allclose(B.T @ B, np.eye(2), atol=1e-10)
        # the same plane (projectors equal) and the same explained variance
        np.testing.assert_allclose(B @ B.T, ref.components_.T @ ref.components_, atol=1e-8)
        assert share == pytest.approx(ref.explained_variance_ratio_.sum(), rel=1e-9)
    mean, B, share = projection.principal_plane(np.ones((5, 3)), 2)      # degenerate
    assert share == 0 and not B.any()


def test_plane_is_refitted_as_training_goes_and_its_share_is_current(royal):
    """Today's page fitted the basis once on the random weights and kept it: after
    training, its axes and "PC1 x%" were stale."""
    view, state = emb.message(royal, royal.last_record, "en", None)
    first = state["basis"].copy()
    royal.run(royal.n_units * 5)          # five epochs
    view, state = emb.message(royal, royal.preview(), "en", state, now=state["at"] + 10)
    mean, B, share = plane_now(royal)
    assert state["fitted"] and state["fit_step"] == royal.step_count
    np.testing.assert_allclose(state["basis"] @ state["basis"].T, B @ B.T, atol=1e-8)
    assert state["share"] == pytest.approx(share, rel=1e-9)
    assert f"{100 * share:.0f}%" in view["note"] and f"{royal.step_count:,}" in view["note"]
    assert not np.allclose(first @ first.T, B @ B.T, atol=1e-3)     # the plane did move
    # the coordinates sent are the words' projections in that (turned) plane
    E = similarity.vectors(royal.model.W1, royal.model.W2, "W1")
    ids = [royal.vocab.id(w) for w in view["words"]]
    P = (E[ids] - state["mean"]) @ state["basis"]
    np.testing.assert_allclose(view["x"], P[:, 0], atol=1e-3 * np.abs(P).max())
    np.testing.assert_allclose(view["y"], P[:, 1], atol=1e-3 * np.abs(P).max())


def test_refit_turns_to_match_the_previous_plane(royal):
    """Procrustes: a refit after one step moves the picture only as much as the words
    moved (no spin, no mirror), though the fresh PCA's own signs may flip."""
    royal.run(royal.n_units * 3)
    _, s0 = emb.message(royal, royal.preview(), "en", None)
    for _ in range(5):
        royal.step(1)
        _, s1 = emb.message(royal, royal.last_record, "en", s0, now=s0["at"] + 10)
        assert s1["fitted"]
        R = s0["basis"].T @ s1["basis"]          # 2 x 2: near the identity when aligned
        np.testing.assert_allclose(R, np.eye(2), atol=0.05)
        s0 = s1
    # flipping the previous basis' signs flips the new one too (it follows the last view)
    flipped = {**s0, "basis": -s0["basis"]}
    royal.step(1)
    _, s2 = emb.message(royal, royal.last_record, "en", flipped, now=s0["at"] + 10)
    np.testing.assert_allclose(s2["basis"].T @ flipped["basis"], np.eye(2), atol=0.05)


def test_refit_budget_keeps_the_share_current():
    """A fit that costs much is not repeated within REFIT_RATIO x its cost; between fits
    the share of the variance is still that of the current weights."""
    rng = np.random.default_rng(1)
    E = rng.standard_normal((50, 6))
    s = emb.plane(E, None, 0, "k", now=100.0)
    s = {**s, "cost": 1.0}
    E2 = E + 0.3 * rng.standard_normal(E.shape)
    kept = emb.plane(E2, s, 1, "k", now=105.0)         # 5 s < 10 x 1 s
    assert not kept["fitted"] and kept["fit_step"] == 0
    np.testing.assert_array_equal(kept["basis"], s["basis"])
    X = E2 - s["mean"]
    assert kept["share"] == pytest.approx(((X @ s["basis"]) ** 2).sum() / (X ** 2).sum())
    refit = emb.plane(E2, kept, 2, "k", now=111.0)     # 11 s later
    assert refit["fitted"] and refit["fit_step"] == 2
    assert emb.plane(E2, refit, 2, "k", now=500.0)["fitted"] is False    # nothing changed
    assert emb.plane(E2, refit, 2, "other", now=111.0)["fitted"]         # a new space/model


def test_key_and_step_words_labelled_and_all_drawn(royal):
    promised = royalty_promised()
    view, _ = emb.message(royal, royal.last_record, "en", None, promised=promised)
    rec = royal.last_record
    role = dict(zip(view["words"], view["roles"]))
    words = royal.vocab.words
    assert role[words[rec.centre]] == emb.STEP
    for c in map(int, rec.contexts):
        if c != rec.centre:
            assert role[words[c]] in (emb.CONTEXT, emb.STEP)
    for w in promised:
        if w in royal.vocab and w not in {words[rec.centre], *(words[c] for c in rec.contexts)}:
            assert role[w] == emb.KEY, w
    assert sorted(view["words"]) == sorted(words)       # V=46: every word drawn
    labelled = [r for r in view["roles"] if r]
    assert view["roles"][:len(labelled)] == labelled    # labelled words come first
    assert "46" in view["caption"]


def test_other_corpus_labels_its_most_frequent_content_words(royal):
    view, _ = emb.message(royal, royal.last_record, "en", None, promised=())
    keys = [w for w, r in zip(view["words"], view["roles"]) if r == emb.KEY]
    content = [w for w in royal.vocab.words if is_content_word(w)]
    assert set(keys) <= set(content[:emb.MAX_FREQUENT_KEYS])
    assert not set(keys) & {"the", "a", "in", "and", "with", "his", "her"}
    assert len(keys) >= emb.MAX_FREQUENT_KEYS - 3      # minus this step's words


def test_large_vocabulary_is_capped_but_fitted_on_all():
    V = 5000
    t = Trainer(Corpus.from_text(zipf_text(V), max_vocab=V), Config(dim=50, seed=0))
    t.step(2)
    rec = t.last_record
    view, state = emb.message(t, rec, "en", None, trail_words=[t.vocab.words[4321]])
    ids = [t.vocab.id(w) for w in view["words"]]
    assert emb.MAX_POINTS <= len(ids) <= emb.MAX_POINTS + 40
    assert set(range(emb.MAX_POINTS)) <= set(ids)
    assert {rec.centre, *map(int, rec.contexts), 4321} <= set(ids)
    assert "5,000" in view["caption"] and "500" in view["caption"]
    _, _, share = plane_now(t)                     # the plane of ALL 5000 words
    assert state["share"] == pytest.approx(share, rel=1e-9)
    assert len(json.dumps(view)) < 40_000


def test_trails_one_per_word_ending_now_and_on_the_timeline(royal):
    royal.run(royal.n_units * 2)
    royal.step(1)
    chosen = ["king", "queen", "man"]
    view, state = emb.message(royal, royal.last_record, "en", None, trail_words=chosen + ["nope"])
    assert [t["word"] for t in view["trails"]] == chosen
    T = len(royal.timeline)
    for tr in view["trails"]:
        assert len(tr["path"]) == T + 1
        i = view["words"].index(tr["word"])
        assert tr["path"][-1] == pytest.approx([view["x"][i], view["y"][i]], abs=1e-9)
        first = projection.snapshot_matrix(royal.timeline, 0, "W1", [royal.vocab.id(tr["word"])])
        P0 = (first - state["mean"]) @ state["basis"]
        assert tr["path"][0] == pytest.approx(P0[0].tolist(), abs=1e-3 * np.abs(view["x"]).max())
    assert view["range"] is None and view["frame"] is None

    # scrubbing back: the snapshot in today's plane, trails ending there, one fixed range
    frames = [emb.message(royal, royal.last_record, "en", state, trail_words=chosen, frame=f)[0]
              for f in (0, T // 2, T - 1)]
    assert frames[0]["range"] == frames[1]["range"] == frames[2]["range"] is not None
    x0, x1, y0, y1 = frames[0]["range"]
    for f, v in zip((0, T // 2, T - 1), frames):
        assert v["frame"] == royal.timeline.steps[f]
        assert all(len(tr["path"]) == f + 1 for tr in v["trails"])
        tol = 1e-3 * (x1 - x0)       # coordinates are rounded to what the eye resolves
        assert min(v["x"]) >= x0 - tol and max(v["x"]) <= x1 + tol
        assert min(v["y"]) >= y0 - tol and max(v["y"]) <= y1 + tol
        ids = [royal.vocab.id(w) for w in v["words"]]
        snap = projection.snapshot_matrix(royal.timeline, f, "W1", ids)
        P = (snap - state["mean"]) @ state["basis"]
        np.testing.assert_allclose(v["x"], P[:, 0], atol=1e-3 * (x1 - x0))
        assert f"{royal.timeline.steps[f]:,}" in v["note"]


def test_both_languages_and_hostile_words(royal):
    royal.vocab.words[5] = EVIL
    royal.vocab.index = {w: i for i, w in enumerate(royal.vocab.words)}
    en, _ = emb.message(royal, royal.last_record, "en", None, trail_words=[EVIL])
    zh, _ = emb.message(royal, royal.last_record, "zh", None, trail_words=[EVIL])
    assert en["title"] != zh["title"] and en["note"] != zh["note"] and "平面" in zh["note"]
    assert EVIL in en["words"] and en["trails"][0]["word"] == EVIL    # raw: drawn as text
    s_en = sim.message(royal, royal.last_record, "en", promised=())
    s_zh = sim.message(royal, royal.last_record, "zh", promised=())
    assert EVIL in s_en["words"] and s_en["caption"] != s_zh["caption"]
    n = nb.neighbours(royal, EVIL, "zh")
    assert n["headers"][1] == "词" and len(n["rows"]) == 8


def test_similarity_numbers_and_words(royal):
    promised = royalty_promised()
    m = sim.message(royal, royal.last_record, "en", "average", promised)
    ids = [royal.vocab.id(w) for w in promised if w in royal.vocab]
    assert m["words"] == [royal.vocab.words[i] for i in ids]
    E = similarity.vectors(royal.model.W1, royal.model.W2, "average")[ids]
    np.testing.assert_array_equal(m["cos"], similarity.cosine_matrix(E))   # unrounded
    other = sim.message(royal, royal.last_record, "en", "W1", ())
    assert other["words"] == [w for w in royal.vocab.words if is_content_word(w)][:sim.MAX_WORDS]
    rec = royal.last_record
    shown = {royal.vocab.words[i] for i in emb.step_ids(rec)} & set(other["words"])
    assert {other["words"][k] for k in other["step"]} == shown


def test_neighbour_and_analogy_tables_equal_the_engine(royal):
    royal.run(royal.n_units * 2)
    for space in ("W1", "W2T", "average"):
        m = nb.neighbours(royal, "king", "en", space)
        ref = similarity.neighbours(royal.model, royal.vocab, "king", k=8, space=space)
        assert [w for w, _ in m["rows"]] == [w for w, _ in ref]
        np.testing.assert_allclose([c for _, c in m["rows"]], [c for _, c in ref],
                                   rtol=0, atol=1e-12)
        a = nb.analogy(royal, "king", "man", "woman", "en", space)
        ref = similarity.analogy(royal.model, royal.vocab, "king", "man", "woman", k=5, space=space)
        assert [w for w, _ in a["rows"]] == [w for w, _ in ref]
        np.testing.assert_allclose([c for _, c in a["rows"]], [c for _, c in ref],
                                   rtol=0, atol=1e-12)
    missing = nb.analogy(royal, "king", "zebra", "woman", "en")
    assert missing["rows"] == [] and "zebra" in missing["empty"]


def test_every_embeddings_string_has_chinese_with_the_same_fields():
    import string

    from views.i18n import STRINGS

    fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    keys = [k for k in STRINGS if k.startswith("emb.")]
    assert len(keys) > 30
    for k in keys:
        assert STRINGS[k].get("zh"), k
        assert fields(STRINGS[k]["en"]) == fields(STRINGS[k]["zh"]), k
