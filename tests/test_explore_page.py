"""The Explore page in AppTest (English and 中文): every word in the chart, a search lists
the engine's neighbours and zooms, an unknown word is a message, a word list colours,
a snapshot of the timeline is drawn from it; the layout is computed once per model
state; where plotly.js cannot be served, Streamlit's own chart draws the same figure."""

import json

import pytest
from live_ui import all_data, no_exception, open_app, press, session

from ui import live_view
from views import explore
from w2v_viz.similarity import neighbours

PAGE = "app_pages/explore.py"


def explore_page(**query):
    at = open_app(**query)
    at.switch_page(PAGE).run()
    no_exception(at)
    return at


def message(at) -> dict:
    [m] = all_data(at, "w2v_viz.explore")
    return m


def spec(at) -> dict:
    """The figure the view shows (``explore.js`` assembles it as ``explore.assemble``)."""
    m = message(at)
    return explore.assemble(m["figures"][str(m["dims"])], m["points"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_word_and_a_search(lang):
    at = explore_page(lang=lang)
    trainer = session(at).trainer
    fig = spec(at)
    assert len(fig["data"]) == 1 and fig["data"][0]["type"] == "scattergl"
    at.text_input(key="exp_query").set_value("king").run()
    no_exception(at)
    ref = neighbours(trainer.model, trainer.vocab, "king", k=10)
    buttons = [b.label for b in at.button if b.key and b.key.startswith("exp_nb_")]
    assert buttons == [f"{n + 1}. {w} · {c:.3f}" for n, (w, c) in enumerate(ref)]
    fig = spec(at)
    assert fig["layout"]["annotations"][-1]["text"] == "<b>king</b>"
    assert "range" in fig["layout"]["xaxis"]
    assert "king" in message(at)["alt"] and message(at)["plotly"].startswith("app/static/")


def test_a_search_sends_the_same_points_and_both_figures():
    at = explore_page()
    before = message(at)
    at.text_input(key="exp_query").set_value("king").run()
    after = message(at)
    assert after["rev"] == before["rev"] and after["points"] == before["points"]
    assert set(after["figures"]) == {"2", "3"}
    assert after["figures"]["3"]["data"][0]["type"] == "scatter3d"
    assert after["figures"]["3"]["layout"]["scene"]["annotations"][-1]["text"] == "<b>king</b>"
    press(at, "step")
    at.run()
    assert message(at)["rev"] != before["rev"]         # a Step: new points


def test_without_static_files_streamlit_draws_the_same_figure(monkeypatch):
    monkeypatch.setattr(live_view, "_plotly", [None])      # plotly.js cannot be served
    at = explore_page()
    at.text_input(key="exp_query").set_value("king").run()
    no_exception(at)
    assert not all_data(at, "w2v_viz.explore")
    drawn = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert drawn["layout"]["annotations"][-1]["text"] == "<b>king</b>"
    assert len(drawn["data"][0]["x"]) == session(at).trainer.model.V


def test_a_neighbour_button_searches_it_and_an_unknown_word_is_a_message():
    at = explore_page()
    at.text_input(key="exp_query").set_value("king").run()
    first = next(b for b in at.button if b.key == "exp_nb_0")
    word = first.label.split(". ", 1)[1].rsplit(" · ", 1)[0]
    first.click().run()
    no_exception(at)
    assert at.text_input(key="exp_query").value == word
    at.text_input(key="exp_query").set_value("nosuchword").run()
    no_exception(at)
    assert "nosuchword" in at.warning[0].value


def test_colour_by_a_word_list_three_d_and_a_timeline_snapshot():
    at = explore_page()
    trainer = session(at).trainer
    for _ in range(3):
        press(at, "step10")
    at.run()
    at.selectbox(key="exp_colour").set_value("list").run()
    at.text_input(key="exp_list").set_value("king, queen, nosuch").run()
    no_exception(at)
    fig = spec(at)
    assert fig["data"][1]["text"] == ["king", "queen"]
    assert any("nosuch" in c.value for c in at.caption)
    at.segmented_control(key="exp_dims").set_value(3).run()
    assert spec(at)["data"][0]["type"] == "scatter3d"
    first = trainer.timeline.steps[0]
    at.select_slider(key="exp_frame").set_value(first).run()
    no_exception(at)
    assert any(f"step {first:,} " in c.value for c in at.caption)


def test_the_layout_is_computed_once_per_model_state():
    at = explore_page()
    cache = session(at).views["explore"]
    layout = cache["layout"]
    at.text_input(key="exp_query").set_value("queen").run()
    assert session(at).views["explore"]["layout"] is layout      # a search: the same layout
    press(at, "step")
    at.run()
    assert session(at).views["explore"]["layout"] is not layout  # a Step: a new one


def test_a_chinese_word_is_searched_and_listed():
    at = explore_page(lang="zh", corpus="chinese")
    trainer = session(at).trainer
    assert "国王" in trainer.vocab
    at.text_input(key="exp_query").set_value(" 国王 ").run()     # spaces around it: trimmed
    no_exception(at)
    ref = neighbours(trainer.model, trainer.vocab, "国王", k=10)
    buttons = [b.label for b in at.button if b.key and b.key.startswith("exp_nb_")]
    assert buttons == [f"{n + 1}. {w} · {c:.3f}" for n, (w, c) in enumerate(ref)]
    assert spec(at)["layout"]["annotations"][-1]["text"] == "<b>国王</b>"
    assert any("与 国王 最近的词" in m.value for m in at.markdown)
