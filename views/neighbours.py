"""A ranked table of words by cosine (``neighbours.js``): the nearest neighbours of a word,
or the words closest to a − b + c (an analogy), under the inputs that pick its words.
Redrawn in place on every Step. The inputs are the view's own (a pick is the view's
``pick`` trigger, ``{"name", "word"}``), not Streamlit widgets: a widget in the live
fragment, with its list of words, would be sent again on every Step."""

from typing import TypedDict

import numpy as np

from views.i18n import t
from w2v_viz.similarity import analogy_of_unit, nearest_unit, normalise, vectors


class Pick(TypedDict):
    name: str                   # what it picks: "query", or the analogy's "a", "b", "c"
    label: str
    value: str


class NeighboursMessage(TypedDict):
    picks: list[Pick]           # the inputs above the table
    options: list[str]          # the words the inputs list (any other can be typed)
    help: str
    title: str
    headers: list[str]          # rank, word, cosine
    rows: list[list]            # [word, cosine] best first
    empty: str | None           # e.g. a typed word that is not in the vocabulary
    summary: str


def unit_vectors(trainer, space: str = "W1") -> np.ndarray:
    """The word vectors scaled to length 1 (compute once, pass to both tables)."""
    return normalise(vectors(trainer.model.W1, trainer.model.W2, space))


def _unknown(vocab, words, lang):
    missing = [w for w in words if w not in vocab]
    return t("emb.unknown", lang, word=missing[0]) if missing else None


def _base(title, lang, picks, options) -> dict:
    return {"picks": [{"name": n, "label": label, "value": v} for n, label, v in picks],
            "options": list(options), "help": t("emb.word_help", lang), "title": title,
            "headers": [t("emb.rank", lang), t("emb.word", lang), t("emb.cosine", lang)]}


def neighbours(trainer, word: str, lang: str, space: str = "W1", k: int = 8,
               N: np.ndarray | None = None, options=()) -> NeighboursMessage:
    """The k nearest neighbours of ``word`` (``N``: ``unit_vectors``, if already made;
    ``options``: the words its input lists)."""
    vocab = trainer.vocab
    base = _base(t("emb.neighbours_of", lang, word=word), lang,
                 [("query", t("emb.query", lang), word)], options)
    missing = _unknown(vocab, [word], lang)
    if missing:
        return {**base, "rows": [], "empty": missing, "summary": missing}
    N = unit_vectors(trainer, space) if N is None else N
    rows = nearest_unit(N, N[vocab.id(word)], vocab.words, k, exclude={word})
    return {**base, "rows": [[w, c] for w, c in rows], "empty": None,     # printed in JS
            "summary": t("emb.neighbours_summary", lang, word=word,
                         words=", ".join(w for w, _ in rows[:5]))}


def analogy(trainer, a: str, b: str, c: str, lang: str, space: str = "W1",
            k: int = 5, N: np.ndarray | None = None, options=()) -> NeighboursMessage:
    """The k words closest to a − b + c (of unit vectors), a, b and c left out."""
    vocab = trainer.vocab
    base = _base(t("emb.analogy_caption", lang, a=a, b=b, c=c), lang,
                 [("a", "a", a), ("b", "− b", b), ("c", "+ c", c)], options)
    missing = _unknown(vocab, [a, b, c], lang)
    if missing:
        return {**base, "rows": [], "empty": missing, "summary": missing}
    N = unit_vectors(trainer, space) if N is None else N
    rows = analogy_of_unit(N, vocab, a, b, c, k)
    return {**base, "rows": [[w, s] for w, s in rows], "empty": None,
            "summary": t("emb.analogy_summary", lang, a=a, b=b, c=c,
                         words=", ".join(w for w, _ in rows[:5]))}
