"""Per-visitor state (ui/session.py): one Session under one key besides the widgets' keys;
each view keeps its cache there, and a Reset or a new model empties them all."""

from live_ui import PAGES, no_exception, open_app, press, session

from ui.session import KEY


def non_widget_keys(at) -> set:
    """The session_state keys no widget is bound to (AppTest's internals: a Streamlit
    upgrade that changes them fails this loudly)."""
    state = at.session_state._state._state
    return {k for k in state.filtered_state
            if state._key_id_mapper.get_id_from_key(k, None) is None}


def test_one_key_holds_the_app_state_and_reset_empties_the_view_caches():
    at = open_app()
    for page in [*PAGES, "app_pages/lessons.py"]:
        at.switch_page(page).run()
        press(at, "step")
        no_exception(at)
        # besides the Session: only sidebar settings whose widget is not drawn now
        assert {k for k in non_widget_keys(at) if not k.startswith("s_")} == {KEY}, page
    at.switch_page(PAGES[0]).run()
    caches = session(at).views
    assert {"wordmap", "gradients", "embeddings"} <= set(caches)
    press(at, "play")
    assert session(at).timer.mode() == "play"
    press(at, "reset")
    no_exception(at)
    assert session(at).timer.mode() is None
    assert set(session(at).views) <= {"wordmap", "downloads"}    # drawn again after the Reset
    assert session(at).trainer.step_count == 0
