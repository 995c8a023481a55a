"""The Embeddings page in AppTest: every view (word map, similarity heatmap, neighbour
and analogy tables) is redrawn on each Step with the current weights, the plane is
refitted as training goes, the timeline keeps one range, trails, the V=5000 cap, Chinese."""

import numpy as np
from live_ui import EMB_MAP, EMB_SIM, data, keyed, no_exception, open_app, pick, press, session

from w2v_viz import projection, similarity

PAGE = "app_pages/embeddings.py"


def embeddings_page(**query):
    at = open_app(**query)
    at.switch_page(PAGE).run()
    no_exception(at)
    return at


def test_step_redraws_every_view_with_the_current_weights():
    """The tables used to sit outside the live fragment: stale until a full rerun."""
    at = embeddings_page()
    before = (data(at, EMB_MAP), data(at, EMB_SIM), keyed(at, "emb_nb"), keyed(at, "emb_analogy"))
    for _ in range(3):
        press(at, "step10")
    no_exception(at)
    trainer = session(at).trainer
    after = (data(at, EMB_MAP), data(at, EMB_SIM), keyed(at, "emb_nb"), keyed(at, "emb_analogy"))
    for old, new in zip(before, after):
        assert not np.array_equal(old["cos"], new["cos"]) if "cos" in old else old != new
    nb, an = after[2], after[3]
    ref = similarity.neighbours(trainer.model, trainer.vocab, "king", k=8)
    assert [w for w, _ in nb["rows"]] == [w for w, _ in ref]
    np.testing.assert_allclose([c for _, c in nb["rows"]], [c for _, c in ref], rtol=0, atol=1e-12)
    ref = similarity.analogy(trainer.model, trainer.vocab, "king", "man", "woman", k=5)
    assert [w for w, _ in an["rows"]] == [w for w, _ in ref]
    words = after[1]["words"]
    E = trainer.model.W1[[trainer.vocab.id(w) for w in words]]
    np.testing.assert_array_equal(after[1]["cos"], similarity.cosine_matrix(E))
    rec = trainer.last_record
    roles = dict(zip(after[0]["words"], after[0]["roles"]))
    assert roles[trainer.vocab.words[rec.centre]] == "step"


def test_plane_follows_training():
    """The basis used to be fitted once, on the random weights, and kept forever."""
    at = embeddings_page()
    trainer = session(at).trainer
    trainer.run(trainer.n_units * 8)
    press(at, "step")
    no_exception(at)
    _, _, share = projection.principal_plane(trainer.model.W1, 2)
    note = data(at, EMB_MAP)["note"]
    assert f"{100 * share:.0f}%" in note and f"{trainer.step_count:,}" in note


def test_timeline_keeps_one_range_and_trails_show_every_chosen_word():
    at = embeddings_page()
    for _ in range(4):
        press(at, "step10")
    at.multiselect(key="emb_trails").set_value(["king", "queen", "man", "woman", "boy"]).run()
    no_exception(at)
    trainer = session(at).trainer
    view = data(at, EMB_MAP)
    assert [t["word"] for t in view["trails"]] == ["king", "queen", "man", "woman", "boy"]
    assert view["frame"] is None and view["range"] is None
    steps = trainer.timeline.steps
    ranges = []
    for step in (steps[0], steps[len(steps) // 2]):
        at.select_slider(key="emb_frame").set_value(step).run()
        no_exception(at)
        view = data(at, EMB_MAP)
        assert view["frame"] == step
        ranges.append(view["range"])
        assert all(len(t["path"]) == steps.index(step) + 1 for t in view["trails"])
    assert ranges[0] == ranges[1] is not None


def test_picked_word_redraws_its_table():
    at = embeddings_page()
    pick(at, "emb_nb", "query", " throne ")
    no_exception(at)
    trainer = session(at).trainer
    ref = similarity.neighbours(trainer.model, trainer.vocab, "throne", k=8)
    table = keyed(at, "emb_nb")
    assert [w for w, _ in table["rows"]] == [w for w, _ in ref]
    assert table["picks"] == [{"name": "query", "label": "Nearest neighbours of",
                               "value": "throne"}]
    pick(at, "emb_analogy", "b", "queen")
    assert [p["value"] for p in keyed(at, "emb_analogy")["picks"]] == ["king", "queen", "woman"]
    press(at, "step")                                   # a Step keeps the picks
    assert keyed(at, "emb_nb")["picks"][0]["value"] == "throne"


def test_a_typed_word_outside_the_vocabulary_is_said_and_a_crafted_pick_ignored():
    at = embeddings_page()
    pick(at, "emb_nb", "query", "zebra")
    no_exception(at)
    table = keyed(at, "emb_nb")
    assert table["rows"] == [] and "zebra" in table["empty"]
    for name, word in (("nope", "queen"), ("query", ""), ("query", 7)):
        pick(at, "emb_nb", name, word)
        no_exception(at)
        assert keyed(at, "emb_nb")["picks"][0]["value"] == "zebra"
    pick(at, "emb_nb", "query", "x" * 10_000)
    assert len(keyed(at, "emb_nb")["picks"][0]["value"]) == 100


def test_large_vocabulary_draws_a_capped_map():
    at = embeddings_page(vocab="5000", dim="50")
    press(at, "step")
    no_exception(at)
    view = data(at, EMB_MAP)
    assert 500 <= len(view["words"]) <= 540 and "5,000" in view["caption"]
    options = keyed(at, "emb_nb")["options"]
    assert 200 <= len(options) <= 240      # the inputs do not list the whole vocabulary


def test_chinese():
    at = embeddings_page(lang="zh")
    assert data(at, EMB_MAP)["title"] == "词向量的二维图"
    assert "余弦" in data(at, EMB_SIM)["title"] and keyed(at, "emb_nb")["headers"][1] == "词"
    assert at.multiselect(key="emb_trails").placeholder == "选择或输入词语"   # not English
