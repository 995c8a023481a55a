"""Each lesson's claim, checked against the engine: open the lesson's prepared run, do
what the lesson says, and compare the revealed answer with the weights themselves."""

import numpy as np
import pytest

from w2v_viz import lessons
from w2v_viz.corpora import CORPORA
from w2v_viz.lessons import BY_KEY, FIELDS, LESSONS, build, texts
from w2v_viz.runlog import RunLog


def _open(key):
    lesson = BY_KEY[key]
    return lesson, build(lesson, CORPORA[lesson.corpus].text())


def _do(lesson, trainer):
    RunLog.parse(lesson.action).replay(trainer)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda x: x.key)
def test_every_lesson_waits_then_answers_in_both_languages(lesson):
    _, trainer = _open(lesson.key)
    if lesson.key != "king_queen":                   # its answer is the "before" too
        assert lesson.answer(trainer) is None or lesson.log
    _do(lesson, trainer)
    answer = lesson.answer(trainer)
    assert answer is not None
    for lang in ("en", "zh"):
        text = texts(lang)[lesson.key]
        assert set(FIELDS) <= set(text)
        text["answer"].format(**answer)              # every placeholder is answered


def test_softmax_step_target_rises_and_w2_moves_logits_by_minus_lr_e_h2():
    lesson, t = _open("softmax_step")
    _do(lesson, t)
    a = lesson.answer(t)
    r = t.last_record
    assert a["rose"] and a["target"] == t.vocab.words[int(r.targets[0])]
    assert a["w2_identity"] < 1e-12                   # Δz_j = −lr e_j |h|² exactly
    e = r.error
    assert e[r.targets[0]] < 0 and (np.delete(e, r.targets[0]) > 0).all()   # e = ŷ − y
    assert np.allclose(e, r.probs - np.eye(len(e))[r.targets[0]], atol=1e-15)
    assert 0 < a["n_fell"] <= a["n_other"]


def test_rows_columns_one_row_of_W1_every_column_of_W2():
    lesson, t = _open("rows_columns")
    W1, W2 = t.model.W1.copy(), t.model.W2.copy()
    _do(lesson, t)
    a = lesson.answer(t)
    changed_rows = (W1 != t.model.W1).any(axis=1)
    changed_cols = (W2 != t.model.W2).any(axis=0)
    assert changed_rows.sum() == a["rows"] == 1
    assert changed_cols.sum() == a["columns"] == t.model.V == a["V"]
    assert t.vocab.words[int(np.flatnonzero(changed_rows)[0])] == a["centre"]


def test_negative_sampling_moves_k_plus_one_columns_drawn_from_unigram_075():
    lesson, t = _open("negative_sampling")
    W2 = t.model.W2.copy()
    _do(lesson, t)
    a = lesson.answer(t)
    r = t.last_record
    changed = set(np.flatnonzero((W2 != t.model.W2).any(axis=0)))
    assert changed == set(int(j) for j in r.columns) and len(changed) == a["columns"]
    assert a["columns"] <= a["K"] + 1
    expected = set(np.r_[r.targets, np.asarray(r.negatives).ravel()].tolist())
    assert changed == expected
    counts = t.vocab.counts
    p = counts ** 0.75 / (counts ** 0.75).sum()
    assert np.allclose(t.sampler.p, p)
    assert float(a["common_noise"]) < float(a["common_uni"])
    assert float(a["rare_noise"]) > float(a["rare_uni"])


def test_big_rate_makes_the_loss_explode():
    lesson, t = _open("big_rate")
    _do(lesson, t)
    a = lesson.answer(t)
    assert a["worse"] and t.history.epoch_means[0] > 100 * float(a["reference"])


def test_architectures_compares_the_same_epochs():
    lesson, t = _open("architectures")
    _do(lesson, t)
    a = lesson.answer(t)
    assert a["epochs"] == 5
    assert a["skipgram_loss"] == lessons._fmt(t.history.epoch_means[4])
    from w2v_viz import Config, Corpus, Trainer
    from w2v_viz.similarity import neighbours
    cbow = Trainer(Corpus.from_text(CORPORA["royalty"].text()), Config(architecture="cbow"))
    for _ in range(5):
        cbow.run_epoch()
    assert a["cbow_loss"] == lessons._fmt(cbow.history.epoch_means[4])
    assert a["cbow_near"] == ", ".join(w for w, _ in neighbours(cbow.model, cbow.vocab,
                                                                 "king", 3))


def test_king_queen_nonsense_then_meaning():
    lesson, t = _open("king_queen")
    before = lesson.answer(t)
    assert before["rank"] > 1
    _do(lesson, t)
    after = lesson.answer(t)
    assert after["rank"] == 1 and after["epochs"] == 30


def test_lesson_texts_have_the_same_keys_and_placeholders():
    import string
    en, zh = texts("en"), texts("zh")
    for lesson in LESSONS:
        for name in FIELDS:
            fields = {f for _, f, _, _ in string.Formatter().parse(en[lesson.key][name]) if f}
            fields_zh = {f for _, f, _, _ in string.Formatter().parse(zh[lesson.key][name]) if f}
            assert fields == fields_zh, (lesson.key, name)
    assert lessons.TEXT_DIR.name == "lessons"
