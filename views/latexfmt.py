"""Numbers, vectors and vocabulary words as LaTeX and markdown, for the theory page's live
numbers. Vocabulary words are untrusted user text: inside LaTeX they go through
``latex_word``, inside markdown through ``md_escape``."""

from __future__ import annotations

import math
import string

import numpy as np

from . import numfmt

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


def latex_product(factors, sig: int = 4, limit: int = 4) -> str:
    parts = [latex_num(f, sig) for f in factors[:limit]]
    if len(factors) > limit:
        parts.append(r"\cdots")
    return r" \times ".join(parts)


def latex_sum(terms, sig: int = 4, limit: int = 4) -> str:
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


def md_table(header: list[str], rows: list[list[str]]) -> str:
    """Markdown table; cells must already be escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)

