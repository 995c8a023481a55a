"""Every action of the app goes through the run's log (ui/run.py): after each one, the
link of the page replays, in a new session, to bit-identical weights, history, counters
and RNG (issue #17). A training path that bypassed the log would fail here."""

from live_ui import no_exception, open_app, press, session

from w2v_viz.runlog import state_equal


def replays_exactly(at) -> None:
    no_exception(at)
    query = dict(at.query_params)
    again = open_app(**query)
    no_exception(again)
    assert not [e.value for e in again.error], query
    original, replayed = session(at).trainer, session(again).trainer
    assert replayed is not original
    assert state_equal(replayed, original), query
    assert again.number_input(key="s_lr").value == original.config.lr


def settle_timer(at, runs: int = 200):
    """Let Play or an Epoch run go on for a few refreshes (the timer's reruns)."""
    for _ in range(runs):
        if not session(at).timer.mode():
            break
        at.run()
    return at


def test_every_control_and_the_sidebar_rate_are_logged():
    at = open_app(corpus="animals_actions", seed="3")
    for action in ("step", "step10"):
        at = press(at, action)
        replays_exactly(at)
    at = settle_timer(press(at, "epoch"))             # a whole Epoch run, in slices
    replays_exactly(at)
    at.session_state["play_speed"] = 500
    at = press(at, "play")
    for _ in range(5):
        at.run()
    at = press(at, "pause")
    assert session(at).trainer.step_count > 0
    replays_exactly(at)
    at.number_input(key="s_lr").set_value(0.05).run()
    at = press(at, "step")
    replays_exactly(at)
    at = press(at, "reset")
    at = press(at, "step")
    replays_exactly(at)


def test_the_guards_remedies_are_logged():
    """A blow-up stopped by the guard, its halving remedy, more training, its Reset."""
    at = open_app(obj="negative", dim="50", win="5")
    at.number_input(key="s_lr").set_value(0.5).run()
    for _ in range(100):
        at = settle_timer(press(at, "epoch"))
        if at.warning or at.error:
            break
    assert at.button(key="guard_halve")
    replays_exactly(at)                               # stopped where the guard stopped it
    at.button(key="guard_halve").click().run()
    assert session(at).trainer.config.lr == 0.25
    at = press(at, "step10")
    replays_exactly(at)
    at.button(key="guard_reset").click().run()
    assert session(at).trainer.step_count == 0
    at = press(at, "step")
    replays_exactly(at)
