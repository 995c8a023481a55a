"""The Train page's view data (w2v_viz/train_view.py): the sentence and its window as
segments, the translated templates, one step's complete view as plain JSON."""

import json
from pathlib import Path

import numpy as np

from w2v_viz import Config, Corpus, Trainer
from w2v_viz.i18n import STRINGS
from w2v_viz.train_view import fill, sentence_segments, train_view, window_tokens

TEXT = "the king rules the land\nthe queen rules the land too\na dog barks at the king"


def _trainer(**config) -> Trainer:
    return Trainer(Corpus.from_text(TEXT), Config(dim=4, lr=0.1, seed=1, **config))


def test_segments_mark_centre_context_and_window():
    t = _trainer(window=2)
    t.step(3)
    rec = t.last_record
    segments = sentence_segments(t.corpus, rec.centre_token, rec.context_tokens, 2)
    sentence = t.corpus.sentence_tokens(int(t.corpus.tokens.sentence[rec.centre_token]))
    words = [t.corpus.text[int(t.corpus.tokens.starts[i]):int(t.corpus.tokens.ends[i])]
             for i in sentence]
    assert "".join(text for text, _ in segments) == " ".join(words)   # the whole sentence
    roles = {role for _, role in segments}
    assert [text for text, role in segments if role == "centre"] == [
        t.vocab.words[rec.centre]]
    assert len([1 for _, role in segments if role == "context"]) == len(rec.context_tokens)
    window = window_tokens(t.corpus, rec.centre_token, 2)
    assert len([1 for _, role in segments if role]) == len(window)
    assert roles <= {"", "centre", "context", "window"}


def test_long_sentence_is_clipped_around_the_window():
    text = " ".join(f"w{i}" for i in range(400))
    t = Trainer(Corpus.from_text(text), Config(dim=4, seed=0))
    tok = 200
    segments = sentence_segments(t.corpus, tok, [tok + 1], 2, max_chars=100)
    joined = "".join(text for text, _ in segments)
    assert joined.startswith("… ") and joined.endswith(" …") and len(joined) < 160
    assert ["w200", "centre"] in segments and ["w201", "context"] in segments


def test_fill_keeps_words_apart_from_the_template():
    segments = fill("Centre {centre} → context {contexts}", centre=["<b>king"],
                    contexts=["queen", "land"])
    assert segments == [["Centre ", ""], ["<b>king", "word"], [" → context ", ""],
                        ["queen", "word"], [", ", ""], ["land", "word"]]


def test_view_of_a_step_and_of_the_preview():
    t = _trainer()
    preview = train_view(t, t.preview(), "en")
    assert preview["preview"] == STRINGS["train.preview"]["en"]
    assert preview["chart"]["empty"] and preview["negatives"] is None
    t.step(5)
    view = train_view(t, t.last_record, "en")
    assert view["preview"] is None and view["heading"] == "Step 5 in the text"
    assert len(view["equations"]) >= 5 and len(view["chart"]["x"]) == 5
    assert view["pair"][1] == [t.vocab.words[t.last_record.centre], "word"]
    assert json.loads(json.dumps(view)) == view
    zh = train_view(t, t.last_record, "zh")
    assert zh["heading"] != view["heading"] and zh["caption"] != view["caption"]


def test_view_of_negative_sampling_and_cbow():
    t = _trainer(objective="negative", negatives=3)
    t.step()
    view = train_view(t, t.last_record, "en")
    negatives = [text for text, role in view["negatives"] if role == "word"]
    assert negatives == [t.vocab.words[k] for k in np.ravel(t.last_record.negatives)]
    c = _trainer(architecture="cbow")
    c.step()
    view = train_view(c, c.last_record, "en")
    assert view["pair"][0] == ["Context ", ""]
    assert [w for w, role in view["pair"] if role == "word"][-1] == c.vocab.words[
        c.last_record.centre]


def test_the_katex_that_streamlit_ships_is_found():
    """The Train view typesets with Streamlit's own KaTeX module; if a Streamlit release
    moves it, this fails (and the page falls back to st.latex)."""
    import streamlit as st

    from ui.train_view import KATEX_PATH

    assert KATEX_PATH is not None and KATEX_PATH.startswith("static/js/katex.")
    module = Path(st.__file__).parent / "static" / KATEX_PATH
    assert "renderToString" in module.read_text(encoding="utf-8")
