"""Content of the theory page: the concept notes (corrected) in English and 简体中文, with
every formula filled in with the numbers of the current training step.

No Streamlit here. The page (app_pages/theory.py) lays out, for each section of ``sections(lang)``,
its intro, then for each ``Formula`` its text, its LaTeX and, beside it, the ``LivePanel`` of
``live_panels(record, vocab, lang)`` with the same key. ``live_values`` holds the raw numbers.

Vocabulary words are untrusted user text: inside LaTeX they go through ``latex_word``,
inside markdown through ``md_escape``.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass, field

import numpy as np

from w2v_viz.model import StepRecord, noise_distribution

from . import numfmt
from .i18n import t

SECTION_KEYS = ("distributional", "nll", "softmax", "network", "gradient", "negative", "cbow")

# The notes' softmax example: centre King, three candidates with their scores (logits).
EXAMPLE_SCORES = (("Queen", 3.0), ("Dog", 1.0), ("Apple", -1.0))


# ----- data types ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Formula:
    """One formula of a section: ``text`` (markdown) introduces it, ``latex`` is the general
    formula, ``example`` an optional worked example (LaTeX), ``note`` markdown under it.
    The live numbers for it are ``live_panels(...)[key]`` (absent: nothing to show)."""

    key: str
    latex: str
    text: str = ""
    example: str = ""
    note: str = ""


@dataclass(frozen=True)
class Section:
    """One section: ``intro`` (markdown), its formulas, then ``after``: blocks
    ("markdown" | "latex", text), then optional Python ``code`` with its caption."""

    key: str
    title: str
    intro: str
    formulas: tuple[Formula, ...]
    after: tuple[tuple[str, str], ...] = ()
    code: str = ""
    code_caption: str = ""


@dataclass
class LivePanel:
    """The numbers of the current step beside one formula. ``markdown`` and ``table`` are
    already escaped; ``metrics`` are (label, value) pairs of plain text."""

    latex: list[str] = field(default_factory=list)
    markdown: list[str] = field(default_factory=list)
    metrics: list[tuple[str, str]] = field(default_factory=list)
    table: str = ""                 # a markdown table, or ""


# ----- formatting and escaping --------------------------------------------------------------

_LATEX_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\textasciicircum{}", "_": r"\_", "~": r"\textasciitilde{}", "%": r"\%",
}
_MD_SPECIAL = set(string.punctuation)


def _clean(word: str, max_len: int) -> str:
    word = "".join(ch for ch in str(word) if ch.isprintable())
    return word if len(word) <= max_len else word[:max_len - 1] + "…"


def latex_escape(text: str) -> str:
    """Escape text for LaTeX text mode (KaTeX): \\ { } $ & # ^ _ ~ %."""
    return "".join(_LATEX_ESCAPES.get(ch, ch) for ch in text)


def latex_word(word: str, max_len: int = 24) -> str:
    """A vocabulary word as safe LaTeX: ``\\text{...}`` with every special character escaped."""
    return r"\text{" + latex_escape(_clean(word, max_len)) + "}"


def md_escape(word: str, max_len: int = 40) -> str:
    """A vocabulary word as safe markdown: every ASCII punctuation character is
    backslash-escaped (CommonMark), so no emphasis, link, $math$, :directive[] or table."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in _clean(word, max_len))


def fmt(x: float, sig: int = 4) -> str:
    """Plain-text number with ``sig`` significant digits (scientific when tiny or huge)."""
    return numfmt.fmt(x, sig)


def latex_num(x: float, sig: int = 4) -> str:
    """A number for LaTeX with ``sig`` significant digits (m \\times 10^{k} when tiny/huge)."""
    return numfmt.latex(x, sig)


def latex_exp(x: float, sig: int = 4) -> str:
    """e^x as a LaTeX number, without overflow or underflow for any finite x."""
    if abs(x) < 700:
        return latex_num(math.exp(x), sig)
    k = math.floor(x / math.log(10))
    m = 10 ** (x / math.log(10) - k)
    return rf"{m:.{sig - 1}f} \times 10^{{{k}}}"


def fmt_exp(x: float, sig: int = 4) -> str:
    """e^x as plain text, without overflow for any finite x."""
    if abs(x) < 700:
        return fmt(math.exp(x), sig)
    k = math.floor(x / math.log(10))
    return f"{10 ** (x / math.log(10) - k):.{sig - 1}f}e{k}"


def latex_vector(v, head: int = 3, sig: int = 3) -> str:
    """A short row vector: the first ``head`` entries, ⋯, the last one (if longer)."""
    v = np.asarray(v, dtype=float).ravel()
    items = [latex_num(x, sig) for x in v]
    if len(items) > head + 1:
        items = items[:head] + [r"\cdots"] + items[-1:]
    return r"\begin{bmatrix}" + " & ".join(items) + r"\end{bmatrix}"


def _latex_product(factors, sig: int = 4, limit: int = 4) -> str:
    parts = [latex_num(f, sig) for f in factors[:limit]]
    if len(factors) > limit:
        parts.append(r"\cdots")
    return r" \times ".join(parts)


def _latex_sum(terms, sig: int = 4, limit: int = 4) -> str:
    out = ""
    for i, x in enumerate(terms[:limit]):
        s = latex_num(x, sig)
        if i == 0:
            out = s
        else:
            out += s if s.startswith("-") else "+" + s
    if len(terms) > limit:
        out += r"+\cdots"
    return out


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    """Markdown table; cells must already be escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


# ----- the text of the sections (corrected notes) -------------------------------------------

# LaTeX shared by both languages.
_J = (r"J(\theta) = -\frac{1}{T} \sum_{t=1}^{T} \sum_{\substack{-m \le j \le m \\ j \ne 0}}"
      r" \log P(w_{t+j} \mid w_t; \theta)")
_SOFTMAX = (r"P(w_o \mid w_c) = \frac{\exp(u_o^\top v_c)}"
            r"{\sum_{w=1}^{V} \exp(u_w^\top v_c)}")
_LATEX = {
    "distributional.window": r"\mathrm{context}(w_t) = \{\, w_{t+j} \;:\; 0 < |j| \le m \,\}",
    "nll.likelihood": r"L(\theta) = \prod_{t=1}^{T} \prod_{\substack{-m \le j \le m \\ j \ne 0}}"
                      r" P(w_{t+j} \mid w_t; \theta)",
    "nll.log": r"\log L(\theta) = \sum_{t=1}^{T} \sum_{\substack{-m \le j \le m \\ j \ne 0}}"
               r" \log P(w_{t+j} \mid w_t; \theta)",
    "nll.nll": _J,
    "nll.loss": r"\mathrm{loss} = -\log P(w_o \mid w_c) = -\log \hat y_o",
    "softmax.softmax": _SOFTMAX,
    "network.weights": (r"\begin{aligned}W_1 &= \begin{bmatrix} v_1^\top \\ \vdots \\"
                        r" v_V^\top \end{bmatrix} \in \mathbb{R}^{V \times d} \\[6pt]"
                        r" W_2 &= \begin{bmatrix} u_1 & \cdots & u_V \end{bmatrix}"
                        r" \in \mathbb{R}^{d \times V}\end{aligned}"),
    "network.h": r"h = W_1^\top x_c = W_1[c] = v_c",
    "network.z": r"z = W_2^\top h \in \mathbb{R}^{V}, \qquad z_j = u_j^\top h",
    "network.yhat": r"\hat y = \operatorname{softmax}(z), \qquad"
                    r" \hat y_j = \frac{e^{z_j}}{\sum_{w} e^{z_w}}",
    "network.loss": r"\mathrm{loss} = -\log \hat y_o",
    "gradient.dz": (r"\begin{aligned}"
                    r"\mathrm{loss} &= -\log \frac{e^{z_o}}{\sum_w e^{z_w}} \\[6pt]"
                    r" &= -z_o + \log \textstyle\sum_w e^{z_w} \\[6pt]"
                    r"\frac{\partial\, \mathrm{loss}}{\partial z_j} &= -[\,j = o\,]"
                    r" + \frac{e^{z_j}}{\sum_w e^{z_w}} \\[6pt]"
                    r" &= \hat y_j - y_j \\[6pt]"
                    r"e = \frac{\partial J}{\partial z} &= \hat y - y"
                    r"\end{aligned}"),
    "gradient.dW2": (r"\begin{aligned}\frac{\partial J}{\partial u_j} &= e_j\, h \\[6pt]"
                     r"\frac{\partial J}{\partial W_2} &= h\, e^\top"
                     r" \quad (\texttt{np.outer(h, e)})\end{aligned}"),
    "gradient.dW1": (r"\begin{aligned}\frac{\partial J}{\partial h} &= W_2\, e"
                     r" = \textstyle\sum_j e_j\, u_j \\[6pt]"
                     r"\frac{\partial J}{\partial v_c} &= W_2\, e"
                     r" \quad (\texttt{np.dot(W2, e)})\end{aligned}"),
    "gradient.sgd": (r"\begin{aligned}W_2 &\leftarrow W_2 - \eta\, h\, e^\top \\"
                     r" v_c &\leftarrow v_c - \eta\, W_2\, e\end{aligned}"),
    "negative.loss": (r"\begin{aligned}\mathrm{loss} &= -\log \sigma(u_o^\top h)"
                      r" - \sum_{k=1}^{K} \log \sigma(-u_k^\top h) \\[6pt]"
                      r"\sigma(x) &= \frac{1}{1 + e^{-x}}\end{aligned}"),
    "negative.noise": (r"w_k \sim P_n(w) = \frac{\mathrm{count}(w)^{0.75}}"
                       r"{\sum_{w'} \mathrm{count}(w')^{0.75}}"),
    "negative.grad": (r"\begin{aligned}"
                      r"\frac{\partial\, \mathrm{loss}}{\partial (u_j^\top h)}"
                      r" &= \sigma(u_j^\top h) - \ell_j \\[6pt]"
                      r"\frac{\partial\, \mathrm{loss}}{\partial u_j}"
                      r" &= \big(\sigma(u_j^\top h) - \ell_j\big)\, h \\[6pt]"
                      r"\frac{\partial\, \mathrm{loss}}{\partial h}"
                      r" &= \textstyle\sum_{j}"
                      r" \big(\sigma(u_j^\top h) - \ell_j\big)\, u_j"
                      r"\end{aligned}"),
    "cbow.h": r"h = \frac{1}{C} \sum_{\substack{-m \le j \le m \\ j \ne 0}} v_{w_{t+j}}",
    "cbow.loss": (r"\begin{aligned}\hat y &= \operatorname{softmax}(W_2^\top h) \\[4pt]"
                  r" \mathrm{loss} &= -\log \hat y_{c} \\[6pt]"
                  r"\frac{\partial J}{\partial v_{w_{t+j}}} &= \frac{1}{C}\, W_2\, e"
                  r"\end{aligned}"),
}
_LATEX_EXAMPLES = {
    "nll.log": (r"\begin{aligned}\log 0.648"
                r" &= \log 0.9 + \log 0.8 + \log 0.9 \\"
                r" &= -0.105 - 0.223 - 0.105 \\ &= -0.434\end{aligned}"),
    "nll.nll": r"-\log 0.648 = 0.434",
}

_EN = {
    # 1 -------------------------------------------------------------------------------------
    "distributional.intro": (
        "> *You shall know a word by the company it keeps.* — J. R. Firth, 1957\n\n"
        "This is the **distributional hypothesis**: words that occur in similar contexts tend "
        "to have similar meanings. *king* and *queen* both appear next to *crown*, *throne* "
        "and *rules*; *apple* does not.\n\n"
        "word2vec turns this idea into a prediction game. Its core model, **skip-gram**, takes "
        "a centre word $w_c$ and predicts the context words $w_o$ around it. To predict well, "
        "words that keep the same company must get similar vectors, and that is where the "
        "meaning of a word vector comes from."),
    "distributional.window.text": (
        "The context of the word at position $t$ is every word at most $m$ positions away "
        "(the *window*):"),
    "distributional.window.note": (
        "Each (centre, context) pair is one training example: the centre $w_t$ should "
        "predict $w_{t+j}$."),
    # 2 -------------------------------------------------------------------------------------
    "nll.intro": (
        "How do we measure how *wrong* a model is? The **negative log-likelihood** (NLL) is "
        "the ruler used to train almost every neural network. Three steps:"),
    "nll.likelihood.text": (
        "**1. Likelihood: the probability the model gives to the true answer.** Centre "
        "*King*, true context *Queen*. If the softmax gives *Queen* 0.9, the likelihood is "
        "0.9 (a good model); if it gives 0.1, the likelihood is 0.1 (a bad guess). Training "
        "**maximises** the likelihood of every (centre, context) pair of a text of $T$ words:"),
    "nll.likelihood.note": "$\\theta$ stands for all the weights ($W_1$ and $W_2$).",
    "nll.log.text": (
        "**2. Why take the log.** Say a batch has 3 examples whose true answers get "
        "probabilities 0.9, 0.8 and 0.9. Independent probabilities multiply: "
        "$0.9 \\times 0.8 \\times 0.9 = 0.648$. For a long text the product vanishes: "
        "$0.9^{1000} \\approx 1.7 \\times 10^{-46}$ is already below the smallest float32 "
        "number (it is stored as 0), and for 10 000 words even float64 gives 0. Products are "
        "also awkward to differentiate. The logarithm turns products into sums, "
        "$\\log(ab) = \\log a + \\log b$: the numbers stay moderate "
        "($1000 \\log 0.9 \\approx -105.4$) and the derivative of a sum is the sum of the "
        "derivatives. Since log is increasing, maximising $\\log L$ is the same as maximising "
        "$L$. (Here log is the natural logarithm.)"),
    "nll.log.note": "The example batch: each factor becomes a term.",
    "nll.nll.text": (
        "**3. Why the minus sign.** The (log-)likelihood is a *score*: higher is better. A "
        "loss function is a *cost*: lower is better, and optimisers minimise. A minus sign "
        "turns one into the other; dividing by $T$ makes it an average per word:"),
    "nll.nll.note": (
        "Erratum fixed: the notes wrote $J(\\theta)$ without the $\\log$."),
    "nll.loss.text": "For one training pair, the loss is one term of that sum:",
    "nll.loss.note": (
        "Sure and right ($\\hat y_o \\to 1$): loss $\\to 0$. The true word gets almost no "
        "probability ($\\hat y_o \\to 0$): loss $\\to \\infty$."),
    # 3 -------------------------------------------------------------------------------------
    "softmax.intro": (
        "To compute $P(w_o \\mid w_c)$, every word $w$ has **two vectors**:\n\n"
        "1. $v_w$, used when $w$ is the **centre** word;\n"
        "2. $u_w$, used when $w$ is a **context** word."),
    "softmax.softmax.text": "The core formula, the softmax:",
    "softmax.softmax.note": (
        "- **Numerator:** the dot product $u_o^\\top v_c$. The more alike the two vectors, "
        "the larger the dot product and the larger the probability.\n"
        "- **Denominator:** the sum over all $V$ words of the vocabulary. It normalises, so "
        "that the probabilities of all words add up to 1."),
    "softmax.after": (
        "**The notes' example.** The centre word is *King*; the vocabulary has three "
        "candidates: Queen, Dog and Apple. Dot products $u^\\top v$ give each a score (a "
        "*logit*): Queen 3.0, Dog 1.0, Apple −1.0. These are not probabilities yet: one is "
        "negative and they do not add up to 1. So we exponentiate each score, then divide by "
        "the sum (the denominator above):"),
    "softmax.after2": (
        "**Why $e^x$?**\n\n"
        "1. **Always positive**, whatever the score.\n"
        "2. **Winner takes all** (the Matthew effect): $e^x$ grows very fast, so the softmax "
        "exaggerates gaps. The scores 3.0 and 1.0 differ by a factor 3; after $e^x$, "
        "20.1 and 2.72 differ by $e^2 \\approx 7.4$. The model's predictions become decisive "
        "(softmax is a smooth version of \"pick the maximum\").\n"
        "3. **Differentiable:** $(e^x)' = e^x$, which makes the gradient wonderfully simple "
        "(section 5).\n\n"
        "Adding the same constant to every score changes nothing, "
        "$\\operatorname{softmax}(z + c) = \\operatorname{softmax}(z)$, so the code subtracts "
        "$\\max(z)$ before exponentiating, and $e^z$ never overflows."),
    # 4 -------------------------------------------------------------------------------------
    "network.intro": (
        "Skip-gram is a tiny neural network: one hidden layer, no activation function. Each "
        "word has two identities: as the **centre** word (predicting others) it uses its "
        "vector in $W_1$; as a **context** word (being predicted) it uses its vector in "
        "$W_2$."),
    "network.weights.text": (
        "- $W_1$ (vocab_size × embed_dim): row $i$ holds the input vector $v_i$ of word $i$.\n"
        "- $W_2$ (embed_dim × vocab_size): column $j$ holds the output vector $u_j$; it is "
        "stored transposed so that all the dot products are one matrix product."),
    "network.h.text": (
        "**Forward pass.** The input is the one-hot vector $x_c$ of the centre word $c$ (1 at "
        "position $c$, 0 elsewhere). Multiplying a one-hot vector by $W_1$ just picks row "
        "$c$, so the code reads the row directly:"),
    "network.z.text": "Scores (logits): one dot product per vocabulary word.",
    "network.yhat.text": "Probabilities:",
    "network.loss.text": "Loss (cross-entropy) of the true context word $o$:",
    # 5 -------------------------------------------------------------------------------------
    "gradient.intro": (
        "Backpropagation: how much the loss changes when each weight changes. Write "
        "$e = \\partial J / \\partial z$ for the **error** at the output, and $y$ for the "
        "one-hot vector of the true context word $o$."),
    "gradient.dz.text": (
        "**Step 1: softmax and log together.** Expand the softmax inside the loss and "
        "differentiate with respect to one score $z_j$ ($[\\,j = o\\,]$ is 1 if $j = o$, "
        "else 0):"),
    "gradient.dz.note": (
        "The true word gets $\\hat y_o - 1 < 0$ (its score should rise); every other word "
        "gets $\\hat y_j > 0$ (its score should fall, the more so the more probability it "
        "took). In code: `e = y_pred.copy(); e[context_idx] -= 1`. When one step trains a "
        "centre with several context words at once, the errors add up: "
        "$e = \\sum_o (\\hat y - y_o)$."),
    "gradient.dW2.text": (
        "**Step 2: $W_2$.** $z_j = u_j^\\top h$, so $\\partial z_j / \\partial u_j = h$, and "
        "by the chain rule:"),
    "gradient.dW2.note": (
        "Every column of $W_2$ moves: $u_o$ towards $h$, the others away from it."),
    "gradient.dW1.text": (
        "**Step 3: $W_1$.** $z = W_2^\\top h$, so the gradient flowing back into $h$ is "
        "$W_2 e$. Since $h = v_c$ is row $c$ of $W_1$, only that row gets a gradient:"),
    "gradient.sgd.text": (
        "**Step 4: the update** (stochastic gradient descent, learning rate $\\eta$). Both "
        "gradients are computed with the old $W_2$, then applied:"),
    "gradient.code": (
        "The notes' NumPy implementation of one step (corrected: `randn` for W2)."),
    # 6 -------------------------------------------------------------------------------------
    "negative.intro": (
        "The softmax denominator sums over all $V$ words: every step costs $O(V d)$ and "
        "updates every column of $W_2$. **Negative sampling** (Mikolov et al., 2013) replaces "
        "the one $V$-way softmax by $K+1$ yes/no questions: is $o$ a real context of the "
        "centre (answer: yes), and is each of $K$ randomly drawn **negative** words $w_k$ one "
        "(answer: no)? Each question uses the logistic sigmoid $\\sigma$, and "
        "$\\sigma(-x) = 1 - \\sigma(x)$."),
    "negative.loss.text": "The loss of one (centre, context) pair with $K$ negatives:",
    "negative.loss.note": (
        "First term: push the true pair's score $u_o^\\top h$ up. Second term: push each "
        "negative's score $u_k^\\top h$ down."),
    "negative.noise.text": (
        "The negatives are drawn from the unigram distribution raised to the power 3/4:"),
    "negative.noise.note": (
        "The power 0.75 flattens the distribution: frequent words are drawn less often than "
        "their share of the text, rare words more often."),
    "negative.grad.text": (
        "The gradient has the same form as the softmax's $\\hat y - y$, with label "
        "$\\ell_o = 1$ for the true word and $\\ell_{w_k} = 0$ for the negatives "
        "($j$ runs over $o, w_1, \\dots, w_K$):"),
    "negative.grad.note": (
        "Only the $K+1$ columns $u_o, u_{w_1}, \\dots, u_{w_K}$ of $W_2$ get a gradient: "
        "$K+1$ instead of $V$."),
    # 7 -------------------------------------------------------------------------------------
    "cbow.intro": (
        "**CBOW** (continuous bag of words) turns skip-gram around: the context predicts the "
        "centre. The hidden vector is the **mean** of the context words' rows of $W_1$; the "
        "rest (W2, softmax or negative sampling, loss, gradients) is unchanged."),
    "cbow.h.text": "Hidden vector: the mean of the rows of the $C$ context words.",
    "cbow.loss.text": "The centre word $c$ is the target; each context row gets $1/C$ of the "
                      "gradient:",
    "cbow.loss.note": (
        "One step per centre word makes CBOW faster and smoother; skip-gram, with one "
        "example per pair, does better on rare words."),
    # errata --------------------------------------------------------------------------------
    "errata": (
        "**Corrections to the source notes.** "
        "(1) $J(\\theta)$ was written without the $\\log$; it is "
        "$J(\\theta) = -\\frac{1}{T}\\sum_t \\sum_{-m \\le j \\le m,\\, j \\ne 0} "
        "\\log P(w_{t+j} \\mid w_t; \\theta)$. "
        "(2) $W_2$ was initialised with `np.random.rand` (uniform on [0, 1), all positive) "
        "where `np.random.randn` (standard normal) was meant; this app draws $W_1$ and "
        "$W_2$ from a normal distribution. "
        "(3) The first candidate of the softmax example is **Queen** (misspelt in the "
        "notes). "
        "Smaller fixes: the probabilities *add up to* 1; $y_{\\text{true}}$; "
        "$0.9^{1000}$ underflows in float32 (float64 needs longer texts)."),
}

_ZH = {
    # 1 -------------------------------------------------------------------------------------
    "distributional.intro": (
        "> *You shall know a word by the company it keeps.*（观其伴，知其义）"
        "—— J. R. Firth，1957\n\n"
        "这就是**分布假说**（Distributional Hypothesis）：出现在相似上下文中的词，往往具有相似"
        "的含义。*king* 和 *queen* 都常出现在 *crown*、*throne*、*rules* 旁边，而 *apple* 不会。"
        "\n\n"
        "word2vec 把这个想法变成一个预测游戏。它的核心模型 **Skip-gram** 取一个中心词 $w_c$，"
        "去预测它周围的上下文词 $w_o$。要想预测得准，经常出现在相同上下文里的词就必须得到相似的"
        "向量——词向量的“含义”正是这样来的。"),
    "distributional.window.text": "位置 $t$ 处的词的上下文，是与它相距不超过 $m$ 个位置的所有"
                                  "词（即“窗口”）：",
    "distributional.window.note": (
        "每个（中心词，上下文词）对就是一个训练样本：中心词 $w_t$ 要预测 $w_{t+j}$。"),
    # 2 -------------------------------------------------------------------------------------
    "nll.intro": (
        "怎样衡量模型“有多蠢”？**负对数似然**（Negative Log-Likelihood，NLL）就是训练神经网络时"
        "最常用的那把尺子。分三层来理解："),
    "nll.likelihood.text": (
        "**1. 什么是似然（Likelihood）：模型给真实答案的概率。** 中心词 *King*，真实的上下文词是 "
        "*Queen*。如果 softmax 给 *Queen* 的概率是 0.9（很有信心），似然就是 0.9（好模型）；如果"
        "只给 0.1（瞎猜），似然就是 0.1（烂模型）。训练的目标是**最大化**一段 $T$ 个词的文本中"
        "所有（中心词，上下文词）对的似然："),
    "nll.likelihood.note": "$\\theta$ 表示全部权重（$W_1$ 和 $W_2$）。",
    "nll.log.text": (
        "**2. 为什么要取对数（Log）。** 假设一批数据有 3 个样本，真实答案的预测概率分别是 0.9、"
        "0.8、0.9。独立事件的概率相乘：$0.9 \\times 0.8 \\times 0.9 = 0.648$。序列一长，乘积就会"
        "趋近于 0：$0.9^{1000} \\approx 1.7 \\times 10^{-46}$，已经小于 float32 能表示的最小数"
        "（会直接存成 0）；有一万个词时，连 float64 也会变成 0。而且乘积求导很麻烦。取对数后，"
        "乘法变成加法，$\\log(ab) = \\log a + \\log b$：数值保持在正常范围"
        "（$1000 \\log 0.9 \\approx -105.4$），和的导数就是导数的和，容易求导。log 是增函数，"
        "所以最大化 $\\log L$ 与最大化 $L$ 等价。（这里的 log 是自然对数。）"),
    "nll.log.note": "上面那批样本：每个因子变成一项。",
    "nll.nll.text": (
        "**3. 为什么要加负号（Negative）。** 似然 / 对数似然是“得分”，越高越好；损失函数"
        "（Loss Function）是“错误 / 代价”，越低越好，而优化器做的是最小化。加一个负号即可互相"
        "转换；再除以 $T$，得到每个词的平均损失："),
    "nll.nll.note": "已更正：原笔记中的 $J(\\theta)$ 漏写了 $\\log$。",
    "nll.loss.text": "对单个训练样本，损失就是上式求和中的一项：",
    "nll.loss.note": (
        "有把握且猜对（$\\hat y_o \\to 1$）：损失 $\\to 0$；几乎不给真实词概率"
        "（$\\hat y_o \\to 0$）：损失 $\\to \\infty$。"),
    # 3 -------------------------------------------------------------------------------------
    "softmax.intro": (
        "为了计算 $P(w_o \\mid w_c)$，每个词 $w$ 都有**两套向量**：\n\n"
        "1. $v_w$：当 $w$ 是**中心词**时使用的向量；\n"
        "2. $u_w$：当 $w$ 是**上下文词**时使用的向量。"),
    "softmax.softmax.text": "核心公式，softmax 预测概率：",
    "softmax.softmax.note": (
        "- **分子：** 点积 $u_o^\\top v_c$。两个向量越相似，点积越大，概率越大。\n"
        "- **分母：** 归一化项，对词表中全部 $V$ 个词求和，确保所有词的概率之和为 1。"),
    "softmax.after": (
        "**笔记中的例子。** 中心词是 *King*，词表里有三个候选词：Queen、Dog、Apple。神经网络通过"
        "向量点积 $u^\\top v$ 给三个候选词打出相似度得分（logits）：Queen 3.0，Dog 1.0，"
        "Apple −1.0。但概率不能为负数，而且这三个数的和也不等于 1。为了解决这些问题并拉大差距，"
        "先对得分取指数，再除以它们的和（即上面公式的分母）："),
    "softmax.after2": (
        "**$e^x$ 的核心好处**\n\n"
        "1. **永远为正**，无论得分是多少。\n"
        "2. **马太效应（winner takes all）：** 指数函数增长极快，softmax 会放大差距。得分 3.0 和 "
        "1.0 相差 3 倍；取指数后 20.1 和 2.72 相差 $e^2 \\approx 7.4$ 倍，让模型的预测更加果断"
        "（softmax 是“取最大值”的平滑版本）。\n"
        "3. **可导性：** $e^x$ 的导数还是 $e^x$，反向传播计算梯度时非常简洁（见第 5 节）。\n\n"
        "所有得分同时加上同一个常数，结果不变："
        "$\\operatorname{softmax}(z + c) = \\operatorname{softmax}(z)$。所以代码在取指数前先"
        "减去 $\\max(z)$，$e^z$ 永远不会溢出。"),
    # 4 -------------------------------------------------------------------------------------
    "network.intro": (
        "Skip-gram 是一个很小的神经网络：一个隐藏层，没有激活函数。每个词有两个身份：作为"
        "**中心词**（去预测别人）时，用 $W_1$ 中的向量；作为**上下文词**（被别人预测）时，用 "
        "$W_2$ 中的向量。"),
    "network.weights.text": (
        "- $W_1$（vocab_size × embed_dim）：第 $i$ 行存储第 $i$ 个词的输入向量 $v_i$。\n"
        "- $W_2$（embed_dim × vocab_size）：第 $j$ 列存储第 $j$ 个词的输出向量 $u_j$；"
        "转置存放是为了让所有点积变成一次矩阵乘法。"),
    "network.h.text": (
        "**前向传播。** 输入是中心词的 One-Hot 向量 $x_c$（第 $c$ 位是 1，其余为 0）。One-Hot "
        "向量乘以 $W_1$ 实际上就是取出 $W_1$ 的第 $c$ 行，所以代码直接取这一行："),
    "network.z.text": "得分（logits）：与词表中每个词各做一次点积。",
    "network.yhat.text": "预测概率：",
    "network.loss.text": "真实上下文词 $o$ 的损失（交叉熵）：",
    # 5 -------------------------------------------------------------------------------------
    "gradient.intro": (
        "反向传播：每个权重变化时，损失变化多少。记输出层的**误差**为 "
        "$e = \\partial J / \\partial z$，$y$ 为真实上下文词 $o$ 的 One-Hot 向量。"),
    "gradient.dz.text": (
        "**第 1 步：softmax 与 log 一起求导。** 把 softmax 代入损失并展开，对某个得分 $z_j$ "
        "求导（$[\\,j = o\\,]$ 在 $j = o$ 时为 1，否则为 0）："),
    "gradient.dz.note": (
        "真实词得到 $\\hat y_o - 1 < 0$（它的得分应当升高）；其他每个词得到 $\\hat y_j > 0$"
        "（得分应当降低，占的概率越多降得越多）。代码：`e = y_pred.copy(); "
        "e[context_idx] -= 1`。若一步同时训练一个中心词和它的多个上下文词，误差相加："
        "$e = \\sum_o (\\hat y - y_o)$。"),
    "gradient.dW2.text": (
        "**第 2 步：$W_2$。** $z_j = u_j^\\top h$，所以 $\\partial z_j / \\partial u_j = h$，"
        "由链式法则："),
    "gradient.dW2.note": "$W_2$ 的每一列都会移动：$u_o$ 向 $h$ 靠近，其他列远离 $h$。",
    "gradient.dW1.text": (
        "**第 3 步：$W_1$。** $z = W_2^\\top h$，所以传回 $h$ 的梯度是 $W_2 e$。因为 "
        "$h = v_c$ 是 $W_1$ 的第 $c$ 行，只有这一行得到梯度："),
    "gradient.sgd.text": (
        "**第 4 步：更新**（随机梯度下降，学习率 $\\eta$）。两个梯度都先用旧的 $W_2$ 算好，"
        "再一起更新："),
    "gradient.code": "笔记中单步训练的 NumPy 实现（已更正：W2 用 `randn` 初始化）。",
    # 6 -------------------------------------------------------------------------------------
    "negative.intro": (
        "softmax 的分母要对全部 $V$ 个词求和：每一步的计算量是 $O(V d)$，而且要更新 $W_2$ 的"
        "每一列。**负采样**（Negative Sampling，Mikolov 等，2013）把一个 $V$ 选一的 softmax "
        "换成 $K+1$ 个“是 / 否”问题：$o$ 是不是中心词真正的上下文（答案：是）？随机抽取的 $K$ "
        "个**负样本**词 $w_k$ 是不是（答案：否）？每个问题用 logistic sigmoid 函数 $\\sigma$，"
        "且 $\\sigma(-x) = 1 - \\sigma(x)$。"),
    "negative.loss.text": "一个（中心词，上下文词）对、$K$ 个负样本的损失：",
    "negative.loss.note": (
        "第一项：把真实词对的得分 $u_o^\\top h$ 推高；第二项：把每个负样本的得分 "
        "$u_k^\\top h$ 压低。"),
    "negative.noise.text": "负样本从 unigram（词频）分布的 3/4 次方中抽取：",
    "negative.noise.note": (
        "0.75 次方让分布更平缓：高频词被抽中的机会低于它在文本中的占比，低频词则更高。"),
    "negative.grad.text": (
        "梯度的形式与 softmax 的 $\\hat y - y$ 相同，真实词的标签 $\\ell_o = 1$，负样本的标签 "
        "$\\ell_{w_k} = 0$（$j$ 取遍 $o, w_1, \\dots, w_K$）："),
    "negative.grad.note": (
        "只有 $W_2$ 的 $K+1$ 列 $u_o, u_{w_1}, \\dots, u_{w_K}$ 得到梯度：$K+1$ 列而不是 "
        "$V$ 列。"),
    # 7 -------------------------------------------------------------------------------------
    "cbow.intro": (
        "**CBOW**（Continuous Bag of Words，连续词袋）把 Skip-gram 反过来：用上下文预测中心词。"
        "隐藏向量是上下文词在 $W_1$ 中各行的**平均值**；其余部分（W2、softmax 或负采样、损失、"
        "梯度）都不变。"),
    "cbow.h.text": "隐藏向量：$C$ 个上下文词在 $W_1$ 中各行的平均：",
    "cbow.loss.text": "目标是中心词 $c$；每个上下文词的行得到梯度的 $1/C$：",
    "cbow.loss.note": (
        "每个中心词只训练一步，所以 CBOW 更快、更平滑；Skip-gram 每个词对一个样本，对低频词效果"
        "更好。"),
    # errata --------------------------------------------------------------------------------
    "errata": (
        "**对原笔记的更正。** "
        "(1) 原笔记中 $J(\\theta)$ 漏写了 $\\log$，正确写法是 "
        "$J(\\theta) = -\\frac{1}{T}\\sum_t \\sum_{-m \\le j \\le m,\\, j \\ne 0} "
        "\\log P(w_{t+j} \\mid w_t; \\theta)$。"
        "(2) $W_2$ 用了 `np.random.rand`（[0, 1) 均匀分布，全为正数）初始化，本意是 "
        "`np.random.randn`（标准正态分布）；本应用的 $W_1$、$W_2$ 都从正态分布抽取。"
        "(3) softmax 例子中的第一个候选词应为 **Queen**（原笔记拼写有误）。"
        "其他小改动：概率“之和”为 1；$y_{\\text{true}}$ 的下标；$0.9^{1000}$ 在 float32 中下溢"
        "（float64 要更长的文本才会下溢）；“反响传播”应为“反向传播”。"),
}

_TEXT = {"en": _EN, "zh": _ZH}

_CODE = {
    "en": '''import numpy as np

class Word2VecNumpy:
    def __init__(self, vocab_size, embed_dim, learning_rate=0.01):
        self.lr = learning_rate
        self.W1 = np.random.randn(vocab_size, embed_dim) * 0.01  # centre vectors v_i (rows)
        self.W2 = np.random.randn(embed_dim, vocab_size) * 0.01  # context vectors u_j (columns)
                                                                  # (randn, not rand: erratum)
    def softmax(self, x):
        e_x = np.exp(x - np.max(x))          # subtract the max: no overflow
        return e_x / e_x.sum(axis=0)

    def forward_backward(self, center_idx, context_idx):
        # --- forward ---
        h = self.W1[center_idx]              # one-hot @ W1 = row c      (embed_dim,)
        z = np.dot(self.W2.T, h)             # logits z = W2^T h         (vocab_size,)
        y_pred = self.softmax(z)             # probabilities y_hat       (vocab_size,)
        # --- backward ---
        e = y_pred.copy()
        e[context_idx] -= 1                  # dJ/dz = y_hat - y
        dW2 = np.outer(h, e)                 # dJ/dW2 = h e^T            (embed_dim, vocab_size)
        dW1_row = np.dot(self.W2, e)         # dJ/dv_c = W2 e            (embed_dim,)
        # --- SGD update (both gradients use the old W2) ---
        self.W2 -= self.lr * dW2
        self.W1[center_idx] -= self.lr * dW1_row
        return -np.log(y_pred[context_idx] + 1e-10)   # loss = -log y_hat[o]
''',
    "zh": '''import numpy as np

class Word2VecNumpy:
    def __init__(self, vocab_size, embed_dim, learning_rate=0.01):
        self.lr = learning_rate
        self.W1 = np.random.randn(vocab_size, embed_dim) * 0.01  # 中心词矩阵：第 i 行是 v_i
        self.W2 = np.random.randn(embed_dim, vocab_size) * 0.01  # 上下文矩阵：第 j 列是 u_j
                                                                  # （应为 randn 而不是 rand）
    def softmax(self, x):
        e_x = np.exp(x - np.max(x))          # 减去最大值防止溢出
        return e_x / e_x.sum(axis=0)

    def forward_backward(self, center_idx, context_idx):
        # --- 前向 ---
        h = self.W1[center_idx]              # One-Hot @ W1 = 第 c 行     (embed_dim,)
        z = np.dot(self.W2.T, h)             # 得分 z = W2^T h            (vocab_size,)
        y_pred = self.softmax(z)             # 预测概率 y_hat             (vocab_size,)
        # --- 反向 ---
        e = y_pred.copy()
        e[context_idx] -= 1                  # dJ/dz = y_hat - y：只在正确答案处 -1
        dW2 = np.outer(h, e)                 # dJ/dW2 = h e^T            (embed_dim, vocab_size)
        dW1_row = np.dot(self.W2, e)         # dJ/dv_c = W2 e            (embed_dim,)
        # --- SGD 更新（两个梯度都用旧的 W2 计算）---
        self.W2 -= self.lr * dW2
        self.W1[center_idx] -= self.lr * dW1_row
        return -np.log(y_pred[context_idx] + 1e-10)   # 交叉熵损失 -log y_hat[o]
''',
}

# Section -> its formula keys, in order (the LaTeX is in _LATEX under "section.formula").
_FORMULAS = {
    "distributional": ("window",),
    "nll": ("likelihood", "log", "nll", "loss"),
    "softmax": ("softmax",),
    "network": ("weights", "h", "z", "yhat", "loss"),
    "gradient": ("dz", "dW2", "dW1", "sgd"),
    "negative": ("loss", "noise", "grad"),
    "cbow": ("h", "loss"),
}


def _lang(lang: str) -> str:
    return lang if lang in _TEXT else "en"


def example_table(lang: str = "en") -> str:
    """The notes' King example worked out in LaTeX (computed here, 3 significant digits)."""
    lang = _lang(lang)
    exps = [math.exp(s) for _, s in EXAMPLE_SCORES]
    total = sum(exps)
    head = (r"\text{" + latex_escape(t("theory.ex.candidate", lang)) + r"} & "
            r"\text{" + latex_escape(t("theory.ex.score", lang)) + r"}\ z & e^{z} & "
            r"P = e^{z} / \textstyle\sum e^{z}")
    rows = [rf"\text{{{w}}} & {s:.1f} & {latex_num(e, 3)} & {latex_num(e / total, 3)}"
            for (w, s), e in zip(EXAMPLE_SCORES, exps)]
    rows.append(rf"\textstyle\sum & & {latex_num(total, 3)} & 1")
    return (r"\begin{array}{lrrr}" + head + r" \\ \hline " + r" \\ ".join(rows[:-1])
            + r" \\ \hline " + rows[-1] + r"\end{array}")


def sections(lang: str = "en") -> list[Section]:
    """The seven sections of the page, in ``lang`` ("en" or "zh"; anything else: English)."""
    lang = _lang(lang)
    text = _TEXT[lang]
    out = []
    for key in SECTION_KEYS:
        formulas = tuple(
            Formula(key=f"{key}.{f}", latex=_LATEX[f"{key}.{f}"],
                    text=text.get(f"{key}.{f}.text", ""),
                    example=_LATEX_EXAMPLES.get(f"{key}.{f}", ""),
                    note=text.get(f"{key}.{f}.note", ""))
            for f in _FORMULAS[key])
        after, code, caption = (), "", ""
        if key == "softmax":
            after = (("markdown", text["softmax.after"]), ("latex", example_table(lang)),
                     ("markdown", text["softmax.after2"]))
        if key == "gradient":
            code, caption = _CODE[lang], text["gradient.code"]
        out.append(Section(key=key, title=t(f"theory.s.{key}", lang),
                           intro=text[f"{key}.intro"], formulas=formulas, after=after,
                           code=code, code_caption=caption))
    return out


def errata(lang: str = "en") -> str:
    """The short note listing the corrections made to the source notes."""
    return _TEXT[_lang(lang)]["errata"]


# ----- live numbers -------------------------------------------------------------------------

def live_values(record: StepRecord, vocab, lang: str = "en") -> dict:
    """The numbers of one step, ready to print beside the formulas (raw, not escaped).

    Always: step, architecture, objective, lr, V, d, centre_word, context_words, offsets (j of each context), inputs/input_words, targets/target_words,
    o/target_word (the first target), h, h_norm, loss (= record.loss), error_norm,
    dW2_norm, dW1_row (the gradient of v_c; CBOW: summed over its rows), dW1_row_norm,
    columns_touched, right_probs (probability of each right answer: softmax ŷ[o] per
    target; negative sampling σ(u_oᵀh) and σ(-u_kᵀh)), log_likelihood (Σ log right_probs).
    Softmax: z_o, p_o (= probs[o]), e_o, p_targets, log_sum_exp, top (list of
    dicts word/id/z/p/target). Negative sampling: z_o (= u_oᵀh), p_o = sigma_pos[0],
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
    v = {
        "step": int(record.step), "architecture": record.architecture,
        "objective": record.objective, "lr": float(record.lr), "V": V, "d": len(h),
        "centre_word": words[int(record.centre)],
        "context_words": [words[i] for i in contexts],
        "offsets": [int(tk) - int(record.centre_token) for tk in np.ravel(record.context_tokens)],
        "inputs": [int(i) for i in inputs], "input_words": [words[i] for i in inputs],
        "targets": [int(i) for i in targets], "target_words": [words[i] for i in targets],
        "o": o, "target_word": words[o],
        "h": h.copy(), "h_norm": float(np.linalg.norm(h)),
        "loss": float(record.loss),
        "error_norm": float(np.linalg.norm(error)),
        "dW2_norm": float(np.linalg.norm(record.dW2)),
        "dW1_row": dW1_row, "dW1_row_norm": float(np.linalg.norm(dW1_row)),
        "dW1_norm": float(np.linalg.norm(record.dW1)),
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
            "z_o": float(z[0, 0]), "p_o": float(probs[0, 0]),
            "sigma_pos": [float(x) for x in probs[:, 0]],
            "negatives": [[{"id": int(k), "word": words[int(k)], "score": float(z[p, i + 1]),
                            "sigma_neg": float(right_p[p, i + 1])}
                           for i, k in enumerate(negatives[p])]
                          for p in range(len(targets))],
            "K": negatives.shape[1],
            "right_probs": [float(x) for x in right_p.ravel()],
            "log_right": [float(x) for x in log_right.ravel()],
        })
    v["log_likelihood"] = float(sum(v["log_right"]))
    return v


def noise_table(vocab, n_frequent: int = 4, n_rare: int = 2) -> list[dict]:
    """Share of the text vs probability of being drawn as a negative, for the most frequent
    and the rarest words."""
    counts = np.asarray(vocab.counts, dtype=float)
    share = counts / counts.sum()
    noise = noise_distribution(counts)
    ids = list(range(min(n_frequent, len(counts))))
    ids += [i for i in range(max(len(counts) - n_rare, 0), len(counts)) if i not in ids]
    return [{"id": i, "word": vocab.words[i], "count": int(counts[i]),
             "share": float(share[i]), "p_noise": float(noise[i])} for i in ids]


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
        steps.append(_latex_product(right, limit=3))
    steps.append(latex_exp(v["log_likelihood"]))
    panels["nll.likelihood"] = LivePanel(latex=[_chain(step, *steps)])
    log_steps = [_latex_sum(log_right, limit=3)] if len(log_right) > 1 else []
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
            table=_md_table([L("theory.col.word"), "z", "e^z", "ŷ"], top_rows))
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
                          latex_num(v["p_o"] - 1))],
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
                      latex_num(v["lr"] * v["dW2_norm"])),
               _chain(r"\lVert \Delta W_1 \rVert_F",
                      r"\eta\, \lVert \partial J / \partial W_1 \rVert_F",
                      latex_num(v["lr"] * v["dW1_norm"]))],
        metrics=[(L("theory.m.lr"), fmt(v["lr"]))])

    # 6 negative sampling ---------------------------------------------------------------------
    noise_rows = [[md_escape(r["word"]), str(r["count"]), fmt(r["share"], 3),
                   fmt(r["p_noise"], 3)] for r in noise_table(vocab)]
    panels["negative.noise"] = LivePanel(table=_md_table(
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
            table=_md_table([L("theory.col.negative"), "u_kᵀh", "σ(−u_kᵀh)"], neg_rows))
        panels["negative.grad"] = LivePanel(
            latex=[rf"\sigma(u_o^\top h) - 1 = {latex_num(v['p_o'] - 1)}"],
            metrics=columns_metric)

    # 7 CBOW ----------------------------------------------------------------------------------
    if cbow:
        ctx_words = ", ".join(f"**{md_escape(w)}**" for w in v["input_words"])
        panels["cbow.h"] = LivePanel(
            latex=[rf"C = {len(v['inputs'])}, \quad h = \tfrac{{1}}{{C}} \textstyle\sum_j v_{{w_{{t+j}}}}",
                   rf"= {latex_vector(v['h'], head=2)}"],
            markdown=[L("theory.live.contexts", words=ctx_words)])
        p_line = (rf"\hat y_{{{c_w}}} = {latex_num(v['p_o'])}" if softmax_run
                  else rf"\sigma(u_{{{c_w}}}^\top h) = {latex_num(v['p_o'])}")
        panels["cbow.loss"] = LivePanel(latex=[p_line], metrics=loss_metric)
    else:
        panels["cbow.h"] = _message("theory.live.skipgram_no_cbow", lang)
    return panels
