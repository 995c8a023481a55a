"""PCA of the word vectors for the embedding plot, and the paths words took while training.

``fit_pca`` never fails on small or degenerate inputs (fewer words or dimensions than
components, a constant matrix, a single word): the missing components are zero vectors with
zero explained variance, so the coordinates always have ``n_components`` columns.

Paths ("trails") come from the Timeline's snapshots. With a *fixed* basis every snapshot is
projected through one PCA (by default the one fitted on the current vectors), so movement in
the plot is movement of the vectors. With *refit* each snapshot gets its own PCA (the best
2-D view of the space at that time), its component signs aligned with the reference basis so
the picture does not flip from one snapshot to the next.
"""

from dataclasses import dataclass

import numpy as np
from sklearn import config_context
from sklearn.decomposition import PCA
from threadpoolctl import ThreadpoolController

from .similarity import vectors

_BLAS = ThreadpoolController()   # a handle on the loaded BLAS libraries (process-wide)


def one_blas_thread():
    """A context in which BLAS uses one thread: for the small products of the views
    (5000 x 50 and the like) a second thread only adds contention on a shared machine."""
    return _BLAS.limit(limits=1, user_api="blas")

_TINY = 1e-12


@dataclass
class Projection:
    """A fitted linear projection: ``coords = (E - mean_) @ components_.T``.

    ``components_`` is (n_components, d) and ``explained_variance_ratio_`` (n_components,);
    both are zero-padded where the data had fewer usable components."""

    mean_: np.ndarray
    components_: np.ndarray
    explained_variance_ratio_: np.ndarray

    @property
    def explained(self) -> np.ndarray:
        """Alias of ``explained_variance_ratio_``."""
        return self.explained_variance_ratio_

    @property
    def n_components(self) -> int:
        return self.components_.shape[0]

    def transform(self, E: np.ndarray) -> np.ndarray:
        E = np.asarray(E, dtype=np.float64)
        return (E - self.mean_) @ self.components_.T


def fit_pca(E: np.ndarray, n_components: int = 2) -> Projection:
    """PCA of the rows of ``E`` (V x d) with exactly ``n_components`` output columns."""
    E = np.asarray(E, dtype=np.float64)
    if E.ndim != 2:
        raise ValueError(f"E must be a 2-D matrix, got shape {E.shape}")
    if n_components < 1:
        raise ValueError("n_components must be at least 1")
    V, d = E.shape
    mean = E.mean(axis=0) if V else np.zeros(d)
    components = np.zeros((n_components, d))
    ratio = np.zeros(n_components)
    usable = min(n_components, V - 1, d) if V >= 2 else 0
    total_var = float(((E - mean) ** 2).sum()) if V else 0.0
    if usable >= 1 and np.isfinite(total_var) and total_var > _TINY * max(1.0, np.abs(E).max()):
        if V * d <= SMALL:
            components[:usable], ratio[:usable] = _svd_pca(E - mean, usable)
        else:
            # arrays checked here: skip scikit-learn's checks of them
            with config_context(skip_parameter_validation=True, assume_finite=True):
                pca = PCA(n_components=usable, svd_solver="covariance_eigh").fit(E)
            components[:usable] = pca.components_
            ratio[:usable] = np.nan_to_num(pca.explained_variance_ratio_)
            mean = pca.mean_
    return Projection(mean, components, ratio)


SMALL = 200_000     # V x d up to which the SVD is taken directly (the maps refit each frame)


def _svd_pca(centred: np.ndarray, k: int) -> tuple:
    """(components (k, d), explained variance ratios (k,)) of centred rows: scikit-learn's
    full-SVD PCA, signs included (each component's largest entry positive), without its
    per-call checks, which the live maps would pay on every frame."""
    _, S, Vt = np.linalg.svd(centred, full_matrices=False)
    Vt = Vt[:k]
    signs = np.sign(Vt[np.arange(k), np.abs(Vt).argmax(axis=1)])
    var = S**2
    return Vt * signs[:, None], np.nan_to_num(var[:k] / var.sum())


def project(pca: Projection, E: np.ndarray) -> np.ndarray:
    """Coordinates (V, n_components) of the rows of ``E`` in the basis ``pca``."""
    return pca.transform(E)


def snapshot_matrix(timeline, index: int, space: str = "W1", rows=slice(None)) -> np.ndarray:
    """Snapshot ``index`` of the Timeline as a V x d matrix of word vectors (float64), or
    only its ``rows``."""
    W1 = np.asarray(timeline.W1[index][rows], dtype=np.float64)
    W2 = np.asarray(timeline.W2[index][:, rows], dtype=np.float64)
    return vectors(W1, W2, space)


def align_signs(proj: Projection, reference: Projection) -> Projection:
    """Flip the components of ``proj`` that point against ``reference``'s (PCA signs are
    arbitrary; without this a refitted view can mirror itself between snapshots)."""
    k = min(proj.n_components, reference.n_components)
    dots = np.einsum("kd,kd->k", proj.components_[:k], reference.components_[:k])
    signs = np.ones(proj.n_components)
    signs[:k] = np.where(dots < 0, -1.0, 1.0)
    return Projection(proj.mean_, proj.components_ * signs[:, None],
                      proj.explained_variance_ratio_)


def trails(timeline, pca: Projection | None, word_ids, space: str = "W1",
           refit: bool = False, n_components: int | None = None) -> dict:
    """Path of each word through the Timeline's snapshots: {word id: (T, k) coordinates},
    one row per snapshot (``timeline.steps`` gives their step numbers), oldest first.

    ``pca`` is the fixed basis (refit=False) or the reference for sign alignment
    (refit=True); when None it is fitted on the newest snapshot with ``n_components``
    (default 2) components. k is ``pca.n_components``."""
    ids = [int(i) for i in np.atleast_1d(np.asarray(word_ids, dtype=np.int64))]
    T = len(timeline.steps)
    if T == 0:
        return {}
    if pca is None:
        pca = fit_pca(snapshot_matrix(timeline, T - 1, space), n_components or 2)
    k = pca.n_components
    out = np.zeros((len(ids), T, k))
    for s in range(T):
        if refit:      # each snapshot's own basis, fitted on all its words
            E = snapshot_matrix(timeline, s, space)
            out[:, s, :] = align_signs(fit_pca(E, k), pca).transform(E[ids])
        else:          # the fixed basis: only the chosen words' vectors are needed
            out[:, s, :] = pca.transform(snapshot_matrix(timeline, s, space, ids))
    return {i: out[n] for n, i in enumerate(ids)}


def procrustes_rotation(coords: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """The orthogonal k x k matrix R (a rotation, or a reflection) that best maps the
    rows of ``coords`` (n, k) onto ``previous`` (n, k), the same words' coordinates in the
    last view (orthogonal Procrustes: R = U Vᵀ from the SVD of coordsᵀ previous, as
    SciPy's ``orthogonal_procrustes`` computes it, without its per-call checks: the live
    maps turn every frame). ``coords @ R`` keeps the distances between words, so a basis
    refitted as training goes keeps its axes meaningful (the current best plane) while
    the picture does not spin or flip from one frame to the next."""
    coords = np.asarray(coords, dtype=np.float64)
    previous = np.asarray(previous, dtype=np.float64)
    k = coords.shape[1]
    if len(coords) < 2 or not np.isfinite(coords).all() or not np.isfinite(previous).all():
        return np.eye(k)
    U, _, Vt = np.linalg.svd(coords.T @ previous)      # (k, k) each
    return U @ Vt


def principal_plane(E: np.ndarray, k: int = 2) -> tuple:
    """The best k-dimensional plane of the rows of ``E`` (V x d), by eigendecomposition of
    the d x d covariance (or the V x V Gram matrix when V < d): ``(mean, B, share)`` with
    ``B`` (d, k) orthonormal columns, most variance first (zero columns past the rank) and
    ``share`` the fraction of the total variance the plane keeps. The same subspace and
    explained variance as ``fit_pca`` (scikit-learn), without its per-call validation,
    cheap enough for the Embeddings page to refit on nearly every Step."""
    with one_blas_thread():
        return _principal_plane(np.asarray(E, dtype=np.float64), k)


def _principal_plane(E: np.ndarray, k: int) -> tuple:
    V, d = E.shape
    mean = E.mean(axis=0) if V else np.zeros(d)
    B = np.zeros((d, k))
    X = E - mean
    total = float(np.einsum("ij,ij->", X, X)) if V else 0.0
    if V < 2 or not np.isfinite(total) or total <= _TINY * max(1.0, float(np.abs(E).max())):
        return mean, B, 0.0
    if V < d:                                     # Gram: X X^T = U diag(w) U^T
        w, U = np.linalg.eigh(X @ X.T)
        order = np.argsort(w)[::-1][:min(k, V - 1)]
        w = np.clip(w[order], 0, None)
        keep = w > _TINY * total
        cols = X.T @ U[:, order[keep]] / np.sqrt(w[keep])
    else:
        w, U = np.linalg.eigh(X.T @ X)
        order = np.argsort(w)[::-1][:min(k, d)]
        w = np.clip(w[order], 0, None)
        keep = w > _TINY * total
        cols = U[:, order[keep]]
    B[:, :cols.shape[1]] = cols
    signs = np.sign(B[np.argmax(np.abs(B), axis=0), np.arange(k)])   # deterministic signs
    B *= np.where(signs == 0, 1.0, signs)
    return mean, B, float(w[keep].sum() / total)


def onto_plane(E, mean: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Coordinates of the rows of E (or one vector) in the plane (mean, basis B: d x 2)."""
    return (np.asarray(E, dtype=np.float64) - mean) @ B


def plane_share(E: np.ndarray, mean: np.ndarray, B: np.ndarray) -> float:
    """Share of the variance of the rows of E that the plane (mean, basis B: d x 2,
    orthonormal columns) keeps."""
    X = E - mean
    total = float(np.einsum("ij,ij->", X, X))
    P = X @ B
    return float(np.einsum("ij,ij->", P, P)) / total if total > 0 else 0.0


def turned_to(X: np.ndarray, reference: np.ndarray, rows=slice(None)) -> np.ndarray:
    """X (n x k) turned by the orthogonal map that best matches its ``rows`` to
    ``reference`` (``procrustes_rotation``): a refit that neither spins nor mirrors."""
    return X @ procrustes_rotation(X[rows], reference)
