"""The Explore page's math: every word's vector in a space (input, output or their sum),
its first three principal components (scikit-learn's PCA, through ``projection.fit_pca``)
and each word's nearest neighbours by cosine in all d dimensions."""

from dataclasses import dataclass

import numpy as np

from .projection import fit_pca, one_blas_thread
from .similarity import normalise, vectors

SPACES = ("W1", "W2T", "sum")
BLOCK = 1024            # rows of the cosine matrix held at once (V x BLOCK floats)


def space_vectors(W1, W2, space: str = "W1") -> np.ndarray:
    """The word vectors as rows (float64): W1's rows, W2's columns, or W1 + W2ᵀ (the
    same directions, so the same cosines, as the engine's average of both)."""
    W1, W2 = np.asarray(W1, dtype=np.float64), np.asarray(W2, dtype=np.float64)
    if space == "sum":
        return W1 + W2.T
    if space not in SPACES:
        raise ValueError(f"space must be one of {SPACES}")
    return vectors(W1, W2, space)


@dataclass
class Layout:
    """Every word placed: ``coords`` (V, 3) on the first three principal components
    (the 2-D view is the first two columns), ``explained`` their share of the variance,
    ``nn_ids`` / ``nn_cos`` (V, k) each word's nearest neighbours (itself excluded)."""

    coords: np.ndarray
    explained: np.ndarray
    nn_ids: np.ndarray
    nn_cos: np.ndarray


def top_neighbours(E: np.ndarray, k: int = 3, block: int = BLOCK) -> tuple:
    """Each row's ``k`` nearest other rows by cosine, most similar first (ties: the lower
    id): (ids (V, k), cosines (V, k)); k shrinks to V - 1 for a tiny vocabulary. For the
    hover only: float32 products, k passes of argmax (a full sort of V per word is what
    ``similarity.neighbours`` does for the one word searched)."""
    N = normalise(np.asarray(E, dtype=np.float64)).astype(np.float32)
    V = len(N)
    k = max(0, min(k, V - 1))
    ids, cos = np.zeros((V, k), dtype=np.int64), np.zeros((V, k))
    for start in range(0, V, block):
        S = N[start:start + block] @ N.T
        rows = np.arange(len(S))
        S[rows, start + rows] = -np.inf                     # not its own neighbour
        for n in range(k):
            best = np.argmax(S, axis=1)                     # the first of equal maxima
            ids[start:start + len(S), n] = best
            cos[start:start + len(S), n] = np.clip(S[rows, best], -1.0, 1.0)
            S[rows, best] = -np.inf
    return ids, cos


def layout(E: np.ndarray, k: int = 3) -> Layout:
    """PCA to three components and the ``k`` nearest neighbours of every word."""
    E = np.asarray(E, dtype=np.float64)
    with one_blas_thread():
        pca = fit_pca(E, 3)
        coords = pca.transform(E)
        nn_ids, nn_cos = top_neighbours(E, k)
    return Layout(coords, pca.explained_variance_ratio_, nn_ids, nn_cos)
