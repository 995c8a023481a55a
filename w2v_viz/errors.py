"""Typed errors. Each class has a stable ``code``; an error carries only that code and its
``params``, never text: its message, in every language and English too, is the string
"error.<code>" of the UI's table (``strings/<lang>.toml``, formatted by
``views.i18n.error_message``). A param that is itself a word (a setting's name, a unit,
"the loss") is passed as a table key in a param named ``<name>_key``, and the message
gets its text as ``{<name>}``.

``str(error)`` is for logs and tracebacks, not visitors: ``"<code>: <param>=<value>, ..."``,
e.g. ``too_few_words: n=1, min_count=2``.
"""


class W2VError(ValueError):
    """Base class for every error the engine raises on bad input or bad training; only
    subclasses with a ``code`` are raised."""

    code = ""

    def __init__(self, **params):
        if not self.code:
            raise TypeError(f"{type(self).__name__} has no code: raise a subclass")
        self.params = params
        super().__init__(self.code, params)

    def __str__(self) -> str:
        detail = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{self.code}: {detail}" if detail else self.code


class EmptyCorpusError(W2VError):
    code = "empty_corpus"


class TooFewWordsError(W2VError):
    code = "too_few_words"            # n, min_count


class NoPairsError(W2VError):
    code = "no_pairs"


class CorpusTooLargeError(W2VError):
    code = "corpus_too_large"         # size, unit_key ("unit.characters" or "unit.words"), limit


class VocabularyTooLargeError(W2VError):
    code = "vocab_too_large"          # size, limit


class InvalidSettingError(W2VError):
    code = "invalid_setting"          # name_key ("setting.<name>"), expected_key ("expect.*")
    #                                   and its params, value


class DivergenceError(W2VError):
    code = "divergence"               # step, what_key or what, value_key, lr


class SegmenterMissingError(W2VError):
    code = "segmenter_missing"


class DecodeError(W2VError):
    """A file (the text to learn from, or a saved run) cannot be read."""


class NoUploadError(DecodeError):
    code = "no_upload"


class UploadTooBigError(DecodeError):
    code = "upload_too_big"           # limit (MB)


class EmptyFileError(DecodeError):
    code = "decode_empty"


class BinaryFileError(DecodeError):
    code = "decode_binary"


class EncodingError(DecodeError):
    code = "decode_encoding"


class Utf16Error(DecodeError):
    code = "decode_utf16"


class NotARunError(DecodeError):
    code = "not_a_run"                # cause (the exception's class name)


class RunMismatchError(DecodeError):
    code = "run_mismatch"
