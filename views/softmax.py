"""The Softmax page's messages (``softmax.js`` draws them): logits z -> e^(z - max z) ->
probabilities, for this step's input (the centre word; CBOW: the averaged context), for
a probe word, or for the notes' King example with the visitor's logits (the sandbox), and
under negative sampling the K+1 sigmoid units the step trains.

A step's numbers are read from its record (z, probs, the loss: the values before this
step's update, the ones the Train page shows); a probe uses the weights now. Bars are
the ``MAX_BARS`` most probable words plus the target(s), sorted by probability. No
Streamlit, no HTML: words travel as plain strings that the browser inserts as text.
"""

from typing import TypedDict

import numpy as np

from views.i18n import step_name, t
from views.theory import fmt
from w2v_viz.model import SoftmaxParts, softmax_parts

MAX_BARS = 30          # the most probable words shown (plus the targets)
MAX_NS_ROWS = 24       # negative sampling: units shown (whole groups of K+1)


class Bar(TypedDict):
    """One word of the softmax: its logit, shifted logit, exponential and probability."""

    word: str
    id: int
    z: float            # the logit u_j . h
    shifted: float      # z - max z (<= 0)
    exp: float          # e^(z - max z), in (0, 1]
    p: float            # the probability: e^(z - max z) / sum over all V words
    y: int              # how many times the word is a target of the step (0: not one)


class Unit(TypedDict):
    """One logistic unit of negative sampling: the target or a drawn negative."""

    word: str
    id: int
    group: int          # which target the unit belongs to (0 .. P-1)
    role: str           # "target" or "negative"
    z: float            # u_j . h
    s: float            # sigma(z)
    y: float            # the label: 1 for the target, 0 for a negative
    e: float            # sigma(z) - y: the error that flows back
    term: float         # this unit's share of the loss: -log sigma(z) or -log sigma(-z)


class SoftmaxMessage(TypedDict):
    kind: str                   # "step", "probe" or "sandbox"
    objective: str              # "softmax" or "negative"
    heading: str                # what is predicted from what
    note: str                   # "values before this step's update" / "weights now"
    V: int
    bars: list[Bar]             # sorted by probability, largest first
    shown: str                  # "the 30 most probable of 46 words, plus the target"
    max_z: float
    max_word: str
    sum_exp: float              # sum of e^(z - max z) over all V words
    loss: float | None          # the record's loss (None for a probe)
    loss_text: str              # e.g. "loss = −log ŷ[said] = 3.848"
    implied: str | None         # negative sampling: why this softmax is not trained
    units: list[Unit] | None    # negative sampling: the K+1 units of each target
    units_note: str
    text: dict[str, str]        # translated labels
    summary: str                # the chart in one sentence, for screen readers


def shown_ids(probs, targets, max_bars: int = MAX_BARS) -> list[int]:
    """The ``max_bars`` most probable word ids plus the targets, sorted by probability
    (largest first; ties by id, so the order is stable)."""
    probs = np.asarray(probs, dtype=np.float64).ravel()
    order = np.argsort(-probs, kind="stable")
    ids = dict.fromkeys(int(j) for j in order[:max_bars])
    ids.update(dict.fromkeys(int(o) for o in np.ravel(targets)))
    return sorted(ids, key=lambda j: (-probs[j], j))


def bars(words, z, parts: SoftmaxParts, probs=None, targets=(),
         max_bars: int = MAX_BARS) -> tuple[list[Bar], dict]:
    """The bars and the facts of the whole softmax (max z, its word, the sum), from the
    engine's stages of it; ``probs``: the record's, if there is one (else parts.probs)."""
    z = np.asarray(z, dtype=np.float64).ravel()
    probs = parts.probs if probs is None else np.asarray(probs, dtype=np.float64).ravel()
    top, shifted, e = parts.top, parts.shifted, parts.exp
    counts = {}
    for o in np.ravel(targets):
        counts[int(o)] = counts.get(int(o), 0) + 1
    out = [{"word": str(words[j]), "id": j, "z": float(z[j]), "shifted": float(shifted[j]),
            "exp": float(e[j]), "p": float(probs[j]), "y": counts.get(j, 0)}
           for j in shown_ids(probs, targets, max_bars)]
    return out, {"max_z": float(z[top]), "max_word": str(words[top]),
                 "sum_exp": parts.sum_exp}


def _units(record, words) -> tuple[list[Unit], int, int]:
    """The K+1 units of each target (whole groups, up to MAX_NS_ROWS rows; with K + 1 >
    MAX_NS_ROWS the target and its first negatives), the groups and negatives shown."""
    P = len(np.ravel(record.targets))
    z, s, err, terms = (np.asarray(a, dtype=np.float64).reshape(P, -1)
                        for a in (record.z, record.probs, record.error, record.unit_losses))
    cols = np.concatenate([np.ravel(record.targets)[:, None],
                           np.asarray(record.negatives).reshape(P, -1)], axis=1)
    groups = max(1, min(P, MAX_NS_ROWS // cols.shape[1]))
    width = min(cols.shape[1], MAX_NS_ROWS)
    units = []
    for p in range(groups):
        for k in range(width):
            j = int(cols[p, k])
            term = float(terms[p, k])     # -log sigma(z) (the target), -log sigma(-z)
            units.append({"word": str(words[j]), "id": j, "group": p,
                          "role": "target" if k == 0 else "negative",
                          "z": float(z[p, k]), "s": float(s[p, k]),
                          "y": 1.0 if k == 0 else 0.0, "e": float(err[p, k]), "term": term})
    return units, groups, width - 1


def _texts(lang: str) -> dict:
    keys = ("z", "exp", "p", "target", "other", "max_line", "word", "sigma", "term",
            "negative", "units_title", "units_def", "softmax_title", "sum")
    return {k: t(f"sm.{k}", lang) for k in keys}


def _base(lang: str) -> dict:
    return {"text": _texts(lang)}


def _summary(lang: str, bar_list: list, facts: dict, V: int) -> str:
    top = ", ".join(f"{b['word']} {100 * b['p']:.1f}%" for b in bar_list[:3])
    return t("sm.summary", lang, n=len(bar_list), V=V, top=top,
             max_z=fmt(facts["max_z"], 3), sum=fmt(facts["sum_exp"], 4))


def step_message(trainer, record, lang: str = "en") -> SoftmaxMessage:
    """The softmax of ``record`` (the last step, or the next one before any step)."""
    words, V = trainer.vocab.words, trainer.model.V
    targets = [int(o) for o in np.ravel(record.targets)]
    negative = record.objective == "negative"
    z = trainer.implied_logits(record) if negative else record.z
    bar_list, facts = bars(words, z, softmax_parts(z), None if negative else record.probs,
                           targets)
    target_words = ", ".join(dict.fromkeys(str(words[o]) for o in targets))
    preview = trainer.last_record is not record
    step = step_name(record.step, preview, lang)
    if record.architecture == "cbow":
        heading = t("sm.heading_cbow", lang, step=step,
                    inputs=", ".join(str(words[int(i)]) for i in np.ravel(record.inputs)),
                    targets=target_words)
    else:
        heading = t("sm.heading", lang, step=step, centre=str(words[record.centre]),
                    targets=target_words)
    note = t("sm.preview" if preview else "sm.before", lang)
    if negative:
        loss_text = t("sm.loss_ns", lang, value=fmt(record.loss, 4))
    elif len(targets) == 1:
        loss_text = t("sm.loss_one", lang, word=str(words[targets[0]]),
                      value=fmt(record.loss, 4))
    else:
        loss_text = t("sm.loss_many", lang, value=fmt(record.loss, 4))
    units, groups, shown_k = _units(record, words) if negative else (None, 0, 0)
    P = len(targets)
    units_note = ""
    if negative:
        K = np.asarray(record.negatives).reshape(P, -1).shape[1]
        units_note = t("sm.units_note", lang, K=K, P=P, shown=groups)
        if shown_k < K:
            units_note += " " + t("sm.units_capped", lang, k=shown_k, K=K)
    return {
        "kind": "step", "objective": record.objective, "heading": heading, "note": note,
        "V": V, "bars": bar_list,
        "shown": t("sm.shown", lang, n=min(MAX_BARS, V), V=V) if len(bar_list) < V
        else t("sm.shown_all", lang, V=V),
        **facts, "loss": float(record.loss), "loss_text": loss_text,
        "implied": t("sm.implied", lang) if negative else None,
        "units": units, "units_note": units_note,
        "summary": _summary(lang, bar_list, facts, V),
        **_base(lang),
    }


def probe_message(trainer, word_id: int, lang: str = "en") -> SoftmaxMessage:
    """The softmax for ``word_id`` as the centre word, with the weights now (no training,
    no target)."""
    words, model = trainer.vocab.words, trainer.model
    out = model.forward([int(word_id)])        # a probe: one unit, no target
    z, probs = out.z[0], out.probs[0]
    bar_list, facts = bars(words, z, softmax_parts(z), probs)
    V = model.V
    return {
        "kind": "probe", "objective": trainer.config.objective,
        "heading": t("sm.probe_heading", lang, centre=str(words[int(word_id)])),
        "note": t("sm.probe_note", lang, n=trainer.step_count),
        "V": V, "bars": bar_list,
        "shown": t("sm.shown_probe", lang, n=min(MAX_BARS, V), V=V) if len(bar_list) < V
        else t("sm.shown_all", lang, V=V),
        **facts, "loss": None, "loss_text": "", "implied": None, "units": None,
        "units_note": "", "summary": _summary(lang, bar_list, facts, V),
        **_base(lang),
    }


def sandbox_message(words, logits, lang: str = "en") -> SoftmaxMessage:
    """The notes' example (centre King, target Queen: the first of ``words``) with the
    visitor's ``logits``; finite for any finite logits."""
    z = np.asarray(logits, dtype=np.float64).ravel()
    parts = softmax_parts(z)
    bar_list, facts = bars(words, z, parts, targets=[0])
    loss = parts.loss(0)
    V = len(z)
    return {
        "kind": "sandbox", "objective": "softmax",
        "heading": t("sm.sandbox_heading", lang, target=str(words[0])),
        "note": t("sm.sandbox_note", lang), "V": V, "bars": bar_list,
        "shown": t("sm.shown_sandbox", lang, V=V, target=str(words[0])),
        **facts, "loss": loss,
        "loss_text": t("sm.loss_one", lang, word=str(words[0]), value=fmt(loss, 4)),
        "implied": None, "units": None, "units_note": "",
        "summary": _summary(lang, bar_list, facts, V), **_base(lang),
    }
