"""What one visitor's model costs at the corpus caps: memory held and time to build and
train, to decide how far the caps (w2v_viz/corpus.py, the sidebar's d) can go.

Usage: python benchmarks/session_size.py [--tokens 100000 300000 ...] [--dim 100]
                                        [--objectives negative softmax]

For each token count, a Zipf text over 5,000 words (``--vocab``) of that length is built
into a Corpus and a Trainer (one objective at a time) and trained for one epoch plus a
recorded step, as a visitor's session is (the times are tracemalloc's: slower than
without it, the full softmax's most); printed: the Python memory the session still
holds (tracemalloc, after a collection: corpus, pairs, W1/W2, history, the timeline of
snapshots), the timeline's share, and the times. The caps are lifted for the larger
counts only inside this process.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from w2v_viz import Config, Corpus, Trainer  # noqa: E402
from w2v_viz import corpus as corpus_module  # noqa: E402

MB = 2**20


def zipf_words(n_tokens: int, vocab: int, seed: int = 0) -> str:
    """n_tokens words drawn from a Zipf law over ``vocab`` words, 20 to a line."""
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, vocab + 1)
    ids = rng.choice(vocab, n_tokens, p=p / p.sum())
    words = [f"w{i}" for i in range(vocab)]
    return "\n".join(" ".join(words[i] for i in ids[k:k + 20]) for k in range(0, n_tokens, 20))


def measure(text: str, dim: int, objective: str) -> dict:
    gc.collect()
    tracemalloc.start()
    t0 = time.perf_counter()
    corpus = Corpus.from_text(text)
    t1 = time.perf_counter()
    trainer = Trainer(corpus, Config(dim=dim, objective=objective))
    trainer.run(trainer.n_units)
    trainer.step()
    t2 = time.perf_counter()
    gc.collect()
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"V": len(corpus.vocab), "units": trainer.n_units, "held": held / MB,
            "peak": peak / MB, "timeline": trainer.timeline.nbytes() / MB,
            "corpus_s": t1 - t0, "epoch_s": t2 - t1}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tokens", type=int, nargs="+", default=[100_000])
    ap.add_argument("--vocab", type=int, default=5000)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--objectives", nargs="+", default=["negative", "softmax"])
    args = ap.parse_args()
    corpus_module.MAX_TOKENS = max(corpus_module.MAX_TOKENS, *args.tokens)
    corpus_module.MAX_CHARS = max(corpus_module.MAX_CHARS, 10 * max(args.tokens))
    Trainer(Corpus.from_text("a b c a b d"), Config(objective="negative")).run(5)  # compile
    print(f"{'tokens':>9} {'objective':>9} {'V':>6} {'held MiB':>9} {'peak MiB':>9} "
          f"{'timeline':>9} {'corpus s':>9} {'epoch s':>8}")
    for n in args.tokens:
        text = zipf_words(n, args.vocab)
        for objective in args.objectives:
            r = measure(text, args.dim, objective)
            print(f"{n:>9,} {objective:>9} {r['V']:>6,} {r['held']:>9.1f} {r['peak']:>9.1f} "
                  f"{r['timeline']:>9.1f} {r['corpus_s']:>9.2f} {r['epoch_s']:>8.2f}")


if __name__ == "__main__":
    main()
