"""Reliability through AppTest: bad input of every kind (corpus, upload, settings, URL)
gives a short message in the visitor's language, never a traceback, and leaves the current
training as it was; visitor text reaches the page only escaped. (tests/test_app.py covers
empty, whitespace, punctuation-only, one-word and one-word-per-line corpora and one
divergence; tests/test_properties.py any text at the engine level.)"""

import ast
import re
from pathlib import Path

import numpy as np
import pytest
from live_ui import (
    APP,
    NETWORK,
    PAGES,
    counters,
    data,
    labels,
    no_exception,
    open_app,
    press,
    session,
)
from streamlit.testing.v1 import AppTest

from ui.build import MAX_UPLOAD_BYTES, PASTE, UPLOAD
from ui.limits import LIMITS
from views.i18n import STRINGS, t
from w2v_viz import errors
from w2v_viz.corpus import MAX_CHARS, MAX_TOKENS, MAX_VOCAB


# ----- helpers -----------------------------------------------------------------------------
def errors_shown(at: AppTest) -> list:
    return [e.value for e in at.error]


def trained(at: AppTest, steps: int = 10):
    """Train ``steps`` steps; returns (trainer, copy of W1) to check it is kept."""
    for _ in range(steps // 10):
        press(at, "step10")
    t = session(at).trainer
    assert t.step_count == steps
    return t, t.model.W1.copy()


def assert_kept(at: AppTest, trainer, W1, steps: int = 10) -> None:
    """The session still trains the same model, untouched."""
    assert session(at).trainer is trainer
    assert trainer.step_count == steps and trainer.history.steps == steps
    assert np.array_equal(trainer.model.W1, W1)
    assert counters(at)["step"] == f"{steps:,}"


def click_apply(at: AppTest) -> AppTest:
    button = next(b for b in at.sidebar.button if b.label in ("Apply", "应用"))
    assert not button.disabled, "nothing to apply"
    return button.click().run()


def apply_text(at: AppTest, text: str) -> AppTest:
    at.session_state["s_source"] = PASTE
    at.session_state["s_text"] = text
    return click_apply(at.run())


def upload(at: AppTest, data: bytes, name: str = "corpus.txt") -> AppTest:
    at.session_state["s_source"] = UPLOAD
    at.run()
    at.file_uploader(key="s_upload").set_value((name, data, "text/plain")).run()
    no_exception(at)
    return click_apply(at)


def one_message(at: AppTest, *fragments: str, zh: bool = False) -> str:
    """Exactly one error box, short, containing every fragment (and Chinese if ``zh``)."""
    no_exception(at)
    shown = errors_shown(at)
    assert len(shown) == 1, shown
    message = shown[0]
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert len(message) < 300 and "Traceback" not in message
    if zh:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    return message


# ----- corpus text -------------------------------------------------------------------------
LONG_WORDS = " ".join(f"w{i % 300}" for i in range(30_000))          # one line, 30,000 words


def test_single_very_long_line_trains_and_shows_a_clipped_window():
    at = open_app()
    apply_text(at, LONG_WORDS)
    no_exception(at)
    assert not errors_shown(at)
    t = session(at).trainer
    assert len(t.vocab) == 300 and t.corpus.n_sentences == 1
    press(at, "step")
    no_exception(at)
    sentence = "".join(text for text, _ in data(at, NETWORK)["sentence"])
    assert "w" in sentence and len(sentence) < 600          # clipped around the window


PAST_CHARS = "abcdefghijklmnopqrst " * (MAX_CHARS // 21 + 2)        # < MAX_TOKENS words
PAST_TOKENS = "a b " * (MAX_TOKENS // 2 + 1)
PAST_VOCAB = " ".join(f"v{i}" for i in range(MAX_VOCAB + 1))


@pytest.mark.parametrize("lang, fragments", [("en", ["characters", f"{MAX_CHARS:,}"]),
                                             ("zh", ["个字符", f"{MAX_CHARS:,}"])])
def test_pasted_text_past_the_character_cap_gives_message_and_keeps_training(lang, fragments):
    # The text box does not cut a long paste silently: the cap is checked on Apply.
    at = open_app(lang=lang)
    t, W1 = trained(at)
    apply_text(at, PAST_CHARS)
    one_message(at, *fragments, zh=lang == "zh")
    assert_kept(at, t, W1)


@pytest.mark.parametrize("text, fragments", [
    ("x" * 200_000, ["1 distinct word", "at least 2"]),                  # one huge token
    (PAST_TOKENS, ["words", f"{MAX_TOKENS:,}"]),
    (PAST_VOCAB, ["vocabulary", f"{MAX_VOCAB:,}"]),
], ids=["one-200k-char-word", "past-token-cap", "past-vocab-cap"])
def test_corpus_past_a_cap_gives_message_and_keeps_training(text, fragments):
    at = open_app()
    t, W1 = trained(at)
    apply_text(at, text)
    one_message(at, *fragments)
    assert_kept(at, t, W1)
    press(at, "step")       # and training goes on where it was
    no_exception(at)
    assert t.step_count == 11 and not errors_shown(at)


@pytest.mark.parametrize("text, fragment", [
    ("   \n\t ", "没有词"),
    ("🙂🙂 !!! 。。。", "没有词"),
    ("hello hello hello", "至少需要 2 个"),
    ("one\ntwo\nthree", "每句只有一个词"),
    (PAST_TOKENS, "个词，上限"),
    (PAST_VOCAB, "词表有"),
], ids=["whitespace", "emoji-punctuation", "one-word", "one-word-lines", "past-token-cap",
        "past-vocab-cap"])
def test_corpus_messages_in_chinese(text, fragment):
    at = open_app(lang="zh")
    t, W1 = trained(at)
    apply_text(at, text)
    one_message(at, fragment, zh=True)
    assert_kept(at, t, W1)


# ----- uploads -----------------------------------------------------------------------------
ENGLISH = "the king rules the land\nthe queen rules the land\n"
CHINESE = "我 喜欢 苹果 。\n你 喜欢 香蕉 。\n国王 和 王后 喜欢 水果 。\n"


@pytest.mark.parametrize("data, first_words", [
    (b"\xef\xbb\xbf" + ENGLISH.encode("utf-8"), {"the", "rules", "land"}),   # UTF-8 + BOM
    (CHINESE.encode("gb18030"), {"喜欢", "苹果"}),                               # GB18030
    (CHINESE.encode("utf-8"), {"喜欢", "苹果"}),
], ids=["utf8-bom", "gb18030", "utf8"])
def test_upload_utf8_bom_and_gb18030_work(data, first_words):
    at = open_app()
    old = session(at).trainer
    upload(at, data)
    no_exception(at)
    assert not errors_shown(at)
    t = session(at).trainer
    assert t is not old and first_words <= set(t.vocab.words)
    assert not any("\ufeff" in w for w in t.vocab.words)        # the BOM is not a word
    press(at, "step")
    no_exception(at)
    assert t.step_count == 1


BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
LATIN1 = "résumé café naïve déjà vu über straße\n".encode("latin-1") * 20
RANDOM = bytes(np.random.default_rng(1).integers(1, 256, 3000, dtype=np.uint8))
UPLOADS = {
    "binary": (BINARY, "binary data", "二进制"),
    "latin-1": (LATIN1, "not UTF-8 or GB18030", "不是 UTF-8"),
    "random": (RANDOM, "not UTF-8 or GB18030", "不是 UTF-8"),
    "utf-16": ("the king rules\n".encode("utf-16"), "not UTF-8 or GB18030", "不是 UTF-8"),
    "empty": (b"", "empty", "空的"),
    "too big": (b"word " * (MAX_UPLOAD_BYTES // 5 + 1), "larger than 2 MB", "超过 2 MB"),
}


@pytest.mark.parametrize("kind", list(UPLOADS))
def test_bad_upload_gives_message_and_keeps_training(kind):
    data, english, _ = UPLOADS[kind]
    at = open_app()
    t, W1 = trained(at)
    upload(at, data)
    one_message(at, english)
    assert_kept(at, t, W1)


@pytest.mark.parametrize("kind", list(UPLOADS))
def test_bad_upload_message_in_chinese(kind):
    data, _, chinese = UPLOADS[kind]
    at = open_app(lang="zh")
    t, W1 = trained(at)
    upload(at, data)
    one_message(at, chinese, zh=True)
    assert_kept(at, t, W1)


@pytest.mark.parametrize("lang, fragment", [("en", "Choose a .txt file"), ("zh", "请先选择")])
def test_apply_upload_without_a_file(lang, fragment):
    at = open_app(lang=lang)
    t, W1 = trained(at)
    at.session_state["s_source"] = UPLOAD
    click_apply(at.run())
    one_message(at, fragment, zh=lang == "zh")
    assert_kept(at, t, W1)


@pytest.mark.parametrize("lang, fragments", [("en", ["characters", f"{MAX_CHARS:,}"]),
                                             ("zh", ["个字符", f"{MAX_CHARS:,}"])])
def test_corpus_past_the_character_cap_in_an_upload(lang, fragments):
    at = open_app(lang=lang)
    t, W1 = trained(at)
    data = PAST_CHARS.encode()                      # under the upload cap, past MAX_CHARS
    assert len(data) <= MAX_UPLOAD_BYTES
    upload(at, data)
    one_message(at, *fragments, zh=lang == "zh")
    assert_kept(at, t, W1)


# ----- settings out of range ---------------------------------------------------------------
# The browser refuses out-of-range numbers; a value that still reaches the server (a
# crafted message) is replaced by Streamlit with the widget's default: never a traceback,
# never an invalid model.
@pytest.mark.parametrize("kind, key, value", [
    ("number_input", "s_seed", -5),
    ("number_input", "s_seed", 2**40),
    ("number_input", "s_min_count", 10**9),
    ("number_input", "s_min_count", 0),
    ("number_input", "s_lr", 1e9),
    ("number_input", "s_lr", -5.0),
    ("number_input", "s_lr", float("nan")),
    ("number_input", "epochs_per_click", 10**6),
    ("slider", "s_window", 99),
    ("slider", "s_window", 0),
    ("slider", "s_dim", 1000),
    ("slider", "s_dim", -1),
])
def test_setting_out_of_range_never_breaks_training(kind, key, value):
    at = open_app()
    t, W1 = trained(at)
    widget = getattr(at, kind)(key=key)
    low, high = widget.min, widget.max
    widget.set_value(value).run()
    no_exception(at)
    assert not errors_shown(at)
    assert low <= at.session_state[key] <= high
    assert session(at).trainer is t and t.step_count == 10
    assert 1e-6 <= t.lr <= 10.0
    apply = next(b for b in at.sidebar.button if b.label == "Apply")
    if not apply.disabled:                  # a changed setting: the new model is valid
        apply.click().run()
        no_exception(at)
        assert not errors_shown(at) and session(at).trainer.step_count == 0
    press(at, "step")
    no_exception(at)


@pytest.mark.parametrize("key, value", [("s_negatives", 0), ("s_negatives", 99)])
def test_negatives_out_of_range(key, value):
    at = open_app()
    at.session_state["s_objective"] = "negative"
    click_apply(at.run())
    t, W1 = trained(at)
    at.slider(key=key).set_value(value).run()
    no_exception(at)
    assert 1 <= at.session_state[key] <= LIMITS["negatives"][1]
    assert session(at).trainer is t and t.step_count == 10


@pytest.mark.parametrize("key, value", [("s_init_scale", 0.0), ("s_init_scale", 50.0),
                                        ("s_subsample", 2.0), ("s_subsample", -1.0)])
def test_advanced_setting_out_of_range(key, value):
    at = open_app()
    t, W1 = trained(at)
    at.number_input(key=key).set_value(value).run()
    no_exception(at)
    assert not errors_shown(at)
    assert session(at).trainer is t and t.step_count == 10
    assert np.array_equal(t.model.W1, W1)


# ----- URL parameters ----------------------------------------------------------------------
@pytest.mark.parametrize("query, fragment", [
    ({"vocab": "abc"}, "vocab must be a whole number"),
    ({"vocab": "999999"}, "vocab must be a whole number"),
    ({"vocab": "1"}, "vocab must be a whole number"),
    ({"vocab": "1e3"}, "vocab must be a whole number"),
    ({"vocab": "-5"}, "vocab must be a whole number"),
    ({"dim": "abc"}, "dim must be a whole number"),
    ({"dim": "1000"}, "dim must be a whole number"),
    ({"dim": "0"}, "dim must be a whole number"),
    ({"corpus": "nope"}, "corpus must be one of"),
    ({"corpus": "<script>alert(1)</script>"}, "corpus must be one of"),
    ({"lang": "xx"}, None),                                  # ignored: English
    ({"lang": "zh", "vocab": "abc"}, "vocab 必须是"),
    ({"lang": "zh", "dim": "abc"}, "dim 必须是"),
    ({"lang": "zh", "corpus": "nope"}, "corpus 必须是"),
])
def test_bad_url_parameter_gives_message_and_default_model(query, fragment):
    at = open_app(**query)
    no_exception(at)
    t = session(at).trainer
    assert len(t.vocab) < 100 and t.model.d == 10          # the default corpus and d
    if fragment is None:
        assert not errors_shown(at)
        assert labels(at)["step"] == "Step"
    else:
        message = one_message(at, fragment, zh=query.get("lang") == "zh")
        assert "<script>" not in message                   # the URL's value is not echoed
    press(at, "step")
    no_exception(at)
    assert t.step_count == 1 and not errors_shown(at)      # a step clears the message


def test_good_url_parameters_apply():
    at = open_app(vocab=str(LIMITS["vocab"][1]), dim=str(LIMITS["dim"][1]))
    no_exception(at)
    assert not errors_shown(at)
    t = session(at).trainer
    assert len(t.vocab) == LIMITS["vocab"][1] and t.model.d == LIMITS["dim"][1]
    assert at.slider(key="s_dim").value == LIMITS["dim"][1]


# ----- divergence --------------------------------------------------------------------------
@pytest.mark.parametrize("control", ["epoch", "step10"])
def test_divergence_message_in_chinese(control):
    """lr 10: stopped at the guard's first sign, one notice in Chinese, training held."""
    at = open_app(lang="zh")
    at.number_input(key="s_lr").set_value(10.0).run()
    t = session(at).trainer
    for _ in range(200):
        press(at, control)
        while session(at).timer.mode():
            at.run()
        if at.error or at.warning:
            break
    no_exception(at)
    shown = [n.value for n in (*at.error, *at.warning)]
    assert len(shown) == 1, shown
    message = shown[0]
    assert "the loss" not in message and ("发散" in message or "爆炸" in message), message
    assert "η = 10" in message and "Traceback" not in message
    assert np.isfinite(t.model.W1).all() and np.isfinite(t.model.W2).all()
    assert t.history.steps == t.step_count
    assert counters(at)["step"] == f"{t.step_count:,}"
    W1, steps = t.model.W1.copy(), t.step_count
    press(at, control)                                # held: nothing trains
    assert t.step_count == steps and np.array_equal(t.model.W1, W1)
    assert len([*at.error, *at.warning]) == 1


# ----- every message has its Chinese (every error's: tests/test_strings.py) ----------------
def test_every_error_code_and_url_message_has_chinese():
    codes = {cls.code for cls in vars(errors).values()
             if isinstance(cls, type) and issubclass(cls, errors.W2VError) and cls.code}
    keys = {f"error.{code}" for code in codes} | {
        "url.bad_value", "url.log_not_replayed", "error.bad_log", "error.replay_too_long",
        "error.divergence_loss"}
    for key in keys:
        assert key in STRINGS, key
        assert STRINGS[key].get("zh"), key
        assert STRINGS[key]["zh"] != STRINGS[key]["en"], key
    assert t("url.bad_value", "zh", name="dim", expected="").startswith("URL 中的 dim")


# ----- visitor text is escaped -------------------------------------------------------------
XSS = ("<script>window.__xss=1</script> <img src=x onerror=window.__xss=2> "
       "**x** _y_ $\\frac{a}{b}$ [l](javascript:window.__xss=3) # h :red[z] "
       "<a href='javascript:alert(1)'>a</a> " + "q" * 500 + " end")


def test_visitor_text_reaches_markdown_only_escaped():
    at = open_app()
    apply_text(at, "\n".join([XSS] * 3 + ["the plain words here"]))
    no_exception(at)
    assert not errors_shown(at)
    for page in PAGES:
        at.switch_page(page).run()
        no_exception(at)
        for _ in range(3):
            press(at, "step")
            no_exception(at)
            for m in at.markdown:
                assert not re.search(r"(?<!\\)<(script|img|a )|(?<!\\)\]\(javascript",
                                     m.value), m.value
    # The Train page's view receives the sentence as plain [text, role] segments and the
    # words as plain strings (the browser inserts them as text: tests/e2e); its MathML
    # holds no word at all.
    at.switch_page(PAGES[0]).run()
    view = data(at, NETWORK)
    assert "<" in "".join(text for text, _ in view["sentence"])
    t = session(at).trainer
    assert view["inputs"][0]["word"] == t.vocab.words[t.last_record.centre]
    assert "<img" not in "".join(view["math"].values())


def test_no_raw_html_from_visitor_text():
    """No unsafe_allow_html anywhere in the UI; st.html only with a literal string, or the
    Theory page's empty panel anchor (views/theory_panel.anchor: a formula key from the
    code, escaped; tested in tests/test_views_theory_panel.py)."""

    def safe(arg) -> bool:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return True
        return (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute)
                and arg.func.attr == "anchor"
                and getattr(arg.func.value, "id", "") == "theory_panel")

    root = Path(APP).parent
    files = [root / "app.py", *(root / "ui").glob("*.py"), *(root / "app_pages").glob("*.py")]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            assert not any(k.arg == "unsafe_allow_html" for k in node.keywords), path
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            module = getattr(getattr(node.func, "value", None), "id", "")
            if name in ("html", "iframe") and module != "figures":   # figures.html: a file
                assert all(safe(a) for a in node.args), f"{path}:{node.lineno}: {name}"
