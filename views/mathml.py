"""LaTeX -> MathML on the server, for the live views' equations.

Chromium, Firefox and Safari render MathML natively, so the browser needs no math
library: the views insert this markup as it is (``setMath`` in ``views/lib.js``). The
conversion (``latex2mathml``) copies ``\\text{...}`` content into the markup without
escaping it, and the words of a corpus are user input; so every ``\\text{...}`` group is
swapped for a placeholder before conversion and put back HTML-escaped after it. That
also makes the conversion cacheable: a step's equations differ from the last step's
only in their words and numbers.
"""

import html
import re
from functools import lru_cache

from latex2mathml.converter import convert

# \text{...} as views.theory.latex_word writes it: braces and backslashes escaped.
TEXT_MACRO = re.compile(r"\\text\{((?:\\[a-z]+\{\}|\\.|[^{}\\])*)\}")
_UNESCAPE = re.compile(r"\\(textbackslash|textasciicircum|textasciitilde)\{\}|\\(.)")
_NAMED = {"textbackslash": "\\", "textasciicircum": "^", "textasciitilde": "~"}
_MARK = "WVZ{}Q"          # letters only: converted to <mi> runs that are easy to find
_MARKED = re.compile(r"<mi>W</mi><mi>V</mi><mi>Z</mi>((?:<mn>\d+</mn>)+)<mi>Q</mi>")


def unescape(text: str) -> str:
    return _UNESCAPE.sub(lambda m: _NAMED[m[1]] if m[1] else m[2], text)


@lru_cache(maxsize=2048)
def _convert(template: str) -> str:
    return convert(template)


def mathml(latex: str) -> str:
    """``<math>`` markup for ``latex`` (inline style; wrap in ``\\displaystyle`` for
    display size). Text groups come out as ``<mtext>`` with their content escaped."""
    texts: list[str] = []

    def mark(m: re.Match) -> str:
        texts.append(unescape(m[1]))
        return _MARK.format(len(texts) - 1)

    out = _convert(TEXT_MACRO.sub(mark, latex))
    if texts:
        out = _MARKED.sub(lambda m: "<mtext>" + html.escape(
            texts[int(re.sub(r"</?mn>", "", m[1]))]) + "</mtext>", out)
    return out
