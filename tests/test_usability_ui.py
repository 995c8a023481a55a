"""Issue #10 in the app (AppTest): the divergence warning and its remedies, the corpus
switch, loading a saved run, the language switch of the sidebar."""

from live_ui import counters, no_exception, open_app, press


def trainer(at):
    return at.session_state["trainer"]


def warnings(at) -> list:
    return [w.value for w in at.warning]


def blow_up(at):
    """The run of issue #10: lr 0.5, negative sampling, d=50, window 5 on royalty."""
    at.session_state["s_objective"] = "negative"
    at.session_state["s_dim"] = 50
    at.session_state["s_window"] = 5
    at.run()
    next(b for b in at.sidebar.button if b.label == "Apply").click().run()
    at.sidebar.number_input(key="s_lr").set_value(0.5).run()
    assert trainer(at).config.lr == 0.5
    return at


def test_divergence_is_flagged_with_remedies():
    at = blow_up(open_app())
    press(at, "epoch")
    no_exception(at)
    flagged = [w for w in warnings(at) if "Reset and start again" in w]
    assert flagged, warnings(at)
    assert trainer(at).step_count <= trainer(at).n_units     # after the first epoch
    assert "η = 0.5" in flagged[0]
    halve = at.button(key="guard_halve")
    assert halve.label == "Halve the learning rate (η → 0.25)"
    halve.click().run()
    no_exception(at)
    assert trainer(at).config.lr == 0.25 and at.session_state["s_lr"] == 0.25
    assert at.sidebar.number_input(key="s_lr").value == 0.25
    at.button(key="guard_reset").click().run()
    no_exception(at)
    assert trainer(at).step_count == 0 and counters(at)["step"] == "0"
    assert not [w for w in warnings(at) if "Reset and start again" in w]


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
