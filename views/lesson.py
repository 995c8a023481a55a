"""A lesson's revealed answer and the numbers behind it, as plain data for ``lesson.js``:
the answer's template filled with the engine's numbers (``w2v_viz/lessons.py``), each in
the one number format (``views/numfmt.py``), and tables and grids that show every number
the answer cites (ŷ before → after for every word, the rows and columns that moved, the
noise distribution, the epochs' losses, the analogy's ranking), each in that same format,
so a student finds each cited number on screen where the lesson is.
"""

from typing import TypedDict

from views.i18n import t
from views.latexfmt import md_escape
from views.numfmt import fmt

MAX_ROWS = 60          # rows of a word table (the most probable first; the rest counted)


class Cell(TypedDict):
    label: str
    on: bool            # lit: the step changed it
    tip: str


class Section(TypedDict):
    kind: str           # "table" or "grid"
    caption: str
    head: list[str]     # a table's column headings
    rows: list[dict]    # a table's rows: {cells: [str], role: str}
    cells: list[Cell]   # a grid's cells
    foot: str


class LessonMessage(TypedDict):
    title: str
    sections: list[Section]


def count(n: int) -> str:
    """An integer as every counter shows it: 3,904."""
    return f"{int(n):,}"


def value(v) -> str:
    """One of the answer's values as its template shows it (markdown-safe words)."""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return count(v)
    if isinstance(v, float):
        return fmt(v)
    if isinstance(v, list | tuple):        # (word, cosine) pairs
        return ", ".join(f"{md_escape(w, 400)} ({fmt(s)})" for w, s in v)
    return md_escape(str(v), 400)


def answer_text(texts: dict, answer: dict) -> str:
    """The answer's template for its variant (after one epoch, many...), filled in."""
    variant = answer.get("variant") or ""
    template = texts.get(f"answer_{variant}", texts["answer"]) if variant else texts["answer"]
    return template.format(**{k: value(v) for k, v in answer.items()
                              if k not in ("evidence", "variant")})


def _table(caption, head, rows, foot="") -> Section:
    return {"kind": "table", "caption": caption, "head": head, "rows": rows, "cells": [],
            "foot": foot}


def _grid(caption, cells, foot="") -> Section:
    return {"kind": "grid", "caption": caption, "head": [], "rows": [], "cells": cells,
            "foot": foot}


# ----- one function per lesson: its answer's evidence as sections ------------------------
def _softmax_step(a, lang):
    ev = a["evidence"]
    rows = []
    for j, w, b, af, e, dz in zip(ev["ids"], ev["words"], ev["before"], ev["after"],
                                  ev["error"], ev["dz_w2"]):
        role = "target" if j == ev["target"] else "top" if j == ev["top"] else ""
        mark = "↑" if af > b else "↓" if af < b else "="
        rows.append({"cells": [w, fmt(b), fmt(af), mark, fmt(e), fmt(dz)], "role": role})
    more = len(rows) - MAX_ROWS
    head = [t(f"lesson.ev.{k}", lang) for k in ("word", "before", "after", "moved", "e", "dz")]
    foot = t("lesson.ev.fell", lang, n=count(a["n_fell"]), of=count(a["n_other"]))
    if more > 0:
        foot += " " + t("lesson.ev.more", lang, n=count(more))
    return [_table(t("lesson.ev.probs_caption", lang, step=count(a["step"]),
                     centre=a["centre"], n=count(len(rows))), head, rows[:MAX_ROWS], foot)]


def _moved_grid(words, moved, sizes, caption, lang) -> Section:
    cells = []
    for j, w in enumerate(words):
        on = j in moved
        tip = (t("lesson.ev.moved_by", lang, word=w, size=fmt(sizes[j])) if on
               else t("lesson.ev.unchanged", lang, word=w))
        cells.append({"label": w, "on": on, "tip": tip})
    return _grid(caption, cells)


def _rows_columns(a, lang):
    ev = a["evidence"]
    V = len(ev["words"])
    row_size = dict(zip(ev["rows"], ev["row_change"]))
    return [
        _moved_grid(ev["words"], set(ev["rows"]), row_size,
                    t("lesson.ev.rows", lang, step=count(a["step"]), n=count(a["rows"]),
                      V=count(V)), lang),
        _moved_grid(ev["words"], set(ev["columns"]), ev["column_change"],
                    t("lesson.ev.columns", lang, step=count(a["step"]),
                      n=count(a["columns"]), V=count(V)), lang),
    ]


def _negative_sampling(a, lang):
    ev = a["evidence"]
    words = ev["words"]
    sizes = {j: 1.0 for j in ev["columns"]}
    grid = _grid(t("lesson.ev.columns", lang, step=count(a["step"]), n=count(a["columns"]),
                   V=count(len(words))),
                 [{"label": w, "on": j in sizes,
                   "tip": t("lesson.ev.drawn" if j in sizes else "lesson.ev.unchanged",
                            lang, word=w)} for j, w in enumerate(words)])
    rows = []
    for j, n, u, p in zip(ev["listed"], ev["counts"], ev["uni"], ev["noise"]):
        roles = [k for k, hit in (("target", j in ev["targets"]),
                                  ("negative", j in ev["negatives"]),
                                  ("common", j == ev["common"]), ("rare", j == ev["rare"]))
                 if hit]
        rows.append({"cells": [words[j], ", ".join(t(f"lesson.ev.role_{k}", lang)
                                                   for k in roles),
                               count(n), fmt(u), fmt(p)], "role": roles[0]})
    head = [t(f"lesson.ev.{k}", lang) for k in ("word", "role", "count", "share", "noise")]
    return [grid, _table(t("lesson.ev.noise_caption", lang, step=count(a["step"]),
                           K=count(a["K"])), head, rows)]


def _big_rate(a, lang):
    ev = a["evidence"]
    head = [t(f"lesson.ev.{k}", lang) for k in ("epoch", "lr", "steps", "mean_loss")]
    rows = [{"cells": [count(ev["offset"] + i + 1), fmt(a["lr"]), "", fmt(m)], "role": ""}
            for i, m in enumerate(ev["means"])]
    if rows:
        rows[0]["cells"][2] = count(a["first_steps"])
    if not rows:        # no epoch ended at the lesson's rate: the steps it trained
        label = "lesson.ev.until_change" if a["variant"] == "changed" else "lesson.ev.stopped"
        rows.append({"cells": [t(label, lang), fmt(a["lr"]),
                               count(a["steps"]), fmt(a["first"])], "role": "target"})
    rows.append({"cells": [t("lesson.ev.reference", lang), fmt(a["reference_lr"]),
                           count(a["first_steps"]), fmt(a["reference"])], "role": "top"})
    foot = t("lesson.ev.max_weight", lang, value=fmt(a["max_weight"]), word=a["max_word"])
    return [_table(t("lesson.ev.loss_caption", lang), head, rows, foot)]


def _architectures(a, lang):
    ev = a["evidence"]
    archs = ("skipgram", "cbow")
    head = [t("lesson.ev.epoch", lang), *(t(f"arch.{k}", lang) for k in archs)]
    rows = [{"cells": [count(i + 1), *(fmt(ev[k]["means"][i]) for k in archs)], "role": ""}
            for i in range(a["epochs"])]
    near = [{"cells": [t(f"arch.{k}", lang),
                       ", ".join(f"{w} ({fmt(s)})" for w, s in ev[k]["near"])], "role": ""}
            for k in archs]
    return [_table(t("lesson.ev.arch_caption", lang), head, rows),
            _table(t("lesson.ev.near_caption", lang, word=a["word"]),
                   [t("lesson.ev.arch", lang), t("lesson.ev.near", lang)], near)]


def _king_queen(a, lang):
    rows = [{"cells": [count(r), w, fmt(s)], "role": "target" if w == "queen" else ""}
            for r, w, s in a["evidence"]["shown"]]
    head = [t(f"lesson.ev.{k}", lang) for k in ("rank", "word", "cosine")]
    return [_table(t("lesson.ev.analogy_caption", lang, epochs=count(a["epochs"]),
                     steps=count(a["steps"]), of=count(a["of"])), head, rows)]


EVIDENCE = {"softmax_step": _softmax_step, "rows_columns": _rows_columns,
            "negative_sampling": _negative_sampling, "big_rate": _big_rate,
            "architectures": _architectures, "king_queen": _king_queen}


def message(key: str, answer: dict, lang: str = "en") -> LessonMessage:
    """The evidence of lesson ``key``'s ``answer`` (the engine's dict)."""
    return {"title": t("lesson.ev.title", lang), "sections": EVIDENCE[key](answer, lang)}
