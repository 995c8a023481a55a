"""AppTest: the URL is the run (settings and training log in the query string, replayed
on open, kept across page changes) and the Lessons page in both languages."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.live_ui import (
    APP,
    TIMEOUT,
    counters,
    data,
    no_exception,
    open_app,
    press,
    session,
)
from ui import url_state
from w2v_viz import Config, Corpus, Trainer
from w2v_viz.corpora import CORPORA
from w2v_viz.lessons import LESSONS, texts
from w2v_viz.runlog import RunLog, state_equal

LESSONS_PAGE = "app_pages/lessons.py"


def _errors(at):
    return [e.value for e in at.error]


def test_clicks_go_to_the_url_and_a_new_session_replays_them_exactly():
    at = open_app(corpus="fruit_drinks", arch="cbow", obj="negative", k="3", lr="0.1")
    no_exception(at)
    at = press(at, "step10")
    at = press(at, "epoch")
    at = press(at, "step")
    at.number_input(key="s_lr").set_value(0.02).run()
    at = press(at, "step")
    query = dict(at.query_params)
    assert query["t"] == "s10.e.s.l2e-2.s", query
    assert query["corpus"] == "fruit_drinks" and query["arch"] == "cbow" and query["k"] == "3"
    original = session(at).trainer
    again = open_app(**query)                        # the link, opened in a new session
    no_exception(again)
    assert not _errors(again)
    replayed = session(again).trainer
    assert state_equal(replayed, original) and replayed is not original
    assert counters(again) == counters(at)
    assert again.number_input(key="s_lr").value == 0.02


def test_the_url_survives_a_page_change():
    at = open_app(corpus="numbers_colours", seed="7")
    at = press(at, "step")
    before = dict(at.query_params)
    at.switch_page("app_pages/theory.py").run()
    no_exception(at)
    assert dict(at.query_params) == before == {"corpus": "numbers_colours", "seed": "7",
                                               "t": "s"}


def test_only_non_default_values_are_in_the_url():
    at = open_app()
    assert dict(at.query_params) == {}
    at = press(at, "step")
    assert dict(at.query_params) == {"t": "s"}
    at = press(at, "reset")
    assert dict(at.query_params) == {}


@pytest.mark.parametrize("query, fragment", [
    ({"t": "s1.zz"}, "not valid"),
    ({"t": "e999999999"}, "limit is about 10 s"),
    ({"t": "s" * 5000}, "longer than"),
    ({"t": ".".join(["s999"] * 300)}, "limit"),
    ({"t": "b999999"}, "more than an epoch"),
    ({"lr": "nan"}, "lr must be a number"),
    ({"lr": "1e999"}, "lr must be a number"),
    ({"seed": "9" * 40}, "seed must be a whole number"),
    ({"arch": "<img src=x onerror=alert(1)>"}, "arch must be one of"),
    ({"wstep": "yes"}, "wstep must be 0 or 1"),
])
def test_hostile_urls_give_a_message_and_run_nothing(query, fragment):
    at = open_app(**query)
    no_exception(at)
    shown = " ".join(_errors(at))
    assert fragment in shown, shown
    assert "<img" not in shown
    t = session(at).trainer
    assert t.step_count == 0


def test_hostile_url_message_in_chinese():
    at = open_app(lang="zh", t="e999999999")
    shown = " ".join(_errors(at))
    assert "未运行任何训练" in shown and "上限约 10 秒" in shown, shown


def test_pasted_corpus_is_not_put_in_the_url():
    at = open_app(seed="3")
    at.selectbox(key="s_source").set_value("__paste__").run()
    at.text_area(key="s_text").set_value("a b c d e f a b c").run()
    apply = next(b for b in at.button if b.label == "Apply")
    apply.click().run()
    at = press(at, "step")
    no_exception(at)
    assert "t" not in dict(at.query_params) and not url_state_shareable(at)
    note = data(at, "w2v_viz.share")["note"]
    assert "cannot travel in a link" in note and ".npz" in note


def test_share_button_has_no_note_for_a_bundled_corpus():
    at = open_app(lang="zh")
    share = data(at, "w2v_viz.share")
    assert share["note"] is None and share["label"] == "复制到此步的链接"


def url_state_shareable(at):
    return session(at).shareable


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda x: x.key)
def test_every_lesson_opens_from_its_link(lesson, lang):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in {**url_state_lesson_params(lesson), "lang": lang}.items():
        at.query_params[key] = value
    at.switch_page(LESSONS_PAGE).run()
    no_exception(at)
    assert not _errors(at)
    assert at.session_state["lesson_pick"] == lesson.key
    assert texts(lang)[lesson.key]["title"] in [h.value for h in at.header]
    t = session(at).trainer
    expected = Trainer(Corpus.from_text(CORPORA[lesson.corpus].text()), Config(**lesson.settings))
    RunLog.parse(lesson.log).replay(expected)
    assert state_equal(t, expected)
    assert counters(at)["step"] == f"{expected.step_count:,}"
    action = {"s": "step", "e": "epoch"}[lesson.action[0]]
    for _ in range(int(lesson.action[1:] or 1) if action == "epoch" else 1):
        at = press(at, action)
    at.toggle(key=f"reveal_{lesson.key}").set_value(True).run()
    no_exception(at)
    assert len(at.success) == 1, [i.value for i in at.info]
    assert "{" not in at.success[0].value


def url_state_lesson_params(lesson):
    import streamlit as st  # noqa: F401  (the table needs ui.settings)
    return url_state.lesson_params(lesson)


def test_choosing_a_lesson_loads_its_state():
    at = open_app()
    at = press(at, "step10")
    at.switch_page(LESSONS_PAGE).run()
    at.selectbox(key="lesson_pick").set_value("negative_sampling").run()
    no_exception(at)
    t = session(at).trainer
    assert t.config.objective == "negative" and t.step_count == 0
    assert dict(at.query_params) == {"obj": "negative", "lesson": "negative_sampling"}
    assert np.isfinite(t.model.W1).all()


def test_next_opens_the_next_lessons_prepared_run_and_the_last_has_none():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.switch_page(LESSONS_PAGE).run()
    for lesson, after in zip(LESSONS, LESSONS[1:]):
        assert at.session_state["lesson_pick"] == lesson.key
        at.button(key="lesson_next").click().run()
        no_exception(at)
        assert at.session_state["lesson_pick"] == after.key
        assert texts("en")[after.key]["title"] in [h.value for h in at.header]
        expected = Trainer(Corpus.from_text(CORPORA[after.corpus].text()),
                           Config(**after.settings))
        RunLog.parse(after.log).replay(expected)
        assert state_equal(session(at).trainer, expected)
        assert at.query_params["lesson"] == after.key
        assert not at.info                     # the prepared run: no "not loaded" notice
    assert "lesson_next" not in [b.key for b in at.button]


# ----- the table of URL state ------------------------------------------------------------
def test_every_field_round_trips_and_its_default_is_the_sidebars():
    from ui.limits import DEFAULTS, MODEL_KEYS
    fields = url_state.fields()
    assert len({f.url for f in fields}) == len(fields)           # one URL name each
    assert set(MODEL_KEYS) <= {f.key for f in fields}            # every model setting
    # Every sidebar setting travels in the URL (a new one needs its row in the table);
    # the pasted text cannot.
    assert set(DEFAULTS) - {"text"} == {f.key for f in fields}
    for field in fields:
        default = DEFAULTS[field.key]
        assert field.parse(field.fmt(default)) == default, field.key
    assert url_state.parse_params({"lr": "0.1", "arch": "cbow", "dyn": "1"})[0] == \
        {"lr": 0.1, "architecture": "cbow", "dynamic_window": True}


@pytest.mark.parametrize("name, text", [("lr", "-1"), ("lr", "inf"), ("lr", "0x10"),
                                        ("dim", "1"), ("dim", "3.5"), ("seed", "-1"),
                                        ("k", "21"), ("win", ""), ("sub", "2"),
                                        ("corpus", "../etc/passwd"), ("vocab", "1" * 5000)])
def test_invalid_values_are_refused(name, text):
    values, notes, _ = url_state.parse_params({name: text})
    assert values == {} and len(notes) == 1


def test_apply_starts_a_new_log_and_reset_keeps_the_rate():
    at = open_app()
    at = press(at, "step10")
    at.slider(key="s_window").set_value(3).run()
    assert dict(at.query_params) == {"t": "s10"}               # pending: not applied yet
    next(b for b in at.button if b.label == "Apply").click().run()
    assert dict(at.query_params) == {"win": "3"}               # a new run, at step 0
    at.number_input(key="s_lr").set_value(0.2).run()
    at = press(at, "step")
    at = press(at, "reset")
    at = press(at, "step")
    query = dict(at.query_params)
    assert query == {"win": "3", "t": "l2e-1.s"}, query
    again = open_app(**query)
    assert state_equal(session(again).trainer, session(at).trainer)


def test_links_made_before_the_d_aware_init_replay_to_the_same_weights():
    """Before the default init became "auto", every link started from the normal init:
    a link without ``ini`` still does where "auto" would pick word2vec's (negative
    sampling at d >= 11), and a link of a run from "auto" says so."""
    old = open_app(obj="negative", dim="50", t="s5")
    t = session(old).trainer
    assert t.config.init == "normal"
    expected = Trainer(Corpus.from_text(CORPORA["royalty"].text()),
                       Config(objective="negative", dim=50, init="normal"))
    RunLog.parse("s5").replay(expected)
    assert state_equal(t, expected)
    assert dict(press(old, "step").query_params) == {"obj": "negative", "dim": "50",
                                                      "t": "s6"}     # still the same run
    new = open_app()
    new.slider(key="s_dim").set_value(50).run()
    new.radio(key="s_objective").set_value("negative").run()
    next(b for b in new.button if b.label == "Apply").click().run()
    assert session(new).trainer.config.init_used == "word2vec"
    query = dict(press(new, "step").query_params)
    assert query["ini"] == "auto"
    again = open_app(**query)
    assert state_equal(session(again).trainer, session(new).trainer)
    plain = open_app(t="s3")                      # the default d = 10: nothing to say
    assert "ini" not in dict(press(plain, "step").query_params)
