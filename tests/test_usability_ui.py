"""Issue #10 in the app (AppTest): the divergence warning and its remedies, the corpus
switch, loading a saved run, the language switch of the sidebar."""

from live_ui import CONTROLS, counters, data, no_exception, open_app, press, session

from w2v_viz.runlog import state_equal


def trainer(at):
    return session(at).trainer


def warnings(at) -> list:
    return [w.value for w in at.warning]


def blow_up(at):
    """Issue #10's run (negative sampling, d=50, window 5 on royalty) at lr 1.0: from
    word2vec's init, the default at d=50, its lr 0.5 diverges only in the third epoch."""
    at.session_state["s_objective"] = "negative"
    at.session_state["s_dim"] = 50
    at.session_state["s_window"] = 5
    at.run()
    next(b for b in at.sidebar.button if b.label == "Apply").click().run()
    at.sidebar.number_input(key="s_lr").set_value(1.0).run()
    assert trainer(at).config.lr == 1.0
    return at


def test_divergence_is_flagged_with_remedies():
    at = blow_up(open_app())
    press(at, "epoch")
    no_exception(at)
    flagged = [w for w in warnings(at) if "Reset and start again" in w]
    assert flagged, warnings(at)
    assert trainer(at).step_count <= trainer(at).n_units     # after the first epoch
    assert "η = 1" in flagged[0]
    halve = at.button(key="guard_halve")
    assert halve.label == "Halve the learning rate (η → 0.5)"
    halve.click().run()
    no_exception(at)
    assert trainer(at).config.lr == 0.5 and at.session_state["s_lr"] == 0.5
    assert at.sidebar.number_input(key="s_lr").value == 0.5
    assert not [w for w in warnings(at) if "Reset and start again" in w]   # judged anew
    assert [i.value for i in at.info if "halved to η = 0.5" in i.value]
    press(at, "step")
    # the remedy is part of the run: the link replays it, weights and all
    assert dict(at.query_params)["t"].endswith(".e.l5e-1.s"), dict(at.query_params)
    again = open_app(**dict(at.query_params))
    assert state_equal(trainer(again), trainer(at))
    at.button(key="guard_reset").click().run()
    no_exception(at)
    assert trainer(at).step_count == 0 and counters(at)["step"] == "0"
    assert not [w for w in warnings(at) if "Reset and start again" in w]
    assert dict(at.query_params)["t"] == "l5e-1"     # a reload: step 0 at the halved rate


def test_healthy_default_run_has_no_warning_and_chinese_warning():
    at = open_app()
    for _ in range(3):
        press(at, "epoch")
    assert not at.warning and trainer(at).epoch == 3
    at = blow_up(open_app())
    at.sidebar.radio(key="lang").set_value("zh").run()
    press(at, "epoch")
    assert any("重新开始" in w for w in warnings(at)), warnings(at)
    assert at.button(key="guard_halve").label.startswith("学习率减半")


# ----- a new corpus restarts at once; other settings: Apply pinned at the top ---------------

def sidebar_order(at) -> list:
    """The sidebar's widgets' keys (and alerts' kinds) in the order they are drawn."""
    order = []
    for node in at.sidebar:
        key = getattr(node, "key", None)
        if node.type == "button" and node.label in ("Apply", "应用"):
            order.append("apply")
        elif key:
            order.append(key)
    return order


def test_choosing_a_corpus_restarts_training_on_it_with_a_notice():
    at = open_app()
    press(at, "step10")
    old = trainer(at)
    at.sidebar.selectbox(key="s_source").set_value("fruit_drinks").run()
    no_exception(at)
    assert trainer(at) is not old and "apple" in trainer(at).vocab
    assert trainer(at).step_count == 0 and counters(at)["step"] == "0"
    assert [t.value for t in at.toast] == ["New corpus: training restarted on “Fruit & drinks”. "
                                           "The run you left is kept: “Back to” under the "
                                           "corpus list."]
    assert not at.sidebar.warning                       # nothing left to apply
    press(at, "step")
    assert trainer(at).step_count == 1 and not at.toast   # the notice is shown once


def back_button(at):
    return next((b for b in at.sidebar.button if b.key == "back_to_run"), None)


def test_the_run_a_corpus_choice_replaced_is_one_click_away():
    at = open_app(seed="7")
    press(at, "step10")
    old, log, url = trainer(at), session(at).log.format(), dict(at.query_params)
    weights = old.model.W1.copy()
    at.sidebar.selectbox(key="s_source").set_value("fruit_drinks").run()
    assert back_button(at).label == "Back to “Royalty & gender” (step 10)"
    press(at, "step")
    press(at, "step")
    new = trainer(at)
    back_button(at).click().run()
    no_exception(at)
    assert trainer(at) is old and old.step_count == 10           # the run as it was
    assert (old.model.W1 == weights).all() and session(at).log.format() == log
    assert at.session_state["s_source"] == "royalty" and at.session_state["s_seed"] == 7
    assert dict(at.query_params) == url and not at.sidebar.warning   # its link, nothing pending
    assert [t.value for t in at.toast] == ["Back to the run on “Royalty & gender”, at step 10."]
    assert counters(at)["step"] == "10"
    assert back_button(at).label == "Back to “Fruit & drinks” (step 2)"  # the other kept
    back_button(at).click().run()
    assert trainer(at) is new and at.session_state["s_source"] == "fruit_drinks"
    at.sidebar.slider(key="s_dim").set_value(12).run()
    next(b for b in at.sidebar.button if b.label == "Apply").click().run()
    assert back_button(at) is None                  # a run started on purpose: no way back


def test_a_choice_that_loses_nothing_offers_no_way_back_but_a_paste_does():
    at = open_app()
    at.sidebar.selectbox(key="s_source").set_value("animals_actions").run()
    assert back_button(at) is None                  # an untrained bundled corpus: nothing lost
    assert [t.value for t in at.toast] == ["New corpus: training restarted on “Animals & actions”."]
    text = "the cat sat on the mat the dog sat on the log " * 5
    at.sidebar.selectbox(key="s_source").set_value("__paste__").run()
    at.sidebar.text_area(key="s_text").set_value(text).run()
    next(b for b in at.sidebar.button if b.label == "Apply").click().run()
    pasted = trainer(at)
    at.sidebar.radio(key="lang").set_value("zh").run()
    at.sidebar.selectbox(key="s_source").set_value("royalty").run()
    assert back_button(at).label == "回到“你的文本”（第 0 步）"   # the text would be lost
    back_button(at).click().run()
    no_exception(at)
    assert trainer(at) is pasted and at.sidebar.text_area(key="s_text").value == text
    assert not at.sidebar.warning


def test_a_paste_waits_for_its_text_and_apply():
    at = open_app()
    old = trainer(at)
    at.sidebar.selectbox(key="s_source").set_value("__paste__").run()
    assert trainer(at) is old and not at.toast
    assert any("Apply" in w.value for w in at.sidebar.warning)


def test_pending_apply_comes_first_in_the_sidebar():
    at = open_app()
    at.sidebar.slider(key="s_dim").set_value(12).run()
    order = sidebar_order(at)
    assert order.index("apply") < order.index("s_source") < order.index("s_dim"), order
    warning = at.sidebar.warning[0]
    assert "Apply" in warning.value
    next(b for b in at.sidebar.button if b.label == "Apply").click().run()
    assert trainer(at).model.d == 12 and not at.sidebar.warning


# ----- the language switch relabels the corpus list and the placeholders at once --------------

def test_language_switch_relabels_the_sidebar_at_once():
    at = open_app()
    at.sidebar.selectbox(key="s_source").set_value("__paste__").run()
    assert at.sidebar.text_area(key="s_text").placeholder.startswith("the king")
    at.sidebar.radio(key="lang").set_value("zh").run()
    no_exception(at)
    select = at.sidebar.selectbox(key="s_source")
    assert select.value == "__paste__"                  # the choice is kept
    assert "粘贴自己的文本" in select.options and "皇室与性别" in select.options
    assert select.label == "训练文本"
    assert at.sidebar.text_area(key="s_text").placeholder.startswith("国王")


# ----- loading a saved run --------------------------------------------------------------------

def upload_run(at, data: bytes, name: str = "run.npz"):
    uploader = next(u for u in at.sidebar.get("file_uploader")
                    if u.key and u.key.startswith("run_upload_"))
    return uploader.set_value((name, data, "application/octet-stream")).run()


def _pretrained(text: str | None = None, **settings):
    from w2v_viz import Config, Corpus, Trainer
    from w2v_viz.corpora import CORPORA
    from w2v_viz.export import save_run
    corpus = Corpus.from_text(text or CORPORA["animals_actions"].text(),
                              segmentation="auto")
    t = Trainer(corpus, Config(**{"lr": 0.15, "init_scale": 0.3, **settings}))
    t.run_epoch()
    t.step(7)
    return t, save_run(t)


def test_a_saved_run_is_loaded_with_its_corpus_settings_and_counters():
    import numpy as np
    saved, data = _pretrained(objective="negative", dim=12, window=3, lr=0.12)
    at = open_app()
    press(at, "step10")
    upload_run(at, data)
    no_exception(at)
    t = trainer(at)
    assert t.step_count == saved.step_count and t.epoch == 1
    np.testing.assert_array_equal(t.model.W1, saved.model.W1)
    assert t.history.steps == saved.history.steps
    state = at.session_state
    assert (state["s_source"], state["s_objective"], state["s_dim"], state["s_window"],
            state["s_lr"]) == ("animals_actions", "negative", 12, 3, 0.12)
    assert counters(at)["step"] == f"{saved.step_count:,}"
    assert [x.value for x in at.toast] == [f"Loaded the saved run: step {saved.step_count:,}, "
                                           "epoch 1."]
    assert not at.sidebar.warning and not at.error       # nothing pending, no error
    for _ in range(5):                 # training continues exactly as the original would
        press(at, "step")
    saved.step(5)
    assert trainer(at).step_count == saved.step_count
    np.testing.assert_array_equal(trainer(at).model.W1, saved.model.W1)


def test_a_saved_run_of_pasted_chinese_comes_back_as_a_paste():
    text = "国王和王后住在宫殿里。公主和王子住在宫殿里。\n我喜欢喝茶。我喜欢喝咖啡。\n"
    saved, data = _pretrained(text=text)
    at = open_app(lang="zh")
    upload_run(at, data, "课前.npz")
    no_exception(at)
    assert at.session_state["s_source"] == "__paste__"
    assert at.session_state["s_text"] == trainer(at).corpus.text
    assert at.session_state["s_segmentation"] == "auto"
    assert trainer(at).corpus.segmentation == "jieba" and "国王" in trainer(at).vocab
    assert not at.sidebar.warning
    assert trainer(at).step_count == saved.step_count


def _foreign_npz() -> bytes:
    import io

    import numpy as np
    buffer = io.BytesIO()
    np.savez(buffer, weights=np.ones((3, 3)))
    return buffer.getvalue()


def test_a_damaged_or_foreign_file_changes_nothing():
    _, data = _pretrained()
    at = open_app()
    press(at, "step10")
    old, steps = trainer(at), 10
    for name, bad in [("run.npz", data[: len(data) // 2]), ("other.npz", _foreign_npz()),
                      ("run.npz", b"not a zip at all"), ("run.npz", b"")]:
        upload_run(at, bad, name)
        no_exception(at)
        assert trainer(at) is old and old.step_count == steps
        assert at.session_state["s_source"] == "royalty"
        shown = [e.value for e in at.error]
        assert shown == [f"Could not load “{name}”: it is not a run saved by w2v-viz, or it "
                         "is damaged. Your current training is unchanged."], shown
        press(at, "step")                # training goes on; the message is cleared
        steps += 1
        assert not at.error and old.step_count == steps


def test_a_run_the_sidebar_cannot_show_is_refused_in_chinese():
    _, data = _pretrained(dim=300)
    at = open_app(lang="zh")
    old = trainer(at)
    upload_run(at, data)
    assert trainer(at) is old
    assert any("向量维度 d = 300" in e.value and "当前训练保持不变" in e.value
               for e in at.error), [e.value for e in at.error]


# ----- Chinese segmentation -------------------------------------------------------------------

UNSEGMENTED = ("国王和王后住在宫殿里。公主和王子住在宫殿里。国王统治着王国。\n"
               "我喜欢喝茶。我喜欢喝咖啡。早上他总是喝牛奶。\n")


def test_pasted_chinese_is_segmented_into_words_by_default():
    at = open_app(lang="zh")
    at.sidebar.selectbox(key="s_source").set_value("__paste__").run()
    at.sidebar.text_area(key="s_text").input(UNSEGMENTED).run()
    next(b for b in at.sidebar.button if b.label == "应用").click().run()
    no_exception(at)
    vocab = trainer(at).vocab
    assert {"国王", "王后", "宫殿", "王国"} <= set(vocab.words)
    assert any("按词（jieba）" in c.value for c in at.sidebar.caption)
    at.sidebar.selectbox(key="s_segmentation").set_value("characters").run()
    next(b for b in at.sidebar.button if b.label == "应用").click().run()
    assert "国王" not in trainer(at).vocab and "国" in trainer(at).vocab
    press(at, "step10")
    no_exception(at)


def test_bundled_chinese_corpus_keeps_its_words():
    at = open_app()
    at.sidebar.selectbox(key="s_source").set_value("chinese").run()
    corpus = trainer(at).corpus
    assert corpus.segmentation == "spaces" and "国王" in corpus.vocab
    assert at.session_state["s_segmentation"] == "auto"


def test_play_pauses_at_the_first_sign_and_stays_paused_until_a_remedy():
    at = blow_up(open_app())
    at.session_state["play_speed"] = 10000
    press(at, "play")
    for _ in range(60):                  # each run trains the steps due (<= 0.1 s of them)
        if not session(at).timer.playing:
            break
        at.run()
    no_exception(at)
    assert not session(at).timer.playing
    assert any("Play was paused" in c.value for c in at.caption)
    assert [w for w in warnings(at) if "Reset and start again" in w]
    assert trainer(at).history.last < 1e6            # paused early, not at astronomic loss
    steps = trainer(at).step_count
    press(at, "play")                                # Play again: held until a remedy
    at.run()
    assert not session(at).timer.playing and trainer(at).step_count == steps
    assert "blowing up" in data(at, CONTROLS)["held"]
    at.button(key="guard_halve").click().run()       # a remedy: Play trains again
    press(at, "play")
    at.run()
    assert session(at).timer.playing
    assert not any("Play was paused" in c.value for c in at.caption)
