"""The Gradients page's message (views/gradients.py): the record's gradients exactly
(dW1's rows, dW2 = h eᵀ), the weights now, the words capped with this step's kept and
marked (target apart from the negatives), colour ranges that only grow, the symmetric-log
scale under the full softmax, the gradient check, both languages, words as plain strings."""


import numpy as np
import pytest

from ui import live_view
from views import gradients
from views.i18n import t
from w2v_viz import Config, Corpus, Trainer
from w2v_viz.gradcheck import check_record
from w2v_viz.synthetic import zipf_text

TEXT = ("the king rules the land\nthe queen rules the land too\n"
        "a dog barks at the king\nthe dog walks with the queen")
HOSTILE = "<img src=x onerror=alert(1)>"


def _trainer(text=TEXT, **config) -> Trainer:
    return Trainer(Corpus.from_text(text), Config(**{"dim": 5, "lr": 0.2, "seed": 1, **config}))


def _dense_dW2(m) -> np.ndarray:
    return np.outer(m["h"], m["e"])


CONFIGS = [{}, {"architecture": "cbow"}, {"objective": "negative", "negatives": 3},
           {"objective": "negative", "negatives": 3, "window_step": True}]


@pytest.mark.parametrize("config", CONFIGS)
def test_gradients_are_the_records(config):
    tr = _trainer(**config)
    tr.step(6)
    rec = tr.last_record
    m = gradients.message(tr, rec, "en", {})
    V = tr.model.V
    ids = [w["id"] for w in m["words"]]
    np.testing.assert_allclose(_dense_dW2(m), rec.dense_dW2(V)[:, ids], rtol=1e-12, atol=1e-15)
    dense1 = rec.dense_dW1(V)[ids]
    shown = np.zeros_like(dense1)
    for pos, row in zip(m["rows"], m["dW1"]):
        shown[pos] = row
    np.testing.assert_array_equal(shown, dense1)          # exact: the record's rows
    assert sorted(ids[p] for p in m["rows"]) == sorted(map(int, rec.rows))
    np.testing.assert_allclose(m["W1"], tr.model.W1[ids], atol=1e-3 * m["zmax"]["W1"])
    np.testing.assert_allclose(m["W2"], tr.model.W2[:, ids], atol=1e-3 * m["zmax"]["W2"])
    assert np.array_equal(m["h"], rec.h)
    sent = live_view.decode(live_view.encode(m))            # as the browser reads it
    assert sent["dW1"] == m["dW1"].tolist() and sent["W2"] == m["W2"].tolist()


def test_roles_mark_the_target_apart_from_the_negatives():
    tr = _trainer(objective="negative", negatives=4)
    tr.step(3)
    rec = tr.last_record
    m = gradients.message(tr, rec, "en", {})
    roles = {w["id"]: w["role"] for w in m["words"]}
    target = int(rec.targets[0])
    assert roles[target] == "target"
    for k in set(map(int, np.ravel(rec.negatives))) - {target}:
        assert roles[k] == "negative"
    step_words = {target, *map(int, np.ravel(rec.negatives))}
    assert {r for i, r in roles.items() if i not in step_words} <= {""}
    # only the K+1 columns have a gradient
    nonzero = {m["words"][c]["id"] for c in np.flatnonzero(np.any(_dense_dW2(m) != 0, axis=0))}
    assert nonzero <= set(map(int, rec.columns))
    assert m["log"]["dW2"] is False


def test_full_softmax_uses_a_log_scale_for_dW2():
    tr = _trainer()
    tr.step(2)
    m = gradients.message(tr, tr.last_record, "en", {})
    assert m["log"] == {"dW1": False, "W1": False, "dW2": True, "W2": False}
    e = np.array(m["e"])
    assert np.all(e != 0)                                  # every column gets a gradient
    target = [i for i, w in enumerate(m["words"]) if w["role"] == "target"][0]
    assert abs(e[target]) > 5 * np.abs(np.delete(e, target)).max()    # it dwarfs the rest
    assert "log" in m["text"]["caption"]


def test_words_capped_with_this_steps_words_kept():
    tr = Trainer(Corpus.from_text(zipf_text(3000), max_vocab=3000),
                 Config(dim=50, objective="negative", negatives=5, seed=0))
    tr.step(20)
    rec = tr.last_record
    m = gradients.message(tr, rec, "en", {})
    ids = [w["id"] for w in m["words"]]
    assert len(ids) == gradients.MAX_WORDS and ids == sorted(ids)
    assert {*map(int, rec.rows), *map(int, np.ravel(rec.targets)),
            *map(int, np.ravel(rec.negatives))} <= set(ids)
    assert "40" in m["text"]["caption"] and "3000" in m["text"]["caption"]
    assert len(live_view.encode(m)) < 60_000


def test_window_rows():
    assert list(gradients.window_rows(10, [3], 40)) == list(range(10))
    rows = gradients.window_rows(5000, [4999, 2500, 7, 4999], 40)
    assert len(rows) == 40 and list(rows) == sorted(rows)
    assert {4999, 2500, 7} <= set(rows) and set(range(37)) <= set(rows)
    assert list(gradients.window_rows(5000, range(100, 200), 40)) == list(range(100, 140))


def test_colour_ranges_only_grow_and_reset_with_a_new_dict():
    tr = _trainer(lr=0.5)
    ranges = {}
    seen = []
    for _ in range(15):
        tr.step()
        m = gradients.message(tr, tr.last_record, "en", ranges)
        seen.append(m["zmax"])
    for a, b in zip(seen, seen[1:]):
        assert all(b[k] >= a[k] for k in a)
    assert ranges == seen[-1]
    fresh = gradients.message(tr, tr.last_record, "en", {})["zmax"]
    assert any(fresh[k] < seen[-1][k] for k in fresh)      # a reset starts again


def test_gradient_check_in_the_message():
    tr = _trainer()
    tr.step(3)
    rec = tr.last_record
    check = check_record(tr.model.W1, tr.model.W2, rec, max_entries=60)
    m = gradients.message(tr, rec, "en", {}, check)
    assert m["check"]["passed"] is True and m["check"]["error"] == check.relative_error
    assert m["check"]["n"] == check.checked and "pass" in m["check"]["text"]
    assert gradients.message(tr, rec, "en", {})["check"]["text"] == ""


def test_both_languages_and_preview():
    tr = _trainer()
    en = gradients.message(tr, tr.preview(), "en", {})
    zh = gradients.message(tr, tr.preview(), "zh", {})
    assert en["text"]["when"] == t("grad.when_preview", "en", n=1)
    assert en["text"] != zh["text"] and en["summary"] != zh["summary"]
    assert all(zh["text"].values()) and all(zh["summary"].values())
    tr.step()
    assert gradients.message(tr, tr.last_record, "en", {})["text"]["when"] == t(
        "grad.when", "en", n="1")


def test_hostile_words_travel_as_plain_strings():
    tr = _trainer()
    tr.step()
    rec = tr.last_record
    j = int(rec.targets[0])
    tr.vocab.words[j] = HOSTILE
    m = gradients.message(tr, rec, "en", {})
    assert {"word": HOSTILE, "id": j, "role": "target"} in m["words"]
    assert HOSTILE in m["summary"]["dW2"]      # an aria-label: set as an attribute, not HTML
