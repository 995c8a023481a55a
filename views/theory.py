"""The theory page's live numbers: every formula of the concept notes filled in with the
numbers of the current training step (the notes themselves are data, read by views/notes.py).

No Streamlit here. The page (app_pages/theory.py) lays out, for each section of ``sections(lang)``,
its intro, then for each ``Formula`` its text, its LaTeX and, beside it, the ``LivePanel`` of
``live_panels(record, vocab, lang)`` with the same key. ``live_values`` holds the raw numbers.

Vocabulary words are untrusted user text: inside LaTeX they go through ``latex_word``,
inside markdown through ``md_escape`` (views/latexfmt.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from w2v_viz.model import StepRecord, exp_table
from w2v_viz.sgd import noise_table

from . import notes
from .i18n import t
from .latexfmt import (
    fmt,
    fmt_exp,
    latex_escape,
    latex_exp,
    latex_num,
    latex_product,
    latex_sum,
    latex_vector,
    latex_word,
    md_escape,
    md_table,
)
from .notes import SECTION_KEYS, Formula, Section  # noqa: F401 (the page's types)

# The notes' softmax example: centre King, three candidates with their scores (logits).
EXAMPLE_SCORES = (("Queen", 3.0), ("Dog", 1.0), ("Apple", -1.0))


@dataclass
class LivePanel:
    """The numbers of the current step beside one formula. ``markdown`` and ``table`` are
    already escaped; ``metrics`` are (label, value) pairs of plain text."""

    latex: list[str] = field(default_factory=list)
    markdown: list[str] = field(default_factory=list)
    metrics: list[tuple[str, str]] = field(default_factory=list)
    table: str = ""                 # a markdown table, or ""


# ----- the notes ----------------------------------------------------------------------------

def _lang(lang: str) -> str:
    return lang if lang in notes.LANGS else "en"


def example_table(lang: str = "en") -> str:
    """The notes' King example worked out in LaTeX (computed here, 3 significant digits)."""
    lang = _lang(lang)
    exps, total, probs = exp_table([s for _, s in EXAMPLE_SCORES])
    head = (r"\text{" + latex_escape(t("theory.ex.candidate", lang)) + r"} & "
            r"\text{" + latex_escape(t("theory.ex.score", lang)) + r"}\ z & e^{z} & "
            r"P = e^{z} / \textstyle\sum e^{z}")
    rows = [rf"\text{{{w}}} & {s:.1f} & {latex_num(e, 3)} & {latex_num(p, 3)}"
            for (w, s), e, p in zip(EXAMPLE_SCORES, exps, probs)]
    rows.append(rf"\textstyle\sum & & {latex_num(total, 3)} & 1")
    return (r"\begin{array}{lrrr}" + head + r" \\ \hline " + r" \\ ".join(rows[:-1])
            + r" \\ \hline " + rows[-1] + r"\end{array}")


def sections(lang: str = "en") -> list[Section]:
    """The seven sections of the page, in ``lang`` ("en" or "zh"; anything else: English)."""
    lang = _lang(lang)
    return notes.sections(lang, {"example_table": example_table(lang)})


def errata(lang: str = "en") -> str:
    """The short note listing the corrections made to the source notes."""
    return notes.errata(_lang(lang))


# ----- live numbers -------------------------------------------------------------------------

def live_values(record: StepRecord, vocab, lang: str = "en") -> dict:
    """The numbers of one step, ready to print beside the formulas (raw, not escaped).

    Always: step, architecture, objective, lr, V, d, centre_word, context_words, offsets
    (j of each context), inputs/input_words, targets/target_words, o/target_word (the first
    target), h, h_norm, loss (= record.loss), error_norm, dW2_norm, dW1_row (the gradient
    of v_c; CBOW: summed over its rows), dW1_row_norm, dW1_norm, update_W2_norm and
    update_W1_norm (lr times dW2_norm, dW1_norm), columns_touched, right_probs
    (probability of each right answer: softmax ŷ[o] per target; negative sampling σ(u_oᵀh)
    and σ(-u_kᵀh)), log_likelihood (Σ log right_probs).
    Softmax: z_o, p_o (= probs[o]), e_o, p_targets, log_sum_exp, top (list of
    dicts word/id/z/p/target). Negative sampling: z_o (= u_oᵀh), p_o = sigma_pos[0], e_o,
    sigma_pos (per target), negatives (per target: list of dicts word/id/score/sigma_neg).
    """
    words = vocab.words
    V, h = len(words), np.asarray(record.h, dtype=float)
    targets = np.asarray(record.targets).ravel()
    inputs = np.asarray(record.inputs).ravel()
    contexts = np.asarray(record.contexts).ravel()
    o = int(targets[0])
    error = np.asarray(record.error, dtype=float)
    dW1_row = np.asarray(record.dW1_row, dtype=float)
    norms = record.norms
    v = {
        "step": int(record.step), "architecture": record.architecture,
        "objective": record.objective, "lr": float(record.lr), "V": V, "d": len(h),
        "centre_word": words[int(record.centre)],
        "context_words": [words[i] for i in contexts],
        "offsets": [int(tk) - int(record.centre_token) for tk in np.ravel(record.context_tokens)],
        "inputs": [int(i) for i in inputs], "input_words": [words[i] for i in inputs],
        "targets": [int(i) for i in targets], "target_words": [words[i] for i in targets],
        "o": o, "target_word": words[o],
        "h": h.copy(), "h_norm": norms["h"],
        "loss": float(record.loss),
        "error_norm": norms["error"], "dW2_norm": norms["dW2"],
        "dW1_row": dW1_row, "dW1_row_norm": norms["dW1_row"], "dW1_norm": norms["dW1"],
        "update_W2_norm": norms["update_W2"], "update_W1_norm": norms["update_W1"],
        "columns_touched": len(np.ravel(record.columns)),
    }
    z = np.asarray(record.z, dtype=float)
    probs = np.asarray(record.probs, dtype=float)
    if record.objective == "softmax":
        log_p = record.log_right                     # (T,) log y_hat[o] of each target
        top_ids = list(np.argsort(-probs, kind="stable")[:5])
        top_ids += [i for i in dict.fromkeys(targets.tolist()) if i not in top_ids]
        top_ids.sort(key=lambda i: -probs[i])
        v.update({
            "z_o": float(z[o]), "p_o": float(probs[o]), "e_o": float(error[o]),
            "p_targets": [float(x) for x in probs[targets]],
            "log_sum_exp": record.log_sum_exp,
            "right_probs": [float(x) for x in probs[targets]],
            "log_right": [float(x) for x in log_p],
            "top": [{"id": int(i), "word": words[i], "z": float(z[i]), "p": float(probs[i]),
                     "target": bool(i in set(targets.tolist()))} for i in top_ids],
        })
    else:
        negatives = np.asarray(record.negatives).reshape(len(targets), -1)
        right_p, log_right = record.right_probs, record.log_right    # (P, K+1) each
        v.update({
            "z_o": float(z[0, 0]), "p_o": float(probs[0, 0]), "e_o": float(error[0, 0]),
            "sigma_pos": [float(x) for x in probs[:, 0]],
            "negatives": [[{"id": int(k), "word": words[int(k)], "score": float(z[p, i + 1]),
                            "sigma_neg": float(right_p[p, i + 1])}
                           for i, k in enumerate(negatives[p])]
                          for p in range(len(targets))],
            "K": negatives.shape[1],
            "right_probs": [float(x) for x in right_p.ravel()],
            "log_right": [float(x) for x in log_right.ravel()],
        })
    v["log_likelihood"] = -float(record.loss)      # the loss is minus the summed log_right
    return v


def _w(word: str) -> str:
    return latex_word(word)


def _chain(lhs: str, *steps: str) -> str:
    """lhs = step1 = step2 ..., one "=" per line (narrow enough for a side column)."""
    return (r"\begin{aligned}" + lhs + " &= " + r" \\[2pt] &= ".join(steps)
            + r"\end{aligned}")


def _message(key: str, lang: str, **params) -> LivePanel:
    return LivePanel(markdown=[t(key, lang, **params)])


def live_panels(record: StepRecord, vocab, lang: str = "en") -> dict[str, LivePanel]:
    """Formula key (``Formula.key``) -> the numbers of this step to show beside it."""
    lang = _lang(lang)
    v = live_values(record, vocab, lang)
    softmax_run = v["objective"] == "softmax"
    cbow = v["architecture"] == "cbow"
    single = len(v["targets"]) == 1
    o_w, c_w = _w(v["target_word"]), _w(v["centre_word"])
    L = lambda key, **p: t(key, lang, **p)  # noqa: E731
    V, d = v["V"], v["d"]
    loss_metric = [(L("theory.m.loss"), fmt(v["loss"]))]
    columns_metric = [(L("theory.m.columns"), f"{v['columns_touched']} / {V}")]
    step = r"L_{\mathrm{step}}"
    panels: dict[str, LivePanel] = {}

    # 1 window --------------------------------------------------------------------------------
    ctx = ", ".join(
        f"**{md_escape(w)}** ($j = {j:+d}$)" for w, j in zip(v["context_words"], v["offsets"]))
    panels["distributional.window"] = LivePanel(markdown=[
        L("theory.live.centre", word=md_escape(v["centre_word"])),
        L("theory.live.contexts", words=ctx),
    ])

    # 2 likelihood ----------------------------------------------------------------------------
    right, log_right = v["right_probs"], v["log_right"]
    if softmax_run:
        if cbow:
            given = ",".join(_w(w) for w in v["input_words"][:2])
            if len(v["input_words"]) > 2:
                given += r",\dots"
            terms = [rf"P({o_w} \mid {given})"]
        else:
            terms = [rf"P({_w(w)} \mid {c_w})" for w in v["target_words"]]
        what = r" \times ".join(terms[:2]) + (r" \times \cdots" if len(terms) > 2 else "")
    else:
        what = r"\sigma(u_o^\top h) \prod_{k=1}^{K} \sigma(-u_k^\top h)"
    steps = [what]
    if len(right) > 1:
        steps.append(latex_product(right, limit=3))
    steps.append(latex_exp(v["log_likelihood"]))
    panels["nll.likelihood"] = LivePanel(latex=[_chain(step, *steps)])
    log_steps = [latex_sum(log_right, limit=3)] if len(log_right) > 1 else []
    panels["nll.log"] = LivePanel(latex=[
        _chain(rf"\log {step}", *log_steps, latex_num(v["log_likelihood"]))])
    panels["nll.nll"] = LivePanel(
        latex=[rf"-\log {step} = {latex_num(-v['log_likelihood'])}"],
        markdown=[L("theory.live.one_step")], metrics=loss_metric)
    if softmax_run and single:
        panels["nll.loss"] = LivePanel(latex=[_chain(
            r"\mathrm{loss}", rf"-\log P({o_w} \mid \cdot)",
            rf"-\log {latex_num(v['p_o'])}", latex_num(v["loss"]))])

    # 3 softmax -------------------------------------------------------------------------------
    if softmax_run:
        lse = v["log_sum_exp"]
        top_rows = [[(f"**{md_escape(r['word'])}** ←" if r["target"] else md_escape(r["word"])),
                     fmt(r["z"]), fmt_exp(r["z"]), fmt(r["p"])] for r in v["top"]]
        panels["softmax.softmax"] = LivePanel(
            latex=[_chain(
                r"\hat y_o",
                rf"\frac{{e^{{z_o}}}}{{\sum_{{w=1}}^{{{V}}} e^{{z_w}}}}",
                rf"\frac{{e^{{{latex_num(v['z_o'])}}}}}{{{latex_exp(lse)}}}"
                rf" = \frac{{{latex_exp(v['z_o'])}}}{{{latex_exp(lse)}}}",
                latex_num(v["p_o"]))],
            markdown=[L("theory.live.target", word=md_escape(v["target_word"]))],
            table=md_table([L("theory.col.word"), "z", "e^z", "ŷ"], top_rows))
    else:
        panels["softmax.softmax"] = _message("theory.live.ns_no_softmax", lang)

    # 4 network -------------------------------------------------------------------------------
    panels["network.weights"] = LivePanel(latex=[
        rf"V = {V},\quad d = {d}",
        rf"W_1: {V} \times {d}, \quad W_2: {d} \times {V}"])
    h_lhs = r"h = \tfrac{1}{C} \textstyle\sum_j v_{w_{t+j}}" if cbow else rf"h = v_{{{c_w}}}"
    panels["network.h"] = LivePanel(
        latex=[h_lhs, rf"= {latex_vector(v['h'], head=2)}"],
        metrics=[(L("theory.m.h_norm"), fmt(v["h_norm"]))])
    panels["network.z"] = LivePanel(
        latex=[rf"z_o = u_{{{o_w}}}^\top h = {latex_num(v['z_o'])}"],
        markdown=[] if softmax_run else [L("theory.live.ns_scores", k1=v["K"] + 1)])
    if softmax_run:
        panels["network.yhat"] = LivePanel(latex=[
            rf"\hat y_o = \hat y_{{{o_w}}} = {latex_num(v['p_o'])}"])
        loss_terms = " ".join(rf"-\log {latex_num(p)}" for p in v["p_targets"][:3])
        if len(v["p_targets"]) > 3:
            loss_terms += r" - \cdots"
        panels["network.loss"] = LivePanel(
            latex=[_chain(r"\mathrm{loss}", loss_terms, latex_num(v["loss"]))],
            metrics=loss_metric)
    else:
        panels["network.loss"] = LivePanel(markdown=[L("theory.live.ns_loss")],
                                           metrics=loss_metric)

    # 5 gradients -----------------------------------------------------------------------------
    if softmax_run:
        e_steps = ([r"\hat y_o - 1", rf"{latex_num(v['p_o'])} - 1"] if single else [])
        panels["gradient.dz"] = LivePanel(latex=[
            _chain("e_o", *e_steps, latex_num(v["e_o"])),
            rf"\lVert e \rVert = {latex_num(v['error_norm'])}"])
        panels["gradient.dW2"] = LivePanel(
            latex=[_chain(r"\lVert h\, e^\top \rVert_F",
                          r"\lVert h \rVert\, \lVert e \rVert",
                          rf"{latex_num(v['h_norm'])} \times {latex_num(v['error_norm'])}",
                          latex_num(v["dW2_norm"]))],
            metrics=columns_metric)
    else:
        panels["gradient.dz"] = LivePanel(
            latex=[_chain("e_o", r"\sigma(z_o) - 1", rf"{latex_num(v['p_o'])} - 1",
                          latex_num(v["e_o"]))],
            markdown=[L("theory.live.ns_error")])
        panels["gradient.dW2"] = LivePanel(
            latex=[rf"\lVert \partial J / \partial W_2 \rVert_F = {latex_num(v['dW2_norm'])}"],
            metrics=columns_metric)
    dv = r"W_2\, e" if cbow else r"\frac{\partial J}{\partial v_c} = W_2\, e"
    panels["gradient.dW1"] = LivePanel(latex=[
        dv, rf"= {latex_vector(v['dW1_row'], head=2)}",
        rf"\lVert W_2\, e \rVert = {latex_num(v['dW1_row_norm'])}"])
    panels["gradient.sgd"] = LivePanel(
        latex=[_chain(r"\lVert \Delta W_2 \rVert_F",
                      r"\eta\, \lVert \partial J / \partial W_2 \rVert_F",
                      latex_num(v["update_W2_norm"])),
               _chain(r"\lVert \Delta W_1 \rVert_F",
                      r"\eta\, \lVert \partial J / \partial W_1 \rVert_F",
                      latex_num(v["update_W1_norm"]))],
        metrics=[(L("theory.m.lr"), fmt(v["lr"]))])

    # 6 negative sampling ---------------------------------------------------------------------
    noise_rows = [[md_escape(r["word"]), str(r["count"]), fmt(r["share"], 3),
                   fmt(r["p_noise"], 3)] for r in noise_table(vocab)]
    panels["negative.noise"] = LivePanel(table=md_table(
        [L("theory.col.word"), L("theory.col.count"), L("theory.col.share"),
         L("theory.col.noise")], noise_rows))
    if softmax_run:
        panels["negative.loss"] = _message("theory.live.softmax_no_ns", lang, V=V)
    else:
        negs = v["negatives"][0]
        neg_rows = [[md_escape(n["word"]), fmt(n["score"]), fmt(n["sigma_neg"])] for n in negs]
        lines = [_chain(rf"\sigma(u_{{{o_w}}}^\top h)", rf"\sigma({latex_num(v['z_o'])})",
                        latex_num(v["p_o"]))]
        if single:
            pos_term = -v["log_right"][0]
            lines.append(
                r"\begin{aligned}"
                rf"-\log \sigma(u_o^\top h) &= {latex_num(pos_term)} \\[2pt]"
                rf"-\textstyle\sum_k \log \sigma(-u_k^\top h) &= "
                rf"{latex_num(v['loss'] - pos_term)} \\[2pt]"
                rf"\mathrm{{loss}} &= {latex_num(v['loss'])}\end{{aligned}}")
        panels["negative.loss"] = LivePanel(
            latex=lines, metrics=loss_metric,
            table=md_table([L("theory.col.negative"), "u_kᵀh", "σ(−u_kᵀh)"], neg_rows))
        panels["negative.grad"] = LivePanel(
            latex=[rf"\sigma(u_o^\top h) - 1 = {latex_num(v['p_o'] - 1)}"],
            metrics=columns_metric)

    # 7 CBOW ----------------------------------------------------------------------------------
    if cbow:
        ctx_words = ", ".join(f"**{md_escape(w)}**" for w in v["input_words"])
        panels["cbow.h"] = LivePanel(
            latex=[rf"C = {len(v['inputs'])}, \quad "
                   r"h = \tfrac{1}{C} \textstyle\sum_j v_{w_{t+j}}",
                   rf"= {latex_vector(v['h'], head=2)}"],
            markdown=[L("theory.live.contexts", words=ctx_words)])
        p_line = (rf"\hat y_{{{c_w}}} = {latex_num(v['p_o'])}" if softmax_run
                  else rf"\sigma(u_{{{c_w}}}^\top h) = {latex_num(v['p_o'])}")
        panels["cbow.loss"] = LivePanel(latex=[p_line], metrics=loss_metric)
    else:
        panels["cbow.h"] = _message("theory.live.skipgram_no_cbow", lang)
    return panels
