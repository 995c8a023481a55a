"""Guided experiments: each lesson opens a prepared run (bundled corpus, settings, a
training log, the same state a shared link holds), says what to predict, click and watch,
and reveals the answer computed here from the live trainer. No Streamlit here; the text
lives apart, in ``lessons/<lang>.toml`` (one table per lesson: title, predict, do, watch,
answer, wait), and ``tests/test_lessons.py`` checks each lesson's claim against the engine.

An answer function gets the trainer (after the visitor's clicks) and returns the
template's numbers and words (raw numbers: the app formats them, as every number it
shows), its ``variant`` (which template reads right: after one epoch, after many...) and
the ``evidence``: the numbers behind each cited one, which the Lessons page draws beside
the answer. None while the lesson's action is not done yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import tomllib

from .config import Config
from .corpus import Corpus
from .runlog import RunLog
from .sgd import noise_distribution
from .similarity import analogy, neighbours
from .trainer import Trainer

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


# ----- 1. one softmax step ---------------------------------------------------------------
def softmax_step(trainer) -> dict | None:
    """The step's ŷ of every word before and right after its update (the record's own
    numbers); e = ŷ − y; the W2 update alone lowers every other logit by lr·ŷ_j·|h|² and
    raises the target's by lr·(1−ŷ_o)·|h|²."""
    r = trainer.last_record
    if r is None or r.objective != "softmax" or len(r.targets) != 1 or len(r.inputs) != 1:
        return None
    words = trainer.vocab.words
    o, c = int(r.targets[0]), int(r.inputs[0])
    before, after = r.probs, r.probs_after()
    others = np.arange(len(before)) != o
    top = int(np.argmax(np.where(others, before, -1.0)))
    w2_only = (r.W2_columns_before - r.lr * r.dW2).T @ r.h - r.z   # W2's update alone
    fell = others & (after < before)
    order = [o, *(j for j in np.argsort(-before, kind="stable") if j != o)]   # target first
    return {
        "target": words[o], "centre": words[c], "step": r.step,
        "p_before": float(before[o]), "p_after": float(after[o]),
        "e_target": float(r.error[o]), "top_other": words[top], "e_top": float(r.error[top]),
        "n_fell": int(fell.sum()), "n_other": int(others.sum()),
        "dz_target": float(w2_only[o]), "dz_top": float(w2_only[top]),
        "rose": bool(after[o] > before[o]),
        "w2_identity": float(np.max(np.abs(w2_only + r.lr * r.error * (r.h @ r.h)))),
        "evidence": {"ids": [int(j) for j in order], "words": [words[j] for j in order],
                     "before": before[order].tolist(), "after": after[order].tolist(),
                     "error": r.error[order].tolist(), "dz_w2": w2_only[order].tolist(),
                     "target": o, "top": top},
    }


# ----- 2. which rows and columns move ----------------------------------------------------
def _moved(trainer, r) -> tuple:
    """(W1 rows, W2 columns) the step changed: its non-zero gradient rows and columns."""
    V = trainer.model.V
    rows = np.flatnonzero((r.dense_dW1(V) != 0).any(axis=1))
    cols = np.flatnonzero((r.dense_dW2(V) != 0).any(axis=0))
    return rows, cols


def rows_columns(trainer) -> dict | None:
    r = trainer.last_record
    if r is None:
        return None
    rows, cols = _moved(trainer, r)
    words = trainer.vocab.words
    return {"rows": len(rows), "V": trainer.model.V, "columns": len(cols), "step": r.step,
            "centre": ", ".join(words[i] for i in rows),
            "evidence": {"words": list(words), "rows": [int(i) for i in rows],
                         "columns": [int(j) for j in cols],
                         "row_change": [float(np.linalg.norm(r.lr * g)) for g in r.dW1],
                         "column_change": np.linalg.norm(r.lr * r.dense_dW2(trainer.model.V),
                                                         axis=0).tolist()}}


# ----- 3. negative sampling --------------------------------------------------------------
def negative_sampling(trainer) -> dict | None:
    r = trainer.last_record
    if r is None or r.objective != "negative":
        return None
    counts = trainer.vocab.counts
    uni = counts / counts.sum()
    noise = noise_distribution(counts)
    words = trainer.vocab.words
    targets = [int(j) for j in np.ravel(r.targets)]
    drawn = [int(j) for j in np.asarray(r.negatives).ravel()]
    common, rare = int(np.argmax(counts)), int(np.argmin(counts))
    _, cols = _moved(trainer, r)
    listed = list(dict.fromkeys([*targets, *drawn, common, rare]))
    return {
        "K": trainer.config.negatives, "columns": len(cols), "V": trainer.model.V,
        "step": r.step,
        "target": ", ".join(words[j] for j in targets),
        "negatives": ", ".join(words[j] for j in drawn),
        "common": words[common], "common_uni": float(uni[common]),
        "common_noise": float(noise[common]),
        "rare": words[rare], "rare_uni": float(uni[rare]), "rare_noise": float(noise[rare]),
        "evidence": {"words": list(words), "columns": [int(j) for j in cols],
                     "targets": targets, "negatives": drawn, "common": common, "rare": rare,
                     "listed": listed, "counts": [int(counts[j]) for j in listed],
                     "uni": [float(uni[j]) for j in listed],
                     "noise": [float(noise[j]) for j in listed]},
    }


# ----- 4. too large a learning rate ------------------------------------------------------
def big_rate(trainer) -> dict | None:
    """The mean loss of the first epoch (or, if the run was stopped before its end, of the
    steps trained) against the same steps at the default rate; every epoch's mean. Only
    the steps at the lesson's rate count: once the rate was changed (a remedy, the
    sidebar), the answer stays what it was then."""
    history = trainer.history
    change = next((c for c in trainer.rate_changes if c[0] > 0), None)
    steps = trainer.step_count if change is None else min(trainer.step_count, change[0])
    if steps == 0:
        return None
    ends = history.epoch_end_steps
    means = [float(m) for m, end in zip(history.epoch_means, ends) if end <= steps]
    first, first_steps = ((means[0], min(steps, trainer.n_units)) if means
                          else history.mean_of_first(steps))    # stopped in the first epoch
    reference = Trainer_like(trainer, lr=Config().lr)
    reference.run(first_steps)                          # the same steps at the default rate
    ref_mean = float(reference.history.sums.sum() / max(reference.history.steps, 1))
    W1 = np.abs(trainer.model.W1)
    at = np.unravel_index(int(np.nanargmax(np.where(np.isfinite(W1), W1, np.inf))), W1.shape)
    variant = ("changed" if change is not None else "partial" if not means
               else "one" if len(means) == 1 else "many")
    return {"lr": float(trainer.config.lr if change is None else change[1]),
            "now": float(trainer.config.lr), "first": first,
            "last": float(means[-1]) if means else first, "epochs": len(means),
            "steps": steps, "first_steps": first_steps,
            "reference": ref_mean, "reference_lr": float(reference.config.lr),
            "max_weight": float(W1[at]), "max_word": trainer.vocab.words[int(at[0])],
            "worse": bool(first > ref_mean), "variant": variant,
            "evidence": {"means": [float(m) for m in means][-MAX_COMPARE_EPOCHS:],
                         "offset": max(0, len(means) - MAX_COMPARE_EPOCHS)}}


# ----- 5. skip-gram vs CBOW --------------------------------------------------------------
COMPARE_WORD = "king"
MAX_COMPARE_EPOCHS = 30
NEAR = 3


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
    out = {"epochs": epochs, "word": COMPARE_WORD, "variant": "one" if epochs == 1 else "",
           "evidence": {}}
    for arch, t in runs.items():
        near = neighbours(t.model, t.vocab, COMPARE_WORD, NEAR)
        out[f"{arch}_loss"] = float(t.history.epoch_means[epochs - 1])
        out[f"{arch}_near"] = ", ".join(w for w, _ in near)
        out["evidence"][arch] = {"means": [float(m) for m in t.history.epoch_means[:epochs]],
                                 "near": near}
    return out


# ----- 6. king − man + woman ------------------------------------------------------------
TOP = 3
SHOWN = 5


def king_queen(trainer) -> dict | None:
    needed = ("king", "man", "woman", "queen")
    if not all(w in trainer.vocab.words for w in needed):
        return None
    best = analogy(trainer.model, trainer.vocab, "king", "man", "woman", k=len(trainer.vocab))
    rank = 1 + [w for w, _ in best].index("queen")
    shown = [(i + 1, w, s) for i, (w, s) in enumerate(best[:SHOWN])]
    if rank > SHOWN:
        shown.append((rank, "queen", best[rank - 1][1]))
    epochs = trainer.epoch
    return {"epochs": epochs, "steps": trainer.step_count, "top": best[:TOP],
            "rank": rank, "of": len(best),
            "variant": ("start" if trainer.step_count == 0 else "partial" if epochs == 0
                        else "one" if epochs == 1 else ""),
            "evidence": {"shown": shown}}


def Trainer_like(trainer, **changes):
    """A fresh trainer on the same corpus with some settings changed (same batch size)."""
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
    trainer = Trainer(Corpus.from_text(corpus_text), Config(**lesson.settings))
    RunLog.parse(lesson.log).replay(trainer)
    return trainer
