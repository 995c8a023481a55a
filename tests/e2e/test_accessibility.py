"""Accessibility in Chromium: axe-core (the npm package, injected into the page) reports
no violation on any page in either language, after a Step; the skip link is the first
focusable element and lands on the controls; each page has its own title; the counters
are announced (aria-live)."""

from pathlib import Path

import pytest

from .browser import control, wait_for_app

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {"": "Train", "softmax": "Softmax", "gradients": "Gradients",
         "embeddings": "Embeddings", "theory": "Theory", "lessons": "Lessons",
         "explore": "Explore"}
TITLES_ZH = {"": "训练", "gradients": "梯度", "embeddings": "词向量", "theory": "原理",
             "lessons": "课程", "explore": "探索"}

RUN_AXE = """async () => (await axe.run(document)).violations.map(v =>
  `${v.id} (${v.impact}): ` + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "))"""


def _axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm install` (package.json) first")
    return AXE.read_text(encoding="utf-8")


def _open(page, app_server, path: str, lang: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_server}/{path}?lang={lang}")
    wait_for_app(page)
    control(page, "ctl_step").click()
    wait_for_app(page)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", list(PAGES))
def test_axe_finds_no_violation(page, app_server, path, lang):
    _open(page, app_server, path, lang)
    page.add_script_tag(content=_axe_source())
    violations = page.evaluate(RUN_AXE)
    assert violations == [], "\n".join(violations)
    title = TITLES_ZH.get(path, PAGES[path]) if lang == "zh" else PAGES[path]
    assert page.title() == f"{title} · w2v-viz"


def test_skip_link_is_first_and_lands_on_the_controls(page, app_server):
    page.goto(f"{app_server}/?lang=en")      # a fresh page: nothing focused yet
    wait_for_app(page)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "document.activeElement.className + '|' + document.activeElement.textContent")
    assert focused == "w2v-skip|Skip to the training controls"
    assert page.locator(".w2v-skip").bounding_box()["y"] >= 0       # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.action") == "step"
    page.keyboard.press("Enter")                                    # and it works from there
    wait_for_app(page)
    assert page.locator('.w2v-controls [data-counter="step"] .value').inner_text() == "1"


def test_counters_are_a_live_region(page, app_server):
    _open(page, app_server, "", "en")
    region = page.locator(".w2v-controls .counters")
    assert region.get_attribute("aria-live") == "polite"
    assert region.get_attribute("role") == "status"


@pytest.mark.parametrize("lesson", ["softmax_step", "rows_columns",
                                    "negative_sampling&obj=negative&k=5"])
def test_a_revealed_lessons_numbers_pass_axe(page, app_server, lesson):
    """The evidence beside a revealed answer (a long table, grids of words) too."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_server}/lessons?lesson={lesson}&t=s3")
    wait_for_app(page)
    page.get_by_text("Reveal the answer (from this run's numbers)").click()
    wait_for_app(page)
    page.locator(".w2v-lesson").wait_for()
    page.add_script_tag(content=_axe_source())
    violations = page.evaluate(RUN_AXE)
    assert violations == [], "\n".join(violations)
