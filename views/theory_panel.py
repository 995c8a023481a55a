"""The Theory page's live panels as plain data for ``theory_panel.js``: beside each formula,
the numbers of the current step (``views.theory.live_panels``), updated in place.

No Streamlit, and no HTML but the empty anchor element the page lays out beside each
formula (``anchor``), where the view draws the panel. A panel's LaTeX lines travel as
MathML built on the server (``views/mathml.py``: the words in ``\\text{...}`` are
escaped there). Its markdown lines and table cells (``views.theory`` writes a small
markdown subset: ``**bold**`` words, ``$math$``, backslash-escaped punctuation, words
through ``md_escape``) become ``[text, role]`` segments: role ``""`` plain text and
``"word"`` a bold word, both inserted as text by the browser, or ``"math"`` with
server-built MathML of the notes' own inline formulas (a word's ``$`` is escaped, so a
word never reaches the math).
"""

import html
import re
from functools import lru_cache
from typing import TypedDict

from views import theory
from views.i18n import t

from .mathml import TEXT_MACRO, unescape
from .mathml import mathml as _mathml

PLAIN, WORD, MATH = "", "word", "math"

# ``\begin{aligned}`` is not known to latex2mathml: the same two columns (right-aligned
# left sides, left-aligned "= ..." rest) as an array; ``\\[2pt]`` spacing is dropped.
_ALIGNED = re.compile(r"\\begin\{aligned\}(.*?)\\end\{aligned\}", re.S)
_ROW_SPACE = re.compile(r"\\\\\[[^\]]*\]")
# The markdown subset: an escaped character, a bold marker, an inline formula, other text.
_MD_TOKEN = re.compile(r"\\(.)|(\*\*)|\$((?:\\.|[^$\\])+)\$|([^\\*$]+|[*$\\])", re.S)


class Table(TypedDict):
    header: list[list]          # per column: segments
    rows: list[list[list]]      # per row, per cell: segments


class Panel(TypedDict):
    key: str                    # the formula's key, e.g. "nll.nll"
    math: list[str]             # MathML of each LaTeX line (display style)
    lines: list[list]           # segments of each text line
    metrics: list[list[str]]    # [label, value as shown]
    table: Table | None


class TheoryMessage(TypedDict):
    label: str                  # "This step", above every panel
    step: int                   # the record's step
    loss: float                 # the record's loss (exact)
    panels: list[Panel]


_MATH_OPEN = re.compile(r"^<math [^>]*>")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NUMBER_MARK, _WORD_MARK = "<mn>9</mn>", "<mtext>X</mtext>"


@lru_cache(maxsize=4096)
def _template(latex: str) -> str:
    """MathML of ``latex`` without the namespace and display attributes (an HTML parser
    puts ``<math>`` in the MathML namespace by itself): a smaller message."""
    return _MATH_OPEN.sub("<math>", _mathml(latex), count=1)


def mathml(latex: str) -> str:
    """MathML of ``latex`` (as ``views.mathml.mathml``, words escaped), fast: a step's
    formulas differ from the last step's only in their numbers and words, so the
    conversion (pure Python, slow per formula) runs once per shape, with every number
    a ``9`` and every word an ``X``; the numbers and the escaped words go back in after."""
    words: list[str] = []
    numbers: list[str] = []

    def word(m: re.Match) -> str:
        words.append(html.escape(unescape(m[1])))
        return r"\text{X}"

    shape = _NUMBER.sub(lambda m: numbers.append(m[0]) or "9", TEXT_MACRO.sub(word, latex))
    out = _template(shape)
    parts = out.split(_NUMBER_MARK)
    if len(parts) != len(numbers) + 1 or out.count(_WORD_MARK) != len(words):
        return _template(latex)         # a shape that moves numbers around: no shortcut
    out = "".join(p + (f"<mn>{n}</mn>" if i < len(numbers) else "")
                  for i, (p, n) in enumerate(zip(parts, [*numbers, ""])))
    for w in words:
        out = out.replace(_WORD_MARK, f"<mtext>{w}</mtext>", 1)
    return out


def display_math(latex: str, convert=mathml) -> str:
    """Display-style MathML of one of the panels' LaTeX lines (``convert``: LaTeX ->
    MathML; ``_template`` converts without the shortcut)."""
    latex = _ALIGNED.sub(lambda m: r"\begin{array}{rl}" + m[1] + r"\end{array}", latex)
    return convert(r"\displaystyle " + _ROW_SPACE.sub(r"\\\\", latex))


def segments(markdown: str) -> list:
    """``[text, role]`` segments of a line in the markdown subset of views.theory
    (``**word**``, ``$math$``, ``\\``-escapes); neighbouring text of one role is merged."""
    out: list = []
    bold = False
    for escaped, star, formula, text in _MD_TOKEN.findall(markdown):
        if star:
            bold = not bold
            continue
        if formula:
            out.append([mathml(formula), MATH])
            continue
        role = WORD if bold else PLAIN
        piece = escaped or text
        if out and out[-1][1] == role:
            out[-1][0] += piece
        else:
            out.append([piece, role])
    return [s for s in out if s[0]]


def _table(markdown: str) -> Table | None:
    """A markdown table of views.theory (``| a | b |`` lines, the second a rule)."""
    if not markdown:
        return None
    lines = markdown.split("\n")

    def cells(line: str) -> list:
        return [segments(c.strip()) for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]

    return {"header": cells(lines[0]), "rows": [cells(line) for line in lines[2:]]}


def panel(key: str, live: theory.LivePanel) -> Panel:
    """One LivePanel as data."""
    return {"key": key, "math": [display_math(line) for line in live.latex],
            "lines": [segments(line) for line in live.markdown],
            "metrics": [[label, value] for label, value in live.metrics],
            "table": _table(live.table)}


def message(trainer, record, lang: str = "en", keys=None) -> TheoryMessage:
    """The live panels of ``record`` (the last step, or the next one before any step):
    those of the formula keys in ``keys`` (None: all)."""
    panels = theory.live_panels(record, trainer.vocab, lang)
    return {"label": t("theory.live", lang), "step": int(record.step),
            "loss": float(record.loss),
            "panels": [panel(key, live) for key, live in panels.items()
                       if keys is None or key in keys]}


def anchor(key: str) -> str:
    """The empty element, laid out beside formula ``key``, where the panel is drawn."""
    return f'<div class="w2v-theory-slot" data-panel="{html.escape(key)}"></div>'


def caption(trainer, record, lang: str = "en") -> str:
    """"Numbers of step N (already applied ...)" or of the next step's preview."""
    done = trainer.last_record is record
    return (t("theory.caption", lang) + " "
            + t("theory.step_done" if done else "theory.step_preview", lang,
                step=f"{record.step:,}"))
