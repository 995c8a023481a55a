"""The mini embedding map's message (``wordmap.js`` draws it): the corpus's key words and
this step's words in the plane of their first two principal components, refitted on
every frame (so the axes and the explained variance are current) and turned to match the
last frame (orthogonal Procrustes: the picture moves only as much as the words do).

Key words: those a bundled corpus's description promises (its expected neighbours), or
for another corpus the most frequent content words (w2v_viz/keywords.py: no stop words)."""

from typing import TypedDict

import numpy as np

from views.i18n import t
from w2v_viz import projection
from w2v_viz.keywords import content_ids
from w2v_viz.similarity import vectors

MAX_KEY_WORDS = 14


class Point(TypedDict):
    word: str
    id: int
    x: float
    y: float
    role: str           # "step" (this step's words) or "key"


class MapMessage(TypedDict):
    title: str
    link: str           # the Embeddings page's link text
    note: str           # what the plane is and how much variance it keeps
    empty: str | None
    points: list[Point]
    summary: str        # the map in words, for screen readers


def key_word_ids(vocab, promised=()) -> list[int]:
    """Ids of the promised words present in the vocabulary, else the most frequent content
    words (no stop words)."""
    ids = [vocab.id(w) for w in promised if w in vocab]
    if len(ids) < 3:
        ids = content_ids(vocab, MAX_KEY_WORDS)
    return list(dict.fromkeys(ids))[:MAX_KEY_WORDS]


def message(trainer, record, lang: str, promised=(), previous: dict | None = None,
            space: str = "W1") -> tuple[MapMessage, dict]:
    """The map and the coordinates to pass as ``previous`` next time ({id: (x, y)})."""
    words, model = trainer.vocab.words, trainer.model
    step_ids = [int(record.centre), *map(int, np.ravel(record.contexts))]
    ids = list(dict.fromkeys([*key_word_ids(trainer.vocab, promised), *step_ids]))
    base = {"title": t("map.title", lang), "link": t("map.link", lang), "empty": None}
    if len(ids) < 3:
        return {**base, "note": "", "empty": t("map.too_few", lang), "points": [],
                "summary": t("map.too_few", lang)}, {}
    E = vectors(model.W1[ids], model.W2[:, ids], space)
    with np.errstate(over="ignore", invalid="ignore"):          # diverged weights: no map
        pca = projection.fit_pca(E, 2)
        coords = pca.transform(E)                               # (n, 2)
    if not np.isfinite(coords).all():
        return {**base, "note": "", "empty": t("map.diverged", lang), "points": [],
                "summary": t("map.diverged", lang)}, {}
    common = [i for i, w in enumerate(ids) if previous and w in previous]
    if len(common) >= 2:
        coords = projection.turned_to(coords, np.array([previous[ids[i]] for i in common]),
                                      common)
    step = set(step_ids)
    points = [{"word": words[w], "id": w, "x": float(x), "y": float(y),
               "role": "step" if w in step else "key"} for w, (x, y) in zip(ids, coords)]
    share = float(pca.explained.sum())
    note = t("map.note", lang, n=len(ids), share=f"{100 * share:.0f}%")
    summary = t("map.summary", lang, n=len(ids),
                words=", ".join(words[w] for w in ids[:6]))
    return ({**base, "note": note, "points": points, "summary": summary},
            {w: (float(x), float(y)) for w, (x, y) in zip(ids, coords)})
