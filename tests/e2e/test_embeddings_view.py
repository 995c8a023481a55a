"""The Embeddings page's live views in a real browser, at 1280x720: after each Step the
drawn numbers are the message's, nothing is clipped, word labels never overlap (on the
map, before and after training, and on the heatmap), the key words and this step's words
are labelled, and hover/focus show the others' words and the cells' cosines."""

from __future__ import annotations

from playwright.sync_api import expect

from views.numfmt import COSINE

from .browser import control, wait_for_app

PROJECTOR = {"width": 1280, "height": 720}
KEY_WORDS = {"king", "queen", "prince", "princess", "man", "woman", "boy", "girl"}

# Bounding boxes (page pixels) of the visible word labels of the map and of the heatmap.
LABEL_BOXES_JS = """
(sel) => [...document.querySelectorAll(sel)].filter(t => {
  const g = t.closest('g[visibility]');
  return !g || g.getAttribute('visibility') !== 'hidden';
}).map(t => { const r = t.getBoundingClientRect();
  return {text: t.textContent, x0: r.left, x1: r.right, y0: r.top, y1: r.bottom}; })
"""

# Every view's box and the main panel's, to check nothing leaves the panel.
BOXES_JS = """
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const panel = document.querySelector('[data-testid="stMainBlockContainer"]')
    .getBoundingClientRect();
  return {
    scroll: [main.scrollWidth, main.clientWidth],
    panel: [panel.left, panel.right],
    views: [...document.querySelectorAll(
        '.w2v-emb svg, .w2v-sim .plot, .w2v-sim canvas, .w2v-nb table, .w2v-emb .note')]
      .map(e => { const r = e.getBoundingClientRect();
        return [e.className.baseVal ?? e.className, r.left, r.right]; }),
  };
}
"""

# Per pair of neighbouring top labels of the heatmap: their distance across the text
# direction minus the text's height (negative: the glyphs overlap).
COLUMN_GAPS_JS = r"""
() => {
  const root = document.querySelector('.w2v-sim'), L = root.w2vLayout;
  const cols = [...root.querySelectorAll('svg text.col')];
  const sin = Math.sin(L.angle * Math.PI / 180);
  const x = cols.map(t => Number(t.getAttribute('transform').match(/translate\(([-\d.]+)/)[1]));
  return cols.slice(1).map((t, k) => (x[k + 1] - x[k]) * sin - t.getBBox().height);
}
"""

TABLE_JS = """
() => [...document.querySelectorAll('.w2v-nb')].map(root => ({
  data: root.w2vData.rows,
  drawn: [...root.querySelectorAll('tbody tr')].map(tr =>
    [tr.querySelector('th').textContent, tr.querySelector('.num').textContent]),
}))
"""



def overlapping(boxes: list) -> list:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a["x0"] < b["x1"] - 0.5 and b["x0"] < a["x1"] - 0.5 and \
                    a["y0"] < b["y1"] - 0.5 and b["y0"] < a["y1"] - 0.5:
                out.append((a["text"], b["text"]))
    return out


def open_embeddings(page, base_url: str) -> None:
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{base_url}/embeddings")
    wait_for_app(page)
    expect(control(page, "ctl_step")).to_be_visible()
    expect(page.locator(".w2v-emb svg .pts circle").first).to_be_attached()


def step(page, key: str = "ctl_step") -> None:
    control(page, key).click()
    wait_for_app(page)


def check_labels(page, where: str) -> None:
    boxes = page.evaluate(LABEL_BOXES_JS, ".w2v-emb .labels text")
    assert not overlapping(boxes), (where, overlapping(boxes))
    labelled = {b["text"] for b in boxes}
    data = page.evaluate("document.querySelector('.w2v-emb').w2vData")
    must = {w for w, r in zip(data["words"], data["roles"]) if r in ("step", "context", "key")}
    assert KEY_WORDS <= must and must <= labelled, (where, must - labelled)
    # labels cover no point either (a label's box vs every dot's box)
    dots = page.evaluate("""() => [...document.querySelectorAll('.w2v-emb .pts circle')]
        .map(c => { const r = c.getBoundingClientRect();
          return {text: '•', x0: r.left, x1: r.right, y0: r.top, y1: r.bottom}; })""")
    hits = [(a["text"]) for a in boxes for d in dots if overlapping([a, d])]
    assert len(hits) <= 2, (where, hits)          # the last-resort spot may cover a dot


def check_tables(page) -> list:
    """The drawn words and numbers of both tables are their messages'."""
    tables = page.evaluate(TABLE_JS)
    for t in tables:
        assert [w for w, _ in t["drawn"]] == [w for w, _ in t["data"]]
        assert [c for _, c in t["drawn"]] == [COSINE % c for _, c in t["data"]]
    return tables


def check_not_clipped(page, where: str) -> None:
    info = page.evaluate(BOXES_JS)
    assert info["scroll"][0] <= info["scroll"][1] + 1, (where, "main panel scrolls sideways", info)
    lo, hi = info["panel"]
    for name, left, right in info["views"]:
        assert left >= lo - 1 and right <= hi + 1, (where, name, left, right, info["panel"])


def test_embeddings_views_after_steps_and_training(page, app_server):
    open_embeddings(page, app_server)
    before = page.evaluate(TABLE_JS)
    notes = []
    for _ in range(3):
        step(page)
        notes.append(page.locator(".w2v-emb .note").inner_text())
    expect(page.locator('.w2v-controls [data-counter="step"] .value')).to_have_text("3")
    assert len(set(notes)) == 3, notes        # "refitted at step n": redrawn on every Step
    check_tables(page)
    data = page.evaluate("document.querySelector('.w2v-emb').w2vData")
    assert data["note"] in page.locator(".w2v-emb .note").inner_text()
    assert page.locator(".w2v-emb .pts circle").count() == len(data["words"])
    check_labels(page, "after 3 steps")
    check_not_clipped(page, "after 3 steps")
    page.screenshot(path="artifacts/screenshots/embeddings-720.png")

    # hover: an unlabelled point shows its word; focus: Tab reaches a labelled point
    other = data["roles"].index("")
    n = len(data["words"])
    dot = page.locator(".w2v-emb .pts circle").nth(n - 1 - other)
    dot.hover(force=True)
    expect(page.locator(".w2v-emb .w2v-tip")).to_contain_text(data["words"][other])
    page.locator(".w2v-emb .pts circle[tabindex='0']").first.focus()
    expect(page.locator(".w2v-emb .w2v-tip")).to_be_visible()

    # the heatmap: labels never overlap; hovering a cell shows its two words and cosine
    sim = page.evaluate("document.querySelector('.w2v-sim').w2vData")
    rows = page.evaluate(LABEL_BOXES_JS, ".w2v-sim svg text.row")
    cols = page.evaluate(LABEL_BOXES_JS, ".w2v-sim svg text.col")
    assert len(rows) == len(cols) == len(sim["words"])       # every word labelled
    assert not overlapping(rows) and not overlapping(rows + cols[:1]), overlapping(rows)
    # the top labels are rotated (their page boxes overlap by design): parallel labels are
    # apart when their anchors' spacing across the text direction exceeds the text height
    gaps = page.evaluate(COLUMN_GAPS_JS)
    assert min(gaps) >= 0, gaps
    canvas = page.locator(".w2v-sim canvas")
    cell = page.evaluate("document.querySelector('.w2v-sim').w2vLayout.cell")
    canvas.hover(position={"x": 1.5 * cell, "y": 3.5 * cell})
    tip = page.locator(".w2v-sim .w2v-tip")
    cos = COSINE % sim["cos"][3][1]
    expect(tip).to_contain_text(f"{sim['words'][3]} · {sim['words'][1]}: {cos}")

    # after training (the tight royalty clusters the teacher saw), labels still apart
    box = page.locator(".st-key-epochs_per_click input")
    box.fill("20")
    box.press("Enter")
    wait_for_app(page)
    step(page, "ctl_epoch")
    epochs = page.locator('.w2v-controls [data-counter="epoch"] .value')
    expect(epochs).to_have_text("20", timeout=120_000)
    wait_for_app(page)
    step(page)
    assert check_tables(page) != before, "the tables did not follow the training"
    check_labels(page, "after 20 epochs")
    check_not_clipped(page, "after 20 epochs")
    # (opening a sub-page URL directly, Streamlit first probes <page>/_stcore/: harmless 404s)
    errors = [e for e in page.console_errors if "/_stcore/" not in e]
    assert not errors, errors


def test_a_word_typed_above_a_table_redraws_it(page, app_server):
    open_embeddings(page, app_server)
    query = page.get_by_role("combobox", name="Nearest neighbours of")
    expect(query).to_have_value("king")
    assert page.locator(".w2v-nb datalist").first.locator("option").count() >= 46
    query.fill("queen")
    query.press("Enter")
    caption = page.locator(".w2v-nb caption").first
    expect(caption).to_contain_text("queen")
    check_tables(page)
    words = [w for w, _ in page.evaluate(TABLE_JS)[0]["data"]]
    assert "queen" not in words and len(words) == 8
    step(page)                              # a Step keeps the word, the table follows
    expect(query).to_have_value("queen")
    expect(caption).to_contain_text("queen")
    # the analogy's − b, from the keyboard: Tab from a to b, type, Enter
    a = page.get_by_role("combobox", name="a", exact=True)
    a.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("zebra")
    page.keyboard.press("Enter")
    expect(page.locator(".w2v-nb .empty").last).to_contain_text("zebra")
    # an emptied input shows its word again, and nothing is sent
    query.fill("")
    query.press("Tab")
    expect(query).to_have_value("queen")
    errors = [e for e in page.console_errors if "/_stcore/" not in e]
    assert not errors, errors

