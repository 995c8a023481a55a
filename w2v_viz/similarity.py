"""Cosine similarity, nearest neighbours and analogies over the learned vectors."""

import numpy as np

SPACES = ("W1", "W2T", "average")


def vectors(W1: np.ndarray, W2: np.ndarray, space: str = "W1") -> np.ndarray:
    """The word vectors as rows: input vectors (rows of W1), output vectors (columns of W2,
    as rows of W2^T), or their average."""
    if space == "W1":
        return W1
    if space == "W2T":
        return W2.T
    if space == "average":
        return (W1 + W2.T) / 2
    raise ValueError(f"space must be one of {SPACES}")


def embeddings(model, space: str = "W1") -> np.ndarray:
    """The model's word vectors in ``space`` (see ``vectors``)."""
    return vectors(model.W1, model.W2, space)


def normalise(E: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(E, axis=1, keepdims=True)
    return E / np.where(norms > 0, norms, 1.0)


def cosine_matrix(E: np.ndarray) -> np.ndarray:
    N = normalise(E)
    return np.clip(N @ N.T, -1.0, 1.0)      # rounding can give 1.0000000000000004


def _as_matrix(model_or_matrix, space):
    return np.asarray(model_or_matrix) if isinstance(model_or_matrix, np.ndarray) \
        else embeddings(model_or_matrix, space)


def nearest(E: np.ndarray, query: np.ndarray, words: list, k: int, exclude=()) -> list:
    """The k words whose vectors have the highest cosine with ``query``."""
    N = normalise(E)
    q = query / (np.linalg.norm(query) or 1.0)
    sims = np.clip(N @ q, -1.0, 1.0)
    ranked = [i for i in np.argsort(-sims, kind="stable") if words[i] not in exclude]
    return [(words[i], float(sims[i])) for i in ranked[:k]]


def neighbours(model_or_matrix, vocab, word: str, k: int = 5, space: str = "W1") -> list:
    """Cosine nearest neighbours of ``word`` (itself excluded): [(word, cosine)]."""
    E = _as_matrix(model_or_matrix, space)
    return nearest(E, E[vocab.id(word)], vocab.words, k, exclude={word})


def similarity(model_or_matrix, vocab, a: str, b: str, space: str = "W1") -> float:
    E = normalise(_as_matrix(model_or_matrix, space))
    return float(np.clip(E[vocab.id(a)] @ E[vocab.id(b)], -1.0, 1.0))


def analogy(model_or_matrix, vocab, a: str, b: str, c: str, k: int = 5,
            space: str = "W1") -> list:
    """Words closest to a - b + c (king - man + woman ~ queen), a, b, c excluded."""
    N = normalise(_as_matrix(model_or_matrix, space))
    query = N[vocab.id(a)] - N[vocab.id(b)] + N[vocab.id(c)]
    return nearest(N, query, vocab.words, k, exclude={a, b, c})


def nearest_unit(N: np.ndarray, query: np.ndarray, words, k: int, exclude=()) -> list:
    """[(word, cosine)] of the k rows of N (unit vectors) closest to ``query``, ``exclude``
    left out: the same as ``nearest`` (ties by frequency), but sorting only the few
    candidates (argpartition), not all V: for the live tables, redrawn on every step."""
    q = query / (np.linalg.norm(query) or 1.0)
    sims = np.clip(N @ q, -1.0, 1.0)
    m = min(len(sims), k + len(exclude))
    if m <= 0:
        return []
    cand = np.argpartition(-sims, m - 1)[:m] if m < len(sims) else np.arange(len(sims))
    cand = cand[np.lexsort((cand, -sims[cand]))]
    return [(words[i], float(sims[i])) for i in cand if words[i] not in exclude][:k]


def analogy_of_unit(N: np.ndarray, vocab, a: str, b: str, c: str, k: int = 5) -> list:
    """``analogy`` over unit vectors N already made (``nearest_unit``'s ranking)."""
    query = N[vocab.id(a)] - N[vocab.id(b)] + N[vocab.id(c)]
    return nearest_unit(N, query, vocab.words, k, exclude={a, b, c})
