"""Raw text -> tokens -> vocabulary -> (centre, context) pairs through a visible window.

A token keeps its character span in the (NFC-normalised) text and its sentence, so the app
can highlight the current window. Sentences end at line breaks and sentence punctuation;
a window never crosses a sentence boundary.
"""

import re
import unicodedata
from dataclasses import dataclass, replace

import numpy as np

from . import segment
from .errors import (
    BinaryFileError,
    CorpusTooLargeError,
    EmptyCorpusError,
    EmptyFileError,
    EncodingError,
    NoPairsError,
    TooFewWordsError,
    Utf16Error,
    VocabularyTooLargeError,
)

MAX_CHARS = 1_000_000     # corpus length cap (characters)
MAX_TOKENS = 100_000      # corpus length cap (tokens)
MAX_VOCAB = 5_000         # vocabulary cap (after min_count)

# Combining marks that str.isalnum() rejects but that belong inside words.
_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
          "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0981-\u0983\u09bc-\u09d7"
          "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u3099\u309a")
_CJK = ("\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
        "\U00020000-\U0002fa1f")
_LETTER = rf"(?:[^\W_]|[{_MARKS}])"
_WORD = rf"{_LETTER}+(?:['’]{_LETTER}+|(?<=\d)\.\d+)*"
_END = r"[\n\r!?;。！？；…]|\.(?!\d)"
_WORD_RE = re.compile(rf"(?P<tok>{_WORD})|(?P<end>{_END})")
# Character mode: each CJK character is a token; other words stay whole.
_NON_CJK_LETTER = rf"(?:(?![{_CJK}]){_LETTER})"
_CHAR_RE = re.compile(rf"(?P<tok>[{_CJK}]|{_NON_CJK_LETTER}+(?:['’]{_NON_CJK_LETTER}+)*)"
                      rf"|(?P<end>{_END})")


@dataclass
class Tokens:
    """Tokens of a text: ``words[i]`` spans ``text[starts[i]:ends[i]]`` in sentence
    ``sentence[i]`` (sentences numbered from 0, empty ones skipped). A Corpus keeps them
    without ``words`` (None): its ``ids`` say the same."""

    text: str
    words: list | None
    starts: np.ndarray
    ends: np.ndarray
    sentence: np.ndarray
    segmentation: str = "spaces"    # the Chinese segmentation used (w2v_viz/segment.py)


def tokenize(text: str, lowercase: bool = True, char_level: bool = False,
             segmentation: str | None = None) -> Tokens:
    """Split text into word tokens and sentences (Unicode-aware: Latin, accents, CJK, digits).
    ``segmentation`` (see ``w2v_viz.segment``) defaults to "characters" if ``char_level``,
    else "spaces"; "auto" resolves per text."""
    if len(text) > MAX_CHARS:
        raise CorpusTooLargeError(size=len(text), unit_key="unit.characters",
                                  limit=MAX_CHARS)
    text = unicodedata.normalize("NFC", text)
    mode = segment.resolve(segmentation or ("characters" if char_level else "spaces"), text)
    words, starts, ends, sentence = [], [], [], []
    current, open_sentence = 0, False
    for match in (_CHAR_RE if mode == "characters" else _WORD_RE).finditer(text):
        if match.lastgroup == "end":
            if open_sentence:
                current, open_sentence = current + 1, False
            continue
        pieces = (segment.split_words(match.group()) if mode == "jieba"
                  else [(0, match.end() - match.start())])
        for lo, hi in pieces:
            if len(words) >= MAX_TOKENS:
                raise CorpusTooLargeError(size=len(words) + 1, unit_key="unit.words",
                                          limit=MAX_TOKENS)
            token = text[match.start() + lo:match.start() + hi]
            words.append(token.lower() if lowercase else token)
            starts.append(match.start() + lo)
            ends.append(match.start() + hi)
            sentence.append(current)
            open_sentence = True
    as_array = lambda xs: np.asarray(xs, dtype=np.int32)  # noqa: E731
    return Tokens(text, words, as_array(starts), as_array(ends), as_array(sentence), mode)


@dataclass
class Vocab:
    """Words ordered by count (descending), ties by first appearance."""

    words: list
    counts: np.ndarray

    def __post_init__(self):
        self.index = {w: i for i, w in enumerate(self.words)}

    def __len__(self):
        return len(self.words)

    def __contains__(self, word):
        return word in self.index

    def id(self, word: str) -> int:
        return self.index[word]


def build_vocab(words: list, min_count: int = 1, max_size: int = MAX_VOCAB) -> Vocab:
    counts, first = {}, {}
    for i, w in enumerate(words):
        counts[w] = counts.get(w, 0) + 1
        first.setdefault(w, i)
    kept = [w for w in counts if counts[w] >= min_count]
    kept.sort(key=lambda w: (-counts[w], first[w]))
    if len(kept) > max_size:
        raise VocabularyTooLargeError(size=len(kept), limit=max_size)
    return Vocab(kept, np.array([counts[w] for w in kept], dtype=np.int64))


@dataclass
class Pairs:
    """(centre, context) pairs as token indices, grouped by centre token.

    Pair p joins centre token ``ctok[p]`` to context token ``otok[p]``; pairs of one centre
    occurrence are contiguous, in window order, and ``group_ptr`` delimits them (CSR), so a
    "window" unit g is pairs ``group_ptr[g]:group_ptr[g+1]``.
    """

    ctok: np.ndarray
    otok: np.ndarray
    group_ptr: np.ndarray

    def __len__(self):
        return len(self.ctok)

    @property
    def n_groups(self) -> int:
        return len(self.group_ptr) - 1


class Corpus:
    """A tokenised text with its vocabulary; token ids are -1 for words under min_count."""

    def __init__(self, tokens: Tokens, vocab: Vocab, lowercase: bool, char_level: bool,
                 min_count: int):
        self.vocab = vocab
        self.lowercase, self.char_level, self.min_count = lowercase, char_level, min_count
        self.segmentation = tokens.segmentation
        self.ids = np.array([vocab.index.get(w, -1) for w in tokens.words], dtype=np.int32)
        # The words, once counted, are the ids (and their spans in the text): dropping the
        # list of strings saves ~60 bytes a token in every visitor's session.
        self.tokens = replace(tokens, words=None)

    @classmethod
    def from_text(cls, text: str, lowercase: bool = True, char_level: bool = False,
                  min_count: int = 1, max_vocab: int = MAX_VOCAB,
                  segmentation: str | None = None) -> "Corpus":
        tokens = tokenize(text, lowercase, char_level, segmentation)
        char_level = tokens.segmentation == "characters"
        if not tokens.words:
            raise EmptyCorpusError()
        vocab = build_vocab(tokens.words, min_count, max_vocab)
        if len(vocab) < 2:
            raise TooFewWordsError(n=len(vocab), min_count=min_count)
        corpus = cls(tokens, vocab, lowercase, char_level, min_count)
        if len(corpus.pairs(window=1)) == 0:
            raise NoPairsError()
        return corpus

    @property
    def text(self) -> str:
        return self.tokens.text

    @property
    def n_sentences(self) -> int:
        return int(self.tokens.sentence[-1]) + 1 if len(self.ids) else 0

    def sentence_tokens(self, s: int) -> np.ndarray:
        """Token indices of sentence s."""
        lo, hi = np.searchsorted(self.tokens.sentence, [s, s + 1])
        return np.arange(lo, hi)

    def pairs(self, window: int, dynamic_window: bool = False, subsample: float = 0.0,
              rng: np.random.Generator | None = None) -> Pairs:
        """All (centre, context) token pairs within ``window`` words in the same sentence.

        Words under min_count are removed first, then (if ``subsample`` > 0) frequent words
        are dropped with word2vec's probability 1 - sqrt(t / f); with ``dynamic_window``
        each centre uses a window b ~ U{1..window}. Positions are counted after removal, as
        word2vec does, but every pair keeps its original token indices.
        """
        keep = np.flatnonzero(self.ids >= 0)
        if (dynamic_window or subsample > 0) and rng is None:
            raise ValueError("dynamic_window and subsample need an rng")
        if subsample > 0:
            freq = self.vocab.counts / self.vocab.counts.sum()
            f = freq[self.ids[keep]]
            p_keep = np.minimum(1.0, np.sqrt(subsample / f) + subsample / f)
            keep = keep[rng.random(len(keep)) < p_keep]
        sent = self.tokens.sentence[keep]
        n = len(keep)
        reach = rng.integers(1, window + 1, n) if dynamic_window else np.full(n, window)
        centres, contexts, orders = [], [], []
        for offset in range(-window, window + 1):
            if offset == 0:
                continue
            i = np.arange(max(0, -offset), min(n, n - offset))
            j = i + offset
            ok = (sent[i] == sent[j]) & (abs(offset) <= reach[i])
            centres.append(i[ok])
            contexts.append(j[ok])
            orders.append(np.full(ok.sum(), offset + window))
        ci, oi, order = (np.concatenate(x) for x in (centres, contexts, orders))
        sort = np.lexsort((order, ci))
        ci, oi = ci[sort], oi[sort]
        starts = np.flatnonzero(np.r_[True, ci[1:] != ci[:-1]]) if len(ci) else np.zeros(0, int)
        ptr = np.r_[starts, len(ci)].astype(np.int64)
        return Pairs(keep[ci].astype(np.int32), keep[oi].astype(np.int32), ptr)


def decode_bytes(data: bytes) -> str:
    """Decode an uploaded file: UTF-8 (with or without BOM), else GB18030, else a clear error."""
    if not data:
        raise EmptyFileError()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):    # a UTF-16 (or UTF-32) byte-order mark
        raise Utf16Error()
    if b"\x00" in data[:4096]:
        raise BinaryFileError()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        bad = sum(1 for ch in text[:20000] if unicodedata.category(ch) in ("Cc", "Co", "Cn")
                  and ch not in "\n\r\t")
        if bad <= max(2, len(text[:20000]) // 100):
            return text
    raise EncodingError()
