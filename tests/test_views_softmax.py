"""The Softmax page's messages (views/softmax.py): the numbers are the step record's
(before its update), sorted by probability, capped, with the target(s) kept and marked;
negative sampling's K+1 units; the probe uses the weights now; the sandbox is the notes'
example and finite for any finite logits; both languages; words as plain strings."""

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from views import softmax
from views.i18n import t
from views.theory import EXAMPLE_SCORES
from w2v_viz import Config, Corpus, Trainer
from w2v_viz.model import softmax as softmax_fn
from w2v_viz.synthetic import zipf_text

TEXT = ("the king rules the land\nthe queen rules the land too\n"
        "a dog barks at the king\nthe dog walks with the queen")
HOSTILE = "<img src=x onerror=alert(1)>"


def _trainer(text=TEXT, **config) -> Trainer:
    return Trainer(Corpus.from_text(text), Config(**{"dim": 5, "lr": 0.2, "seed": 1, **config}))


def _by_id(message):
    return {b["id"]: b for b in message["bars"]}


@pytest.mark.parametrize("config", [{}, {"window_step": True}, {"architecture": "cbow"}])
def test_step_numbers_are_the_records(config):
    tr = _trainer(**config)
    tr.step(7)
    rec = tr.last_record
    m = softmax.step_message(tr, rec, "en")
    assert m["kind"] == "step" and m["units"] is None
    assert m["loss"] == rec.loss                      # the loss every page shows
    for b in m["bars"]:
        j = b["id"]
        assert b["z"] == rec.z[j] and b["p"] == rec.probs[j]
        assert b["shifted"] == pytest.approx(rec.z[j] - rec.z.max(), abs=1e-15)
        assert b["exp"] == pytest.approx(np.exp(rec.z[j] - rec.z.max()), rel=1e-12)
        assert b["p"] == pytest.approx(b["exp"] / m["sum_exp"], rel=1e-12)
        assert b["word"] == tr.vocab.words[j]
    assert m["max_z"] == rec.z.max() and m["max_word"] == tr.vocab.words[int(np.argmax(rec.z))]
    assert m["sum_exp"] == pytest.approx(np.exp(rec.z - rec.z.max()).sum(), rel=1e-12)
    targets = list(np.ravel(rec.targets))
    for o in set(targets):
        assert _by_id(m)[int(o)]["y"] == targets.count(o)
    assert sum(b["y"] for b in m["bars"]) == len(targets)
    assert json.loads(json.dumps(m)) == m


def test_the_record_not_the_updated_model():
    """The values are those before the step's update: the model after it gives others."""
    tr = _trainer(lr=2.0)
    tr.step(3)
    rec = tr.last_record
    m = softmax.step_message(tr, rec, "en")
    z_now = tr.model.forward(rec.inputs).z[0]
    shown = [b["id"] for b in m["bars"]]
    assert not np.allclose([b["z"] for b in m["bars"]], z_now[shown])
    assert m["note"] == t("sm.before", "en")
    preview = softmax.step_message(tr, tr.preview(), "en")
    assert preview["note"] == t("sm.preview", "en")


def test_sorted_by_probability_and_capped_with_the_target():
    tr = Trainer(Corpus.from_text(zipf_text(500), max_vocab=500), Config(dim=8, seed=0))
    tr.step(5)
    rec = tr.last_record
    # make the target the least probable word: it is shown only because it is the target
    target = int(rec.targets[0])
    m = softmax.step_message(tr, rec, "en")
    p = [b["p"] for b in m["bars"]]
    assert p == sorted(p, reverse=True)
    top = set(np.argsort(-rec.probs, kind="stable")[:softmax.MAX_BARS].tolist())
    ids = [b["id"] for b in m["bars"]]
    assert top <= set(ids) and target in ids
    assert len(ids) == len(top | {target}) <= softmax.MAX_BARS + 1
    assert str(softmax.MAX_BARS) in m["shown"] and "500" in m["shown"]
    assert len(json.dumps(m)) < 8000


def test_shown_ids_keeps_a_low_target_and_sorts():
    probs = softmax_fn(np.array([3.0, 2.0, 1.0, -5.0, 0.0]))
    assert softmax.shown_ids(probs, [3], max_bars=2) == [0, 1, 3]
    assert softmax.shown_ids(probs, [], max_bars=10) == [0, 1, 2, 4, 3]
    ties = softmax.shown_ids(np.full(4, 0.25), [], max_bars=3)
    assert ties == [0, 1, 2]


def test_negative_sampling_units_are_the_records():
    tr = _trainer(objective="negative", negatives=3, window_step=True)
    tr.step(4)
    rec = tr.last_record
    m = softmax.step_message(tr, rec, "en")
    P = len(np.ravel(rec.targets))
    z = np.asarray(rec.z).reshape(P, -1)
    units = m["units"]
    assert len(units) == P * 4 or len(units) <= softmax.MAX_NS_ROWS
    for u in units:
        k = [x for x in units if x["group"] == u["group"]].index(u)
        assert u["z"] == z[u["group"], k]
        assert u["s"] == np.asarray(rec.probs).reshape(P, -1)[u["group"], k]
        assert u["e"] == np.asarray(rec.error).reshape(P, -1)[u["group"], k]
        assert u["role"] == ("target" if k == 0 else "negative") and u["y"] == (k == 0)
    if len(units) == P * 4:    # every unit shown: the loss terms add up to the record's loss
        assert sum(u["term"] for u in units) == pytest.approx(rec.loss, rel=1e-12)
    assert m["loss"] == rec.loss and m["implied"]
    # the softmax beside the units: what the vectors before the update imply
    W2 = tr.model.W2.copy()
    W2[:, rec.columns] = rec.W2_columns_before
    z_before = W2.T @ rec.h
    for b in m["bars"]:
        assert b["z"] == pytest.approx(z_before[b["id"]], abs=1e-12)
        assert b["p"] == pytest.approx(softmax_fn(z_before)[b["id"]], abs=1e-12)


def test_many_negatives_are_capped():
    tr = _trainer(objective="negative", negatives=40)
    tr.step()
    m = softmax.step_message(tr, tr.last_record, "en")
    assert len(m["units"]) == softmax.MAX_NS_ROWS
    assert m["units"][0]["role"] == "target"
    assert "40" in m["units_note"] and str(softmax.MAX_NS_ROWS - 1) in m["units_note"]


def test_probe_uses_the_weights_now():
    tr = _trainer()
    tr.step(5)
    m = softmax.probe_message(tr, 2, "en")
    out = tr.model.forward([2])
    z, probs = out.z[0], out.probs[0]
    assert m["kind"] == "probe" and m["loss"] is None and m["units"] is None
    for b in m["bars"]:
        assert b["z"] == z[b["id"]] and b["p"] == probs[b["id"]] and b["y"] == 0
    assert tr.vocab.words[2] in m["heading"] and "5" in m["note"]


def test_both_languages():
    tr = _trainer()
    tr.step()
    en, zh = (softmax.step_message(tr, tr.last_record, lang) for lang in ("en", "zh"))
    assert en["heading"] != zh["heading"] and en["text"] != zh["text"]
    assert en["bars"] == zh["bars"]
    for k, v in zh["text"].items():
        assert v, k
    pen, pzh = (softmax.probe_message(tr, 0, lang) for lang in ("en", "zh"))
    assert pen["heading"] != pzh["heading"] and pen["note"] != pzh["note"]


def test_hostile_words_travel_as_plain_strings():
    """Words go out verbatim (the browser inserts them with textContent, never as HTML)."""
    tr = _trainer()
    tr.step()
    rec = tr.last_record
    for j in {int(rec.centre), *map(int, np.ravel(rec.targets))}:
        tr.vocab.words[j] = HOSTILE + str(j)
    m = softmax.step_message(tr, rec, "en")
    assert HOSTILE in m["heading"]
    assert any(b["word"].startswith(HOSTILE) and b["y"] for b in m["bars"])
    p = softmax.probe_message(tr, int(rec.centre), "zh")
    assert HOSTILE in p["heading"]


# ----- the sandbox: the notes' King -> Queen example --------------------------------------
NOTES_WORDS, NOTES_Z = zip(*EXAMPLE_SCORES)


def test_sandbox_is_the_notes_example():
    m = softmax.sandbox_message(NOTES_WORDS, NOTES_Z, "en")
    assert m["kind"] == "sandbox" and m["V"] == 3 and m["units"] is None
    assert [(b["word"], round(b["p"], 3), b["y"]) for b in m["bars"]] == \
        [("Queen", 0.867, 1), ("Dog", 0.117, 0), ("Apple", 0.016, 0)]
    assert [b["z"] for b in m["bars"]] == [3.0, 1.0, -1.0]
    assert [b["exp"] for b in m["bars"]] == pytest.approx(np.exp([0.0, -2.0, -4.0]))
    assert m["max_z"] == 3.0 and m["sum_exp"] == pytest.approx(1 + np.exp(-2) + np.exp(-4))
    assert m["loss"] == pytest.approx(-np.log(softmax_fn(np.array(NOTES_Z))[0]))
    assert m["loss_text"] == "loss = −log ŷ[Queen] = 0.1429"
    zh = softmax.sandbox_message(["Queen（王后）", "Dog（狗）", "Apple（苹果）"], NOTES_Z, "zh")
    assert zh["loss_text"].startswith("损失 = −log ŷ[Queen（王后）]")
    for k in ("heading", "note", "shown", "summary"):
        assert zh[k] and zh[k] != m[k], k


def test_sandbox_follows_the_logits_sorted_by_probability():
    m = softmax.sandbox_message(NOTES_WORDS, [-2.0, 4.5, 0.0], "en")
    assert [b["word"] for b in m["bars"]] == ["Dog", "Apple", "Queen"]
    assert sum(b["y"] for b in m["bars"]) == 1 and m["bars"][2]["y"] == 1
    assert m["loss_text"].startswith("loss = −log ŷ[Queen] = ")


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=3, max_size=3))
def test_sandbox_is_finite_for_any_finite_logits(z):
    m = softmax.sandbox_message(NOTES_WORDS, z, "en")
    json.dumps(m, allow_nan=False)                  # every number finite
    assert sum(b["p"] for b in m["bars"]) == pytest.approx(1.0)
    assert m["loss"] >= 0 and 1 <= m["sum_exp"] <= 3
