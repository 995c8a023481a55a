"""One table of UI limits (ui/limits.py): every numeric widget of the sidebar and every URL
field takes its range from LIMITS, every range holds its default, and LIMITS lies inside
the engine's RANGES."""

from live_ui import open_app

from ui import url_state
from ui.build import SYNTHETIC
from ui.limits import CONTROL_DEFAULTS, DEFAULTS, LIMITS, PLAY_SPEEDS
from w2v_viz.config import RANGES, Config

UI_ONLY = {"vocab", "epochs_per_click"}    # no engine setting: the UI's own limits


def default(key: str):
    return {**DEFAULTS, **CONTROL_DEFAULTS}[key]


def test_limits_lie_inside_the_engine_ranges():
    assert set(LIMITS) - set(RANGES) == UI_ONLY
    assert not UI_ONLY & set(Config.__dataclass_fields__)
    for key in set(LIMITS) - UI_ONLY:
        (low, high), (engine_low, engine_high) = LIMITS[key], RANGES[key]
        assert engine_low <= low < high <= engine_high, key
        assert type(low) is type(engine_low) and type(high) is type(engine_high), key


def test_every_limit_holds_its_default():
    for key, (low, high) in LIMITS.items():
        assert low <= default(key) <= high, key
    assert CONTROL_DEFAULTS["play_speed"] in PLAY_SPEEDS


def test_every_sidebar_widget_takes_its_range_from_limits():
    at = open_app()
    fresh = {w.key: w.value for kind in ("slider", "number_input")
             for w in getattr(at.sidebar, kind)}
    at.session_state["s_objective"] = "negative"     # K's slider
    at.session_state["s_source"] = SYNTHETIC          # the vocabulary's input
    at.run()
    widgets = [*at.sidebar.slider, *at.sidebar.number_input]
    seen = set()
    for widget in widgets:
        key = widget.key.removeprefix("s_")
        assert key in LIMITS, widget.key               # every numeric widget has a limit
        assert (widget.min, widget.max) == LIMITS[key], widget.key
        seen.add(key)
        if widget.key in fresh:                        # a new session shows the default
            assert fresh[widget.key] == default(key), widget.key
    assert seen == set(LIMITS)                         # and every limit is a widget's
    speed = at.sidebar.select_slider(key="play_speed")
    assert tuple(int(o) for o in speed.options) == PLAY_SPEEDS
    assert speed.value == CONTROL_DEFAULTS["play_speed"]


def test_every_url_number_takes_its_range_from_limits():
    numbers = {f.key: f for f in url_state.fields() if f.limits is not None}
    assert set(numbers) == set(LIMITS) & set(DEFAULTS)   # every setting's limit travels
    for key, field in numbers.items():
        low, high = LIMITS[key]
        assert field.limits == (low, high), key
        assert field.parse(field.fmt(low)) == low and field.parse(field.fmt(high)) == high
        assert field.parse(field.fmt(DEFAULTS[key])) == DEFAULTS[key], key
        below = low - 1 if isinstance(low, int) else (low / 2 if low > 0 else -1.0)
        above = high + 1 if isinstance(high, int) else high * 2
        for outside in (below, above):
            try:
                field.parse(field.fmt(outside))
            except ValueError:
                continue
            raise AssertionError(f"?{field.url}={outside} was accepted")
