"""The bundled corpora: well-formed files, and training shows what their descriptions promise.

For every corpus and both objectives (skip-gram), training with the corpus's suggested
settings must lower the loss and put, for every documented word, at least one of its
acceptable neighbours among its top-k cosine neighbours over W1 (the word itself excluded).
"""

import dataclasses

import pytest

from w2v_viz.config import Config
from w2v_viz.corpora import CORPORA, BundledCorpus, load
from w2v_viz.corpus import Corpus
from w2v_viz.similarity import neighbours
from w2v_viz.trainer import Trainer

KEYS = list(CORPORA)
OBJECTIVES = ("softmax", "negative")


def _config(corpus: BundledCorpus, objective: str, **overrides) -> tuple[Config, int]:
    settings = {**corpus.suggested, **overrides}
    epochs = settings.pop("epochs")
    return Config(architecture="skipgram", objective=objective, **settings), epochs


def _train(corpus: BundledCorpus, objective: str, **overrides) -> Trainer:
    config, epochs = _config(corpus, objective, **overrides)
    trainer = Trainer(Corpus.from_text(corpus.text()), config)
    for _ in range(epochs):
        trainer.run_epoch()
    return trainer


def _missing_relations(corpus: BundledCorpus, trainer: Trainer) -> dict:
    """word -> its actual top-k, for every documented relation that does not hold."""
    missing = {}
    for word, acceptable in corpus.expected_neighbours.items():
        top = [w for w, _ in neighbours(trainer.model.W1, trainer.vocab, word, corpus.top_k)]
        if not set(top) & set(acceptable):
            missing[word] = top
    return missing


# ----- metadata and files -------------------------------------------------------------------

def test_registry_order_and_keys():
    assert KEYS[0] == "royalty"
    assert set(KEYS) == {"royalty", "fruit_drinks", "animals_actions", "numbers_colours",
                         "chinese"}
    for key, corpus in CORPORA.items():
        assert corpus.key == key
        assert corpus.filename == f"{key}.txt"


@pytest.mark.parametrize("key", KEYS)
def test_file_shape_and_metadata(key):
    corpus = CORPORA[key]
    text = load(key)
    assert text == corpus.text()
    lines = [line for line in text.splitlines() if line.strip()]
    assert 20 <= len(lines) <= 300, f"{key}: {len(lines)} sentences"
    assert len(set(lines)) == len(lines), f"{key}: duplicate sentences"
    assert corpus.language in ("en", "zh")
    assert set(corpus.title) == {"en", "zh"} and all(corpus.title.values())
    assert set(corpus.description) == {"en", "zh"} and all(corpus.description.values())
    assert 3 <= len(corpus.expected_neighbours) <= 6
    assert corpus.top_k >= 1
    assert dataclasses.is_dataclass(corpus)
    # the suggested settings are valid engine settings (plus "epochs")
    config, epochs = _config(corpus, "softmax")
    assert isinstance(epochs, int) and epochs >= 1
    assert config.dim == corpus.suggested["dim"]

    vocab = Corpus.from_text(text).vocab
    assert 20 <= len(vocab) <= 80, f"{key}: vocabulary of {len(vocab)} words"
    for word, acceptable in corpus.expected_neighbours.items():
        assert word in vocab, f"{key}: {word!r} not in the vocabulary"
        assert acceptable and word not in acceptable
        for other in acceptable:
            assert other in vocab, f"{key}: {other!r} not in the vocabulary"
        # every documented word is named in both descriptions
        assert word in corpus.description["en"], f"{key}: {word!r} not in en description"
        assert word in corpus.description["zh"], f"{key}: {word!r} not in zh description"


def test_chinese_is_segmented_simplified_chinese():
    corpus = CORPORA["chinese"]
    assert corpus.language == "zh"
    words = Corpus.from_text(corpus.text()).vocab.words
    assert "国王" in words and "王后" in words   # multi-character words stay whole
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in w) for w in words)
    for line in corpus.text().splitlines():
        assert "  " not in line and line == line.strip()


def test_english_corpora_are_ascii_lowercase_words():
    for corpus in CORPORA.values():
        if corpus.language != "en":
            continue
        text = corpus.text()
        assert text.isascii() and text == text.lower(), corpus.key


def test_unknown_key():
    with pytest.raises(KeyError):
        load("no-such-corpus")


# ----- training shows the documented structure -----------------------------------------------

@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("key", KEYS)
def test_training_shows_expected_neighbours(key, objective):
    corpus = CORPORA[key]
    trainer = _train(corpus, objective)
    means = trainer.history.epoch_means
    assert len(means) == corpus.suggested["epochs"]
    assert means[-1] < means[0], f"{key}/{objective}: loss did not fall: {means}"
    missing = _missing_relations(corpus, trainer)
    assert not missing, f"{key}/{objective}: relations not shown (word: actual top-k): {missing}"


def test_relations_are_not_there_before_training():
    """The check can fail: with untrained (random) weights most relations do not hold."""
    failures = 0
    total = 0
    for corpus in CORPORA.values():
        for objective in OBJECTIVES:
            config, _ = _config(corpus, objective)
            trainer = Trainer(Corpus.from_text(corpus.text()), config)
            failures += len(_missing_relations(corpus, trainer))
            total += len(corpus.expected_neighbours)
    assert failures >= total // 4, f"only {failures}/{total} relations fail before training"
