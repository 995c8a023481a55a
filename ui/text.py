"""User text into Streamlit markdown, safely: every character that markdown, LaTeX or
HTML could interpret is backslash-escaped, so a corpus shows as the text it is."""

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:=&\"'^%@])")


def md_escape(text: str) -> str:
    """Escape markdown/HTML/LaTeX specials (CommonMark: a backslash escapes punctuation)."""
    return _SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def window_tokens(corpus, centre_token: int, window: int) -> list:
    """Token indices within ``window`` words of the centre in its sentence (words under
    min count do not count, as in training)."""
    sentence = corpus.sentence_tokens(int(corpus.tokens.sentence[centre_token]))
    kept = [int(t) for t in sentence if corpus.ids[t] >= 0]
    i = kept.index(centre_token)
    return kept[max(0, i - window): i + window + 1]


def highlight_sentence(corpus, centre_token: int, context_tokens, window: int = 0,
                       max_chars: int = 400) -> str:
    """The sentence around a step as markdown: the centre word on blue, this step's
    context words on orange, the rest of the window on grey, everything else escaped plain
    text (long sentences are clipped around the window)."""
    tokens = corpus.tokens
    sentence = corpus.sentence_tokens(int(tokens.sentence[centre_token]))
    window = [*window_tokens(corpus, centre_token, window), *map(int, context_tokens)]
    lo_tok, hi_tok = sentence[0], sentence[-1]
    lo, hi = int(tokens.starts[lo_tok]), int(tokens.ends[hi_tok])
    w_lo, w_hi = int(tokens.starts[min(window)]), int(tokens.ends[max(window)])
    if hi - lo > max_chars:   # clip around the window
        lo = max(lo, w_lo - max_chars // 3)
        hi = min(hi, max(w_hi + max_chars // 3, lo + max_chars))
    marks = {**{t: "gray" for t in window}, **{int(o): "orange" for o in context_tokens},
             centre_token: "blue"}
    out, pos = [], lo
    for tok in sentence:
        s, e = int(tokens.starts[tok]), int(tokens.ends[tok])
        if e <= lo or s >= hi or tok not in marks:
            continue
        out.append(md_escape(corpus.text[pos:s]))
        colour = marks[tok]   # coloured bold text on a tinted background: legible on a projector
        out.append(f":{colour}-background[:{colour}[**{md_escape(corpus.text[s:e])}**]]")
        pos = e
    out.append(md_escape(corpus.text[pos:hi]))
    prefix = "… " if lo > int(tokens.starts[lo_tok]) else ""
    suffix = " …" if hi < int(tokens.ends[hi_tok]) else ""
    return prefix + "".join(out).strip() + suffix


def word(text: str) -> str:
    """A vocabulary word as inline markdown."""
    return f"**{md_escape(text)}**"
