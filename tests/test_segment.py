"""Chinese word segmentation (w2v_viz/segment.py): unsegmented Chinese becomes words with
jieba by default ("auto"), already segmented text keeps its words, characters and spaces
stay available; jieba is loaded only when a text needs it."""

import subprocess
import sys

import pytest

from w2v_viz import Config, Corpus, Trainer
from w2v_viz.corpora import CORPORA
from w2v_viz.corpus import tokenize
from w2v_viz.export import load_run, save_run
from w2v_viz.segment import needs_jieba, resolve
from w2v_viz.similarity import neighbours

CHINESE = CORPORA["chinese"]
UNSEGMENTED = CHINESE.text().replace(" ", "")     # what a Chinese teacher would paste


def words(text, mode):
    return tokenize(text, segmentation=mode).words


def test_modes():
    text = "我喜欢吃苹果和香蕉，国王和王后住在城堡里。我爱NumPy和word2vec"
    assert words(text, "auto") == words(text, "jieba") == [
        "我", "喜欢", "吃", "苹果", "和", "香蕉", "国王", "和", "王后", "住", "在", "城堡",
        "里", "我", "爱", "numpy", "和", "word2vec"]
    assert words("我喜欢苹果", "characters") == ["我", "喜", "欢", "苹", "果"]
    assert words("我喜欢苹果", "spaces") == ["我喜欢苹果"]
    assert words("the king rules", "jieba") == ["the", "king", "rules"]


def test_spans_and_sentences_follow_the_words():
    tokens = tokenize("国王住在宫殿里。\n王后喜欢喝茶", segmentation="jieba")
    for word, lo, hi in zip(tokens.words, tokens.starts, tokens.ends):
        assert tokens.text[lo:hi] == word
    first = tokens.words.index("王后")
    assert first >= 3 and list(tokens.sentence) == [0] * first + [1] * (len(tokens.words) - first)
    assert tokens.segmentation == "jieba"


def test_auto_detects_what_needs_jieba():
    assert needs_jieba(UNSEGMENTED) and needs_jieba("我爱你")
    assert not needs_jieba(CHINESE.text())          # already segmented with spaces
    assert not needs_jieba(CORPORA["royalty"].text())
    assert resolve("auto", UNSEGMENTED) == "jieba"
    assert resolve("auto", CHINESE.text()) == "spaces"
    with pytest.raises(ValueError):
        resolve("words", "我爱你")


def test_the_bundled_chinese_corpus_keeps_its_words():
    auto = Corpus.from_text(CHINESE.text(), segmentation="auto")
    assert auto.segmentation == "spaces"
    assert auto.vocab.words == Corpus.from_text(CHINESE.text()).vocab.words


@pytest.mark.parametrize("objective", ["softmax", "negative"])
def test_unsegmented_chinese_learns_what_the_segmented_corpus_promises(objective):
    corpus = Corpus.from_text(UNSEGMENTED, segmentation="auto")
    assert corpus.segmentation == "jieba"
    assert {"国王", "王后", "公主", "苹果", "香蕉", "咖啡", "茶"} <= set(corpus.vocab.words)
    trainer = Trainer(corpus, Config(objective=objective, lr=0.15, init_scale=0.3))
    for _ in range(30):
        trainer.run_epoch()
    for word, acceptable in CHINESE.expected_neighbours.items():
        top = [w for w, _ in neighbours(trainer.model.W1, trainer.vocab, word, CHINESE.top_k)]
        assert set(top) & set(acceptable), (word, top)
    # characters instead: 国王 is gone, its characters are words
    chars = Corpus.from_text(UNSEGMENTED, segmentation="characters")
    assert "国王" not in chars.vocab and "国" in chars.vocab and chars.char_level


def test_a_saved_run_keeps_its_segmentation():
    trainer = Trainer(Corpus.from_text(UNSEGMENTED, segmentation="auto"), Config())
    trainer.step(3)
    loaded = load_run(save_run(trainer))
    assert loaded.corpus.segmentation == "jieba"
    assert loaded.vocab.words == trainer.vocab.words


def test_jieba_is_loaded_only_when_needed():
    """Importing the app's engine and tokenising English or segmented Chinese never imports
    jieba (its dictionary takes ~0.5-1 s to load); unsegmented Chinese does."""
    code = ("import sys; from w2v_viz import Corpus; from w2v_viz.corpora import CORPORA; "
            "import ui.settings; "
            "[Corpus.from_text(c.text(), segmentation='auto') for c in CORPORA.values()]; "
            "assert 'jieba' not in sys.modules, 'jieba imported'; "
            "Corpus.from_text('国王和王后住在宫殿里。我喜欢喝茶。', segmentation='auto'); "
            "assert 'jieba' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


# Ordinary Chinese a teacher might paste, and the words a learner expects: verbs apart from
# their objects (喝 / 牛奶, jieba's dictionary keeps 喝牛奶 whole), 们 with its noun.
LEARNER = [
    ("我每天早上喝牛奶。", "我 每天 早上 喝 牛奶"),
    ("妈妈喜欢喝茶，爸爸喜欢喝咖啡。", "妈妈 喜欢 喝 茶 爸爸 喜欢 喝 咖啡"),
    ("孩子们在公园里玩。", "孩子们 在 公园 里 玩"),
    ("老师们在教室里上课。", "老师们 在 教室 里 上课"),
    ("他吃苹果，她吃香蕉。", "他 吃 苹果 她 吃 香蕉"),
    ("小猫在喝水。", "小猫 在 喝 水"),
    ("弟弟喜欢踢足球。", "弟弟 喜欢 踢 足球"),
    ("我想喝一杯热牛奶。", "我 想 喝 一杯 热 牛奶"),
    ("我们一起去看电影吧。", "我们 一起 去 看 电影 吧"),
    ("我们今天吃饭了吗", "我们 今天 吃饭 了 吗"),           # a lexicalised word stays whole
]


@pytest.mark.parametrize("text, expected", LEARNER)
def test_segmentation_keeps_verbs_and_objects_apart_as_a_learner_reads(text, expected):
    assert words(text, "jieba") == expected.split()


def test_drink_is_a_word_of_a_pasted_text():
    corpus = Corpus.from_text("".join(text for text, _ in LEARNER), segmentation="auto")
    assert {"喝", "吃", "牛奶", "茶", "咖啡", "孩子们"} <= set(corpus.vocab.words)
    assert not {"喝牛奶", "喝茶", "喝咖啡", "们"} & set(corpus.vocab.words)
