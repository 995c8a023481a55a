"""The Train page's live views (views/network.py, loss.py, wordmap.py, controls.py): every
number the network view prints is the step record's, the loss chart is exact and plain
JSON, the map keeps its orientation, the counters headline a smoothed loss, and formulas
are MathML with hostile words escaped."""

import json
from types import SimpleNamespace

import numpy as np
import pytest

from ui import live_view
from views import controls, loss, network, wordmap
from views.i18n import STRINGS
from views.mathml import mathml
from views.theory import latex_word
from w2v_viz import Config, Corpus, Trainer
from w2v_viz.corpora import CORPORA
from w2v_viz.history import LossHistory

TEXT = "the king rules the land\nthe queen rules the land too\na dog barks at the king"
HOSTILE = "<img src=x onerror=alert(1)>"
MODES = [(a, o) for a in ("skipgram", "cbow") for o in ("softmax", "negative")]


def _trainer(text=TEXT, **config) -> Trainer:
    return Trainer(Corpus.from_text(text), Config(**{"dim": 4, "lr": 0.1, "seed": 1, **config}))


# ----- the sentence --------------------------------------------------------------------------
def test_segments_mark_centre_context_and_window():
    t = _trainer(window=2)
    t.step(3)
    rec = t.last_record
    segments = network.sentence_segments(t.corpus, rec.centre_token, rec.context_tokens, 2)
    sentence = t.corpus.sentence_tokens(int(t.corpus.tokens.sentence[rec.centre_token]))
    words = [t.corpus.text[int(t.corpus.tokens.starts[i]):int(t.corpus.tokens.ends[i])]
             for i in sentence]
    assert "".join(text for text, _ in segments) == " ".join(words)   # the whole sentence
    assert [text for text, role in segments if role == "centre"] == [t.vocab.words[rec.centre]]
    assert len([1 for _, role in segments if role == "context"]) == len(rec.context_tokens)
    window = network.window_tokens(t.corpus, rec.centre_token, 2)
    assert len([1 for _, role in segments if role]) == len(window)
    assert {role for _, role in segments} <= {"", "centre", "context", "window"}


def test_long_sentence_is_clipped_around_the_window():
    text = " ".join(f"w{i}" for i in range(400))
    t = Trainer(Corpus.from_text(text), Config(dim=4, seed=0))
    segments = network.sentence_segments(t.corpus, 200, [201], 2, max_chars=100)
    joined = "".join(text for text, _ in segments)
    assert joined.startswith("… ") and joined.endswith(" …") and len(joined) < 160
    assert ["w200", "centre"] in segments and ["w201", "context"] in segments


def test_fill_keeps_words_apart_from_the_template():
    segments = network.fill("Centre {centre} → context {contexts}", centre=["<b>king"],
                            contexts=["queen", "land"])
    assert segments == [["Centre ", ""], ["<b>king", "word"], [" → context ", ""],
                        ["queen", "word"], [", ", ""], ["land", "word"]]


# ----- the network ---------------------------------------------------------------------------
@pytest.mark.parametrize("architecture, objective", MODES)
def test_network_numbers_are_the_records(architecture, objective):
    t = _trainer(architecture=architecture, objective=objective, negatives=3)
    rec = t.step(4)
    m = network.message(t, rec, "en")
    assert m["loss"] == rec.loss and m["h"] == list(rec.h)
    assert m["dh"] == list(rec.dW1_row)
    assert [w["id"] for w in m["inputs"]] == list(np.ravel(rec.inputs))
    z, p, e = (np.asarray(a).reshape(-1) for a in (rec.z, rec.probs, rec.error))
    if objective == "softmax":
        for u in m["units"]:
            j = u["id"]
            assert (u["z"], u["p"], u["e"]) == (z[j], p[j], e[j])
            assert u["y"] == float(j in np.ravel(rec.targets))
        probs = [u["p"] for u in m["units"]]
        assert probs == sorted(probs, reverse=True)                     # by probability
        assert {int(o) for o in np.ravel(rec.targets)} <= {u["id"] for u in m["units"]}
        assert m["n_columns"] == t.model.V and m["columns"] == []     # every column
        assert sum(m["loss_terms"]) == pytest.approx(rec.loss, rel=1e-12)
    else:
        cols = np.concatenate([np.ravel(rec.targets)[:, None],
                               np.asarray(rec.negatives).reshape(len(np.ravel(rec.targets)), -1)],
                              axis=1).ravel()
        assert [u["id"] for u in m["units"]] == list(cols[: len(m["units"])])
        n = len(m["units"])
        assert [(u["z"], u["p"], u["e"]) for u in m["units"]] == list(zip(z, p, e))[:n]
        assert [u["role"] for u in m["units"]][:4] == ["target", "negative", "negative", "negative"]
        assert sorted(w["id"] for w in m["columns"]) == sorted(set(cols.tolist()))
        assert sum(m["loss_terms"]) == pytest.approx(rec.loss, rel=1e-12)
    assert json.loads(json.dumps(m)) == m
    for html in m["math"].values():
        assert html.startswith("<math") and html.endswith("</math>")


def test_network_of_the_preview_and_in_chinese():
    t = _trainer()
    preview = network.message(t, t.preview(), "en")
    assert preview["preview"] == STRINGS["train.preview"]["en"]
    assert preview["heading"] == "Next step (1) in the text:"     # one meaning: said
    t.step(5)
    en, zh = network.message(t, t.last_record, "en"), network.message(t, t.last_record, "zh")
    assert en["preview"] is None and en["heading"] == "Last step (5) in the text:"
    assert zh["heading"] != en["heading"] and zh["text"]["input"] != en["text"]["input"]
    assert en["loss"] == zh["loss"]
    concealed = network.message(t, t.last_record, "en", conceal=True)
    assert concealed["concealed"] and en["concealed"] is None


def test_network_caps_the_units_of_a_large_vocabulary():
    text = " ".join(f"w{i % 300}" for i in range(3000))
    t = _trainer(text)
    m = network.message(t, t.step(), "en")
    assert len(m["units"]) == network.MAX_UNITS and m["V"] == 300
    rng = np.random.default_rng(3)      # the most probable units; ties: the lower id first
    for probs in (rng.random(300), rng.choice([0.1, 0.2, 0.3], 300)):
        targets = [int(o) for o in rng.integers(0, 300, 3)]
        rec = SimpleNamespace(probs=probs, z=probs, error=probs, targets=np.array(targets),
                              log_right=np.zeros(3))
        ranked = [int(j) for j in np.argsort(-probs, kind="stable") if j not in targets]
        top = list(dict.fromkeys(targets)) + ranked
        expected = sorted(top[:network.MAX_UNITS], key=lambda j: -probs[j])
        units, _ = network._units_softmax(rec, [str(j) for j in range(300)])
        assert [u["id"] for u in units] == expected


def test_hostile_words_stay_data():
    """The tokenizer keeps no "<" in a word, but a char-level or uploaded vocabulary might:
    words travel as plain strings (inserted as text by the browser), never in MathML."""
    t = _trainer()
    rec = t.step(3)
    t.vocab.words[rec.centre] = HOSTILE
    m = network.message(t, rec, "en")
    assert "<img" not in "".join(m["math"].values())
    assert m["inputs"][0]["word"] == HOSTILE


def test_mathml_escapes_words_and_caches_templates():
    out = mathml(r"u_{" + latex_word("<b onclick=x>&{}\\") + r"}^\top h")
    assert "<b" not in out and "&lt;b onclick=x&gt;&amp;{}\\" in out
    assert out.count("<mtext>") == 1
    assert mathml(r"u_{" + latex_word("king") + "}").count("king") == 1


# ----- the loss chart ------------------------------------------------------------------------
def test_loss_message_empty_then_exact():
    t = _trainer()
    empty = loss.message(t, "en")
    assert empty["empty"] == STRINGS["fig.loss.empty"]["en"] and empty["x"] == []
    t.step(20)
    m = loss.message(t, "en")
    x, y = t.history.series()
    assert m["x"] == list(x) and np.array_equal(m["y"], y)
    assert np.array_equal(m["ma"], t.history.moving_average(controls.SMOOTH_STEPS))
    sent = live_view.decode(live_view.encode(m))            # as the browser reads it
    assert sent["y"] == list(y) and sent["x"] == m["x"]


def test_loss_long_history_is_thinned_but_exact():
    class T:       # a trainer with only a (long) history
        history = LossHistory()
        model = type("M", (), {"V": 10, "d": 2})
        lr, n_units = 0.1, 100
    losses = np.linspace(3.0, 1.0, 100_000)
    T.history.add(losses)
    m = loss.message(T, "en", max_points=500)
    assert len(m["x"]) <= 500 and m["x"][-1] == 100_000
    widths = np.diff(np.r_[0, np.asarray(m["x"])])
    assert np.average(m["y"], weights=widths) == pytest.approx(losses.mean(), rel=1e-9)
    assert m["names"][0].startswith("mean of ")


def test_loss_summary_says_what_the_curve_does():
    t = _trainer()
    t.run_epoch()
    t.run_epoch()
    t.run_epoch()
    means = t.history.epoch_means
    m = loss.message(t, "en")
    verb = "fell" if means[-1] < means[0] else "rose"
    assert m["summary"].startswith(f"Loss {verb} from ") and "3 epochs" in m["summary"]
    assert "轮" in loss.message(t, "zh")["summary"]


# ----- the map -------------------------------------------------------------------------------
def test_map_labels_key_and_step_words_and_keeps_its_orientation():
    corpus = CORPORA["royalty"]
    t = Trainer(Corpus.from_text(corpus.text()), Config(seed=0))
    promised = tuple(corpus.expected_neighbours)
    rec = t.step(5)
    m, coords = wordmap.message(t, rec, "en", promised)
    words = {p["word"] for p in m["points"]}
    assert set(promised) <= words and t.vocab.words[rec.centre] in words
    assert {p["role"] for p in m["points"] if p["word"] == t.vocab.words[rec.centre]} == {"step"}
    t.run_epoch()
    rec = t.step()
    fresh, _ = wordmap.message(t, rec, "en", promised)
    turned, _ = wordmap.message(t, rec, "en", promised, previous=coords)

    def gap(m):   # squared distance to the last frame's coordinates of the same words
        pts = {p["id"]: (p["x"], p["y"]) for p in m["points"] if p["id"] in coords}
        return sum((x - coords[i][0]) ** 2 + (y - coords[i][1]) ** 2
                   for i, (x, y) in pts.items())

    assert gap(turned) <= gap(fresh) + 1e-12
    # the same plane: distances between words do not change by the turn
    a = np.array([(p["x"], p["y"]) for p in fresh["points"]])
    b = np.array([(p["x"], p["y"]) for p in turned["points"]])
    np.testing.assert_allclose(np.linalg.norm(a - a[0], axis=1), np.linalg.norm(b - b[0], axis=1),
                               atol=1e-9)
    assert "%" in turned["note"]


def test_map_of_another_corpus_uses_the_most_frequent_words():
    t = _trainer()
    m, _ = wordmap.message(t, t.step(), "en")
    assert len(m["points"]) >= 3 and m["empty"] is None


# ----- the counters --------------------------------------------------------------------------
def test_headline_loss_is_smoothed_and_labelled():
    t = _trainer()
    t.step(120)
    c = {x["key"]: x for x in controls.message(t, "en")["counters"]}
    smooth = float(t.history.moving_average(controls.SMOOTH_STEPS)[-1])
    assert c["loss"]["value"] == f"{smooth:.4g}" or float(c["loss"]["value"]) == pytest.approx(
        smooth, rel=1e-3)
    assert "50" in c["loss"]["name"]
    assert float(c["step_loss"]["value"]) == pytest.approx(t.last_record.loss, rel=1e-3)
    t.run_epoch()          # no recorded step since: "this step" says so
    c = {x["key"]: x for x in controls.message(t, "en")["counters"]}
    assert c["step_loss"]["value"] == "—" and c["loss"]["value"] != "—"
    assert "Step" in c["step_loss"]["title"] and "Epoch" in c["step_loss"]["title"]
    zh = {x["key"]: x for x in controls.message(t, "zh")["counters"]}
    assert "单步" in zh["step_loss"]["title"]
    fresh = {x["key"]: x for x in controls.message(_trainer(), "en")["counters"]}
    assert fresh["step_loss"]["title"].startswith("The loss of the last recorded step's pair")


def test_huge_loss_is_short_scientific_text():
    t = _trainer()
    t.history.add([1e300])
    c = {x["key"]: x for x in controls.message(t, "en")["counters"]}
    assert len(c["loss"]["value"]) <= 10 and "e" in c["loss"]["value"]
