"""Speed and quality against gensim on gensim's Lee corpus (one thread, same settings).

Run: ``python benchmarks/lee_quality.py`` (``--epochs 5 --seeds 1`` for a quick look;
``--init auto,normal`` adds a row per initialisation, side by side; ``--dim 20`` another d).
Needs gensim (requirements-dev.txt).

Both train skip-gram with negative sampling on the same sentences (our tokenizer's, fed to
gensim as token lists) with word2vec's settings: d = 100, K = 5, window 5 (dynamic), sample
1e-3, min count 5, lr 0.025 -> 0.0001 linear decay, 50 epochs. Ours starts from our default
initialisation (Config.init, "auto": word2vec's at this d), unless ``--init`` says otherwise.
Ours is exported in word2vec text format (w2v_viz/export.py) and read back by gensim, so
both are scored by gensim's own ``KeyedVectors.evaluate_word_pairs`` on WordSim-353 and
SimLex-999 (pairs with a word outside the ~1,750-word vocabulary are skipped by gensim).
"Agreement" is the Spearman rho of the pairwise cosines over all words: ours against
gensim of the same seed, and, for the gensim row, gensim against gensim of the next seed
(how much two gensim runs agree: the ceiling). Time is training only (vocabulary built,
numba kernel already compiled), as wall and CPU time (the CPU time is steadier on a shared
machine). Mean ± standard deviation over the seeds.
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")    # one core: set before NumPy loads its BLAS

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from gensim.models import KeyedVectors, Word2Vec  # noqa: E402
from gensim.test.utils import datapath  # noqa: E402
from scipy.stats import spearmanr  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from w2v_viz.config import Config  # noqa: E402
from w2v_viz.corpus import Corpus, tokenize  # noqa: E402
from w2v_viz.export import word2vec_text  # noqa: E402
from w2v_viz.trainer import Trainer  # noqa: E402

DIM, WINDOW, K, SAMPLE, MIN_COUNT = 100, 5, 5, 1e-3, 5
LR, LR_END = 0.025, 0.0001


def lee_corpus() -> Corpus:
    with open(datapath("lee_background.cor"), encoding="utf-8") as f:
        return Corpus.from_text(f.read(), min_count=MIN_COUNT)


def sentences(corpus: Corpus) -> list:
    """Our tokenizer's sentences as token lists (gensim applies min count itself); a
    Corpus keeps only the words' ids, so the text is tokenized again."""
    tokens = tokenize(corpus.text)
    words, sent = tokens.words, tokens.sentence
    cuts = np.flatnonzero(np.diff(sent)) + 1
    return [[words[i] for i in span] for span in np.split(np.arange(len(words)), cuts)]


def train_gensim(sents: list, seed: int, epochs: int, dim: int = DIM) -> tuple:
    model = Word2Vec(vector_size=dim, window=WINDOW, min_count=MIN_COUNT, sg=1, hs=0,
                     negative=K, sample=SAMPLE, alpha=LR, min_alpha=LR_END, workers=1,
                     seed=seed)
    model.build_vocab(sents)
    start, cpu = time.perf_counter(), time.process_time()
    model.train(sents, total_examples=model.corpus_count, epochs=epochs)
    return model.wv, time.perf_counter() - start, time.process_time() - cpu, None


def config(seed: int, epochs: int, dim: int = DIM, init: str | None = None) -> Config:
    """word2vec's settings; the initialisation is the default unless ``init`` is given."""
    c = Config(architecture="skipgram", objective="negative", dim=dim, window=WINDOW,
               negatives=K, lr=LR, lr_decay=True, lr_decay_epochs=epochs,
               lr_min_fraction=LR_END / LR, dynamic_window=True, subsample=SAMPLE,
               min_count=MIN_COUNT, seed=seed)
    return c if init is None else c.replace(init=init)


def train_ours(corpus: Corpus, seed: int, epochs: int, dim: int = DIM,
               init: str | None = None) -> tuple:
    start, cpu = time.perf_counter(), time.process_time()
    trainer = Trainer(corpus, config(seed, epochs, dim, init))
    trainer.run_epochs(epochs)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "ours.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(word2vec_text(corpus.vocab.words, trainer.model.W1))
        return KeyedVectors.load_word2vec_format(path), elapsed, cpu, trainer.step_count


def scores(kv) -> tuple:
    ws = kv.evaluate_word_pairs(datapath("wordsim353.tsv"))[1].statistic
    sl = kv.evaluate_word_pairs(datapath("simlex999.txt"))[1].statistic
    return float(ws), float(sl)


def agreement(a, b) -> float:
    """Spearman rho of all pairwise cosines over the words both know."""
    words = [w for w in a.index_to_key if w in b.key_to_index]
    upper = np.triu_indices(len(words), 1)
    cos = []
    for kv in (a, b):
        E = kv[words]
        E = E / np.linalg.norm(E, axis=1, keepdims=True)
        cos.append((E @ E.T)[upper])
    return float(spearmanr(cos[0], cos[1]).statistic)


def summary(values) -> str:
    mean = statistics.fmean(values)
    spread = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:7.3f} ± {spread:.3f}"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--dim", type=int, default=DIM)
    parser.add_argument("--init", default="",
                        help="initialisations to compare, e.g. auto,normal (default: the "
                             "Config default alone)")
    args = parser.parse_args(argv)
    corpus = lee_corpus()
    sents = sentences(corpus)
    inits = [i for i in args.init.split(",") if i] or [None]
    default = Config(objective="negative", dim=args.dim)
    label = {i: "ours" if i is None else f"ours {i}" for i in inits}
    print(f"Lee: {len(corpus.ids):,} tokens, {len(sents):,} sentences, V = {len(corpus.vocab):,}"
          f" at min count {MIN_COUNT}; d = {args.dim}; {args.epochs} epochs; {args.seeds} "
          f"seeds; the default init here: {default.init} -> {default.init_used}")
    train_ours(corpus, 0, 1, args.dim)             # compile (or load) the kernel first
    runs = {"gensim": [], **{label[i]: [] for i in inits}}
    for seed in range(args.seeds):
        runs["gensim"].append(train_gensim(sents, seed, args.epochs, args.dim))
        for i in inits:
            runs[label[i]].append(train_ours(corpus, seed, args.epochs, args.dim, i))
        print(f"  seed {seed}: " + ", ".join(f"{name} {r[-1][1]:.1f} s" for name, r in
                                             runs.items()) + " (wall)", flush=True)
    n = args.seeds
    rows = {}
    for name, results in runs.items():
        ws, sl = zip(*(scores(r[0]) for r in results))
        if name != "gensim":
            agree = [agreement(r[0], g[0]) for r, g in zip(results, runs["gensim"])]
        else:
            agree = [agreement(results[s][0], results[(s + 1) % n][0]) for s in range(n)
                     ] if n > 1 else [float("nan")]
        rows[name] = ([r[1] for r in results], [r[2] for r in results], ws, sl, agree)
    width = max(8, *map(len, rows))
    print(f"\n{'':{width}s} {'wall time (s)':>16s} {'CPU time (s)':>16s} {'WS353 rho':>16s} "
          f"{'SimLex rho':>16s} {'agreement rho':>16s}")
    for name, columns in rows.items():
        print(f"{name:{width}s} " + " ".join(f"{summary(c):>16s}" for c in columns))
    ceiling = statistics.fmean(rows["gensim"][4])
    for name in runs:
        if name == "gensim":
            continue
        pairs = statistics.fmean(r[3] for r in runs[name])
        for i, kind in ((0, "wall"), (1, "CPU")):
            t_g, t_o = (statistics.fmean(rows[k][i]) for k in ("gensim", name))
            print(f"{name} / gensim {kind} time: {t_o / t_g:.2f}x (target <= 2); {name} "
                  f"trains {pairs / t_o:,.0f} pairs/s ({pairs / args.epochs:,.0f} pairs per "
                  "epoch)")
        for col, i in (("WS353", 2), ("SimLex", 3)):
            diff = statistics.fmean(rows[name][i]) - statistics.fmean(rows["gensim"][i])
            print(f"{name}: {col} rho - gensim's = {diff:+.3f} (target |diff| <= 0.02)")
        gap = statistics.fmean(rows[name][4]) - ceiling
        print(f"{name}: agreement with gensim - gensim's with itself = {gap:+.3f} "
              "(target >= -0.03)")


if __name__ == "__main__":
    main()
