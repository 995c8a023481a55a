"""Guided experiments: each lesson opens a prepared run (bundled corpus, settings, a
training log, the same state a shared link holds), says what to predict, click and watch,
and reveals the answer computed here from the live trainer. No Streamlit here; the text
lives apart, in ``lessons/<lang>.toml`` (one table per lesson: title, predict, do, watch,
answer, wait), and ``tests/test_lessons.py`` checks each lesson's claim against the engine.

An answer function gets the trainer (after the visitor's clicks) and returns the
template's numbers and words, or None while the lesson's action is not done yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import tomllib

from .config import Config
from .corpus import Corpus
from .model import softmax
from .runlog import RunLog
from .sgd import noise_distribution
from .similarity import analogy, neighbours

TEXT_DIR = Path(__file__).resolve().parents[1] / "lessons"
FIELDS = ("title", "predict", "do", "watch", "answer", "wait")


@dataclass(frozen=True)
class Lesson:
    key: str
    corpus: str = "royalty"
    settings: dict = field(default_factory=dict)   # Config fields (sidebar settings)
    log: str = ""                                  # the prepared training position
    action: str = "s"                              # what the visitor does (a log, for tests)
    answer: object = None                          # answer(trainer) -> dict | None


def _fmt(x: float, digits: int = 4) -> str:
    x = float(x)
    if x != 0 and (abs(x) >= 1e6 or abs(x) < 1e-3):
        return f"{x:.{digits - 1}e}"
    return f"{x:.{digits}g}"


# ----- 1. one softmax step ---------------------------------------------------------------
def softmax_step(trainer) -> dict | None:
    """The target's probability before and after the step; e = ŷ − y; the W2 update alone
    lowers every other logit by lr·ŷ_j·|h|² and raises the target's by lr·(1−ŷ_o)·|h|²."""
    r = trainer.last_record
    if r is None or r.objective != "softmax" or len(r.targets) != 1 or len(r.inputs) != 1:
        return None
    words = trainer.vocab.words
    o, c = int(r.targets[0]), int(r.inputs[0])
    p_after = softmax(trainer.model.W2.T @ trainer.model.W1[c])
    others = np.arange(len(r.probs)) != o
    top = int(np.argmax(np.where(others, r.probs, -1.0)))
    w2_only = trainer.model.W2.T @ r.h - r.z          # logit change from W2's update
    return {
        "target": words[o], "centre": words[c],
        "p_before": _fmt(r.probs[o]), "p_after": _fmt(p_after[o]),
        "e_target": _fmt(r.error[o]), "top_other": words[top],
        "e_top": _fmt(r.error[top]),
        "n_fell": int((p_after[others] < r.probs[others]).sum()), "n_other": int(others.sum()),
        "dz_target": _fmt(w2_only[o]), "dz_top": _fmt(w2_only[top]),
        "rose": bool(p_after[o] > r.probs[o]),
        "w2_identity": float(np.max(np.abs(w2_only + r.lr * r.error * (r.h @ r.h)))),
    }


# ----- 2. which rows and columns move ----------------------------------------------------
def rows_columns(trainer) -> dict | None:
    r = trainer.last_record
    if r is None:
        return None
    dW1, dW2 = r.dense_dW1(trainer.model.V), r.dense_dW2(trainer.model.V)
    return {"rows": int((dW1 != 0).any(axis=1).sum()), "V": trainer.model.V,
            "columns": int((dW2 != 0).any(axis=0).sum()),
            "centre": ", ".join(trainer.vocab.words[i] for i in r.rows)}


# ----- 3. negative sampling --------------------------------------------------------------
def negative_sampling(trainer) -> dict | None:
    r = trainer.last_record
    if r is None or r.objective != "negative":
        return None
    counts = trainer.vocab.counts
    uni = counts / counts.sum()
    noise = noise_distribution(counts)
    words = trainer.vocab.words
    drawn = [int(j) for j in np.asarray(r.negatives).ravel()]
    common, rare = int(np.argmax(counts)), int(np.argmin(counts))
    return {
        "K": trainer.config.negatives, "columns": len(r.columns),
        "target": ", ".join(words[int(j)] for j in r.targets),
        "negatives": ", ".join(words[j] for j in drawn),
        "common": words[common], "common_uni": _fmt(uni[common], 3),
        "common_noise": _fmt(noise[common], 3),
        "rare": words[rare], "rare_uni": _fmt(uni[rare], 3), "rare_noise": _fmt(noise[rare], 3),
    }


# ----- 4. too large a learning rate ------------------------------------------------------
def big_rate(trainer) -> dict | None:
    means = trainer.history.epoch_means
    if not means:
        return None
    reference = Trainer_like(trainer, lr=Config().lr)
    reference.run_epoch()                                    # one epoch at the default rate
    return {"lr": _fmt(trainer.config.lr), "first": _fmt(means[0]), "last": _fmt(means[-1]),
            "reference": _fmt(reference.history.epoch_means[0]),
            "reference_lr": _fmt(reference.config.lr),
            "max_weight": _fmt(np.abs(trainer.model.W1).max()),
            "worse": bool(means[0] > reference.history.epoch_means[0])}


# ----- 5. skip-gram vs CBOW --------------------------------------------------------------
COMPARE_WORD = "king"
MAX_COMPARE_EPOCHS = 30


def architectures(trainer) -> dict | None:
    """This run and the same corpus, seed and epochs with the other architecture."""
    epochs = trainer.epoch
    if epochs < 1 or COMPARE_WORD not in trainer.vocab.words:
        return None
    epochs = min(epochs, MAX_COMPARE_EPOCHS)
    this = trainer.config.architecture
    other_arch = "cbow" if this == "skipgram" else "skipgram"
    runs = {this: trainer}
    other = Trainer_like(trainer, architecture=other_arch)
    for _ in range(epochs):
        other.run_epoch()
    runs[other_arch] = other
    out = {"epochs": epochs, "word": COMPARE_WORD}
    for arch, t in runs.items():
        out[f"{arch}_loss"] = _fmt(t.history.epoch_means[epochs - 1])
        out[f"{arch}_near"] = ", ".join(w for w, _ in neighbours(t.model, t.vocab,
                                                                   COMPARE_WORD, 3))
    return out


# ----- 6. king − man + woman ------------------------------------------------------------
def king_queen(trainer) -> dict | None:
    needed = ("king", "man", "woman", "queen")
    if not all(w in trainer.vocab.words for w in needed):
        return None
    best = analogy(trainer.model, trainer.vocab, "king", "man", "woman", k=len(trainer.vocab))
    rank = 1 + [w for w, _ in best].index("queen")
    return {"epochs": trainer.epoch, "steps": trainer.step_count,
            "top": ", ".join(f"{w} ({s:.2f})" for w, s in best[:3]),
            "rank": rank, "of": len(best)}


def Trainer_like(trainer, **changes):
    """A fresh trainer on the same corpus with some settings changed (same batch size)."""
    from .trainer import Trainer
    return Trainer(trainer.corpus, trainer.config.replace(**changes),
                   batch_size=trainer.batch_size)


LESSONS = (
    Lesson("softmax_step", log="", action="s", answer=softmax_step),
    Lesson("rows_columns", log="s3", action="s", answer=rows_columns),
    Lesson("negative_sampling", settings={"objective": "negative", "negatives": 5},
           action="s", answer=negative_sampling),
    Lesson("big_rate", settings={"lr": 1.0}, action="e", answer=big_rate),
    Lesson("architectures", settings={"architecture": "skipgram"}, action="e5",
           answer=architectures),
    Lesson("king_queen", action="e30", answer=king_queen),
)
BY_KEY = {lesson.key: lesson for lesson in LESSONS}


@cache
def texts(lang: str) -> dict:
    """{lesson key: {field: text}} from lessons/<lang>.toml (every field present)."""
    with open(TEXT_DIR / f"{lang}.toml", "rb") as f:
        data = tomllib.load(f)
    for lesson in LESSONS:
        missing = [k for k in FIELDS if k not in data.get(lesson.key, {})]
        if missing:
            raise KeyError(f"lessons/{lang}.toml: {lesson.key} lacks {missing}")
    return data


def build(lesson: Lesson, corpus_text: str):
    """The lesson's prepared trainer, engine-side (tests; the app goes through the URL)."""
    from .trainer import Trainer
    trainer = Trainer(Corpus.from_text(corpus_text), Config(**lesson.settings))
    RunLog.parse(lesson.log).replay(trainer)
    return trainer
