"""The Explore page and the figures to take away, in Chromium: at V=5000 the chart holds
5,000 points; a search highlights the word and its neighbours, the axes narrow around
them and the list beside the chart is the engine's cosine neighbours (in all d
dimensions); 3-D has three axes; search and the list work from the keyboard; a Play
refresh does not redraw the chart; each downloaded HTML file opens with no network and
holds the live view's numbers."""

import json

import numpy as np
import pytest
from playwright.sync_api import expect

from ui.build import make_config
from ui.limits import DEFAULTS
from w2v_viz import Corpus, Trainer
from w2v_viz.similarity import neighbours
from w2v_viz.synthetic import zipf_text

from .browser import control, counter, wait_for_app
from .test_accessibility import RUN_AXE, _axe_source

pytestmark = pytest.mark.e2e

# The chart shown: the view keeps a 2-D and a 3-D chart and hides one (views/explore.js).
SHOWN = "[...document.querySelectorAll('.js-plotly-plot')].find((g) => !g.closest('.exp-hidden'))"
FIGURE_JS = f"""() => {{
  const g = {SHOWN};
  if (!g || !g._fullData) return null;
  const L = g._fullLayout;
  return {{
    types: g._fullData.map((t) => t.type), n: g._fullData[0]._length,
    notes: (L.annotations || []).map((a) => a.text),
    x: L.xaxis && L.xaxis.range, y: L.yaxis && L.yaxis.range,
    scene: L.scene ? ['xaxis', 'yaxis', 'zaxis'].map((a) => L.scene[a].title.text) : null,
    allX: Array.from(g._fullData[0].x || []), allY: Array.from(g._fullData[0].y || []),
  }};
}}"""


# Pairs of the shown chart's labels whose boxes overlap (by more than a pixel).
OVERLAPS_JS = f"""() => {{
  const r = [...{SHOWN}.querySelectorAll('.annotation .annotation-text-g')]
    .map((e) => e.getBoundingClientRect());
  const out = [];
  for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++)
    if (r[i].left < r[j].right - 1 && r[j].left < r[i].right - 1 &&
        r[i].top < r[j].bottom - 1 && r[j].top < r[i].bottom - 1) out.push([i, j]);
  return [r.length, out];
}}"""


def labels_clear(page, n: int) -> None:
    """The shown chart has ``n`` labels, placed clear of each other (views/explore.js)."""
    page.wait_for_function(f"() => {{ const [k, o] = ({OVERLAPS_JS})();"
                           f" return k === {n} && o.length === 0; }}", timeout=15000)


def figure(page) -> dict:
    page.wait_for_function(f"() => {{ const g = {SHOWN};"
                           " return g && g._fullData && g._fullData.length; }", timeout=30000)
    return page.evaluate(FIGURE_JS)


def search(page, word: str) -> None:
    box = page.locator(".st-key-exp_query input")
    box.fill(word)
    box.press("Enter")
    page.wait_for_function(
        f"(w) => {{ const g = {SHOWN}; return g && g._fullLayout &&"
        " (g._fullLayout.annotations || []).some((a) => a.text === `<b>${w}</b>`); }",
        arg=word, timeout=30000)
    wait_for_app(page)


def listed(page) -> list:
    """The neighbour list beside the chart: [(word, cosine)]."""
    labels = page.evaluate("""() => Object.values(Object.fromEntries([...document.querySelectorAll(
      "[class*='st-key-exp_nb_']")].map((c) => [c.className.match(/st-key-exp_nb_\\d+/)[0],
      c.querySelector('button').innerText.trim()])))""")
    out = []
    for label in labels:
        word, cos = label.split(". ", 1)[1].rsplit(" · ", 1)
        out.append((word, float(cos)))
    return out


def inside(fig: dict, trainer, words) -> None:
    """Every labelled word's point lies inside the chart's axis ranges."""
    for w in words:
        i = trainer.vocab.words.index(w)
        x, y = fig["allX"][i], fig["allY"][i]
        assert fig["x"][0] <= x <= fig["x"][1] and fig["y"][0] <= y <= fig["y"][1], w


def app_trainer(**values) -> Trainer:
    """The model the app builds for these sidebar values (a synthetic corpus)."""
    values = {**DEFAULTS, **values}
    corpus = Corpus.from_text(zipf_text(int(values["vocab"])), lowercase=values["lowercase"],
                              segmentation=values["segmentation"],
                              min_count=values["min_count"])
    return Trainer(corpus, make_config(values))


def test_every_word_search_neighbours_zoom_and_three_d_at_v5000(page, app_server):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_server}/explore?vocab=5000&dim=50")
    wait_for_app(page, timeout_ms=120000)
    whole = figure(page)
    assert whole["types"] == ["scattergl"] and whole["n"] == 5000
    page.evaluate(f"() => {{ window.w2vChart = {SHOWN}; }}")
    search(page, "w12")
    fig = figure(page)
    assert page.evaluate(f"() => {SHOWN} === window.w2vChart")      # updated in place
    trainer = app_trainer(source="__synthetic__", vocab=5000, dim=50)
    assert trainer.vocab.words[:3] == ["w0", "w1", "w2"] and trainer.model.V == 5000
    ref = neighbours(trainer.model, trainer.vocab, "w12", k=10)
    shown = listed(page)
    assert [w for w, _ in shown] == [w for w, _ in ref]
    np.testing.assert_allclose([c for _, c in shown], [c for _, c in ref], atol=6e-4)
    assert fig["notes"][-1] == "<b>w12</b>" and len(fig["types"]) == 1
    assert [t.rsplit(" ", 1)[0] for t in fig["notes"][:-1]] == [w for w, _ in ref]
    inside(fig, trainer, ["w12", *(w for w, _ in ref)])
    labels_clear(page, 11)

    # the 3-D chart is built hidden once the page is idle; a switch updates it in place
    page.wait_for_function("() => { const g = document.querySelector('.exp-hidden');"
                           " return g && g._fullLayout && g._fullLayout.scene &&"
                           " g._fullLayout.scene._scene; }", timeout=30000)
    page.evaluate("() => { document.querySelector('.exp-hidden')._fullLayout.scene._scene"
                  ".w2vMark = 1; }")
    page.locator(".st-key-exp_dims button").nth(1).click()            # 3-D
    page.wait_for_function(f"() => {{ const g = {SHOWN};"
                           " return g && g._fullData && g._fullData[0].type === 'scatter3d' &&"
                           " g._fullLayout.scene.annotations.length; }", timeout=30000)
    three = figure(page)
    assert three["n"] == 5000 and len(three["scene"]) == 3
    assert page.evaluate(f"() => {SHOWN}._fullLayout.scene._scene.w2vMark") == 1
    assert page.evaluate(f"() => {SHOWN}._fullLayout.scene.annotations.at(-1).text") == "<b>w12</b>"
    assert all(title.startswith("PC") for title in three["scene"])
    errors = [e for e in page.console_errors if "/_stcore/" not in e]   # the sub-page probe
    assert not errors, errors


def test_search_and_the_list_from_the_keyboard_in_chinese(page, app_server):
    page.goto(f"{app_server}/explore?lang=zh&t=e30")      # 30 epochs: words have gathered
    wait_for_app(page, timeout_ms=120000)
    whole = figure(page)
    box = page.locator(".st-key-exp_query input")
    box.focus()
    page.keyboard.type("king")
    page.keyboard.press("Enter")
    wait_for_app(page)
    first = page.locator("[class*='st-key-exp_nb_'] button").first
    expect(first).to_be_visible()
    word = listed(page)[0][0]
    zoomed = figure(page)                   # the axes narrow around king and its neighbours
    span = lambda r: r[1] - r[0]  # noqa: E731
    assert span(zoomed["x"]) < 0.8 * span(whole["x"]) and span(zoomed["y"]) < 0.8 * span(whole["y"])
    labels_clear(page, 11)                  # gathered words: their labels still apart
    first.focus()
    page.keyboard.press("Enter")                       # a neighbour: searched in its turn
    expect(box).to_have_value(word)
    expect(page.get_by_text(f"与 {word} 最近的词")).to_be_visible()
    expect(page.get_by_text("散点图", exact=False).first).to_be_visible()   # the text alternative
    page.add_script_tag(content=_axe_source())       # with a search and its list shown
    violations = page.evaluate(RUN_AXE)
    assert violations == [], "\n".join(violations)
    box.fill("没有这个词")
    box.press("Enter")
    expect(page.get_by_text("“没有这个词”不在词表中", exact=False)).to_be_visible()


def test_play_does_not_redraw_the_chart_and_a_step_does(page, app_server):
    page.goto(f"{app_server}/explore")
    wait_for_app(page)
    figure(page)
    caption = page.get_by_text("principal components", exact=False).first
    expect(caption).to_contain_text("at step 0 ")
    control(page, "ctl_play").click()       # Play starts with one full run (its timer)
    expect(counter(page, "step")).not_to_have_text("0", timeout=15000)
    page.wait_for_timeout(1000)
    drawn = caption.inner_text()
    page.wait_for_function("() => [...document.querySelectorAll('.exp-chart')]"
                           ".every((g) => g._fullData)", timeout=30000)     # both charts built
    page.evaluate("() => { window.w2vDraws = 0; document.querySelectorAll('.js-plotly-plot')"
                  ".forEach((g) => g.on('plotly_afterplot', () => window.w2vDraws++)); }")
    before = int(counter(page, "step").inner_text().replace(",", ""))
    page.wait_for_timeout(2000)
    assert int(counter(page, "step").inner_text().replace(",", "")) > before + 20
    assert page.evaluate("() => window.w2vDraws") == 0     # Play refreshes: not one redraw
    assert caption.inner_text() == drawn
    for action in ("ctl_play", "ctl_step"):     # Pause, then a Step: the run idle, redrawn
        steps = counter(page, "step").inner_text()
        control(page, action).click()
        if action == "ctl_step":
            expect(counter(page, "step")).not_to_have_text(steps, timeout=15000)
        else:                                   # Play has stopped (the controls say so)
            expect(control(page, "ctl_play")).to_have_attribute("data-send", "play",
                                                                timeout=15000)
        wait_for_app(page)
        expect(caption).to_contain_text(f"at step {counter(page, 'step').inner_text()} ")


def _download(page, name: str, tmp_path):
    button = page.locator(f".st-key-{name} button").first
    with page.expect_download(timeout=60000) as info:
        button.click()
    path = tmp_path / f"{name}.html"
    info.value.save_as(path)
    return path


def _offline_data(browser, path) -> tuple:
    """The file opened in a context with no network: Plotly's data and the page title."""
    ctx = browser.new_context(offline=True)
    ctx.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:")
              else route.continue_())
    try:
        p = ctx.new_page()
        p.goto(path.as_uri())
        p.wait_for_function("() => { const g = document.querySelector('.js-plotly-plot');"
                            " return g && g._fullData; }", timeout=30000)
        data = p.evaluate("() => JSON.parse(JSON.stringify(document.querySelector("
                          "'.js-plotly-plot').data.map((t) => ({x: Array.from(t.x || []),"
                          " y: Array.from(t.y || []), type: t.type}))))")
        return data, p.title()
    finally:
        ctx.close()


def test_downloaded_figures_open_offline_with_the_live_numbers(page, browser, app_server,
                                                              tmp_path):
    page.goto(f"{app_server}/?lang=zh")
    wait_for_app(page)
    for _ in range(3):
        control(page, "ctl_step").click()
        wait_for_app(page)
    live = page.evaluate("() => document.querySelector('.w2v-loss').w2vChart")
    data, title = _offline_data(browser, _download(page, "dl_loss_html", tmp_path))
    assert title == f"{live['title']} · w2v-viz"
    assert data[0]["x"] == live["x"] and data[0]["y"] == pytest.approx(live["y"], abs=1e-12)
    assert data[1]["y"] == pytest.approx(live["ma"], abs=1e-12)

    page.locator('[data-testid="stSidebarNav"] a').nth(1).click()     # Softmax
    wait_for_app(page)
    bars = page.evaluate("() => document.querySelector('.w2v-softmax[data-kind=\"step\"]')"
                         ".w2vData.bars")
    data, _ = _offline_data(browser, _download(page, "dl_softmax_html", tmp_path))
    assert data[0]["type"] == "bar"
    assert data[0]["y"] == pytest.approx([b["p"] for b in bars], abs=1e-15)
    assert json.dumps(data)      # plain numbers, no NaN
