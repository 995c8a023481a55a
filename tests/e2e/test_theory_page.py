"""The Theory page in a real browser: after a Step the live panels show the record's
numbers (the same run made alone with the engine), the notes around them are not redrawn
(the very same DOM nodes), the panels fit the 1280x720 projector, and a tab switch draws
the new tab's panels."""

from __future__ import annotations

from playwright.sync_api import expect

from ui.limits import DEFAULTS, MODEL_KEYS
from views import theory
from w2v_viz import Config, Corpus, Trainer
from w2v_viz.corpora import load

from .browser import control, wait_for_app

PANEL = '.w2v-theory-slot[data-panel="{}"] .w2v-theory'

# Mark the notes' nodes (prose, KaTeX) and the panels' nodes; count the unmarked later.
NODES = """{prose: '[data-testid="stMarkdownContainer"]', katex: '.katex',
             panels: '.w2v-theory'}"""
MARK_JS = f"""() => {{
  for (const sel of Object.values({NODES}))
    for (const n of document.querySelectorAll(sel)) n.__w2vMark = true;
}}"""
UNMARKED_JS = f"""() => Object.fromEntries(Object.entries({NODES}).map(([k, sel]) =>
  [k, [...document.querySelectorAll(sel)].filter((n) => !n.__w2vMark).length]))"""


def engine_run(n_steps: int) -> Trainer:
    """The app's default run (royalty corpus, default settings) made alone."""
    config = Config(**{k: DEFAULTS[k] for k in MODEL_KEYS}, lr=DEFAULTS["lr"],
                    min_count=DEFAULTS["min_count"])
    corpus = Corpus.from_text(load(DEFAULTS["source"]), lowercase=DEFAULTS["lowercase"],
                              segmentation=DEFAULTS["segmentation"],
                              min_count=DEFAULTS["min_count"])
    trainer = Trainer(corpus, config)
    trainer.step(n_steps)
    return trainer


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    wait_for_app(page)


def step(page) -> None:
    control(page, "ctl_step").click()
    wait_for_app(page)


def test_a_step_shows_the_records_numbers_and_keeps_the_notes(browser, app_server):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{app_server}/theory")
        wait_for_app(page)
        open_tab(page, "2 Loss")
        step(page)
        page.evaluate(MARK_JS)
        step(page)
        record = engine_run(2).last_record
        nll = page.locator(PANEL.format("nll.nll"))
        expect(nll).to_have_attribute("data-step", "2")
        assert float(nll.get_attribute("data-loss")) == record.loss
        assert nll.locator(".metric dd").inner_text() == theory.fmt(record.loss)
        # The loss chain of nll.loss ends with the loss, as MathML.
        chain = page.locator(PANEL.format("nll.loss") + " .dmath").first.inner_text()
        assert chain.replace("\n", "").replace(" ", "").endswith(theory.fmt(record.loss)), chain
        # The Step redrew no prose and no formula of the notes, and kept the panels' nodes.
        assert page.evaluate(UNMARKED_JS) == {"prose": 0, "katex": 0, "panels": 0}
        caption = page.get_by_text("Numbers of the last step, 2", exact=False)
        expect(caption).to_be_visible()
        # Every panel of the tab fits the projector's width.
        for box in page.locator(".w2v-theory").all():
            b = box.bounding_box()
            assert b and b["x"] >= 0 and b["x"] + b["width"] <= 1280, b
        # Another tab: its panels, with the same step's numbers.
        open_tab(page, "4 Network")
        net = page.locator(PANEL.format("network.loss"))
        expect(net).to_have_attribute("data-step", "2")
        assert net.locator(".metric dd").inner_text() == theory.fmt(record.loss)
        assert not page.locator(PANEL.format("nll.nll")).count()
        assert not errors, errors
    finally:
        context.close()
