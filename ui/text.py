"""User text into Streamlit markdown, safely: every character that markdown, LaTeX or
HTML could interpret is backslash-escaped, so a corpus shows as the text it is."""

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:=&\"'^%@])")


def md_escape(text: str) -> str:
    """Escape markdown/HTML/LaTeX specials (CommonMark: a backslash escapes punctuation)."""
    return _SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def highlight_sentence(corpus, centre_token: int, context_tokens, max_chars: int = 400) -> str:
    """The sentence around a step as markdown: the centre word on a blue background, its
    context words on orange, the rest escaped plain text (long sentences are clipped
    around the window)."""
    tokens = corpus.tokens
    sentence = corpus.sentence_tokens(int(tokens.sentence[centre_token]))
    window = [centre_token, *map(int, context_tokens)]
    lo_tok, hi_tok = sentence[0], sentence[-1]
    lo, hi = int(tokens.starts[lo_tok]), int(tokens.ends[hi_tok])
    w_lo, w_hi = int(tokens.starts[min(window)]), int(tokens.ends[max(window)])
    if hi - lo > max_chars:   # clip around the window
        lo = max(lo, w_lo - max_chars // 3)
        hi = min(hi, max(w_hi + max_chars // 3, lo + max_chars))
    marks = {centre_token: "blue", **{int(o): "orange" for o in context_tokens}}
    out, pos = [], lo
    for tok in sentence:
        s, e = int(tokens.starts[tok]), int(tokens.ends[tok])
        if e <= lo or s >= hi or tok not in marks:
            continue
        out.append(md_escape(corpus.text[pos:s]))
        out.append(f":{marks[tok]}-background[**{md_escape(corpus.text[s:e])}**]")
        pos = e
    out.append(md_escape(corpus.text[pos:hi]))
    prefix = "… " if lo > int(tokens.starts[lo_tok]) else ""
    suffix = " …" if hi < int(tokens.ends[hi_tok]) else ""
    return prefix + "".join(out).strip() + suffix


def word(text: str) -> str:
    """A vocabulary word as inline markdown."""
    return f"**{md_escape(text)}**"
