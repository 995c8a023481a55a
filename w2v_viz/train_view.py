"""What the Train page shows for one step, as plain data for the browser component
(``ui/components/train_view.js``): the sentence with the window marked, the pair, the
equations with this step's numbers, the loss chart. No Streamlit, no HTML: texts travel
as ``[text, role]`` segments that the browser inserts as text, so a corpus cannot inject
markup.
"""

import string

from . import figures, theory
from .i18n import t

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


def train_view(trainer, record, lang: str = "en", log_scale: bool = False) -> dict:
    """Everything the Train page draws for ``record`` (the last step, or the next one
    before any step), in the visitor's language."""
    words = trainer.vocab.words
    key = "train.pair_cbow" if record.architecture == "cbow" else "train.pair"
    return {
        "heading": t("train.this_step", lang, n=record.step),
        "sentence": sentence_segments(trainer.corpus, record.centre_token,
                                      record.context_tokens, trainer.config.window),
        "legend": t("train.legend", lang),
        "pair": fill(t(key, lang), centre=[words[record.centre]],
                     contexts=[words[o] for o in record.contexts]),
        "negatives": None if record.negatives is None else fill(
            t("train.negatives", lang), negatives=[words[k] for k in record.negatives.ravel()]),
        "preview": None if trainer.last_record is record else t("train.preview", lang),
        "equations": [list(pair) for pair in theory.step_equations(record, trainer.vocab, lang)],
        "chart": figures.loss_chart(trainer.history, lang, log_scale=log_scale),
        "log_label": t("train.log_scale", lang),
        "caption": t("train.loss_caption", lang, V=trainer.model.V, d=trainer.model.d,
                     lr=trainer.lr, units=trainer.n_units),
    }
