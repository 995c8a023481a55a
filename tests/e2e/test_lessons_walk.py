"""Every lesson, walked in Chromium as a student would, in both languages: open it, open
its starting point, do what it says (a Step, or Epochs), reveal the answer; the answer is
shown and nothing breaks."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from views.i18n import t
from w2v_viz.lessons import LESSONS, texts

from .browser import control, counter, wait_for_app

pytestmark = pytest.mark.e2e


def _epochs(page, lang: str, n: int) -> None:
    field = page.get_by_label(t("sidebar.epochs_per_click", lang))
    field.fill(str(n))
    field.press("Enter")
    wait_for_app(page)
    before = int(counter(page, "epoch").inner_text().replace(",", ""))
    control(page, "ctl_epoch").click()
    expect(counter(page, "epoch")).to_have_text(f"{before + n:,}", timeout=120_000)
    wait_for_app(page)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_lesson_can_be_walked(page, app_server, lang):
    page.set_viewport_size({"width": 1280, "height": 720})
    for lesson in LESSONS:
        text = texts(lang)[lesson.key]
        page.goto(f"{app_server}/lessons?lesson={lesson.key}&lang={lang}")
        wait_for_app(page)
        expect(page.get_by_role("heading", name=text["title"])).to_be_visible()
        start = page.get_by_role("button", name=t("lesson.start", lang))
        if start.count():
            start.click()
            wait_for_app(page)
        expect(page.get_by_role("button", name=t("lesson.restart", lang))).to_be_visible()
        if lesson.action == "s":
            steps = int(counter(page, "step").inner_text().replace(",", ""))
            control(page, "ctl_step").click()
            expect(counter(page, "step")).to_have_text(f"{steps + 1:,}")
            wait_for_app(page)
        else:
            _epochs(page, lang, int(lesson.action[1:] or 1))
        page.get_by_text(t("lesson.reveal", lang)).click()
        wait_for_app(page)
        answer = page.locator("[data-testid=stAlertContentSuccess]")
        expect(answer).to_be_visible(timeout=30_000)
        assert answer.inner_text().strip(), lesson.key
        assert page.locator("[data-testid=stException]").count() == 0, lesson.key
    # Streamlit probes <page>/_stcore/health when a page's URL is opened directly (404s)
    errors = [e for e in page.console_errors if "/_stcore/" not in e]
    assert not errors, errors
