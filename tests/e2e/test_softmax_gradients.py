"""The Softmax and Gradients pages' live views in a real browser (headless Chromium):
after a Step the drawn numbers are the message's (and the loss the controls' "This step"),
the views update in place (the same nodes), nothing is clipped at 1280x720, labels never
overlap (this step's words always labelled), and hover / keyboard focus shows a value; the
notes' sandbox draws the example and follows its sliders; no Plotly anywhere."""

from __future__ import annotations

import math
import re

import pytest
from playwright.sync_api import expect

from .browser import control, counter, wait_for_app

PROJECTOR = {"width": 1280, "height": 720}
_SUBPAGE_PROBE = re.compile(r"status of 404")


def open_page(page, base_url: str, path: str, query: str = "") -> None:
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{base_url}/{path}{query}")
    wait_for_app(page)
    expect(control(page, "ctl_step")).to_be_visible()


def step(page, n: int = 1) -> None:
    for _ in range(n):
        before = counter(page, "step").inner_text()
        control(page, "ctl_step").click()
        expect(counter(page, "step")).not_to_have_text(before, timeout=15000)
    wait_for_app(page, quiet_ms=300)


def assert_clean(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    errors = [e for e in page.console_errors if not _SUBPAGE_PROBE.search(e)]
    assert errors == [], errors


# Every visible label of `selector` in `root`: its anchor, rotation and box height; two
# labels overlap when, across their common direction, they are closer than a box height.
LABELS_JS = """
([root, selector]) => [...document.querySelector(root).querySelectorAll(selector)]
  .filter((t) => t.getAttribute('visibility') !== 'hidden' && t.textContent)
  .map((t) => {
    const m = /rotate\\((-?[\\d.]+)/.exec(t.getAttribute('transform') || '');
    return {x: +t.getAttribute('x'), y: +t.getAttribute('y'), angle: m ? +m[1] : 0,
            h: t.getBBox().height, word: t.textContent, cls: t.getAttribute('class'),
            box: t.getBoundingClientRect().toJSON()};
  })
"""


def assert_no_overlap(labels: list[dict]) -> None:
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a["angle"] != b["angle"]:
                continue
            if a["angle"] == 0:              # horizontal rows: apart vertically
                gap = abs(a["y"] - b["y"]) if a["x"] == b["x"] else float("inf")
            else:                            # rotated columns: apart across the text
                gap = abs(a["x"] - b["x"]) * abs(math.sin(math.radians(a["angle"])))
            assert gap >= min(a["h"], b["h"]) - 0.75, (a["word"], b["word"], gap)


def inside_viewport(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    assert box["x"] >= 0 and box["x"] + box["width"] <= PROJECTOR["width"] + 0.5, (selector, box)
    return box


# --- Softmax ----------------------------------------------------------------------------

STEP_VIEW = '.w2v-softmax[data-kind="step"]'
BARS_JS = f"""
() => [...document.querySelectorAll('{STEP_VIEW} .col')].map((g) => ({{
  word: g.dataset.word, z: +g.dataset.z, p: +g.dataset.p, y: +g.dataset.y,
  pct: g.querySelector('.pct').textContent, tip: g.dataset.tip,
  barHeight: +g.querySelector('.bar.p').getAttribute('height')}}))
"""


def test_softmax_step_view_in_place_sorted_unclipped(page, app_server):
    open_page(page, app_server, "softmax")
    step(page, 2)
    page.evaluate(f"() => {{ window.__keep = document.querySelector('{STEP_VIEW} .cols'); }}")
    step(page)
    assert page.evaluate(f"() => window.__keep === document.querySelector('{STEP_VIEW} .cols')")
    assert_clean(page)
    expect(page.locator(f"{STEP_VIEW} .heading")).to_contain_text("Last step (3)")

    bars = page.evaluate(BARS_JS)
    assert len(bars) >= 30
    p = [b["p"] for b in bars]
    assert p == sorted(p, reverse=True)                         # sorted by probability
    assert sum(b["y"] for b in bars) >= 1                        # the target is drawn
    heights = [b["barHeight"] for b in bars]
    assert heights == sorted(heights, reverse=True)              # and drawn so
    target = next(b for b in bars if b["y"])
    assert target["pct"], "the target carries its percentage"
    # the loss drawn is the step's loss, the number the controls show for "This step"
    loss = page.locator(f"{STEP_VIEW} .facts .loss")
    assert loss.inner_text().endswith(counter(page, "step_loss").inner_text())

    # nothing clipped at 1280x720: the whole step view on screen
    box = inside_viewport(page, STEP_VIEW)
    assert box["y"] >= 0 and box["y"] + box["height"] <= PROJECTOR["height"], box
    svg = inside_viewport(page, f"{STEP_VIEW} svg.chart")
    assert svg["width"] <= box["width"] + 0.5
    labels = page.evaluate(LABELS_JS, [STEP_VIEW, "text.label"])
    assert_no_overlap(labels)
    assert target["word"].startswith(next(lb["word"] for lb in labels if "target" in lb["cls"])[:5])
    for lb in labels:
        assert lb["box"]["x"] >= 0 and lb["box"]["x"] + lb["box"]["width"] <= PROJECTOR["width"]

    # keyboard focus on a column shows its numbers
    page.locator(f"{STEP_VIEW} .col").first.focus()
    tip = page.locator(f"{STEP_VIEW} > .w2v-tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(bars[0]["word"])
    expect(tip).to_contain_text("ŷ =")


def test_softmax_probe_updates_in_place(page, app_server):
    open_page(page, app_server, "softmax")
    probe = '.w2v-softmax[data-kind="probe"]'
    first = page.locator(f"{probe} .col").first.get_attribute("data-z")
    step(page, 10)
    assert page.locator(f"{probe} .col").first.get_attribute("data-z") != first
    assert "10" in page.locator(f"{probe} .note").inner_text()
    assert_clean(page)


SANDBOX = '.w2v-softmax[data-kind="sandbox"]'
SANDBOX_JS = f"""
() => [...document.querySelectorAll('{SANDBOX} .col')].map((g) => ({{
  word: g.dataset.word, p: +g.dataset.p, y: +g.dataset.y,
  pct: g.querySelector('.pct').textContent,
  fill: getComputedStyle(g.querySelector('.bar.p')).fill}}))
"""
# Every part of the view whose content is wider than its box, or that leaves the view.
OVERFLOW_JS = f"""
() => {{
  const root = document.querySelector('{SANDBOX}'), box = root.getBoundingClientRect();
  return [root, ...root.querySelectorAll('.heading, .note, .facts, svg.chart, .legend, .key')]
    .filter((e) => {{
      const r = e.getBoundingClientRect();
      return e.scrollWidth > e.clientWidth + 1 || r.left < box.left - 0.5
        || r.right > box.right + 0.5;
    }})
    .map((e) => e.getAttribute('class'));
}}
"""


def test_softmax_sandbox_draws_the_notes_example_and_follows_a_slider(page, app_server):
    open_page(page, app_server, "softmax")
    view = page.locator(SANDBOX)
    view.scroll_into_view_if_needed()
    expect(view.locator(".col")).to_have_count(3)
    bars = page.evaluate(SANDBOX_JS)
    assert [b["word"] for b in bars] == ["Queen", "Dog", "Apple"]
    assert bars[0]["y"] == 1 and bars[0]["p"] == pytest.approx(0.867, abs=5e-4)
    assert bars[0]["pct"] == "87%"                              # 86.7%, to the chart's digits
    target_fill, other_fill = bars[0]["fill"], bars[1]["fill"]
    assert target_fill == "rgb(224, 123, 0)" and other_fill == "rgb(76, 120, 168)"
    assert all(b["fill"] == other_fill for b in bars[1:])
    expect(view.locator(".facts .loss")).to_have_text("loss = −log ŷ[Queen] = 0.1429")
    # nothing overflows at 1280x720: a capped width, the legend on screen and inside
    box = inside_viewport(page, SANDBOX)
    assert box["width"] <= 33 * 17, box                        # 32rem, not the page's width
    assert page.evaluate(OVERFLOW_JS) == []
    for key in view.locator(".legend .key").all():
        expect(key).to_be_visible()
    labels = page.evaluate(LABELS_JS, [SANDBOX, "text.label"])
    assert [lb["word"] for lb in labels] == ["Queen", "Dog", "Apple"]
    assert_no_overlap(labels)

    # the keyboard on Dog's slider: 1.0 -> 2.0 in ten steps of 0.1
    slider = page.locator(".st-key-sandbox_1 input[type=range]")
    slider.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuetext", "2.00")
    expect(view.locator('.col[data-word="Dog"]')).not_to_have_attribute(
        "data-p", str(bars[1]["p"]), timeout=15000)
    wait_for_app(page)
    after = {b["word"]: b["p"] for b in page.evaluate(SANDBOX_JS)}
    z = [3.0, 2.0, -1.0]
    p = [math.exp(v) / sum(math.exp(u) for u in z) for v in z]
    assert after == pytest.approx(dict(zip(["Queen", "Dog", "Apple"], p)))
    assert page.evaluate(OVERFLOW_JS) == []
    assert page.locator(".js-plotly-plot").count() == 0
    assert_clean(page)


# --- Gradients --------------------------------------------------------------------------

GRAD = ".w2v-gradients"


def test_gradients_canvas_labels_and_hover(page, app_server):
    open_page(page, app_server, "gradients")
    step(page, 2)
    w1 = f"{GRAD} canvas[data-name=W1]"
    page.evaluate(f"() => {{ window.__keep = document.querySelector('{w1}'); }}")
    step(page)
    assert page.evaluate(f"() => window.__keep === document.querySelector('{w1}')")
    assert_clean(page)
    assert page.locator(f"{GRAD} canvas").count() == 4
    assert page.locator(".js-plotly-plot").count() == 0

    # on screen at 1280x720, the gradient check included
    for sel in (f"{GRAD} .block.left", f"{GRAD} .block.right", f"{GRAD} .check"):
        box = inside_viewport(page, sel)
        assert box["y"] + box["height"] <= PROJECTOR["height"], (sel, box)
    expect(page.locator(f"{GRAD} .check .result")).to_contain_text("pass")

    # labels never overlap; this step's words are always labelled
    rows = page.evaluate(LABELS_JS, [GRAD, "text.row"])
    cols = page.evaluate(LABELS_JS, [GRAD, "svg.overlay text.col"])
    assert_no_overlap(rows)
    assert_no_overlap(cols)
    data = page.evaluate(f"() => document.querySelector('{GRAD}').w2vData")
    strong_rows = {data["words"][r]["word"] for r in data["rows"]}
    assert strong_rows <= {r["word"] for r in rows}
    strong_cols = {w["word"] for w in data["words"] if w["role"]}
    assert strong_cols <= {c["word"] for c in cols}
    # frames: this step's rows in dW1 and W1, the target column in dW2 and W2
    assert page.locator(f"{GRAD} .frame.row").count() == 2 * len(data["rows"])
    assert page.locator(f"{GRAD} .frame.target").count() == 2 * sum(
        w["role"] == "target" for w in data["words"])

    # hover a cell of dW1's row of this step: its word, dimension and the exact value
    canvas = page.locator(f"{GRAD} canvas[data-name=dW1]")
    box = canvas.bounding_box()
    r = data["rows"][0]
    n, d = len(data["words"]), data["d"]
    page.mouse.move(box["x"] + box["width"] * 2.5 / d, box["y"] + box["height"] * (r + 0.5) / n)
    tip = page.locator(f"{GRAD} .grad-tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(data["words"][r]["word"])
    assert tip.get_attribute("data-r") == str(r) and tip.get_attribute("data-c") == "2"
    shown = float(tip.inner_text().rsplit(":", 1)[1].strip().replace("−", "-"))
    assert shown == pytest.approx(data["dW1"][0][2], rel=1e-3)

    # keyboard: focus dW2, arrows move the cell; the cell is read out
    page.locator(f"{GRAD} canvas[data-name=dW2]").focus()
    expect(tip).to_contain_text("dW2")
    page.keyboard.press("ArrowDown")
    expect(tip).to_have_attribute("data-r", "1")
    expect(page.locator(f"{GRAD} .sr-only")).to_contain_text("dW2")


@pytest.mark.parametrize("query", ["?vocab=2000&dim=50"])
def test_gradients_large_vocabulary_fits(page, app_server, query):
    open_page(page, app_server, "gradients", query)
    step(page)
    assert_clean(page)
    data = page.evaluate(f"() => document.querySelector('{GRAD}').w2vData")
    assert len(data["words"]) == 40 and data["d"] == 50
    for sel in (f"{GRAD} .block.left", f"{GRAD} .block.right", f"{GRAD} .check"):
        box = inside_viewport(page, sel)
        assert box["y"] + box["height"] <= PROJECTOR["height"], (sel, box)
    assert_no_overlap(page.evaluate(LABELS_JS, [GRAD, "text.row"]))


def test_negative_sampling_units_and_negative_columns(page, app_server):
    open_page(page, app_server, "softmax")
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Negative sampling", exact=True).click()
    wait_for_app(page)
    apply = sidebar.get_by_role("button", name="Apply")
    expect(apply).to_be_enabled(timeout=15000)
    apply.click()
    wait_for_app(page)
    expect(apply).to_be_disabled(timeout=15000)         # the new model is in use
    step(page, 2)
    assert_clean(page)
    rows = page.locator(f"{STEP_VIEW} .units tbody tr")
    expect(rows).to_have_count(6)                               # the target and K = 5
    assert rows.first.get_attribute("class") == "target"
    assert all(r.get_attribute("class") == "negative" for r in rows.all()[1:])
    units_loss = page.locator(f"{STEP_VIEW} .units-loss strong")
    assert units_loss.inner_text().endswith(counter(page, "step_loss").inner_text())
    box = inside_viewport(page, f"{STEP_VIEW} .units-box")
    assert box["y"] + box["height"] <= PROJECTOR["height"]
    inside_viewport(page, f"{STEP_VIEW} svg.chart")

    page.locator('[data-testid="stSidebarNav"] a').nth(2).click()    # Gradients
    wait_for_app(page)
    expect(page.locator(f"{GRAD} canvas")).to_have_count(4)
    data = page.evaluate(f"() => document.querySelector('{GRAD}').w2vData")
    negatives = sum(w["role"] == "negative" for w in data["words"])
    assert negatives >= 1
    assert page.locator(f"{GRAD} .frame.negative").count() == 2 * negatives
    assert page.locator(f"{GRAD} .frame.target").count() == 2
    expect(page.locator(f"{GRAD} .keys .neg")).to_be_visible()
    assert data["log"]["dW2"] is False
