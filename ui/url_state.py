"""The URL is the run: every setting and the training position live in the query string.

Each piece of URL state is declared ONCE in ``fields()`` (its session key, its URL name,
how to parse and format it, its valid values), as TensorFlow Playground's state.ts does;
defaults and numeric limits are the sidebar's, ``ui/limits.py``'s DEFAULTS and LIMITS
(only non-default values go into the URL). The training position is the run log ``t=``
(``w2v_viz/runlog.py``): every training action of the UI goes through ``step``, ``run``,
``reset`` and ``set_lr`` here, which train and log; ``sync`` writes the query string (on
every full run, so it survives a page change, and after each click); ``load`` reads it (a
new session, a reload, a lesson) and replays the log on a fresh trainer, swapped in only
if everything in it is valid. The run log and the kept parameters are the Session's
(``ui/session.py``: ``url_run``, ``url_keep``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from views.i18n import error_message
from w2v_viz.config import ARCHITECTURES, OBJECTIVES
from w2v_viz.corpora import CORPORA
from w2v_viz.errors import W2VError
from w2v_viz.runlog import RunLog
from w2v_viz.segment import SEGMENTATIONS

from .limits import DEFAULTS, LIMITS
from .session import session
from .state import lang, tr

LOG_PARAM = "t"


@dataclass(frozen=True)
class Field:
    key: str                       # the setting (DEFAULTS key; session key "s_<key>")
    url: str                       # its URL name
    parse: Callable[[str], Any]    # URL text -> value; ValueError if invalid
    fmt: Callable[[Any], str]      # value -> URL text
    expected: str                  # i18n key of what a valid value is (for the message)
    params: dict | None = None     # that message's parameters
    limits: tuple | None = None    # a number's (low, high): LIMITS[key]


def _choice(options):
    def parse(text):
        if text not in options:
            raise ValueError(text)
        return text
    return parse


def _int(low, high):
    def parse(text):
        if len(text) > 12 or not text.lstrip("-").isdigit():
            raise ValueError(text)
        value = int(text)
        if not low <= value <= high:
            raise ValueError(text)
        return value
    return parse


def _float(low, high):
    def parse(text):
        if len(text) > 32:
            raise ValueError(text)
        value = float(text)
        if not (math.isfinite(value) and low <= value <= high):
            raise ValueError(text)
        return value
    return parse


def _bool(text):
    if text not in ("0", "1"):
        raise ValueError(text)
    return text == "1"


def _fmt_bool(value):
    return "1" if value else "0"


def _fmt_float(value):
    return repr(float(value))


def _range(low, high):
    kind = "expect.int" if isinstance(low, int) else "expect.range"
    text = str if isinstance(low, int) else "{:g}".format
    return kind, {"low": text(low), "high": text(high)}


def _one_of(key: str, url: str, options, names: str) -> Field:
    return Field(key, url, _choice(options), str, "expect.one_of", {"names": names})


def _flag(key: str, url: str) -> Field:
    return Field(key, url, _bool, _fmt_bool, "expect.bool")


def _number(key: str, url: str) -> Field:
    """A number within the sidebar widget's LIMITS (a value outside would break it)."""
    low, high = LIMITS[key]
    parse, fmt = (_int, str) if isinstance(low, int) else (_float, _fmt_float)
    return Field(key, url, parse(low, high), fmt, *_range(low, high), limits=(low, high))


@functools.cache
def fields() -> tuple:
    """The table."""
    return (
        _one_of("source", "corpus", CORPORA, ", ".join(f"`{k}`" for k in CORPORA)),
        _number("vocab", "vocab"),
        _one_of("architecture", "arch", ARCHITECTURES, ", ".join(ARCHITECTURES)),
        _one_of("objective", "obj", OBJECTIVES, ", ".join(OBJECTIVES)),
        _number("negatives", "k"),
        _number("window", "win"),
        _number("dim", "dim"),
        _number("lr", "lr"),
        _flag("lr_decay", "decay"),
        _number("min_count", "min"),
        _number("seed", "seed"),
        _number("init_scale", "init"),
        _flag("window_step", "wstep"),
        _flag("dynamic_window", "dyn"),
        _number("subsample", "sub"),
        _flag("lowercase", "lower"),
        _one_of("segmentation", "seg", SEGMENTATIONS, ", ".join(SEGMENTATIONS)),
    )


def by_url() -> dict:
    return {f.url: f for f in fields()}


# ----- reading ---------------------------------------------------------------------------
def parse_params(params: dict) -> tuple[dict, list, str | None]:
    """(settings from the URL, messages about invalid values, the log text or None).
    Pure: nothing in the session changes. A synthetic vocabulary (?vocab=) sets the
    synthetic corpus."""
    from .settings import SYNTHETIC
    values, notes = {}, []
    for name, text in params.items():
        field = by_url().get(name)
        if field is None:
            continue
        try:
            values[field.key] = field.parse(str(text))
        except (ValueError, OverflowError):
            notes.append(tr("url.bad_value", name=name,      # the value is not echoed
                            expected=tr(field.expected, **(field.params or {}))))
    if "vocab" in values:
        values["source"] = SYNTHETIC
    log = params.get(LOG_PARAM)
    return values, notes, None if log is None else str(log)


def _new_values(values: dict) -> dict:
    return {**DEFAULTS, **values}


def load(params: dict, progress=None) -> list:
    """Set the sidebar settings from ``params`` (a new session, a reload, a lesson) and
    build their trainer, replaying the log. Returns messages for the visitor; on an
    invalid log the settings apply but no step is trained (nothing half-replayed)."""
    from .settings import apply_settings
    values, notes, log_text = parse_params(params)
    for key, value in _new_values(values).items():
        st.session_state[f"s_{key}"] = value
    state = session()
    state.applied = None
    apply_settings()
    if state.error:
        notes.append(state.error)
    trainer = state.trainer
    if trainer is not None:
        _entry(trainer)                     # the run starts here, at the URL's rate
    if log_text and trainer is not None:
        notes.extend(replay(log_text, progress))
    return notes


def replay(log_text: str, progress=None) -> list:
    """Replay the log on a fresh copy of the current run (at its first step); swap it in
    only if all of it worked, else keep the run as it was and say why."""
    from w2v_viz import Trainer

    state = session()
    base = state.trainer
    entry = _entry(base)
    try:
        log = RunLog.parse(log_text)
        fresh = Trainer(base.corpus, base.config.replace(lr=entry["values"]["lr"]),
                        batch_size=base.batch_size, snapshot_budget=base.snapshot_budget)
        log.replay(fresh, progress)
    except W2VError as error:
        return [tr("url.log_not_replayed", reason=error_message(error, lang()))]
    state.trainer = fresh
    state.url_run = {**entry, "trainer": fresh, "log": log}
    st.session_state["s_lr"] = fresh.config.lr
    return []


# ----- the current run -------------------------------------------------------------------
def _entry(trainer) -> dict:
    """This trainer's log (a new trainer, from Apply or a loaded run, starts a new one)."""
    state = session()
    entry = state.url_run
    if entry is None or entry["trainer"] is not trainer:
        from .settings import PASTE, UPLOAD
        applied = state.applied or {}
        shareable = (trainer.step_count == 0 and bool(applied)
                     and applied.get("source") not in (PASTE, UPLOAD))
        entry = {"trainer": trainer, "log": RunLog(), "shareable": shareable,
                 "applied": applied, "values": {**applied, "lr": trainer.config.lr}}
        state.url_run = entry
    return entry


def _after_click() -> None:
    """A click's change goes to the URL at once; while Play or an Epoch run goes on the
    URL is written when it ends (a full run), not 20 times a second."""
    if not session().run.mode():
        sync()


def step(trainer, n: int = 1):
    try:
        return _entry(trainer)["log"].step(trainer, n)
    finally:
        _after_click()


def run(trainer, n: int) -> None:
    _entry(trainer)["log"].run(trainer, n)      # only inside a bulk run: synced at its end


def reset(trainer) -> None:
    _entry(trainer)["log"].do_reset(trainer)
    _after_click()


def set_lr(trainer, rate: float) -> None:
    _entry(trainer)["log"].set_lr(trainer, rate)
    _after_click()


def shareable() -> bool:
    trainer = session().trainer
    return trainer is not None and _entry(trainer)["shareable"]


# ----- writing ---------------------------------------------------------------------------
def wanted_params() -> dict:
    """The query string of this run: non-default settings, the log, the language
    (``lang``, read by ui/settings.py's init_state: "en" or "zh", else ignored)."""
    out = {}
    trainer = session().trainer
    if trainer is not None:
        entry = _entry(trainer)
        if entry["shareable"]:
            values, base = entry["values"], DEFAULTS
            for field in fields():
                value = values.get(field.key)
                synthetic = field.key == "vocab" and value is not None
                if value is None or (value == base[field.key] and not synthetic):
                    continue
                if field.key == "source" and value not in CORPORA:
                    continue                       # the synthetic corpus: ?vocab= says it
                out[field.url] = field.fmt(value)
            text = entry["log"].format()
            if text:
                out[LOG_PARAM] = text
    if st.session_state.get("lang", "en") != "en":
        out["lang"] = st.session_state["lang"]
    return out


def sync(keep: tuple | None = None) -> None:
    """Write the query string if it differs; ``keep``: the page's own parameters, kept as
    they are (the Lessons page's ``lesson``; app.py says which on every full run)."""
    state = session()
    if keep is None:
        keep = state.url_keep
    state.url_keep = keep
    current = st.query_params.to_dict()
    wanted = wanted_params()
    for key in keep:
        if key in current:
            wanted[key] = current[key]
    if current != wanted:
        st.query_params.from_dict(wanted)


def query_string() -> str:
    from urllib.parse import urlencode
    return urlencode(wanted_params())


# ----- lessons ----------------------------------------------------------------------------
def lesson_params(lesson) -> dict:
    """The URL of a lesson's prepared run (non-default settings, its log, ``lesson``)."""
    base = DEFAULTS
    values = {**base, "source": lesson.corpus, **lesson.settings}
    out = {}
    for field in fields():
        value = values.get(field.key)
        if field.key in base and value != base[field.key]:
            out[field.url] = field.fmt(value)
    if lesson.log:
        out[LOG_PARAM] = lesson.log
    out["lesson"] = lesson.key
    return out


def open_lesson(lesson) -> None:
    """Load a lesson's prepared run (a callback: before the widgets are drawn)."""
    params = lesson_params(lesson)
    notes = load(params)
    from .settings import set_error
    set_error(" ".join(dict.fromkeys(n for n in notes if n)) or None)
    session().url_keep = ("lesson",)
    st.query_params.from_dict({**wanted_params(), "lesson": lesson.key})


def lesson_loaded(lesson) -> bool:
    """Is the current run the lesson's prepared state, or that state trained further?"""
    wanted = wanted_params()
    params = lesson_params(lesson)
    log = params.pop(LOG_PARAM, "")
    params.pop("lesson")
    now_log = wanted.pop(LOG_PARAM, "")
    wanted.pop("lang", None)
    return wanted == params and now_log.startswith(log)


def share_button() -> None:
    """The "Copy link to this step" button (views/share.js copies the page's address,
    which ``sync`` keeps current: it needs no rerun on Step)."""
    from views.share import message

    from .live_view import register
    from .state import lang
    register("share")(data=message(lang(), shareable()), key="share")
