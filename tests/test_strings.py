"""The string table (strings/<lang>.toml) and the errors' messages: both languages have
every key with the same {fields}, and every error the engine (or the UI) raises has a
message in both languages, formatted from the params it really carries."""

import io
import string

import numpy as np
import pytest

from views.i18n import LANGUAGES, STRINGS, error_message, load_table, t
from w2v_viz import errors, export, segment
from w2v_viz.config import RANGES, Config
from w2v_viz.corpus import MAX_CHARS, MAX_TOKENS, MAX_VOCAB, Corpus, decode_bytes, tokenize
from w2v_viz.runlog import MAX_CHARS as LOG_CHARS
from w2v_viz.runlog import MAX_TOKENS as LOG_TOKENS
from w2v_viz.runlog import RunLog
from w2v_viz.trainer import Trainer

CORPUS = "the king rules the land\nthe queen rules the land\na dog eats an apple\n" * 3


def fields(text: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# ----- the table ---------------------------------------------------------------------------
def test_both_languages_have_every_key_with_the_same_fields():
    tables = {lang: load_table(lang) for lang in LANGUAGES}
    assert set(tables["zh"]) == set(tables["en"])
    for key, en in tables["en"].items():
        assert en and tables["zh"][key], key
        assert fields(en) == fields(tables["zh"][key]), key
    assert set(STRINGS) == set(tables["en"])


def test_fallback_and_missing_key():
    STRINGS["test.only_en"] = {"en": "only {x}"}
    try:
        assert t("test.only_en", "zh", x=1) == "only 1"
    finally:
        del STRINGS["test.only_en"]
    with pytest.raises(KeyError):
        t("no.such.key", "en")


# ----- every error, raised as the engine raises it ------------------------------------------
def raised(action) -> errors.W2VError:
    with pytest.raises(errors.W2VError) as err:
        action()
    return err.value


def _trainer(**settings):
    return Trainer(Corpus.from_text(CORPUS), Config(**settings))


def _diverge():
    t = _trainer(lr=10.0, init_scale=10.0)
    for _ in range(5000):
        t.step()


def _run_with_bad_weights():
    data = export.save_run(_trainer())
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["W1"] = np.zeros((2, 2))
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    export.load_run(buffer.getvalue())


def _bad_settings():
    bad = [{"architecture": "glove"}, {"objective": "hs"}, {"init": "xavier"},
           {"lr_min_fraction": 0.0}, {"lr": float("nan")}, {"window": "3"}]
    bad += [{name: high * 2} for name, (low, high) in RANGES.items()]
    return [lambda b=b: Config(**b) for b in bad] + [lambda: _trainer().set_lr(-1)]


def engine_errors(monkeypatch) -> list:
    actions = [
        lambda: Corpus.from_text(""), lambda: Corpus.from_text("word"),
        lambda: Corpus.from_text("one.\ntwo."),
        lambda: tokenize("a" * (MAX_CHARS + 1)), lambda: tokenize("a " * (MAX_TOKENS + 1)),
        lambda: Corpus.from_text(" ".join(f"w{i}" for i in range(MAX_VOCAB + 1))),
        *_bad_settings(), _diverge,
        lambda: decode_bytes(b""), lambda: decode_bytes("x".encode("utf-16")),
        lambda: decode_bytes(b"\x89PNG\x00\x00"), lambda: decode_bytes(bytes(range(1, 256)) * 9),
        lambda: export.load_run(b"not a run"), _run_with_bad_weights,
        lambda: RunLog.parse("s" * (LOG_CHARS + 1)),
        lambda: RunLog.parse(".".join(["s"] * (LOG_TOKENS + 1))),
        lambda: RunLog.parse("s.<b>"),
        lambda: RunLog.parse("b100000").replay(_trainer()),
        lambda: RunLog.parse("s2.b" + str(_trainer().n_units - 2)).replay(_trainer()),
        lambda: RunLog.parse("s.f").replay(_trainer()),
        lambda: RunLog.parse("e100").replay(_trainer(), cap=1e-3),
    ]
    found = [raised(action) for action in actions]
    monkeypatch.setitem(__import__("sys").modules, "jieba", None)    # import jieba fails
    found.append(raised(lambda: segment.split_words("中文分词")))
    # raised by the UI (ui/settings.py corpus_text), and the engine's other divergences
    found += [errors.NoUploadError(), errors.UploadTooBigError(limit=2)]
    found += [errors.DivergenceError(step=3, **what, value_key=f"error.divergence_{v}", lr=0.5)
              for what in ({"what_key": "error.divergence_loss"}, {"what": "W1"}, {"what": "W2"})
              for v in ("nan", "infinite")]
    return found


def _codes(cls) -> set:
    subclasses = set(cls.__subclasses__())
    return {c.code for c in subclasses if c.code} | set().union(*map(_codes, subclasses))


def test_every_error_code_is_raised_and_has_a_message_in_both_languages(monkeypatch):
    found = engine_errors(monkeypatch)
    codes = _codes(errors.W2VError)
    assert {e.code for e in found} == codes         # a new error class needs a case here
    assert {"bad_log", "replay_too_long", "decode_utf16", "run_mismatch"} <= codes
    for code in codes:
        en, zh = STRINGS[f"error.{code}"]["en"], STRINGS[f"error.{code}"].get("zh")
        assert zh and zh != en, code
    for error in found:
        assert str(error).startswith(error.code) and "{" not in str(error)
        for lang in LANGUAGES:
            message = error_message(error, lang)
            assert message and "{" not in message and "}" not in message, (error, message)
            assert "_key" not in message and "error." not in message, (error, message)
        if error.params:
            assert error_message(error, "zh") != error_message(error, "en")


def test_words_in_messages_are_translated():
    e = errors.CorpusTooLargeError(size=1234567, unit_key="unit.words", limit=100000)
    assert error_message(e, "zh") == "语料有 1,234,567 个词，上限是 100,000。请使用更短的文本。"
    e = errors.InvalidSettingError(name_key="setting.window", expected_key="expect.int",
                                   low="1", high="10", value=0)
    assert error_message(e) == "Window m must be a whole number from 1 to 10; got 0."
    assert error_message(e, "zh") == "窗口 m 应为 1 到 10 的整数；实际为 0。"
    assert str(e) == ("invalid_setting: name_key='setting.window', expected_key='expect.int', "
                      "low='1', high='10', value=0")
    with pytest.raises(TypeError):
        errors.DecodeError()                        # only errors with a code are raised


def test_every_setting_has_a_name():
    for name in ("architecture", "objective", "init", "lr_min_fraction", *RANGES):
        assert f"setting.{name}" in STRINGS, name
