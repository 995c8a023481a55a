"""Own text that teaches: on a pasted paragraph the maps' key words are content words (no
stop word: scikit-learn's English list, the project's Chinese list), and the Embeddings
page's analogy starts from them (it used to default to "the − in + cat")."""

from live_ui import EMB_SIM, data, keyed, no_exception, open_app, session
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from views import wordmap
from w2v_viz import Corpus
from w2v_viz.keywords import content_ids, is_content_word, stop_words

PARAGRAPH = """The cat sat on the mat in the sun, and the dog slept by the door with a bone.
In the morning the cat and the dog ran in the garden with the children.
The children fed the cat and the dog in the kitchen, and the cat drank milk on the mat.
A dog and a cat are friends in the house; the dog guards the house at night.
The children play with the dog in the garden and the cat sleeps on the mat.
In the evening the dog and the cat sit by the door and wait for the children."""
CHINESE = ("我每天早上喝牛奶。妈妈喜欢喝茶，爸爸喜欢喝咖啡。"
           "孩子们在公园里玩。我们一起去看电影吧。") * 3


def test_key_words_of_a_pasted_paragraph_are_content_words():
    corpus = Corpus.from_text(PARAGRAPH)
    assert corpus.vocab.words[0] == "the"                      # the most frequent word
    keys = [corpus.vocab.words[i] for i in content_ids(corpus.vocab, 8)]
    assert not set(keys) & ENGLISH_STOP_WORDS, keys
    assert {"cat", "dog", "children", "mat"} <= set(keys)
    assert [corpus.vocab.words[i] for i in wordmap.key_word_ids(corpus.vocab)] == \
        [corpus.vocab.words[i] for i in content_ids(corpus.vocab, wordmap.MAX_KEY_WORDS)]


def test_chinese_key_words_leave_out_function_words():
    corpus = Corpus.from_text(CHINESE, segmentation="auto")
    keys = [corpus.vocab.words[i] for i in content_ids(corpus.vocab, 8)]
    assert not {"的", "了", "在", "我", "我们", "吧"} & set(keys), keys
    assert {"喝", "妈妈", "牛奶"} <= set(keys)
    assert "在" in stop_words() and not is_content_word("2024")


def test_a_paragraph_pasted_in_the_app_maps_and_compares_content_words():
    at = open_app()
    at.session_state["s_source"] = "__paste__"
    at.session_state["s_text"] = PARAGRAPH
    at.run()
    next(b for b in at.sidebar.button if b.label == "Apply").click().run()
    no_exception(at)
    assert session(at).trainer.vocab.words[0] == "the"
    shown = {p["word"] for p in data(at, "w2v_viz.wordmap")["points"] if p["role"] == "key"}
    assert shown and not shown & ENGLISH_STOP_WORDS, shown
    at.switch_page("app_pages/embeddings.py").run()
    no_exception(at)
    picks = [p["value"] for key in ("emb_nb", "emb_analogy") for p in keyed(at, key)["picks"]]
    assert not set(picks) & ENGLISH_STOP_WORDS, picks
    assert len(set(picks[1:])) == 3
    assert not set(data(at, EMB_SIM)["words"]) & ENGLISH_STOP_WORDS
    assert keyed(at, "emb_analogy")["rows"]
