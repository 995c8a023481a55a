"""Each lesson's claim, checked against the engine: open the lesson's prepared run, do
what the lesson says, and compare the revealed answer with the weights themselves; every
number the answer cites is among the numbers drawn beside it (views/lesson.py)."""

import string

import numpy as np
import pytest

from views import lesson as lesson_view
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
        lesson_view.answer_text(text, answer)        # every placeholder is answered
        for variant in ("one", "many", "partial", "start"):
            if f"answer_{variant}" in text:
                lesson_view.answer_text(text, {**answer, "variant": variant})


def _strings(section):
    yield section["caption"]
    yield section["foot"]
    for row in section["rows"]:
        yield from row["cells"]
    for cell in section["cells"]:
        yield cell["tip"]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda x: x.key)
def test_every_cited_number_is_drawn_beside_the_answer(lesson, lang):
    _, trainer = _open(lesson.key)
    _do(lesson, trainer)
    answer = lesson.answer(trainer)
    text = texts(lang)[lesson.key]
    variant = answer.get("variant")
    template = text.get(f"answer_{variant}", text["answer"]) if variant else text["answer"]
    evidence = " | ".join(s for sec in lesson_view.message(lesson.key, answer, lang)["sections"]
                          for s in _strings(sec))
    cited = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    for name in cited:
        v = answer[name]
        if isinstance(v, bool) or not isinstance(v, int | float | list):
            continue
        shown = [lesson_view.value(x) for _, x in v] if isinstance(v, list) \
            else [lesson_view.value(v)]
        for s in shown:
            assert s in evidence, (lesson.key, name, s, evidence[:2000])


def test_answers_read_right_after_one_epoch_and_after_many():
    lesson, t = _open("big_rate")
    RunLog.parse("e").replay(t)
    one = lesson.answer(t)
    assert one["variant"] == "one"
    text = lesson_view.answer_text(texts("en")["big_rate"], one)
    assert "last epoch" not in text and "After one epoch" in text
    RunLog.parse("e").replay(t)
    many = lesson.answer(t)
    assert many["variant"] == "many" and many["epochs"] == 2 and many["last"] != many["first"]
    assert "after 2 epochs" in lesson_view.answer_text(texts("en")["big_rate"], many)
    lesson, t = _open("big_rate")
    RunLog.parse("s40").replay(t)                    # stopped within the first epoch
    partial = lesson.answer(t)
    assert partial["variant"] == "partial" and partial["steps"] == 40
    assert "40 steps" in lesson_view.answer_text(texts("en")["big_rate"], partial)


def test_big_rate_answer_stays_with_the_lessons_rate_once_it_is_changed():
    """Halving the rate (the divergence notice's remedy) after 30 steps, then training
    on: the answer is about the 30 steps at lr 1, and says the rate changed."""
    lesson, t = _open("big_rate")
    RunLog.parse("s30").replay(t)
    before = lesson.answer(t)
    t.set_lr(0.5)
    t.step(5)
    after = lesson.answer(t)
    assert after["variant"] == "changed" and (after["lr"], after["now"]) == (1.0, 0.5)
    for k in ("steps", "first", "first_steps", "reference"):
        assert after[k] == before[k], k
    assert after["first"] == pytest.approx(np.mean(t.history.series()[1][:30]), rel=1e-12)
    for lang in ("en", "zh"):
        text = lesson_view.answer_text(texts(lang)["big_rate"], after)
        assert "30" in text and "0.5" in text and "{" not in text
    [table] = lesson_view.message("big_rate", after, "en")["sections"]
    assert "until the rate changed" in str(table) and "30" in str(table)


def test_softmax_step_after_is_what_the_model_gives_after_the_step():
    lesson, t = _open("softmax_step")
    _do(lesson, t)
    a = lesson.answer(t)
    r = t.last_record
    probs_now = t.model.forward(r.inputs).probs[0]
    ev = a["evidence"]
    np.testing.assert_allclose(np.array(ev["after"])[np.argsort(ev["ids"])], probs_now,
                               rtol=1e-12)
    assert a["p_after"] == pytest.approx(probs_now[int(r.targets[0])], rel=1e-12)


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
    # its text: "starts 3 steps in ... another centre word than lesson 1's"
    assert t.step_count == 4 and "3" in texts("en")["rows_columns"]["do"]
    first, one = _open("softmax_step")
    _do(first, one)
    assert one.last_record.centre != t.last_record.centre


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
    assert a["common_noise"] < a["common_uni"]
    assert a["rare_noise"] > a["rare_uni"]


def test_big_rate_makes_the_loss_explode():
    lesson, t = _open("big_rate")
    _do(lesson, t)
    a = lesson.answer(t)
    assert a["worse"] and t.history.epoch_means[0] > 100 * a["reference"]


def test_architectures_compares_the_same_epochs():
    lesson, t = _open("architectures")
    _do(lesson, t)
    a = lesson.answer(t)
    assert a["epochs"] == 5
    assert a["skipgram_loss"] == t.history.epoch_means[4]
    from w2v_viz import Config, Corpus, Trainer
    from w2v_viz.similarity import neighbours
    cbow = Trainer(Corpus.from_text(CORPORA["royalty"].text()), Config(architecture="cbow"))
    for _ in range(5):
        cbow.run_epoch()
    assert a["cbow_loss"] == cbow.history.epoch_means[4]
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
    en, zh = texts("en"), texts("zh")
    for lesson in LESSONS:
        assert set(en[lesson.key]) == set(zh[lesson.key]), lesson.key
        for name in en[lesson.key]:
            fields = {f for _, f, _, _ in string.Formatter().parse(en[lesson.key][name]) if f}
            fields_zh = {f for _, f, _, _ in string.Formatter().parse(zh[lesson.key][name]) if f}
            assert fields == fields_zh, (lesson.key, name)
    assert lessons.TEXT_DIR.name == "lessons"
