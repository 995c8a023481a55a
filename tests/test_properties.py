"""Property tests (hypothesis): any text is handled with at most a typed error, pairs stay in
their sentence, counts add up, training on any accepted text stays finite, and gradients
match finite differences for random shapes. Examples are few and derandomised, so the file
runs in a few seconds and never flakes."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from w2v_viz.config import Config
from w2v_viz.corpus import Corpus, tokenize
from w2v_viz.errors import W2VError
from w2v_viz.trainer import Trainer

PROPERTY = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

# Arbitrary Unicode, plus text made of words, separators and sentence ends so that many
# examples get through to the pairs.
WORD = st.sampled_from(["a", "cat", "Dog", "café", "cafe\u0301", "猫", "喜欢", "3.14", "l'été",
                        "🙂", "über", "ǅ", "ß", "İ", "x_y", "١٢٣", "ﬁ", "ℌ"])
SEP = st.sampled_from([" ", "  ", ", ", "\t", "\n", ". ", "! ", "。", "？", "\r\n", "...", " - "])
WORDY = st.lists(st.tuples(WORD, SEP), max_size=40).map(lambda ts: "".join(a + b for a, b in ts))
TEXT = st.one_of(st.text(max_size=200), WORDY)


def _corpus_or_typed_error(text, lowercase, char_level, min_count):
    try:
        return Corpus.from_text(text, lowercase=lowercase, char_level=char_level,
                                min_count=min_count)
    except W2VError:
        return None          # any other exception fails the test


@PROPERTY
@given(text=TEXT, lowercase=st.booleans(), char_level=st.booleans(),
       min_count=st.integers(1, 3))
def test_any_text_gives_a_corpus_or_a_typed_error(text, lowercase, char_level, min_count):
    tokens = tokenize(text, lowercase, char_level)
    assert len(tokens.words) == len(tokens.starts) == len(tokens.ends) == len(tokens.sentence)
    assert all(w and not any(ch.isspace() for ch in w) for w in tokens.words)
    assert (np.diff(tokens.sentence) >= 0).all() and (np.diff(tokens.starts) > 0).all()
    for w, s, e in zip(tokens.words, tokens.starts, tokens.ends):
        piece = tokens.text[s:e]
        assert (piece.lower() if lowercase else piece) == w
    corpus = _corpus_or_typed_error(text, lowercase, char_level, min_count)
    if corpus is None:
        return
    assert len(corpus.vocab) >= 2
    # vocabulary counts add up to the kept tokens, and ids agree with the words
    kept = corpus.ids >= 0
    assert corpus.vocab.counts.sum() == kept.sum()
    assert (corpus.vocab.counts >= min_count).all()
    assert all(corpus.vocab.words[i] == w for i, w in zip(corpus.ids, tokens.words) if i >= 0)
    assert list(corpus.vocab.counts) == sorted(corpus.vocab.counts, reverse=True)


@PROPERTY
@given(text=WORDY, window=st.integers(1, 10), dynamic=st.booleans(),
       subsample=st.sampled_from([0.0, 1e-3, 0.1]), seed=st.integers(0, 1000))
def test_pairs_never_cross_sentences(text, window, dynamic, subsample, seed):
    corpus = _corpus_or_typed_error(text, True, False, 1)
    if corpus is None:
        return
    rng = np.random.default_rng(seed)
    p = corpus.pairs(window, dynamic, subsample, rng)
    s = corpus.tokens.sentence
    assert (s[p.ctok] == s[p.otok]).all()
    assert (p.ctok != p.otok).all()
    assert (corpus.ids[p.ctok] >= 0).all() and (corpus.ids[p.otok] >= 0).all()
    assert p.group_ptr[0] == 0 and p.group_ptr[-1] == len(p)
    assert (np.diff(p.group_ptr) > 0).all()
    if not dynamic and subsample == 0:
        assert (np.abs(p.ctok - p.otok) <= window).all()
        assert len(p) == len(corpus.pairs(window))


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=WORDY, objective=st.sampled_from(["softmax", "negative"]),
       architecture=st.sampled_from(["skipgram", "cbow"]), window_step=st.booleans(),
       seed=st.integers(0, 1000))
def test_training_any_accepted_text_stays_finite(text, objective, architecture, window_step,
                                                 seed):
    corpus = _corpus_or_typed_error(text, True, False, 1)
    if corpus is None:
        return
    t = Trainer(corpus, Config(objective=objective, architecture=architecture,
                               window_step=window_step, dim=4, seed=seed))
    t.step(3)
    t.run(25)
    assert t.step_count == 28 == t.history.steps
    assert np.isfinite(t.model.W1).all() and np.isfinite(t.model.W2).all()
    assert np.isfinite(t.history.series()[1]).all()


# Gradients against finite differences for random shapes: tests/test_model.py
# (test_gradient_check_random_shapes).
