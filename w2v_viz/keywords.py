"""The key words of a corpus without a promised list (a pasted or uploaded text): the most
frequent *content* words. Function words (the, a, in, and; 的, 了, 在) are the most
frequent in any text and teach nothing on a map: English stop words are scikit-learn's
ENGLISH_STOP_WORDS, Chinese ones the project's list in ``data/stopwords_zh.txt``; tokens
without a letter (numbers) are left out too."""

import functools
import itertools
from pathlib import Path

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

STOPWORDS_ZH = Path(__file__).resolve().parent / "data" / "stopwords_zh.txt"


@functools.cache
def stop_words() -> frozenset:
    """English and Chinese stop words (lowercase)."""
    lines = STOPWORDS_ZH.read_text(encoding="utf-8").splitlines()
    zh = {w.strip() for w in lines if w.strip() and not w.startswith("#")}
    return frozenset(ENGLISH_STOP_WORDS) | frozenset(zh)


def is_content_word(word: str) -> bool:
    return word.lower() not in stop_words() and any(ch.isalpha() for ch in word)


def content_ids(vocab, n: int) -> list:
    """Ids of the ``n`` most frequent content words (ids are by frequency), topped up with
    the most frequent others when a text has fewer."""
    # ids are by frequency: stop at the n-th (the live maps ask on every frame)
    ids = list(itertools.islice((i for i, w in enumerate(vocab.words) if is_content_word(w)), n))
    if len(ids) < n:
        taken = set(ids)
        ids += [i for i in range(len(vocab)) if i not in taken][:n - len(ids)]
    return ids
