"""What a teacher does with w2v-viz, in a real browser (headless Chromium + Playwright).
(The Train page's live views in detail: ``test_train_view.py``.)

Every test gets a fresh browser context, hence a fresh Streamlit session, against the one
session-scoped ``streamlit run app.py`` server.  Pages are switched with the sidebar links
(a ``page.goto`` would open a new session and lose the trainer).  Screenshots of every page
go to ``artifacts/screenshots/<page>.png`` (1400x900) and ``<page>-720.png`` (1280x720),
and the Train page in Chinese to ``train-zh.png``.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import numpy as np
import pytest
from playwright.sync_api import expect

from w2v_viz.export import load_run

from .browser import CHART_SELECTOR, control, counter, wait_for_app
from .conftest import SCREENSHOT_DIR

# (name, URL path, sidebar index); the Train page is the default, served at "/".
PAGES = [("train", "", 0), ("softmax", "softmax", 1), ("gradients", "gradients", 2),
         ("embeddings", "embeddings", 3), ("theory", "theory", 4)]

CUSTOM_TEXT = "\n".join([
    "the kitten chases the mouse",
    "the puppy fetches the stick",
    "a kitten purrs on the sofa",
    "a puppy barks at the postman",
    "the kitten and the puppy nap together",
    "whiskers twitch when the kitten dreams",
])
CUSTOM_WORDS = {w for line in CUSTOM_TEXT.split("\n") for w in line.split()}
DISTINCT_WORDS = {"kitten", "puppy", "mouse", "stick", "purrs", "barks", "whiskers"}

# The charts a Step changes, as {"key": name, "data": JSON}: the Train page's loss chart
# ("loss_chart") and the Softmax page's step view ("softmax_chart": its words and ŷ).
CHARTS_JS = """
() => Array.from(document.querySelectorAll('.w2v-loss')).map(el => (
  {key: 'loss_chart', data: JSON.stringify(el.w2vChart)})).concat(
  Array.from(document.querySelectorAll('.w2v-softmax[data-kind="step"]')).map(el => (
  {key: 'softmax_chart', data: JSON.stringify([...el.querySelectorAll('[data-word]')].map(
    g => [g.dataset.word, g.dataset.p]))})))
"""

# The words of the Softmax page's step view, one per bar.
SOFTMAX_WORDS_JS = """
() => {
  const view = document.querySelector('.w2v-softmax[data-kind="step"]');
  return view ? [...view.querySelectorAll('[data-word]')].map(g => g.dataset.word) : null;
}
"""

# Number of points of each line of the loss chart: per step, average, epoch means; and
# of the SVG shapes drawn for them.
LOSS_POINTS_JS = """
() => {
  const el = document.querySelector('.w2v-loss');
  if (!el || !el.w2vChart) return null;
  const c = el.w2vChart;
  if (c.empty) return [];
  const dots = el.querySelectorAll('.lines circle').length;
  return [c.x.length, c.ma.length, c.ex.length, dots];
}
"""


# --- helpers ------------------------------------------------------------------------------

def open_app(page, base_url: str, path: str = "") -> None:
    page.goto(f"{base_url}/{path}")
    wait_for_app(page)
    expect(control(page, "ctl_step")).to_be_visible()


def metric(page, label: str):
    """The value locator of the controls' counter named exactly ``label`` (as shown)."""
    name = page.locator(".name", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    return page.locator(".w2v-controls .counter").filter(has=name).first.locator(".value")


def step_count(page, label: str = "Step") -> int:
    return int(metric(page, label).inner_text().strip().replace(",", ""))


def expect_steps(page, n: int, label: str = "Step") -> None:
    expect(metric(page, label)).to_have_text(f"{n:,}", timeout=15000)


def button_label(page, key: str):
    """The label of a control (without its keyboard-shortcut badge)."""
    return control(page, key).locator(".label")


def click_control(page, key: str) -> None:
    control(page, key).click()
    wait_for_app(page)


def nav(page, index: int) -> None:
    """Switch page with the sidebar link (keeps the session)."""
    page.locator('[data-testid="stSidebarNav"] a').nth(index).click()
    wait_for_app(page)
    expect(control(page, "ctl_step")).to_be_visible()


def charts(page) -> dict:
    return {c["key"]: c["data"] for c in page.evaluate(CHARTS_JS)}


# Opening a sub-page URL directly, Streamlit's frontend first probes <page>/_stcore/health
# and host-config, gets 404, then uses the base path (streamlit/streamlit#7074): harmless.
_SUBPAGE_PROBE = re.compile(r"status of 404 .*\(http://[^/]+/[\w-]+/_stcore/(health|host-config):")


def console_errors(page) -> list[str]:
    return [e for e in page.console_errors if not _SUBPAGE_PROBE.search(e)]


def assert_clean(page, where: str) -> None:
    """No Streamlit exception, no st.error box, no browser console error (but the
    sub-page probe above)."""
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, f"{where}: exception shown: {exceptions.all_inner_texts()}"
    alerts = page.locator('[data-testid="stAlertContentError"]')
    assert alerts.count() == 0, f"{where}: st.error shown: {alerts.all_inner_texts()}"
    errors = console_errors(page)
    assert errors == [], f"{where}: console errors: {errors}"


# --- 1. every page renders ----------------------------------------------------------------

@pytest.mark.parametrize("name,path,index", PAGES, ids=[p[0] for p in PAGES])
def test_page_renders_cleanly(page, app_server, name, path, index):
    open_app(page, app_server, path)
    assert_clean(page, f"{name} (fresh)")
    expect_steps(page, 0)
    click_control(page, "ctl_step10")       # something to look at in the screenshots
    expect_steps(page, 10)
    assert_clean(page, f"{name} after Step x10")
    if name != "theory":
        drawn = page.locator(CHART_SELECTOR)
        assert drawn.count() >= 1, f"{name}: no chart drawn"
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"))
    page.set_viewport_size({"width": 1280, "height": 720})
    wait_for_app(page)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-720.png"))
    assert_clean(page, f"{name} at 1280x720")


# --- 2. Step changes the counter and the charts -------------------------------------------

def test_step_updates_counter_and_charts(page, app_server):
    open_app(page, app_server)
    expect_steps(page, 0)
    assert not any(page.evaluate(LOSS_POINTS_JS) or []), "loss chart not empty at step 0"
    before = charts(page)

    click_control(page, "ctl_step")
    expect_steps(page, 1)
    expect(counter(page, "loss")).not_to_have_text("—")
    after = charts(page)
    assert after.get("loss_chart") != before.get("loss_chart"), "loss chart data unchanged"
    # the network view: its equations in MathML, this step's loss as the controls show it
    # (tests/e2e/test_train_view.py compares every number with the step record)
    assert page.locator(".w2v-network .math math").count() >= 6
    expect(page.locator(".w2v-network .loss .value")).to_have_text(
        counter(page, "step_loss").inner_text())
    points = page.evaluate(LOSS_POINTS_JS)
    assert points and max(points) == 1, f"loss chart should have one point, has {points}"

    nav(page, 1)   # Softmax, same session
    expect_steps(page, 1)
    softmax_before = charts(page).get("softmax_chart")
    assert softmax_before, "no softmax chart"
    click_control(page, "ctl_step")
    expect_steps(page, 2)
    softmax_after = charts(page).get("softmax_chart")
    assert softmax_after != softmax_before, "softmax bars unchanged after a step"
    assert_clean(page, "step flow")


# --- 3. Play, then Pause ------------------------------------------------------------------

def test_play_then_pause(page, app_server):
    open_app(page, app_server)
    play = control(page, "ctl_play")
    expect(play).to_contain_text("Play")
    play.click()
    expect(play).to_contain_text("Pause", timeout=10000)
    expect(control(page, "ctl_step")).to_be_disabled()

    s0, t0 = step_count(page), time.perf_counter()
    page.wait_for_timeout(2000)                          # measuring Play: a fixed wait
    s1, t1 = step_count(page), time.perf_counter()
    rate = (s1 - s0) / (t1 - t0)
    print(f"\nPlay rate: {s1 - s0} steps in {t1 - t0:.2f} s = {rate:.0f} steps/s")
    assert s1 - s0 >= 50, f"Play too slow: {s1 - s0} steps in {t1 - t0:.2f} s ({rate:.0f}/s)"

    play.click()
    expect(play).to_contain_text("Play", timeout=10000)
    wait_for_app(page)
    expect(control(page, "ctl_step")).to_be_enabled()
    paused = step_count(page)
    assert paused >= s1
    page.wait_for_timeout(1000)                          # does anything still run?
    assert step_count(page) == paused, "the counter kept changing after Pause"
    assert_clean(page, "play/pause")


def test_keyboard_shortcuts(page, app_server):
    open_app(page, app_server)
    page.keyboard.press("s")                              # S: one step
    expect_steps(page, 1)
    page.keyboard.press("S")
    expect_steps(page, 2)
    text_area = page.get_by_test_id("stSidebar").locator("input[type='number']:visible").first
    text_area.focus()
    page.keyboard.press("s")                              # typing into a field is typing
    page.keyboard.press("p")
    page.wait_for_timeout(500)
    expect_steps(page, 2)
    page.locator(".w2v-network .heading").click()         # focus back on the page
    play = control(page, "ctl_play")
    page.keyboard.press("p")                              # P: play ...
    expect(play).to_contain_text("Pause", timeout=10000)
    expect(control(page, "ctl_step")).to_be_disabled()
    page.keyboard.press("p")                              # ... and pause
    expect(play).to_contain_text("Play", timeout=10000)
    wait_for_app(page)
    assert step_count(page) > 2
    assert_clean(page, "keyboard shortcuts")


# --- 4. switching pages keeps the state ---------------------------------------------------

def test_switching_pages_keeps_state(page, app_server):
    open_app(page, app_server)
    click_control(page, "ctl_step10")
    expect_steps(page, 10)
    for name, path, index in [*PAGES[1:], PAGES[0]]:
        nav(page, index)
        # the path names the page; the query holds the run (?t=s10: ui/url_state.py)
        assert urlsplit(page.url).path.rstrip("/") == (f"/{path}" if path else ""), page.url
        expect_steps(page, 10)
        assert_clean(page, f"{name} after switching")


# --- 5. a pasted corpus -------------------------------------------------------------------

def test_custom_corpus(page, app_server):
    open_app(page, app_server)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.locator(".st-key-s_source").get_by_role("combobox").click()
    page.get_by_role("option", name="Paste your own text").click()
    wait_for_app(page)
    text_area = sidebar.get_by_label("Your text (one sentence per line works best)")
    text_area.fill(CUSTOM_TEXT)
    text_area.press("Control+Enter")        # commit the text area
    wait_for_app(page)
    apply = sidebar.get_by_role("button", name="Apply")
    expect(apply).to_be_enabled()
    apply.click()
    wait_for_app(page)
    expect(apply).to_be_disabled()          # nothing pending: the new model is in use

    click_control(page, "ctl_step")
    expect_steps(page, 1)
    # The sentence under "Last step (1) in the text:", its window marked.
    expect(page.locator(".w2v-network .heading")).to_have_text("Last step (1) in the text:")
    sentence = page.locator(".w2v-network .sentence")
    words = set(re.findall(r"[a-z]+", sentence.inner_text().lower()))
    assert words and words <= CUSTOM_WORDS, f"sentence not from the custom text: {words}"
    highlighted = {s.lower() for s in sentence.locator("mark").all_inner_texts()}
    assert highlighted and highlighted <= CUSTOM_WORDS, highlighted
    assert sentence.locator("mark.centre").count() == 1

    nav(page, 1)
    expect_steps(page, 1)
    labels = set(page.evaluate(SOFTMAX_WORDS_JS) or [])
    assert labels & DISTINCT_WORDS, f"softmax labels not from the custom text: {labels}"
    assert labels <= CUSTOM_WORDS, f"unexpected softmax labels: {labels - CUSTOM_WORDS}"
    assert_clean(page, "custom corpus")


# --- 6. 简体中文 --------------------------------------------------------------------------

def test_chinese_ui(page, app_server):
    open_app(page, app_server)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.locator(".st-key-lang label", has_text="简体中文").click()
    wait_for_app(page)
    expected = {"ctl_step": "单步", "ctl_step10": "单步 ×10", "ctl_epoch": "轮次",
                "ctl_play": "播放", "ctl_reset": "重置"}
    for key, label in expected.items():
        expect(button_label(page, key)).to_have_text(label)
    headings = sidebar.locator("h3").all_inner_texts()
    for heading in ("语料", "模型", "训练"):
        assert any(heading in h for h in headings), f"sidebar heading {heading!r}: {headings}"
    expect(sidebar.get_by_text("训练文本")).to_be_visible()
    links = page.locator('[data-testid="stSidebarNav"] a')
    expect(links).to_have_text(["训练", "Softmax", "梯度", "词向量", "原理", "课程", "探索"])
    click_control(page, "ctl_step")
    expect_steps(page, 1, label="步数")

    for name, _path, index in [*PAGES[1:], PAGES[0]]:
        nav(page, index)
        expect_steps(page, 1, label="步数")
        expect(counter(page, "loss")).not_to_have_text("—")
        expect(button_label(page, "ctl_step")).to_have_text("单步")
        assert_clean(page, f"{name} in Chinese")
    page.screenshot(path=str(SCREENSHOT_DIR / "train-zh.png"))   # back on Train

    sidebar.locator(".st-key-lang label", has_text="English").click()
    wait_for_app(page)
    expect(button_label(page, "ctl_step")).to_have_text("Step")
    expect(links).to_have_text(["Train", "Softmax", "Gradients", "Embeddings", "Theory",
                                "Lessons", "Explore"])
    expect_steps(page, 1)
    assert_clean(page, "back in English")


# --- 7. downloads -------------------------------------------------------------------------

def _download(page, label: str) -> bytes:
    button = page.locator('[data-testid="stDownloadButton"] button', has_text=label)
    with page.expect_download() as info:
        button.click()
    path = info.value.path()
    with open(path, "rb") as fh:
        return fh.read()


def test_downloads(page, app_server):
    open_app(page, app_server)
    click_control(page, "ctl_step10")
    click_control(page, "ctl_step")
    expect_steps(page, 11)
    nav(page, 3)   # Embeddings
    shown = step_count(page)
    assert shown == 11

    w2v = _download(page, "word2vec .txt").decode("utf-8").splitlines()
    V, d = map(int, w2v[0].split())
    rows = [line.split(" ") for line in w2v[1:]]
    assert len(rows) == V, f"header says V={V}, file has {len(rows)} vectors"
    assert all(len(r) == d + 1 for r in rows), "a word2vec line is not 'word + d floats'"
    words = [r[0] for r in rows]
    E = np.array([[float(x) for x in r[1:]] for r in rows])

    vectors = _download(page, "Projector vectors.tsv").decode("utf-8").splitlines()
    assert len(vectors) == V
    T = np.array([[float(x) for x in line.split("\t")] for line in vectors])
    assert T.shape == (V, d)
    np.testing.assert_array_equal(T, E)

    metadata = _download(page, "Projector metadata.tsv").decode("utf-8").splitlines()
    assert metadata == words

    trainer = load_run(_download(page, "Whole run (.npz)"))
    assert trainer.step_count == shown
    assert list(trainer.vocab.words) == words, "export vocabulary differs from the run's"
    assert trainer.model.W1.shape == (V, d)
    np.testing.assert_array_equal(trainer.model.W1, E)   # default space: W1
    assert_clean(page, "downloads")
