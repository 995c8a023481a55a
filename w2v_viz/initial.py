"""The weights a run starts from (which one: ``Config.init_used``)."""

import numpy as np


def initial_weights(V: int, d: int, rng, init: str = "normal", scale: float = 0.1) -> tuple:
    """(W1, W2) to start from. "normal": the notes' W1, W2 ~ N(0, scale^2) (randn; the
    notes' rand is an erratum). "word2vec": Mikolov's C code and gensim, W1 ~ U(+-0.5/d)
    and W2 = 0: every input vector starts equally short whatever d, and the output vectors
    grow from nothing (so the first softmax step's dW1 = W2 error is 0, correctly)."""
    if init == "word2vec":
        return (rng.random((V, d)) - 0.5) / d, np.zeros((d, V))
    if init == "normal":
        return rng.standard_normal((V, d)) * scale, rng.standard_normal((d, V)) * scale
    raise ValueError(f"init must be 'normal' or 'word2vec' (Config.init_used); got {init!r}")


def initial_norm(config) -> float:
    """A word vector's typical length at initialisation: ``init_scale * sqrt(d)`` for the
    normal init; for word2vec's, a row of W1 ~ U(+-0.5/d): sqrt(d / 12) / d (W2 is 0)."""
    if config.init_used == "word2vec":
        return float(np.sqrt(config.dim / 12.0) / config.dim)
    return float(config.init_scale * np.sqrt(config.dim))
