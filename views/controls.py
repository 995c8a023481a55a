"""The training controls' message (``controls.js`` draws it): the buttons' labels, what
is running (Play or a bulk Epoch run, with its progress) and the counters.

The headline loss is the mean of the last ``SMOOTH_STEPS`` steps, labelled so: one
pair's loss jumps around (3.9, 4.2, 4.1 while the epoch means fall 3.8 -> 2.9), so it is
shown beside it, smaller, as "this step" (the loss before this step's update, the same
number every page shows for the step)."""

from typing import TypedDict

from views.i18n import t
from views.numfmt import fmt

SMOOTH_STEPS = 50
ACTIONS = ("step", "step10", "epoch", "play", "pause", "stop", "reset")


class Counter(TypedDict):
    key: str            # "step", "epoch", "loss", "step_loss"
    name: str
    value: str
    title: str          # the long form, for hover and screen readers


class ControlsMessage(TypedDict):
    skip: str                   # the skip link's text ("Skip to the training controls")
    group: str                  # the controls' accessible name
    running: str | None         # "play", "epoch" (a bulk run) or None
    progress: float | None      # of the bulk run, 0..1
    progress_label: str
    held: str | None            # why Step, Epoch and Play cannot train now (the guard)
    labels: dict[str, str]
    help: dict[str, str]
    counters: list[Counter]
    scripts: list[str]          # scripts the page will need, loaded now (plotly.js on Explore)


def smoothed_loss(history) -> float | None:
    """Mean loss over about the last SMOOTH_STEPS steps (None before any)."""
    ma = history.moving_average(SMOOTH_STEPS)
    return float(ma[-1]) if len(ma) else None


def message(trainer, lang: str, running: str | None = None, progress: float | None = None,
            progress_label: str = "", held: str | None = None,
            scripts: list[str] = ()) -> ControlsMessage:
    smooth = smoothed_loss(trainer.history)
    record = trainer.last_record
    step_loss = None if record is None else record.loss
    dash = "—"
    return {
        "skip": t("ctl.skip", lang),
        "group": t("ctl.group", lang),
        "running": running,
        "progress": progress,
        "progress_label": progress_label,
        "held": held,
        "labels": {a: t(f"ctl.{a}", lang) for a in ACTIONS},
        "help": {a: t(f"help.{a}", lang) for a in ("step", "epoch", "play", "stop")},
        "counters": [
            {"key": "step", "name": t("ctl.step_count", lang),
             "value": f"{trainer.step_count:,}", "title": t("ctl.step_count", lang)},
            {"key": "epoch", "name": t("ctl.epoch_count", lang),
             "value": f"{trainer.epoch:,}", "title": t("ctl.epoch_count", lang)},
            {"key": "loss", "name": t("ctl.loss_smoothed", lang, n=SMOOTH_STEPS),
             "value": dash if smooth is None else fmt(smooth, 4),
             "title": t("ctl.loss_smoothed_help", lang, n=SMOOTH_STEPS)},
            {"key": "step_loss", "name": t("ctl.step_loss", lang),
             "value": dash if step_loss is None else fmt(step_loss, 4),
             # after an Epoch run (batches, no one pair's record) the dash is explained
             "title": t("ctl.step_loss_bulk_help" if step_loss is None and trainer.step_count
                        else "ctl.step_loss_help", lang)},
        ],
        "scripts": list(scripts),
    }
