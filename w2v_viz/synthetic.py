"""A synthetic Zipf-distributed text with exactly V distinct words (for large-vocabulary
demos and benchmarks)."""

import numpy as np


def zipf_text(V: int, n_tokens: int | None = None, seed: int = 0, sentence_len: int = 12) -> str:
    """Text whose words w0..w{V-1} follow a Zipf law; every word appears at least once."""
    rng = np.random.default_rng(seed)
    n_tokens = n_tokens or max(4 * V, 2000)
    p = 1.0 / np.arange(1, V + 1)
    ids = np.concatenate([np.arange(V), rng.choice(V, n_tokens - V, p=p / p.sum())])
    rng.shuffle(ids)
    words = [f"w{i}" for i in ids]
    lines = [" ".join(words[i:i + sentence_len]) for i in range(0, len(words), sentence_len)]
    return "\n".join(lines) + "\n"
