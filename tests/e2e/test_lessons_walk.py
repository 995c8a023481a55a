"""Every lesson, walked in Chromium as a student would, in both languages: open it, open
its starting point, do what it says (a Step, or Epochs), reveal the answer; every number
the answer cites is on screen elsewhere on the page, where the lesson is. A lesson reached
from the sidebar says it shows the visitor's own run; the network does not answer lesson
2 before its click."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from views.i18n import t
from w2v_viz.lessons import LESSONS, texts

from .browser import control, counter, wait_for_app

pytestmark = pytest.mark.e2e

# A number as the app prints it: 3,904 · 0.01659 · -0.00723 · 8.42e12 · 2.947e7
NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?:e-?\d+)?(?![\w])")
ANSWER = "[data-testid=stAlertContentSuccess]"


def _epochs(page, lang: str, n: int, may_stop: bool = False) -> None:
    """Train n epochs with the Epoch button; ``may_stop``: the divergence guard may stop
    the run before the end (too large a rate): wait for the run to end either way."""
    field = page.get_by_label(t("sidebar.epochs_per_click", lang))
    field.fill(str(n))
    field.press("Enter")
    wait_for_app(page)
    before = int(counter(page, "epoch").inner_text().replace(",", ""))
    control(page, "ctl_epoch").click()
    if may_stop:
        expect(counter(page, "step")).not_to_have_text("0", timeout=30_000)
        expect(control(page, "ctl_epoch")).to_have_attribute("data-send", "epoch",
                                                            timeout=120_000)
    else:
        expect(counter(page, "epoch")).to_have_text(f"{before + n:,}", timeout=120_000)
    wait_for_app(page)


def _numbers(text: str) -> list[str]:
    return [m.group(0).rstrip(",") for m in NUMBER.finditer(text)]


def _cited_numbers_are_elsewhere(page, key: str) -> list[str]:
    """The answer's numbers, each found (as a whole number token) outside the answer."""
    answer = page.locator(ANSWER).inner_text()
    main = page.locator("[data-testid=stMain]").inner_text()
    elsewhere = main.replace(answer, "", 1)
    others = set(_numbers(elsewhere))
    cited = _numbers(answer)
    assert cited, (key, answer)
    missing = [n for n in cited if n not in others]
    assert not missing, (key, missing, answer)
    return cited


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_lesson_can_be_walked(page, app_server, lang):
    page.set_viewport_size({"width": 1280, "height": 720})
    for lesson in LESSONS:
        text = texts(lang)[lesson.key]
        page.goto(f"{app_server}/lessons?lesson={lesson.key}&lang={lang}")
        wait_for_app(page)
        expect(page.get_by_role("heading", name=text["title"])).to_be_visible()
        start = page.get_by_role("button", name=t("lesson.start", lang), exact=True)
        if start.count():
            expect(page.locator(".w2v-view:not(.w2v-controls)").first).to_be_visible()
            wait_for_app(page)
            expect(start).to_be_enabled()
            start.click()
            wait_for_app(page)
        expect(page.get_by_role("button", name=t("lesson.restart", lang))).to_be_visible(
            timeout=15_000)
        if lesson.key == "rows_columns":     # the network does not tell before the click
            columns = page.locator(".w2v-network .columns")
            expect(columns).to_have_text(t("net.concealed", lang))
        if lesson.action == "s":
            steps = int(counter(page, "step").inner_text().replace(",", ""))
            control(page, "ctl_step").click()
            expect(counter(page, "step")).to_have_text(f"{steps + 1:,}")
            wait_for_app(page)
        else:
            _epochs(page, lang, int(lesson.action[1:] or 1), lesson.key == "big_rate")
        page.get_by_text(t("lesson.reveal", lang)).click()
        wait_for_app(page)
        answer = page.locator(ANSWER)
        expect(answer).to_be_visible(timeout=30_000)
        expect(page.locator(".w2v-lesson table, .w2v-lesson .grid").first).to_be_visible()
        _cited_numbers_are_elsewhere(page, lesson.key)
        assert page.locator("[data-testid=stException]").count() == 0, lesson.key
    # Streamlit probes <page>/_stcore/health when a page's URL is opened directly (404s)
    errors = [e for e in page.console_errors if "/_stcore/" not in e]
    assert not errors, errors


def test_lesson_one_shows_every_words_before_and_after(page, app_server):
    page.goto(f"{app_server}/lessons?lesson=softmax_step")
    wait_for_app(page)
    expect(page.locator(".w2v-network .heading")).to_contain_text("Next step (1)")
    control(page, "ctl_step").click()
    expect(counter(page, "step")).to_have_text("1")
    wait_for_app(page)
    expect(page.locator(".w2v-network .heading")).to_contain_text("Last step (1)")
    page.get_by_text(t("lesson.reveal", "en")).click()
    wait_for_app(page)
    rows = page.locator(".w2v-lesson tbody tr")
    expect(rows).to_have_count(46)                  # every word of the royalty corpus
    fell = page.locator(".w2v-lesson tbody tr td:nth-child(4)", has_text="↓").count()
    foot = page.locator(".w2v-lesson .foot").first.inner_text()
    assert f"for {fell} of the 45 other words" in foot, foot
    cited = _cited_numbers_are_elsewhere(page, "softmax_step")
    assert str(fell) in cited


def test_a_lesson_from_the_sidebar_says_it_shows_the_visitors_run(page, app_server):
    page.goto(f"{app_server}/")
    wait_for_app(page)
    control(page, "ctl_step10").click()
    expect(counter(page, "step")).to_have_text("10")
    wait_for_app(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Lessons").click()
    wait_for_app(page)
    notice = page.get_by_text(t("lesson.not_loaded", "en", step="10"))
    expect(notice).to_be_visible()
    page.get_by_role("button", name=t("lesson.start", "en"), exact=True).click()
    wait_for_app(page)
    expect(counter(page, "step")).to_have_text("0")          # the prepared run
    expect(notice).to_have_count(0)
    expect(page.get_by_role("button", name=t("lesson.restart", "en"))).to_be_visible()
    control(page, "ctl_step").click()                        # trained further: still it
    expect(counter(page, "step")).to_have_text("1")
    wait_for_app(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Softmax").click()
    wait_for_app(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Lessons").click()
    wait_for_app(page)
    expect(page.get_by_role("button", name=t("lesson.restart", "en"))).to_be_visible()
    expect(page.get_by_text(t("lesson.not_loaded", "en", step="1"))).to_have_count(0)
