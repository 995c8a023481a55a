"""Issue #10 in a real browser: Apply in view at 1280x720 wherever the setting was
changed, Step reachable on a phone (not under Streamlit's header, the sidebar closed),
<html lang>, the sidebar's labels and the skip link following the language switch at once."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from .browser import control, counter, wait_for_app
from .test_accessibility import RUN_AXE, _axe_source

STEP_TOP_JS = """() => {
  const step = document.querySelector('.w2v-controls [data-action="step"]');
  const r = step.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + 2);
  const header = document.querySelector('[data-testid="stHeader"]').getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, headerBottom: header.bottom,
          onTop: step.contains(hit), vh: innerHeight};
}"""


def sized_page(browser, width: int, height: int):
    return browser.new_context(viewport={"width": width, "height": height}).new_page()


def open_options(page, combo) -> None:
    """Open a selectbox's list: the first click after a rerun (or a relabelling) may only
    focus it, so click again until the options show."""
    for _ in range(3):
        combo.click()
        try:
            page.get_by_role("option").first.wait_for(timeout=2000)
            return
        except PlaywrightTimeout:
            pass


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


def test_apply_stays_in_view_at_1280x720(browser, app_server):
    page = sized_page(browser, 1280, 720)
    try:
        page.goto(app_server)
        wait_for_app(page)
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.locator(".st-key-s_init_scale").scroll_into_view_if_needed()  # far down
        sidebar.locator(".st-key-s_dim").get_by_role("slider").focus()
        page.keyboard.press("ArrowRight")                 # d 10 -> 11: needs a new model
        wait_for_app(page)
        apply = sidebar.get_by_role("button", name="Apply")
        expect(apply).to_be_enabled()
        sidebar.get_by_test_id("stSidebarContent").evaluate("e => e.scrollTop = e.scrollHeight")
        page.wait_for_timeout(300)
        assert in_view(page, apply)
        apply.click()
        wait_for_app(page)
        expect(apply).to_be_disabled()
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_step_is_reachable_on_a_phone(browser, app_server, lang):
    page = sized_page(browser, 390, 844)
    try:
        page.goto(f"{app_server}/?lang={lang}")
        wait_for_app(page)
        expect(control(page, "ctl_step")).to_be_visible()
        geometry = page.evaluate(STEP_TOP_JS)
        assert geometry["top"] >= geometry["headerBottom"], geometry   # not under the header
        assert geometry["bottom"] <= geometry["vh"] and geometry["onTop"], geometry
        control(page, "ctl_step").click()
        wait_for_app(page)
        expect(page.locator('.w2v-controls [data-counter="step"] .value')).to_have_text("1")
    finally:
        page.context.close()


def test_html_lang_and_labels_follow_the_language_at_once(page, app_server):
    page.goto(app_server)
    wait_for_app(page)
    assert page.evaluate("document.documentElement.lang") == "en"
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.locator(".st-key-s_source").get_by_role("combobox").click()
    page.get_by_role("option", name="Paste your own text").click()
    wait_for_app(page)
    text = sidebar.locator(".st-key-s_text textarea")
    assert text.get_attribute("placeholder").startswith("the king rules")
    sidebar.locator(".st-key-lang label", has_text="简体中文").click()
    wait_for_app(page)
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    assert text.get_attribute("placeholder").startswith("国王 统治")
    # the chosen corpus is relabelled too (it kept its English label before the fix)
    expect(sidebar.locator(".st-key-s_source").get_by_role("combobox")).to_have_value(
        "粘贴自己的文本")
    combo = sidebar.locator(".st-key-s_source").get_by_role("combobox")
    open_options(page, combo)                    # relabelled while focused: a 2nd click opens
    expect(page.get_by_role("option", name="皇室与性别")).to_be_visible()
    page.keyboard.press("Escape")
    sidebar.locator(".st-key-lang label", has_text="English").click()
    wait_for_app(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_skip_link_speaks_the_ui_language(page, app_server):
    """Streamlit's "Skip to main content" link (the first thing a keyboard reaches) in the
    UI language, on every page and after a switch."""
    page.goto(f"{app_server}/?lang=zh")
    wait_for_app(page)
    skip = page.get_by_test_id("stSkipToContent")
    expect(skip).to_have_text("跳到主要内容")
    page.locator('[data-testid="stSidebarNav"] a', has_text="梯度").click()
    wait_for_app(page)
    expect(skip).to_have_text("跳到主要内容")
    page.get_by_test_id("stSidebar").locator(".st-key-lang label", has_text="English").click()
    wait_for_app(page)
    expect(skip).to_have_text("Skip to main content")
    expect(page.locator('[data-testid="stSidebarNav"] a', has_text="Gradients")).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_back_to_the_run_a_corpus_choice_replaced(browser, app_server, lang):
    """Step 3 times, choose another corpus: the sidebar offers the old run back, in view at
    1280x720 and axe-clean; clicked, the step counter is 3 again and the URL the old run's."""
    page = sized_page(browser, 1280, 720)
    page.goto(f"{app_server}/?lang={lang}&seed=7")
    wait_for_app(page)
    for _ in range(3):
        control(page, "ctl_step").click()
        wait_for_app(page)
    url = page.url
    sidebar = page.get_by_test_id("stSidebar")
    open_options(page, sidebar.locator(".st-key-s_source").get_by_role("combobox"))
    fruit = {"en": "Fruit & drinks", "zh": "水果与饮料"}[lang]
    page.get_by_role("option", name=fruit, exact=True).click()
    wait_for_app(page)
    expect(counter(page, "step")).to_have_text("0")
    back = sidebar.locator(".st-key-back_to_run").get_by_role("button").first
    expect(back).to_contain_text({"en": "Back to “Royalty & gender” (step 3)",
                                  "zh": "回到“皇室与性别”（第 3 步）"}[lang])
    assert in_view(page, back)
    page.add_script_tag(content=_axe_source())
    assert page.evaluate(RUN_AXE) == []
    back.click()
    wait_for_app(page)
    expect(counter(page, "step")).to_have_text("3")
    assert page.url == url
    expect(back).to_have_count(0)       # the untrained run on fruit & drinks: nothing to keep
    page.context.close()
