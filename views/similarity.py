"""The similarity heatmap's message (``similarity.js`` draws it on a canvas, its labels in
SVG): the cosine similarity of the corpus's key words (grouped as the corpus promises
them, so the groups show as blocks) or, for another corpus, of the most frequent words.
Every word label is drawn (rotated on the top axis; thinned only when a cell is too small
for the font, the full word then on hover/focus), and the cells update in place."""

from typing import TypedDict

import numpy as np

from views.i18n import t
from w2v_viz.keywords import content_ids
from w2v_viz.similarity import cosine_matrix, vectors

from .embeddings import SPACE_KEYS, step_ids

MAX_WORDS = 25


class SimilarityMessage(TypedDict):
    title: str
    caption: str
    words: list[str]
    cos: np.ndarray             # (n, n) as computed (the view prints 2 decimals, tips 3)
    step: list[int]             # positions of this step's words among ``words``
    cell: str                   # hover template: {a}, {b}, {c}
    keys_hint: str
    summary: str


def word_ids(vocab, promised=(), max_words: int = MAX_WORDS) -> tuple[list, bool]:
    """(ids, keyed): the promised words present (in their groups' order) when at least 3,
    else the most frequent content words (no stop words: w2v_viz/keywords.py)."""
    ids = list(dict.fromkeys(vocab.id(w) for w in promised if w in vocab))
    if len(ids) >= 3:
        return ids[:max_words], True
    return content_ids(vocab, max_words), False


def message(trainer, record, lang: str, space: str = "W1", promised=(),
            max_words: int = MAX_WORDS) -> SimilarityMessage:
    model, vocab = trainer.model, trainer.vocab
    ids, keyed = word_ids(vocab, promised, max_words)
    S = cosine_matrix(vectors(model.W1[ids], model.W2[:, ids], space)) if ids else np.zeros((0, 0))
    words = [vocab.words[i] for i in ids]
    where = {w: n for n, w in enumerate(ids)}
    step = [where[i] for i in step_ids(record) if i in where]
    space_name = t(SPACE_KEYS[space], lang)
    caption = (t("emb.sim_caption_key", lang, n=len(ids), space=space_name) if keyed
               else t("emb.sim_caption_top", lang, n=len(ids), V=f"{model.V:,}",
                      space=space_name))
    summary = caption
    if len(ids) >= 2:
        off = S - 2 * np.eye(len(ids))
        a, b = np.unravel_index(int(np.argmax(off)), off.shape)
        summary = t("emb.sim_summary", lang, n=len(ids), a=words[a], b=words[b],
                    c=f"{S[a, b]:.2f}")
    return {"title": t("emb.sim_title", lang), "caption": caption, "words": words,
            "cos": S, "step": step, "cell": t("emb.sim_cell", lang),
            "keys_hint": t("emb.sim_keys", lang), "summary": summary}
