"""Text in, pairs out: tokenizer, sentences, vocabulary, caps, pairs, decoding, and the typed
errors a user sees for bad text or bad settings."""

import unicodedata

import numpy as np
import pytest

import w2v_viz.corpus as corpus_module
from views.i18n import error_message, t
from w2v_viz.config import Config
from w2v_viz.corpus import (
    MAX_CHARS,
    MAX_TOKENS,
    MAX_VOCAB,
    Corpus,
    build_vocab,
    decode_bytes,
    tokenize,
)
from w2v_viz.errors import (
    CorpusTooLargeError,
    DecodeError,
    EmptyCorpusError,
    InvalidSettingError,
    NoPairsError,
    TooFewWordsError,
    VocabularyTooLargeError,
    W2VError,
)


def words(text, **kwargs):
    return tokenize(text, **kwargs).words


# ----- tokenizer ---------------------------------------------------------------------------
def test_latin_words_and_punctuation():
    assert words("Hello, world! The cat's hat (red) -- fine.") == [
        "hello", "world", "the", "cat's", "hat", "red", "fine"]
    assert words("rock’n’roll foo-bar x_y") == ["rock’n’roll", "foo", "bar", "x", "y"]


def test_accents_composed_and_decomposed_give_the_same_words():
    composed = "Café naïve DÉJÀ vu l'été Ångström"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    expected = ["café", "naïve", "déjà", "vu", "l'été", "ångström"]
    assert words(composed) == expected
    assert words(decomposed) == expected
    # a mark with no precomposed form stays inside its word
    assert words("q\u0303uick brown") == ["q\u0303uick", "brown"]


def test_lowercase_on_and_off():
    assert words("The Cat", lowercase=True) == ["the", "cat"]
    assert words("The Cat", lowercase=False) == ["The", "Cat"]
    corpus = Corpus.from_text("The the THE cat", lowercase=False)
    assert corpus.vocab.words == ["The", "the", "THE", "cat"]
    assert Corpus.from_text("The the THE cat").vocab.words == ["the", "cat"]


def test_cjk_segmented_by_spaces_and_char_level():
    assert words("我 喜欢 苹果。你 喜欢 香蕉！") == ["我", "喜欢", "苹果", "你", "喜欢", "香蕉"]
    assert words("我喜欢苹果") == ["我喜欢苹果"]                       # unsegmented: one word
    assert words("我喜欢苹果", char_level=True) == ["我", "喜", "欢", "苹", "果"]
    assert words("我爱 NumPy 和 word2vec", char_level=True) == ["我", "爱", "numpy", "和",
                                                               "word2vec"]
    assert words("日本語 テキスト 한국어", char_level=True) == list("日本語テキスト한국어")
    corpus = Corpus.from_text("猫 吃 鱼\n狗 吃 肉\n猫 喝 水")
    assert corpus.vocab.words == ["猫", "吃", "鱼", "狗", "肉", "喝", "水"]


def test_digits_and_decimals():
    assert words("pi is 3.14, e is 2.718. 42 is 6*7! v1.2 and 1,000") == [
        "pi", "is", "3.14", "e", "is", "2.718", "42", "is", "6", "7", "v1.2", "and", "1", "000"]
    t = tokenize("It costs 3.5 dollars. Then 4. Done")
    assert t.words == ["it", "costs", "3.5", "dollars", "then", "4", "done"]
    assert list(t.sentence) == [0, 0, 0, 0, 1, 1, 2]           # "4." ends a sentence


def test_spans_point_into_the_text():
    t = tokenize("Ça va?  Très bien.\nMerci")
    for w, s, e in zip(t.words, t.starts, t.ends):
        assert t.text[s:e].lower() == w
    assert t.words == ["ça", "va", "très", "bien", "merci"]


@pytest.mark.parametrize("text,sentences", [
    ("a b\nc d", [[0, 1], [2, 3]]),
    ("a b\r\nc d", [[0, 1], [2, 3]]),
    ("a b. c d! e f? g", [[0, 1], [2, 3], [4, 5], [6]]),
    ("我 们。你 们！他 们？她", [[0, 1], [2, 3], [4, 5], [6]]),
    ("a b\n\n\n. . c d", [[0, 1], [2, 3]]),                   # empty sentences are skipped
    ("a b; c d", [[0, 1], [2, 3]]),
])
def test_sentence_splitting(text, sentences):
    t = tokenize(text)
    got = [list(np.flatnonzero(t.sentence == s)) for s in range(t.sentence.max() + 1)]
    assert got == sentences


def test_sentence_tokens_and_count():
    c = Corpus.from_text("a b c\nd e\nf g h i")
    assert c.n_sentences == 3
    assert list(c.sentence_tokens(1)) == [3, 4]
    assert list(c.sentence_tokens(2)) == [5, 6, 7, 8]


# ----- vocabulary --------------------------------------------------------------------------
def test_vocab_order_is_count_then_first_appearance():
    vocab = build_vocab("b a c a d b e a".split())
    assert vocab.words == ["a", "b", "c", "d", "e"]
    assert list(vocab.counts) == [3, 2, 1, 1, 1]
    assert vocab.id("c") == 2 and "e" in vocab and "z" not in vocab and len(vocab) == 5


def test_min_count_drops_rare_words_from_vocab_and_pairs():
    c = Corpus.from_text("a b a c a b\nd a b", min_count=2)
    assert c.vocab.words == ["a", "b"]
    assert list(c.ids) == [0, 1, 0, -1, 0, 1, -1, 0, 1]
    p = c.pairs(window=1)
    assert (c.ids[p.ctok] >= 0).all() and (c.ids[p.otok] >= 0).all()
    # positions are counted after removal: "a c a" -> a a adjacent
    assert (2, 4) in set(zip(p.ctok.tolist(), p.otok.tolist()))
    assert c.vocab.counts.sum() == (c.ids >= 0).sum()


# ----- caps --------------------------------------------------------------------------------
def test_character_cap():
    with pytest.raises(CorpusTooLargeError) as err:
        Corpus.from_text("a" * (MAX_CHARS + 1))
    assert err.value.code == "corpus_too_large"
    message = error_message(err.value)
    assert f"{MAX_CHARS:,}" in message and "characters" in message


def test_token_cap():
    tokenize("a " * MAX_TOKENS)                                   # exactly at the cap: fine
    with pytest.raises(CorpusTooLargeError) as err:
        tokenize("a " * (MAX_TOKENS + 1))
    message = error_message(err.value)
    assert "words" in message and f"{MAX_TOKENS:,}" in message


def test_vocabulary_cap():
    many = " ".join(f"w{i}" for i in range(MAX_VOCAB + 1))
    with pytest.raises(VocabularyTooLargeError) as err:
        Corpus.from_text(many)
    assert err.value.code == "vocab_too_large"
    message = error_message(err.value)
    assert f"{MAX_VOCAB + 1:,}" in message and "min count" in message
    assert len(Corpus.from_text(many, min_count=1, max_vocab=MAX_VOCAB + 1).vocab) == 5001
    with pytest.raises(VocabularyTooLargeError):
        Corpus.from_text("a b c d", max_vocab=3)
    # min count brings it back under the cap
    assert len(Corpus.from_text(many + " w1 w2", min_count=2).vocab) == 2


# ----- pairs -------------------------------------------------------------------------------
def _pair_set(p):
    return set(zip(p.ctok.tolist(), p.otok.tolist()))


def test_pairs_never_cross_a_sentence():
    c = Corpus.from_text("a b c. d e f\ng h i j! k l")
    s = c.tokens.sentence
    for window in (1, 2, 5, 10):
        p = c.pairs(window)
        assert (s[p.ctok] == s[p.otok]).all()
        assert (np.abs(p.ctok - p.otok) <= window).all() and (p.ctok != p.otok).all()


@pytest.mark.parametrize("n,m", [(7, 2), (5, 1), (4, 10), (10, 3)])
def test_pair_count_formula(n, m):
    """A sentence of n words and window m has sum_i [min(i, m) + min(n-1-i, m)] pairs."""
    c = Corpus.from_text(" ".join(f"w{i}" for i in range(n)))
    expected = sum(min(i, m) + min(n - 1 - i, m) for i in range(n))
    assert len(c.pairs(m)) == expected
    if m < n:
        assert expected == 2 * (m * n - m * (m + 1) // 2)
    assert (7, 2) != (n, m) or expected == 22


def test_pairs_are_grouped_by_centre_in_window_order():
    c = Corpus.from_text("a b c d e")
    p = c.pairs(2)
    assert p.n_groups == 5
    groups = [p.otok[p.group_ptr[g]:p.group_ptr[g + 1]].tolist() for g in range(p.n_groups)]
    assert groups == [[1, 2], [0, 2, 3], [0, 1, 3, 4], [1, 2, 4], [2, 3]]
    for g in range(p.n_groups):
        assert len(set(p.ctok[p.group_ptr[g]:p.group_ptr[g + 1]].tolist())) == 1


def test_dynamic_window_is_seeded_and_only_changes_pairs_when_on():
    c = Corpus.from_text(" ".join(f"w{i % 13}" for i in range(200)))
    static = c.pairs(5)
    assert _pair_set(c.pairs(5)) == _pair_set(static)
    rng = lambda seed: np.random.default_rng(seed)  # noqa: E731
    a, b, other = (c.pairs(5, dynamic_window=True, rng=rng(s)) for s in (1, 1, 2))
    assert _pair_set(a) == _pair_set(b)                        # seeded
    assert _pair_set(a) != _pair_set(other)
    assert _pair_set(a) < _pair_set(static)                    # reduced windows only
    assert len(a) < len(static)
    # dynamic_window off with an rng: the rng is not used, pairs are static
    r = rng(3)
    assert _pair_set(c.pairs(5, dynamic_window=False, rng=r)) == _pair_set(static)
    assert r.random() == rng(3).random()
    with pytest.raises(ValueError):
        c.pairs(5, dynamic_window=True)


def test_subsampling_is_seeded_and_drops_frequent_words():
    text = "\n".join(" ".join(["the"] * 5 + [f"w{i}", f"v{i}"]) for i in range(40))
    c = Corpus.from_text(text)
    static = c.pairs(2)
    a = c.pairs(2, subsample=1e-3, rng=np.random.default_rng(0))
    b = c.pairs(2, subsample=1e-3, rng=np.random.default_rng(0))
    other = c.pairs(2, subsample=1e-3, rng=np.random.default_rng(1))
    assert _pair_set(a) == _pair_set(b) and _pair_set(a) != _pair_set(other)
    s = c.tokens.sentence
    assert (s[a.ctok] == s[a.otok]).all()
    the = c.vocab.id("the")
    share = lambda p: np.mean(c.ids[p.ctok] == the)  # noqa: E731
    assert share(a) < 0.5 * share(static)                      # "the" is mostly dropped
    assert _pair_set(c.pairs(2, subsample=0.0, rng=np.random.default_rng(0))) == \
        _pair_set(static)
    # t = 1 keeps every word (keep probability >= 1): the static pairs
    assert _pair_set(c.pairs(2, subsample=1.0, rng=np.random.default_rng(0))) == \
        _pair_set(static)
    with pytest.raises(ValueError):
        c.pairs(2, subsample=1e-3)


# ----- decoding uploads --------------------------------------------------------------------
def test_decode_bytes():
    text = "Héllo wörld. 你好，世界！"
    assert decode_bytes(text.encode("utf-8")) == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == text     # BOM dropped
    chinese = "我喜欢苹果。你喜欢香蕉吗？这是一个用 GB18030 编码的文件。"
    data = chinese.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_bytes(data) == chinese
    assert decode_bytes(b"a\r\nb\tc") == "a\r\nb\tc"


@pytest.mark.parametrize("data", [
    b"", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256)),
    bytes(np.random.default_rng(0).integers(1, 256, 400, dtype=np.uint8)),
    b"\x01\x02\x03\x04\x05\x06\x07\x08" * 20,
])
def test_decode_bytes_rejects_binary_and_empty(data):
    with pytest.raises(DecodeError) as err:
        decode_bytes(data)
    assert err.value.code.startswith("decode_") and str(err.value) == err.value.code
    if not data:
        assert err.value.code == "decode_empty" and "empty" in error_message(err.value)


# ----- typed errors ------------------------------------------------------------------------
@pytest.mark.parametrize("text,error", [
    ("", EmptyCorpusError), ("   \n\t  \r\n ", EmptyCorpusError),
    ("!!! ... ??? —— 。。！", EmptyCorpusError), ("🙂😀 🎉 ✨ 👍🏽", EmptyCorpusError),
    ("word", TooFewWordsError), ("Same same SAME. same!", TooFewWordsError),
    ("one.\ntwo.\nthree.", NoPairsError),
])
def test_corpus_errors(text, error):
    with pytest.raises(error) as err:
        Corpus.from_text(text)
    assert isinstance(err.value, W2VError) and isinstance(err.value, ValueError)
    message = error_message(err.value)
    assert message and "{" not in message
    if error is TooFewWordsError:
        assert "1 distinct word" in message and "at least 2" in message
    if error is EmptyCorpusError:
        assert "no words" in message


def test_too_few_words_after_min_count():
    with pytest.raises(TooFewWordsError) as err:
        Corpus.from_text("a a a b c", min_count=2)
    assert err.value.params == {"n": 1, "min_count": 2}


@pytest.mark.parametrize("name,value", [
    ("window", 0), ("window", -1), ("window", 11), ("window", 2.5), ("dim", 0), ("dim", -3),
    ("dim", 301), ("lr", 0.0), ("lr", -0.01), ("lr", float("nan")), ("lr", float("inf")),
    ("negatives", 0), ("init_scale", 0.0), ("subsample", -0.1), ("min_count", 0),
    ("seed", -1), ("lr_decay_epochs", 0), ("dim", True), ("lr", None), ("window", "3"),
])
def test_invalid_settings(name, value):
    with pytest.raises(InvalidSettingError) as err:
        Config(**{name: value})
    e = err.value
    assert e.code == "invalid_setting" and e.params["name_key"] == f"setting.{name}"
    message = error_message(e)
    assert message.startswith(t(f"setting.{name}") + " must be") and repr(value) in message
    assert str(e).startswith("invalid_setting: name_key='setting.")


def test_invalid_choices_and_valid_edges():
    with pytest.raises(InvalidSettingError):
        Config(architecture="glove")
    with pytest.raises(InvalidSettingError):
        Config(objective="hierarchical")
    with pytest.raises(InvalidSettingError):
        Config(lr_min_fraction=0.0)
    Config(window=1, dim=1, lr=10.0, negatives=50, subsample=1.0)      # inclusive ranges
    Config(lr=1e-6, init_scale=1e-6, window=10, dim=300, seed=2**32 - 1)
    assert Config(dim=4.0).dim == 4.0
    c = Config()
    assert Config.from_dict({**c.to_dict(), "unknown": 1}) == c
    with pytest.raises(InvalidSettingError):
        c.replace(window=0)


def test_error_classes_expose_code_and_params():
    e = CorpusTooLargeError(size=1234567, unit_key="unit.characters", limit=1000000)
    assert e.code == "corpus_too_large" and e.params["size"] == 1234567
    assert str(e) == "corpus_too_large: size=1234567, unit_key='unit.characters', limit=1000000"
    assert error_message(e) == "The corpus has 1,234,567 characters; the limit is 1,000,000. " \
                               "Use a shorter text."
    assert error_message(e, "zh") == "语料有 1,234,567 个字符，上限是 1,000,000。请使用更短的文本。"
    assert corpus_module.MAX_VOCAB == MAX_VOCAB
