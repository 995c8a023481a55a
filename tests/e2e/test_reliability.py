"""Reliability and security in a real browser (headless Chromium + Playwright).

* Bad input (typed numbers, uploads, URLs, a diverging learning rate) gives a short
  message, never a traceback, and leaves the current training as it was.
* Visitor text is shown as text: pasted HTML, Markdown, LaTeX and javascript: links run
  nothing (no dialog, no ``window.__xss``) on any page.
* Many visitors, one server: ten sessions train at once, each keeps its own counter,
  words and weights, and the weights equal the same run made alone with the engine.
* Rapid clicks: 50 clicks as fast as the browser sends them leave a counter equal to the
  steps applied, equal to the history and to what the exports say.

Every test opens fresh browser contexts (fresh Streamlit sessions) against the one
session-scoped server of conftest.py.
"""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from playwright.sync_api import expect

from ui.build import MAX_UPLOAD_BYTES
from ui.limits import DEFAULTS, MODEL_KEYS
from w2v_viz import Config, Corpus, Trainer, export, similarity

from .browser import VIEWPORT, control, counter, wait_for_app

PASTE_LABEL = "Your text (one sentence per line works best)"
EMBEDDINGS = 3              # index of the Embeddings link in the sidebar navigation

COUNTER_JS = """() => {
  const el = document.querySelector('.w2v-controls [data-counter="step"] .value');
  return el ? el.innerText : null;
}"""

# Last x of the loss chart (the data it drew).
LOSS_LAST_X_JS = """() => {
  const el = document.querySelector('.w2v-loss');
  if (!el || !el.w2vChart || el.w2vChart.empty) return null;
  return Math.max(...el.w2vChart.x, ...el.w2vChart.ex);
}"""


# ----- helpers -----------------------------------------------------------------------------
def open_app(page, base_url: str, query: str = "") -> None:
    page.goto(f"{base_url}/{query}")
    wait_for_app(page)
    expect(control(page, "ctl_step")).to_be_visible()


def steps(page) -> int:
    text = page.evaluate(COUNTER_JS)
    assert text is not None, "no step counter on the page"
    return int(text.replace(",", ""))


def expect_steps(page, n: int) -> None:
    expect(counter(page, "step")).to_have_text(f"{n:,}", timeout=30_000)


def click(page, key: str, wait: bool = True) -> None:
    control(page, key).click()
    if wait:
        wait_for_app(page)


def sidebar(page):
    return page.get_by_test_id("stSidebar")


def number_input(page, label: str):
    return sidebar(page).get_by_role("spinbutton", name=label, exact=True)


def type_number(page, label: str, text: str) -> None:
    """Type into a sidebar number input and press Enter, as a visitor does."""
    field = number_input(page, label)
    field.fill(text)
    field.press("Enter")
    wait_for_app(page)


def choose_source(page, option: str, wait: bool = True) -> None:
    sidebar(page).locator(".st-key-s_source").get_by_role("combobox").click()
    page.get_by_role("option", name=option).click()
    if wait:
        wait_for_app(page)


def apply_button(page):
    return sidebar(page).get_by_role("button", name="Apply")


def paste(page, text: str, wait: bool = True) -> None:
    area = sidebar(page).get_by_label(PASTE_LABEL)
    area.fill(text)
    area.press("Control+Enter")          # commit the text area
    if wait:
        wait_for_app(page)


def errors(page) -> list[str]:
    return page.locator('[data-testid="stAlertContentError"]').all_inner_texts()


def assert_no_exception(page, where: str = "") -> None:
    shown = page.locator('[data-testid="stException"]')
    assert shown.count() == 0, f"{where}: {shown.all_inner_texts()}"
    assert "Traceback" not in page.locator('[data-testid="stApp"]').inner_text(), where


def nav(page, index: int, wait: bool = True) -> None:
    """Switch page with the sidebar link (keeps the session)."""
    page.locator('[data-testid="stSidebarNav"] a').nth(index).click()
    if wait:
        wait_for_app(page)
        expect(control(page, "ctl_step")).to_be_visible()


def download(page, label: str) -> bytes:
    button = page.locator('[data-testid="stDownloadButton"] button', has_text=label)
    with page.expect_download() as info:
        button.click()
    with open(info.value.path(), "rb") as fh:
        return fh.read()


def load_npz(data: bytes) -> dict:
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def engine_run(text: str, n_steps: int, **settings) -> Trainer:
    """The same run made alone with the engine, with the app's default settings."""
    values = {**DEFAULTS, **settings}
    config = Config(**{k: values[k] for k in MODEL_KEYS}, lr=values["lr"],
                    min_count=values["min_count"])
    corpus = Corpus.from_text(text, lowercase=values["lowercase"],
                              segmentation=values["segmentation"], min_count=values["min_count"])
    trainer = Trainer(corpus, config)
    if n_steps:
        trainer.step(n_steps)
    return trainer


# ----- A. bad input --------------------------------------------------------------------------
def notices(page) -> list[str]:
    """The divergence guard's notice: an error (NaN/inf) or a warning (blowing up)."""
    return page.locator('[data-testid="stAlertContentError"], '
                        '[data-testid="stAlertContentWarning"]').all_inner_texts()


def test_diverging_learning_rate_stops_with_message(page, app_server):
    """lr 10: Epoch stops at the guard's first sign with one notice; Epoch then cannot
    train and says why."""
    open_app(page, app_server)
    type_number(page, "Learning rate η", "10")
    assert not errors(page)
    for _ in range(40):
        click(page, "ctl_epoch")
        page.wait_for_timeout(300)
        wait_for_app(page)
        if notices(page):
            break
    assert_no_exception(page, "after divergence")
    [message] = notices(page)
    assert "η = 10" in message and "Reset" in message, message
    n = steps(page)
    assert n > 0
    assert page.evaluate(LOSS_LAST_X_JS) == n          # the loss chart ends at the counter
    epoch = control(page, "ctl_epoch")
    assert epoch.is_disabled()                         # held until a remedy, and says why
    assert "blowing up" in page.locator(".w2v-controls .held").inner_text()
    assert steps(page) == n and len(notices(page)) == 1
    assert_no_exception(page, "second epoch")

    _saved_run(page, n)
    assert_no_exception(page, "embeddings")


# (label, typed text): the browser refuses values out of range (the field turns red and
# nothing is sent), or reads "1e12" in an integer field as 1; either way no traceback and
# the model trains on.
OUT_OF_RANGE = [("Seed", "-5"), ("Seed", "1e12"), ("Min count", "1e9"), ("Min count", "-5"),
                ("Learning rate η", "1e9"), ("Learning rate η", "-5"),
                ("Learning rate η", "1e-9"), ("Epochs per click on Epoch", "1e9"),
                ("Epochs per click on Epoch", "-5")]


def test_out_of_range_numbers_are_refused(page, app_server):
    open_app(page, app_server)
    click(page, "ctl_step10")
    expect_steps(page, 10)
    caption = page.locator(".w2v-loss .caption", has_text="learning rate now")
    for label, text in OUT_OF_RANGE:
        type_number(page, label, text)
        assert_no_exception(page, f"{label} = {text}")
        assert not errors(page), (label, text, errors(page))
        assert steps(page) == 10, (label, text)
        # the default rate, not 1e9, -5 or 1e-9
        assert f"learning rate now {DEFAULTS['lr']:g} " in caption.inner_text()
    click(page, "ctl_step")
    expect_steps(page, 11)                  # the same model trains on
    assert_no_exception(page, "step after")
    if apply_button(page).is_enabled():     # Seed/Min count read "1e12"/"1e9" as 1: valid
        apply_button(page).click()
        wait_for_app(page)
        assert_no_exception(page, "apply")
        assert not errors(page)
        expect_steps(page, 0)


@pytest.mark.parametrize("query, message", [
    ("?vocab=abc", "vocab must be a whole number"),
    ("?vocab=999999", "vocab must be a whole number"),
    ("?dim=1000", "dim must be a whole number"),
    ("?corpus=nope", "corpus must be one of"),
    ("?lang=xx", None),
    ("?lang=zh&vocab=abc", "vocab 必须是"),
], ids=["vocab-abc", "vocab-huge", "dim-huge", "corpus-unknown", "lang-unknown", "zh"])
def test_bad_url_values(page, app_server, query, message):
    open_app(page, app_server, query)
    assert_no_exception(page, query)
    shown = errors(page)
    if message is None:
        assert shown == []
    else:
        assert len(shown) == 1 and message in shown[0], shown
    click(page, "ctl_step")
    expect_steps(page, 1)
    assert errors(page) == []               # a step clears the message


CHINESE = "我 喜欢 苹果 。\n你 喜欢 香蕉 。\n国王 和 王后 喜欢 水果 。\n"
ENGLISH = "the king rules the land\nthe queen rules the land\n"


def _upload(page, name: str, data: bytes) -> None:
    field = sidebar(page).locator('.st-key-s_upload input[type="file"]')
    field.set_input_files(files=[{"name": name, "mimeType": "text/plain", "buffer": data}])
    wait_for_app(page)


def test_uploads(page, app_server):
    open_app(page, app_server)
    click(page, "ctl_step10")
    expect_steps(page, 10)
    choose_source(page, "Upload a .txt file")
    bad = [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
         "binary data"),
        ("latin1.txt", "résumé café naïve déjà vu\n".encode("latin-1") * 20,
         "not UTF-8 or GB18030"),
        ("utf16.txt", ENGLISH.encode("utf-16"), "not UTF-8 or GB18030"),
        ("empty.txt", b"", "empty"),
    ]
    for name, data, message in bad:
        _upload(page, name, data)
        apply = apply_button(page)
        if apply.is_enabled():
            apply.click()
            wait_for_app(page)
        assert_no_exception(page, name)
        shown = errors(page)
        assert len(shown) == 1 and message in shown[0], (name, shown)
        assert steps(page) == 10, name      # the old model, untouched

    # Larger than the upload cap: the browser refuses the file itself.
    _upload(page, "big.txt", b"word " * (MAX_UPLOAD_BYTES // 5 + 1))
    assert_no_exception(page, "big file")
    assert steps(page) == 10
    uploader = sidebar(page).locator('.st-key-s_upload [data-testid="stFileUploader"]')
    assert "must be 2.0MB or smaller" in uploader.inner_text()

    for name, data, word in [("gb18030.txt", CHINESE.encode("gb18030"), "喜欢"),
                             ("bom.txt", b"\xef\xbb\xbf" + ENGLISH.encode(), "rules")]:
        _upload(page, name, data)
        apply_button(page).click()
        wait_for_app(page)
        assert_no_exception(page, name)
        assert errors(page) == [], (name, errors(page))
        expect_steps(page, 0)               # a new model on the uploaded text
        click(page, "ctl_step10")
        expect_steps(page, 10)
        main = page.get_by_test_id("stMain").inner_text()
        assert word in main and "\ufeff" not in main, name


# ----- B. visitor text runs nothing ------------------------------------------------------
XSS_LINES = [
    "alpha <script>window.__xss=1;alert(1)</script> omega",
    "alpha <img src=x onerror=\"window.__xss=2;alert(2)\"> omega",
    "alpha <svg onload=window.__xss=3></svg> <iframe srcdoc=\"<script>parent.__xss=4"
    "</script>\"></iframe> omega",
    "alpha **x** _y_ $\\frac{a}{b}$ [l](javascript:window.__xss=5) # h omega",
    "alpha $\\href{javascript:window.__xss=6}{click}$ <a href=\"javascript:alert(3)\">a</a>"
    " :red[red] :material/home: omega",
    "alpha " + "z" * 500 + " omega",
    "the plain words train too",
]
XSS_TEXT = "\n".join(XSS_LINES)
LITERALS = ["<script>", "onerror=", "**x**", "$\\frac{a}{b}$", "javascript:", "<svg"]


def test_visitor_text_runs_nothing(page, app_server):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_app(page, app_server)
    choose_source(page, "Paste your own text")
    paste(page, XSS_TEXT)
    apply_button(page).click()
    wait_for_app(page)
    expect_steps(page, 0)
    shown = ""
    for n in range(1, 13):                  # sentences of several steps
        click(page, "ctl_step")
        expect_steps(page, n)
        shown += page.get_by_test_id("stMain").inner_text()
    assert any(literal in shown for literal in LITERALS), "the text was not shown as text"
    for index in range(5):                  # every page, the Train page last
        nav(page, (index + 1) % 5)
        click(page, "ctl_step")
        assert_no_exception(page, f"page {index}")
        main = page.get_by_test_id("stMain")
        assert main.locator('img[src="x"], svg[onload], iframe, script').count() == 0
        assert page.locator('a[href^="javascript"]').count() == 0
        assert page.evaluate("() => window.__xss") is None
    assert dialogs == []
    assert page.evaluate("() => window.__xss") is None


# ----- C. many visitors, one server --------------------------------------------------------
VISITORS = 10
PREFIXES = ["amber", "birch", "cedar", "dune", "ember", "fjord", "glade", "heath", "inlet",
            "jasper"]


def _visitor_text(i: int) -> str:
    """Twelve lines of words that only visitor i uses (prefix + letter)."""
    rng = np.random.default_rng(i)
    words = [f"{PREFIXES[i]}{c}" for c in "abcdefghijkl"]
    return "\n".join(" ".join(rng.choice(words, 6)) for _ in range(12))


def test_many_visitors_at_once(browser, app_server):
    texts = [_visitor_text(i) for i in range(VISITORS)]
    seeds = [11 * i + 3 for i in range(VISITORS)]
    clicks = [3 + i % 4 for i in range(VISITORS)]          # Step clicks
    tens = [i % 2 for i in range(VISITORS)]                  # Step x10 clicks
    contexts = [browser.new_context(viewport=dict(VIEWPORT)) for _ in range(VISITORS)]
    pages = [ctx.new_page() for ctx in contexts]
    try:
        # Every stage is sent to all sessions before waiting for any: they run at once.
        for page in pages:
            page.goto(app_server + "/")
        for page in pages:
            wait_for_app(page)
            choose_source(page, "Paste your own text", wait=False)
        for page, text in zip(pages, texts):
            wait_for_app(page)
            paste(page, text, wait=False)
        for page, seed in zip(pages, seeds):
            wait_for_app(page)
            field = number_input(page, "Seed")
            field.fill(str(seed))
            field.press("Enter")
        for page in pages:
            wait_for_app(page)
            apply_button(page).click()
        for page in pages:
            wait_for_app(page)
            expect_steps(page, 0)

        for rnd in range(max(clicks)):
            active = [i for i in range(VISITORS) if clicks[i] > rnd]
            for i in active:
                click(pages[i], "ctl_step", wait=False)
            for i in active:
                expect_steps(pages[i], rnd + 1)
        for i in range(VISITORS):
            if tens[i]:
                click(pages[i], "ctl_step10", wait=False)
        for i, page in enumerate(pages):
            expect_steps(page, clicks[i] + 10 * tens[i])
            wait_for_app(page)
            assert_no_exception(page, f"visitor {i}")
            nav(page, EMBEDDINGS, wait=False)   # every word of the vocabulary is drawn there

        for i, page in enumerate(pages):
            n = clicks[i] + 10 * tens[i]
            wait_for_app(page)
            expect(page.locator(".st-key-dl_w2v")).to_be_visible()
            assert steps(page) == n
            html = page.content()
            assert f"{PREFIXES[i]}a" in html
            for j in range(VISITORS):
                if j != i:
                    assert PREFIXES[j] not in html, f"visitor {j}'s words on visitor {i}'s page"
            got = download(page, "word2vec .txt").decode("utf-8")
            alone = engine_run(texts[i], n, seed=seeds[i])
            want = export.word2vec_text(alone.vocab.words,
                                        similarity.embeddings(alone.model, "W1"))
            assert got == want, f"visitor {i}: weights differ from the same run alone"
    finally:
        for ctx in contexts:
            ctx.close()


def _saved_run(page, n: int) -> dict:
    """On the Embeddings page, the saved run agrees with the counter: n steps, n losses in
    the history, finite weights. Returns the run's arrays."""
    nav(page, EMBEDDINGS)
    assert steps(page) == n
    run = load_npz(download(page, "Whole run (.npz)"))
    assert json.loads(str(run["meta"]))["step_count"] == n
    assert int(run["history_meta"][1]) == n == int(run["history_counts"].sum())
    assert np.isfinite(run["W1"]).all() and np.isfinite(run["W2"]).all()
    return run


def _check_run(page, n: int) -> None:
    """Counter == trainer's history == the exports == the engine's n-step run."""
    assert steps(page) == n
    run = _saved_run(page, n)
    text = str(run["text"])
    alone = engine_run(text, n)
    np.testing.assert_array_equal(run["W1"], alone.model.W1)
    np.testing.assert_array_equal(run["W2"], alone.model.W2)
    got = download(page, "word2vec .txt").decode("utf-8")
    assert got == export.word2vec_text(alone.vocab.words, alone.model.W1)
    nav(page, 0)


def test_rapid_clicks_keep_counter_history_and_weights_equal(page, app_server):
    open_app(page, app_server)
    # 50 clicks in one JavaScript task, as fast as the browser can dispatch them.
    page.evaluate("""() => {
      const b = document.querySelector('.w2v-controls [data-action="step"]');
      for (let i = 0; i < 50; i++) b.click();
    }""")
    wait_for_app(page)
    first = steps(page)
    assert 1 <= first <= 50
    assert_no_exception(page, "JS clicks")
    # 50 more through Playwright, without waiting for any rerun.
    button = control(page, "ctl_step")
    for _ in range(50):
        button.click(no_wait_after=True)
    wait_for_app(page)
    n = steps(page)
    assert first + 1 <= n <= first + 50
    assert_no_exception(page, "Playwright clicks")
    _check_run(page, n)
