"""The URL is the run, in a real browser: a Step updates the address bar, a page change
keeps it, a reload replays it, Copy link copies it (or, where the clipboard is refused,
shows it in a box that follows every action), and a lesson link opens with Streamlit's
embed=true."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .browser import control, counter, wait_for_app


def _click(page, key):
    control(page, key).click()
    page.wait_for_timeout(300)
    wait_for_app(page)


def test_steps_go_to_the_url_survive_page_change_and_reload(page, app_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{app_server}/?corpus=fruit_drinks&seed=3")
    wait_for_app(page)
    for _ in range(3):
        _click(page, "step")
    page.wait_for_function("() => location.search.includes('t=s3')", timeout=10000)
    _click(page, "epoch")
    page.wait_for_function("() => location.search.includes('t=s3.e')", timeout=30000)
    steps = counter(page, "step").inner_text()
    page.get_by_role("link", name="Theory").click()
    wait_for_app(page)
    assert "/theory?" in page.url and "t=s3.e" in page.url and "corpus=fruit_drinks" in page.url
    page.reload()
    wait_for_app(page)
    assert counter(page, "step").inner_text() == steps       # replayed
    page.locator(".w2v-share button.copy").click()
    page.wait_for_timeout(300)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.url and "t=s3.e" in copied


def test_lesson_link_with_embed_opens_the_lesson(page, app_server):
    page.goto(f"{app_server}/lessons?lesson=rows_columns&t=s3&embed=true&lang=zh")
    wait_for_app(page)
    assert page.get_by_role("heading", name="2. 哪些权重会变").is_visible()
    assert counter(page, "step").inner_text() == "3"
    assert "embed=true" in page.url and "lesson=rows_columns" in page.url
    _click(page, "step")
    page.wait_for_function("() => location.search.includes('t=s4')", timeout=10000)
    page.get_by_text("揭晓答案（来自本次训练的数值）").click()
    wait_for_app(page)
    answer = page.locator("[data-testid=stAlertContentSuccess]").inner_text()
    assert answer.startswith("W1 改变了 1 行"), answer
    copied_url = page.evaluate("""() => { const u = new URL(location.href);
        u.searchParams.delete('embed'); return u.toString(); }""")
    assert "embed" not in copied_url


def test_the_link_box_follows_every_action(page, app_server):
    """Where the clipboard is refused, the link shows in a box: after Step ×10 it holds
    the step-10 link, not the one it showed first."""
    page.add_init_script("""Object.defineProperty(navigator, 'clipboard', {value: {
        writeText: () => Promise.reject(new Error('denied'))}})""")
    page.goto(f"{app_server}/?corpus=fruit_drinks")
    wait_for_app(page)
    page.locator(".w2v-share button.copy").click()
    box = page.locator(".w2v-share .manual input")
    expect(box).to_be_visible()
    assert "t=" not in box.input_value()
    _click(page, "step10")
    page.wait_for_function("() => location.search.includes('t=s10')", timeout=10000)
    expect(box).to_have_value(re.compile(r"[?&]t=s10(&|$)"))
    assert box.input_value() == page.url
    _click(page, "step")
    expect(box).to_have_value(re.compile(r"[?&]t=s11(&|$)"))
