"""Typed errors. Each carries a stable ``code`` and its ``params`` so the UI can show the
message in the user's language; ``str(error)`` is the English message."""


class W2VError(ValueError):
    """Base class for every error the engine raises on bad input or bad training."""

    code = "error"
    template = "{detail}"

    def __init__(self, **params):
        self.params = params
        super().__init__(self.template.format(**params))


class EmptyCorpusError(W2VError):
    code = "empty_corpus"
    template = "The corpus has no words. Paste or upload some text."


class TooFewWordsError(W2VError):
    code = "too_few_words"
    template = ("The corpus has {n} distinct word(s) (after min count {min_count}); "
                "word2vec needs at least 2. Add text or lower min count.")


class NoPairsError(W2VError):
    code = "no_pairs"
    template = ("No (centre, context) pair fits in any sentence: every sentence has a "
                "single word. Put several words on a line.")


class CorpusTooLargeError(W2VError):
    code = "corpus_too_large"
    template = "The corpus has {size:,} {unit}; the limit is {limit:,}. Use a shorter text."


class VocabularyTooLargeError(W2VError):
    code = "vocab_too_large"
    template = ("The vocabulary has {size:,} words; the limit is {limit:,}. "
                "Raise min count or use a shorter text.")


class InvalidSettingError(W2VError):
    code = "invalid_setting"
    template = "{name} must be {expected}; got {value!r}."


class DecodeError(W2VError):
    code = "decode"
    template = "{detail}"


class DivergenceError(W2VError):
    code = "divergence"
    template = ("Training diverged at step {step}: {what} became {value}. The weights were "
                "kept at the last finite step. Click Reset and try a smaller learning rate "
                "(now {lr:g}).")


class SegmenterMissingError(W2VError):
    code = "segmenter_missing"
    template = ("Chinese word segmentation needs the jieba package, which is not installed "
                "(pip install jieba). Choose single characters or spaces instead.")
