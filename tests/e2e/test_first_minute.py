"""The first minute, in a real browser at 1280x720 and 390x844, in English and 中文: a
title and a "start here" line (the sidebar's top on a wide screen, the page's on a phone)
that closes (by itself after the first Step, by Escape, by its ×) and stays closed, Step
still in view on a phone, no label clipped (in the page or the sidebar), no emoji glyph a
system may lack, the Embeddings pickers above their tables. Screenshots go to
artifacts/screens/ to be looked at."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from views.i18n import t

from .browser import control, counter, wait_for_app
from .conftest import REPO_ROOT

SCREENS = REPO_ROOT / "artifacts" / "screens"
SIZES = {"desktop": (1280, 720), "phone": (390, 844)}

# Text cut off by its box: an element that hides its overflow (an ellipsis or a clip)
# while its content is wider than it; only elements on screen and with text of their own.
CLIPPED_JS = """(scope) => {
  const out = [];
  for (const el of document.querySelectorAll(scope)) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const s = getComputedStyle(el);
    const hides = s.textOverflow === 'ellipsis' || ['hidden', 'clip'].includes(s.overflowX);
    if (hides && el.scrollWidth > el.clientWidth + 1) out.push(el.textContent.trim().slice(0, 60));
  }
  return out;
}"""
# Emoji and symbols that render as empty boxes without an emoji font.
EMOJI = re.compile("[\u2300-\u23ff\u2600-\u27bf\U0001f000-\U0001faff\ufe0f]")


def _page(browser, base, size, lang, path=""):
    width, height = SIZES[size]
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(f"{base}{path}{'&' if '?' in path else '?'}lang={lang}")
    return page


def _open_sidebar(page) -> None:
    if not page.get_by_test_id("stSidebar").is_visible() or page.viewport_size["width"] < 700:
        button = page.get_by_test_id("stExpandSidebarButton")
        if button.count() and button.is_visible():
            button.click()
            page.wait_for_timeout(500)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", list(SIZES))
def test_title_start_here_and_nothing_clipped(browser, app_server, size, lang):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page = _page(browser, app_server, size, lang)
    try:
        wait_for_app(page)
        # the title: the sidebar's top on a wide screen, above the page on a phone
        where = "side" if size == "desktop" else "main"
        title = page.locator(f".st-key-w2v_title_{where}")
        expect(title).to_contain_text(t("app.tagline", lang))
        expect(page.locator(".st-key-w2v_title_" + ("main" if where == "side" else "side"))
               ).to_be_hidden()
        # "start here": a notice in the corner, moving nothing, until it is closed
        toast = page.get_by_test_id("stToast")
        expect(toast).to_contain_text(re.sub(r"\*\*", "", t("app.start_here", lang))[:8])
        expect(control(page, "ctl_step")).to_be_in_viewport()
        page.screenshot(path=str(SCREENS / f"train-{size}-{lang}.png"))
        assert page.evaluate(CLIPPED_JS, "[data-testid=stMain] *") == []
        text = page.locator("[data-testid=stMain]").inner_text()
        assert not EMOJI.findall(text), EMOJI.findall(text)
        expect(toast.get_by_test_id("stToastViewButton")).to_have_count(0)   # all of it shown
        # it closes: by itself once training has started (the first Step, clicked or
        # by its key; time to finish reading first), by Escape, by its ×
        how = {("desktop", "en"): "click", ("phone", "zh"): "key",
               ("desktop", "zh"): "Escape", ("phone", "en"): "×"}[size, lang]
        if how in ("click", "key"):
            control(page, "ctl_step").click() if how == "click" else page.keyboard.press("s")
            wait_for_app(page)
            expect(counter(page, "step")).to_have_text("1")
            expect(toast).to_be_visible()
            expect(toast).to_have_count(0, timeout=15000)     # 6 s after (ui/intro.py)
        elif how == "Escape":
            page.keyboard.press("Escape")
            expect(toast).to_have_count(0)
        else:
            toast.get_by_role("button", name="Close").click()
            expect(toast).to_have_count(0)
        control(page, "ctl_step").click()
        wait_for_app(page)
        expect(toast).to_have_count(0)                      # shown once a visit
        expect(title).to_be_visible()                       # the title stays
        _open_sidebar(page)
        page.screenshot(path=str(SCREENS / f"sidebar-{size}-{lang}.png"))
        assert page.evaluate(CLIPPED_JS, "[data-testid=stSidebar] *") == []
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("where", ["lessons?lesson=softmax_step", "gradients", "embeddings"])
def test_pages_after_a_step_nothing_clipped(browser, app_server, size, lang, where):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page = _page(browser, app_server, size, lang, f"/{where}")
    try:
        wait_for_app(page)
        control(page, "ctl_step").click()
        wait_for_app(page)
        if where.startswith("lessons"):
            page.get_by_text(t("lesson.reveal", lang)).click()
            wait_for_app(page)
            expect(page.locator(".w2v-lesson table")).to_be_visible()
        if where == "embeddings":       # the word inputs sit above the tables they control
            for table in page.locator(".w2v-nb").all():
                picks = table.locator(".picks").bounding_box()
                rows = table.locator("table").bounding_box()
                assert picks["height"] > 20 and picks["y"] + picks["height"] <= rows["y"]
        name = where.split("?")[0]
        page.screenshot(path=str(SCREENS / f"{name}-{size}-{lang}.png"), full_page=True)
        assert page.evaluate(CLIPPED_JS, "[data-testid=stMain] *") == []
        text = page.locator("[data-testid=stMain]").inner_text()
        assert not EMOJI.findall(text), EMOJI.findall(text)
    finally:
        page.context.close()
