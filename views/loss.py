"""The loss chart's message (``loss.js`` draws it as SVG): the loss of each step (bucket
means once the history is long), its moving average, the epoch means, translated names,
and a one-sentence summary for screen readers. Axes, ticks and the log scale are the
browser's: a log toggle redraws without a server round trip."""

from typing import TypedDict

import numpy as np

from views.i18n import t
from views.numfmt import fmt

from .controls import SMOOTH_STEPS

BASE_COLOUR, FAINT_COLOUR, EPOCH_COLOUR = "#4C78A8", "#9ECAE9", "#C25E00"


class LossMessage(TypedDict):
    title: str
    xtitle: str
    ytitle: str
    empty: str | None           # the text shown before any step
    x: list[int]                # last step of each point
    y: np.ndarray               # (n,) mean loss of the point's steps
    ma: np.ndarray              # (n,) moving average over about SMOOTH_STEPS steps
    ex: list[int]               # step at each epoch's end
    ey: list[float]             # the epoch's mean loss
    names: list[str]            # legend: per step, moving average, epoch mean
    colours: list[str]
    epoch_label: str            # hover text of an epoch marker: {n}, {y}
    log_label: str
    summary: str                # the chart in words
    caption: str


def summary(history, lang: str) -> str:
    """"Loss fell from 3.8 to 2.9 over 3 epochs (1,200 steps)." and the like."""
    means = history.epoch_means
    if len(means) >= 2:
        key = "loss.summary_fell" if means[-1] < means[0] else "loss.summary_rose"
        return t(key, lang, a=fmt(means[0], 3), b=fmt(means[-1], 3), n=len(means),
                 steps=f"{history.steps:,}")
    ma = history.moving_average(SMOOTH_STEPS)
    if len(ma):
        return t("loss.summary_now", lang, loss=fmt(float(ma[-1]), 3), steps=f"{history.steps:,}")
    return t("fig.loss.empty", lang)


def message(trainer, lang: str = "en", max_points: int = 800) -> LossMessage:
    history = trainer.history
    base = {"title": t("fig.loss.title", lang), "xtitle": t("fig.loss.step", lang),
            "ytitle": t("fig.loss.axis", lang), "log_label": t("train.log_scale", lang),
            "colours": [FAINT_COLOUR, BASE_COLOUR, EPOCH_COLOUR],
            "epoch_label": t("fig.loss.epoch_hover", lang),
            "summary": summary(history, lang),
            "caption": t("train.loss_caption", lang, V=trainer.model.V, d=trainer.model.d,
                         lr=trainer.lr, units=trainer.n_units)}
    if len(history.counts) == 0:
        return {**base, "empty": t("fig.loss.empty", lang), "x": [], "y": np.zeros(0),
                "ma": np.zeros(0),
                "ex": [], "ey": [], "names": []}
    x, y, ma, width = history.thinned(max_points, SMOOTH_STEPS)
    per_step = (t("fig.loss.per_step", lang) if width == 1
                else t("fig.loss.per_bucket", lang, width=width))
    return {**base, "empty": None,
            "x": x.tolist(), "y": y, "ma": ma,
            "ex": list(history.epoch_end_steps),
            "ey": list(history.epoch_means)[: len(history.epoch_end_steps)],
            "names": [per_step, t("fig.loss.moving_avg", lang, steps=SMOOTH_STEPS),
                      t("fig.loss.epoch_mean", lang)]}
