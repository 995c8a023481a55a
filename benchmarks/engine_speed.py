"""Engine speed: recorded steps (Trainer.step) and the bulk path (Trainer.run).

Run: ``python benchmarks/engine_speed.py`` (add ``--quick`` for fewer repeats). BLAS is
limited to one thread, so the numbers are for one core.

Each measurement is repeated several times in this one run; the median and the min are
printed. Corpora are synthetic: Zipf-distributed word ids over exactly V distinct words
(every word appears at least once), joined into sentences of 5..15 words.

Targets: a recorded step <= 50 us at V=50/d=10; bulk negative sampling >= 200k pairs/s.
"""

import argparse
import os
import statistics
import sys
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")    # one core: set before NumPy loads its BLAS

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from w2v_viz.config import Config  # noqa: E402
from w2v_viz.corpus import Corpus  # noqa: E402
from w2v_viz.trainer import Trainer  # noqa: E402


def synthetic_text(V: int, n_tokens: int, seed: int = 0, zipf_a: float = 1.1) -> str:
    """Exactly V distinct words ("w0".."w{V-1}"), Zipf-distributed, in sentences."""
    rng = np.random.default_rng(seed)
    ranks = np.arange(1, V + 1, dtype=np.float64)
    p = ranks ** -zipf_a
    p /= p.sum()
    ids = np.concatenate([np.arange(V), rng.choice(V, size=max(0, n_tokens - V), p=p)])
    rng.shuffle(ids)
    words = [f"w{i}" for i in ids]
    lines, i = [], 0
    while i < len(words):
        n = int(rng.integers(5, 16))
        lines.append(" ".join(words[i:i + n]))
        i += n
    return "\n".join(lines)


def make_corpus(V: int, n_tokens: int) -> Corpus:
    corpus = Corpus.from_text(synthetic_text(V, n_tokens), max_vocab=max(V, 5000))
    assert len(corpus.vocab) == V, (len(corpus.vocab), V)
    return corpus


def median_min(values):
    return statistics.median(values), min(values)


def _seconds(corpus, objective, d, n_steps, repeats, bulk, warmup):
    """Seconds for n_steps of Trainer.step (recorded) or Trainer.run (bulk), per repeat."""
    out = []
    for r in range(repeats):
        t = Trainer(corpus, Config(objective=objective, dim=d, seed=r))
        train = t.run if bulk else t.step
        train(min(warmup, n_steps))
        start = time.perf_counter()
        train(n_steps)
        out.append(time.perf_counter() - start)
    return out


def time_steps(corpus, objective, d, n_steps, repeats):
    """Microseconds per recorded step, one value per repeat."""
    return [s / n_steps * 1e6 for s in _seconds(corpus, objective, d, n_steps, repeats,
                                                 bulk=False, warmup=20)]


def time_bulk(corpus, objective, d, n_steps, repeats):
    """Pairs per second of Trainer.run (skip-gram: one unit = one pair), default batch."""
    return [n_steps / s for s in _seconds(corpus, objective, d, n_steps, repeats,
                                          bulk=True, warmup=2000)]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and steps")
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else 7
    n_step = 300 if args.quick else 2000
    n_bulk = 50_000 if args.quick else 200_000

    small = make_corpus(50, 5_000)
    large = make_corpus(5000, 60_000)
    print(f"numpy {np.__version__}; corpora: V=50 ({len(small.ids)} tokens), "
          f"V=5000 ({len(large.ids)} tokens); {repeats} repeats; median (min)")

    step_us = {}
    for objective in ("softmax", "negative"):
        for name, corpus, d in (("V=50/d=10", small, 10), ("V=5000/d=50", large, 50)):
            n = n_step if corpus is small else max(100, n_step // 4)
            med, low = median_min(time_steps(corpus, objective, d, n, repeats))
            step_us[objective, name] = med
            print(f"step    {objective:8s} {name:12s} {med:9.1f} us/step   (min {low:.1f})")
    for objective in ("softmax", "negative"):
        ratio = step_us[objective, "V=5000/d=50"] / step_us[objective, "V=50/d=10"]
        print(f"ratio   {objective:8s} step(V=5000)/step(V=50) = {ratio:.1f}")

    bulk = {}
    for objective in ("softmax", "negative"):
        n = n_bulk if objective == "negative" else n_bulk // 10
        bs = Trainer(large, Config(objective=objective, dim=50)).batch_size
        med, low = median_min(time_bulk(large, objective, 50, n, repeats))
        bulk[objective] = med
        print(f"bulk    {objective:8s} V=5000/d=50  {med:11,.0f} pairs/s  (min {low:,.0f}; "
              f"batch {bs}; {n:,} pairs per run)")

    small = max(step_us["softmax", "V=50/d=10"], step_us["negative", "V=50/d=10"])
    print(f"target  recorded step <= 50 us at V=50/d=10: {small:.1f} us, "
          f"{'met' if small <= 50 else 'MISSED'}")
    print(f"target  bulk negative sampling >= 200,000 pairs/s: {bulk['negative']:,.0f}, "
          f"{'met' if bulk['negative'] >= 200_000 else 'MISSED'}")


if __name__ == "__main__":
    main()
