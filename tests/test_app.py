"""The app through Streamlit's AppTest: every page runs, the controls train, state survives
page switches, the language switch translates, bad settings give a message."""

import numpy as np
import pytest
from live_ui import (
    APP,
    CONTROLS,
    GRADIENTS,
    LOSS,
    MAP,
    NETWORK,
    PAGES,
    SOFTMAX,
    TIMEOUT,
    all_data,
    counters,
    data,
    keyed,
    labels,
    no_exception,
    open_app,
    press,
    session,
)
from streamlit.testing.v1 import AppTest

from ui import live_view
from views import gradients
from views.i18n import STRINGS
from w2v_viz.corpora import CORPORA
from w2v_viz.model import softmax


def trainer(at: AppTest):
    return session(at).trainer


def settle(at: AppTest, **values) -> AppTest:
    """Set sidebar widgets by key and rerun."""
    for key, value in values.items():
        at.session_state[key] = value
    return at.run()


def apply_button(at: AppTest):
    return next(b for b in at.sidebar.button if b.label in ("Apply", "应用"))


def click_apply(at: AppTest) -> AppTest:
    return apply_button(at).click().run()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("objective", ["softmax", "negative"])
def test_every_page_renders(page, objective):
    at = open_app()
    if objective != "softmax":
        click_apply(settle(at, s_objective=objective))
    at.switch_page(page).run()
    no_exception(at)
    press(at, "step")
    no_exception(at)
    assert trainer(at).step_count == 1
    assert not at.get("plotly_chart")                    # every chart is a live view


@pytest.mark.parametrize("corpus", list(CORPORA))
@pytest.mark.parametrize("objective", ["softmax", "negative"])
def test_every_corpus_trains_on_every_page(corpus, objective):
    at = open_app()
    settle(at, s_source=corpus, s_objective=objective,
           s_architecture="cbow" if corpus == "chinese" else "skipgram")
    if not apply_button(at).disabled:       # the defaults need no Apply
        click_apply(at)
    assert trainer(at).config.objective == objective
    for page in PAGES:
        at.switch_page(page).run()
        no_exception(at)
        press(at, "step10")
        no_exception(at)


def test_controls_change_counters_and_figures():
    at = open_app()
    assert counters(at)["step"] == "0"
    assert data(at, LOSS)["x"] == []                          # no loss yet
    press(at, "step")
    assert counters(at)["step"] == "1"
    assert data(at, LOSS)["x"] == [1]                         # the loss chart got a point
    assert data(at, LOSS)["y"] == [trainer(at).last_record.loss]
    assert data(at, NETWORK)["heading"] == "Last step (1) in the text:"
    assert data(at, NETWORK)["loss"] == trainer(at).last_record.loss
    press(at, "step10")
    assert counters(at)["step"] == "11" and len(data(at, LOSS)["x"]) == 11
    t = trainer(at)
    press(at, "epoch")
    assert counters(at)["epoch"] == "1" and t.position == 0
    assert t.step_count == t.n_units
    assert data(at, LOSS)["ex"] == [t.n_units]                # the epoch mean is drawn
    W1 = t.model.W1.copy()
    press(at, "reset")
    assert counters(at)["step"] == "0" and counters(at)["epoch"] == "0"
    assert counters(at)["loss"] == "—" and data(at, LOSS)["x"] == []
    assert not np.array_equal(W1, trainer(at).model.W1)


def test_softmax_view_follows_training_from_the_record():
    at = open_app()
    at.switch_page("app_pages/softmax.py").run()
    no_exception(at)
    step, probe, sandbox = all_data(at, SOFTMAX)
    assert sandbox["kind"] == "sandbox"
    assert step["note"] == STRINGS["sm.preview"]["en"] and probe["kind"] == "probe"
    press(at, "step10")
    no_exception(at)
    t = trainer(at)
    rec = t.last_record
    step, probe, _ = all_data(at, SOFTMAX)
    assert step["loss"] == rec.loss                      # the loss the Train page shows
    assert [b["p"] for b in step["bars"]] == sorted((b["p"] for b in step["bars"]), reverse=True)
    assert all(b["z"] == rec.z[b["id"]] and b["p"] == rec.probs[b["id"]] for b in step["bars"])
    assert {b["id"] for b in step["bars"] if b["y"]} == set(map(int, rec.targets))
    at.selectbox(key="probe_word").set_value(3).run()
    no_exception(at)
    _, probe, _ = all_data(at, SOFTMAX)
    z = t.model.forward([3]).z[0]
    assert t.vocab.words[3] in probe["heading"]
    assert all(b["z"] == z[b["id"]] for b in probe["bars"])


def test_softmax_sandbox_is_the_notes_example_and_follows_the_sliders():
    at = open_app()
    at.switch_page("app_pages/softmax.py").run()
    no_exception(at)
    sandbox = keyed(at, "sandbox")
    assert [(b["word"], round(b["p"], 3)) for b in sandbox["bars"]] == \
        [("Queen", 0.867), ("Dog", 0.117), ("Apple", 0.016)]  # the notes' numbers
    at.slider(key="sandbox_1").set_value(4.0).run()      # Dog's logit 1.0 -> 4.0
    no_exception(at)
    sandbox = keyed(at, "sandbox")
    p = softmax(np.array([3.0, 4.0, -1.0]))
    assert {b["word"]: b["p"] for b in sandbox["bars"]} == pytest.approx(
        {"Queen": p[0], "Dog": p[1], "Apple": p[2]})
    assert sandbox["bars"][0]["word"] == "Dog" and sandbox["loss"] == pytest.approx(-np.log(p[0]))
    press(at, "step")                                   # training leaves the sandbox alone
    assert keyed(at, "sandbox")["bars"] == sandbox["bars"]
    assert not at.get("plotly_chart")


def test_gradients_view_follows_training_and_resets_its_ranges():
    at = open_app()
    at.switch_page("app_pages/gradients.py").run()
    no_exception(at)
    assert not at.get("plotly_chart")
    ranges = []
    for _ in range(3):
        press(at, "step")
        no_exception(at)
        view = data(at, GRADIENTS)
        rec = trainer(at).last_record
        ids = [w["id"] for w in view["words"]]
        assert sorted(ids[p] for p in view["rows"]) == sorted(map(int, rec.rows))
        np.testing.assert_allclose(np.outer(view["h"], view["e"]),
                                   rec.dense_dW2(trainer(at).model.V)[:, ids], rtol=1e-12)
        assert view["check"]["passed"] is True
        ranges.append(view["zmax"])
    assert all(b[k] >= a[k] for a, b in zip(ranges, ranges[1:]) for k in a)
    press(at, "reset")
    t = trainer(at)
    fresh = gradients.message(t, t.preview(), "en", {})["zmax"]   # ranges started again
    assert data(at, GRADIENTS)["zmax"] == fresh != ranges[-1]


def test_switching_pages_keeps_state():
    at = open_app()
    press(at, "step10")
    t, W1 = trainer(at), trainer(at).model.W1.copy()
    for page in PAGES[1:] + PAGES[:1]:
        at.switch_page(page).run()
        no_exception(at)
        assert trainer(at) is t and t.step_count == 10
    assert np.array_equal(W1, t.model.W1)
    assert counters(at)["step"] == "10"


def test_language_switch_translates():
    at = open_app()
    labels_en = {*labels(at).values(), *(b.label for b in at.button)}
    view_en = {**data(at, NETWORK), **data(at, LOSS)}
    at.radio(key="lang").set_value("zh").run()
    no_exception(at)
    labels_zh = {*labels(at).values(), *(b.label for b in at.button)}
    assert "单步" in labels_zh and "Step" in labels_en
    assert labels_en.isdisjoint(labels_zh - {"Step ×10"})
    assert [c["name"] for c in data(at, "w2v_viz.controls")["counters"]] == [
        "步数", "轮数", "损失（最近 50 步）", "本步"]
    view_zh = {**data(at, NETWORK), **data(at, LOSS)}
    for key in ("heading", "legend", "log_label", "caption"):
        assert view_zh[key] != view_en[key], key
    assert view_zh["title"] == "损失"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_chinese(page):
    # AppTest re-sends a selectbox by its formatted label, which the language switch
    # renames, so each page is checked in a session opened in Chinese (?lang=zh).
    at = open_app(lang="zh")
    at.switch_page(page).run()
    no_exception(at)
    assert labels(at)["step"] == "单步"
    press(at, "step")
    no_exception(at)
    assert trainer(at).step_count == 1


def test_learning_rate_applies_without_reset():
    at = open_app()
    press(at, "step10")
    t = trainer(at)
    at.number_input(key="s_lr").set_value(0.2).run()
    assert trainer(at) is t and t.step_count == 10 and t.lr == 0.2
    assert apply_button(at).disabled


def test_model_setting_waits_for_apply():
    at = open_app()
    t = trainer(at)
    settle(at, s_dim=12)
    assert trainer(at) is t                                 # not applied silently
    assert any("Apply" in w.value for w in at.sidebar.warning)
    click_apply(at)
    assert trainer(at) is not t and trainer(at).model.d == 12


@pytest.mark.parametrize("text, fragment", [
    ("", "no words"),
    ("   \n\t  ", "no words"),
    ("!!! ??? ... 🙂🙂", "no words"),
    ("hello hello hello", "at least 2"),
    ("one\ntwo\nthree", "single word"),
])
def test_bad_corpus_shows_message_and_keeps_training(text, fragment):
    at = open_app()
    press(at, "step10")
    t = trainer(at)
    click_apply(settle(at, s_source="__paste__", s_text=text))
    no_exception(at)
    assert any(fragment in e.value for e in at.error), [e.value for e in at.error]
    assert trainer(at) is t and t.step_count == 10


def test_bad_corpus_message_in_chinese():
    at = open_app(lang="zh")
    click_apply(settle(at, s_source="__paste__", s_text="   "))
    assert any("语料中没有词" in e.value for e in at.error)


def test_divergence_stops_early_with_one_notice_and_finite_weights():
    """lr 10: the Epoch run stops at the guard's first sign, one notice tells the story,
    and training is held (a further Epoch trains nothing and the controls say why)."""
    at = open_app()
    click_apply(settle(at, s_init_scale=1.0, s_dim=50))
    at.number_input(key="s_lr").set_value(10.0).run()
    t = trainer(at)
    press(at, "epoch")
    for _ in range(40):
        if not session(at).timer.mode():
            break
        at.run()
    no_exception(at)
    notices = [*at.error, *at.warning]
    assert len(notices) == 1, [n.value for n in notices]
    assert "η = 10" in notices[0].value
    assert 0 < t.step_count < t.n_units           # stopped inside the first epoch
    assert np.isfinite(t.model.W1).all() and np.isfinite(t.model.W2).all()
    assert t.history.steps == t.step_count
    steps = t.step_count
    press(at, "epoch")
    press(at, "step")
    assert t.step_count == steps and not session(at).timer.mode()
    assert "blowing up" in data(at, CONTROLS)["held"]


def test_start_here_once_a_visit_but_not_over_a_lesson():
    """The "start here" notice comes with a visit's first page, once; a visit that begins
    on a lesson's link gets the lesson's own instructions instead (the notice would cover
    the lesson selector)."""
    at = open_app()
    assert [tt.value for tt in at.toast] and "Step" in at.toast[0].value
    at.switch_page("app_pages/lessons.py").run()
    at.switch_page("app_pages/train.py").run()
    assert len(at.toast) == 0                                     # once a visit
    lesson = AppTest.from_file(APP, default_timeout=TIMEOUT)
    lesson.switch_page("app_pages/lessons.py").run()
    no_exception(lesson)
    assert len(lesson.toast) == 0 and lesson.selectbox(key="lesson_pick").value


def test_train_draws_its_controls_and_views_in_one_component(monkeypatch):
    """Each component costs every Play refresh the same whatever it draws: Train's
    controls, network, loss and map are one group. Where the views' files cannot be
    served (a read-only folder), each is its own component again, drawing the same."""
    at = open_app()
    live = [e.proto.component_name for e in at.get("bidi_component")
            if e.proto.component_name != "w2v_viz.share"]     # the link, outside the views
    assert live == ["w2v_viz.group.controls-network-loss-wordmap"]
    grouped = {name: data(at, name) for name in (CONTROLS, NETWORK, LOSS, MAP)}
    press(at, "step")
    no_exception(at)
    assert counters(at)["step"] == "1" and data(at, NETWORK)["heading"].startswith("Last step (1)")

    monkeypatch.setattr(live_view, "_registered", {})
    monkeypatch.setattr(live_view, "publish", lambda *args, **kwargs: None)
    at = open_app()
    no_exception(at)
    assert [e.proto.component_name for e in at.get("bidi_component")
            if e.proto.component_name != "w2v_viz.share"] == [CONTROLS, NETWORK, LOSS, MAP]
    assert {name: data(at, name) for name in grouped} == grouped
    press(at, "step")
    assert counters(at)["step"] == "1"
