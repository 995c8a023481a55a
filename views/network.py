"""One step's whole story, as plain data for ``network.js``: the sentence with the window
marked, the pair, and the network of the step (input -> h -> z -> probs against y ->
error -> the gradients back to W2's columns and W1's rows), with the sizes on the arrows.
No Streamlit, no HTML: texts travel as ``[text, role]`` segments that the browser
inserts as text, so a corpus cannot inject markup; formulas travel as MathML built from
escaped words (``views/mathml.py``).

Every number the network view prints is read from the step record (the loss, h, z,
probs, error, the touched rows and columns: the values before this step's update), so
the same step shows the same numbers on every page.
"""

import string
from typing import TypedDict

import numpy as np

from views.i18n import step_name, t

from .mathml import mathml

CENTRE, CONTEXT, WINDOW, WORD = "centre", "context", "window", "word"


def window_tokens(corpus, centre_token: int, window: int) -> list:
    """Token indices within ``window`` words of the centre in its sentence (words under
    min count do not count, as in training)."""
    sentence = corpus.sentence_tokens(int(corpus.tokens.sentence[centre_token]))
    kept = [int(t) for t in sentence if corpus.ids[t] >= 0]
    i = kept.index(centre_token)
    return kept[max(0, i - window): i + window + 1]


def sentence_segments(corpus, centre_token: int, context_tokens, window: int = 0,
                      max_chars: int = 400) -> list:
    """The sentence around a step as ``[text, role]`` segments: role ``centre`` for the
    centre word, ``context`` for this step's context words, ``window`` for the rest of the
    window, ``""`` for everything else (long sentences are clipped around the window)."""
    tokens = corpus.tokens
    sentence = corpus.sentence_tokens(int(tokens.sentence[centre_token]))
    window = [*window_tokens(corpus, centre_token, window), *map(int, context_tokens)]
    lo_tok, hi_tok = sentence[0], sentence[-1]
    lo, hi = int(tokens.starts[lo_tok]), int(tokens.ends[hi_tok])
    w_lo, w_hi = int(tokens.starts[min(window)]), int(tokens.ends[max(window)])
    if hi - lo > max_chars:   # clip around the window
        lo = max(lo, w_lo - max_chars // 3)
        hi = min(hi, max(w_hi + max_chars // 3, lo + max_chars))
    roles = {**{t: WINDOW for t in window}, **{int(o): CONTEXT for o in context_tokens},
             centre_token: CENTRE}
    out, pos = [], lo
    for tok in sentence:
        s, e = int(tokens.starts[tok]), int(tokens.ends[tok])
        if e <= lo or s >= hi or tok not in roles:
            continue
        out += [[corpus.text[pos:s], ""], [corpus.text[s:e], roles[tok]]]
        pos = e
    out.append([corpus.text[pos:hi], ""])
    out = [[text.replace("\n", " "), role] for text, role in out]
    out[0][0], out[-1][0] = out[0][0].lstrip(), out[-1][0].rstrip()
    if lo > int(tokens.starts[lo_tok]):
        out.insert(0, ["… ", ""])
    if hi < int(tokens.ends[hi_tok]):
        out.append([" …", ""])
    return [seg for seg in out if seg[0]]


def fill(template: str, **words) -> list:
    """A translated template as segments, each ``{field}`` replaced by its words (role
    ``word``, shown bold), comma-separated: ``fill("Centre {centre}", centre=["king"])``."""
    out = []
    for literal, field, _, _ in string.Formatter().parse(template):
        if literal:
            out.append([literal, ""])
        if field is not None:
            for i, w in enumerate(words[field]):
                out += ([[", ", ""]] if i else []) + [[str(w), WORD]]
    return out


def message(trainer, record, lang: str = "en", conceal: bool = False) -> "NetworkMessage":
    """The story of ``record`` (the last step, or the next one before any step), in the
    visitor's language. ``conceal``: the Backward box does not say which rows and columns
    move (a lesson asks it; its answer tells)."""
    words = trainer.vocab.words
    key = "train.pair_cbow" if record.architecture == "cbow" else "train.pair"
    return {
        "heading": t("train.this_step", lang,
                     step=step_name(record.step, trainer.last_record is not record, lang)),
        "sentence": sentence_segments(trainer.corpus, record.centre_token,
                                      record.context_tokens, trainer.config.window),
        "legend": t("train.legend", lang),
        "pair": fill(t(key, lang), centre=[words[record.centre]],
                     contexts=[words[o] for o in record.contexts]),
        "negatives": None if record.negatives is None else fill(
            t("train.negatives", lang), negatives=[words[k] for k in record.negatives.ravel()]),
        "preview": None if trainer.last_record is record else t("train.preview", lang),
        **stages(record, words, lang),
        "concealed": t("net.concealed", lang) if conceal else None,
    }


# ----- the network of one step ---------------------------------------------------------
MAX_UNITS = 6          # output rows shown under the full softmax: targets + most probable
MAX_NS_UNITS = 8       # negative sampling: the K+1 units of each target, up to this many


class Word(TypedDict):
    word: str
    id: int


class Unit(TypedDict):
    """One output unit of the step: a word's logit, probability, label and error."""

    word: str
    id: int
    role: str           # "target", "negative" (a drawn negative) or "other"
    z: float            # softmax: z_j = u_j.h; negative sampling: the unit's score
    p: float            # softmax: probs_j; negative sampling: sigma(z)
    y: float            # the label: 1 for a target, else 0
    e: float            # the error dJ/dz: p - y (summed over targets)


class NetworkMessage(TypedDict):
    heading: str
    sentence: list
    legend: str
    pair: list
    negatives: list | None
    preview: str | None
    concealed: str | None       # instead of the rows and columns that move: why not shown
    objective: str              # "softmax" or "negative"
    architecture: str           # "skipgram" or "cbow"
    V: int
    d: int
    inputs: list[Word]          # the rows of W1 averaged into h
    h: list[float]              # (d,)
    dh: list[float]             # (d,) W2 e: the gradient reaching the input rows (summed)
    units: list[Unit]
    units_shown: str            # e.g. "targets and the 7 most probable of 46 words"
    columns: list[Word]         # W2 columns the step touches (all of them: [] and a count)
    n_columns: int
    loss: float
    loss_terms: list[float]     # -log of each right answer's probability
    lr: float
    math: dict[str, str]        # MathML of each stage's formula
    text: dict[str, str]        # the stages' labels, translated


_MATH = {   # LaTeX of each stage (skip-gram, softmax; the variants below)
    "input": r"x = \mathrm{onehot}(c)",
    "h": r"h = W_1[c]",
    "z": r"z = W_2^\top h",
    "p": r"\hat y = \operatorname{softmax}(z)",
    "e": r"e = \hat y - y",
    "loss": r"\mathrm{loss} = -\log \hat y_o",
    "dW2": r"\partial J / \partial W_2 = h\, e^\top",
    "dW1": r"\partial J / \partial h = W_2\, e",
}
_MATH_CBOW = {
    "input": r"x_j = \mathrm{onehot}(w_j)",
    "h": r"h = \tfrac{1}{C} \textstyle\sum_j W_1[w_j]",
}
_MATH_NEG = {
    "z": r"z_j = u_j^\top h",
    "p": r"\sigma(z_j)",
    "e": r"e_j = \sigma(z_j) - y_j",
    "loss": r"\mathrm{loss} = -\log \sigma(z_o) - \textstyle\sum_k \log \sigma(-z_k)",
}
_MATH_MULTI = {"loss": r"\mathrm{loss} = -\textstyle\sum_o \log \hat y_o"}


def _units_softmax(record, words) -> tuple[list[Unit], list[float]]:
    probs, z, error = record.probs, record.z, record.error
    targets = [int(o) for o in np.ravel(record.targets)]
    y = np.zeros(len(probs))
    np.add.at(y, targets, 1.0)
    shown = list(dict.fromkeys(targets))
    want = max(MAX_UNITS, len(shown))
    # the most probable units, ties by id (a stable sort's order), sorting only the
    # candidates: the k-th largest probability and every unit at least as probable
    k = min(len(probs), want + len(shown))
    kth = np.partition(probs, len(probs) - k)[len(probs) - k]
    candidates = np.flatnonzero(probs >= kth)
    for j in candidates[np.argsort(-probs[candidates], kind="stable")]:
        if len(shown) >= want:
            break
        if int(j) not in shown:
            shown.append(int(j))
    shown.sort(key=lambda j: -probs[j])          # by probability, as the Softmax page
    units = [{"word": words[j], "id": j, "role": "target" if y[j] else "other",
              "z": float(z[j]), "p": float(probs[j]), "y": float(y[j]),
              "e": float(error[j])} for j in shown]
    return units, [float(x) for x in -np.ravel(record.log_right)]   # -log y_hat[o]


def _units_negative(record, words) -> tuple[list[Unit], list[float]]:
    z, probs, error = (np.asarray(a).reshape(len(np.ravel(record.targets)), -1)
                       for a in (record.z, record.probs, record.error))
    cols = np.concatenate([np.ravel(record.targets)[:, None],
                           np.asarray(record.negatives).reshape(len(z), -1)], axis=1)
    units = []
    for p in range(len(z)):
        for k in range(cols.shape[1]):
            label = 1.0 if k == 0 else 0.0
            if len(units) < MAX_NS_UNITS:
                j = int(cols[p, k])
                units.append({"word": words[j], "id": j,
                              "role": "target" if k == 0 else "negative",
                              "z": float(z[p, k]), "p": float(probs[p, k]), "y": label,
                              "e": float(error[p, k])})
    # -log sigma(u_o.h) for each positive, -log sigma(-u_k.h) for each negative
    return units, [float(x) for x in np.ravel(record.unit_losses)]


def stages(record, words, lang: str) -> dict:
    """The network part of the message: every number read from the record."""
    negative = record.objective == "negative"
    cbow = record.architecture == "cbow"
    V, d = len(words), len(record.h)
    units, terms = (_units_negative if negative else _units_softmax)(record, words)
    latex = {**_MATH, **(_MATH_CBOW if cbow else {}), **(_MATH_NEG if negative else {}),
             **(_MATH_MULTI if not negative and len(np.ravel(record.targets)) > 1 else {})}
    columns = [int(j) for j in np.ravel(record.columns)]
    shown_key = "net.units_negative" if negative else "net.units_softmax"
    text = {k: t(f"net.{k}", lang) for k in (
        "input", "hidden", "output", "backward", "loss", "to_softmax", "to_gradients",
        "rows", "z", "p", "y", "e", "word", "cols_all", "cols_some", "cbow_rows", "lr")}
    text["W1"] = t("net.arrow_W1", lang, V=V, d=d)
    text["W2"] = t("net.arrow_W2", lang, V=V, d=d)
    text["p"] = t("net.sigma" if negative else "net.p", lang)
    return {
        "objective": record.objective, "architecture": record.architecture, "V": V, "d": d,
        "inputs": [{"word": words[int(i)], "id": int(i)} for i in np.ravel(record.inputs)],
        "h": [float(x) for x in record.h],
        "dh": [float(x) for x in record.dW1_row],
        "units": units,
        "units_shown": t(shown_key, lang, n=len(units), V=V),
        "columns": [] if len(columns) == V else
                   [{"word": words[j], "id": j} for j in columns],
        "n_columns": len(columns),
        "loss": float(record.loss), "loss_terms": terms, "lr": float(record.lr),
        "math": {k: mathml(r"\displaystyle " + v) for k, v in latex.items()},
        "text": text,
    }
