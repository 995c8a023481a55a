"""The URL is the run: its settings and its log of actions in the query string, and back.

Each piece of URL state is declared ONCE in ``fields()`` (its session key, its URL name,
how to parse and format it, its valid values), as TensorFlow Playground's state.ts does;
defaults and numeric limits are the sidebar's, ``ui/limits.py``'s DEFAULTS and LIMITS
(only non-default values go into the URL). The log of actions is ``t=``
(``w2v_viz/runlog.py``). Nothing here trains: the run and its log are ``ui/run.py``'s
(``act`` trains and logs, ``load`` rebuilds a run from ``parse_params``); ``sync``
writes the query string of the Session's run (on every full run, and after each action
of the live fragment).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from views.i18n import error_message
from views.share import message as share_message
from w2v_viz.config import ARCHITECTURES, INITS, OBJECTIVES, Config
from w2v_viz.corpora import CORPORA
from w2v_viz.errors import W2VError
from w2v_viz.segment import SEGMENTATIONS

from .build import SYNTHETIC
from .limits import DEFAULTS, LIMITS
from .live_view import register
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
        _one_of("init", "ini", INITS, ", ".join(INITS)),
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
    """(the URL's valid settings, messages about invalid values, the log text or None).
    Pure: nothing in the session changes. A synthetic vocabulary (?vocab=) sets the
    synthetic corpus."""
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


def legacy_init(values: dict) -> str:
    """What a link without ``ini`` means: links made before the d-aware default ("auto")
    started from the normal init, so where "auto" would now pick another one, that link
    still means "normal" (it replays to the same weights); elsewhere the two agree."""
    auto = Config(objective=values["objective"], dim=values["dim"]).init_used
    return "normal" if auto != "normal" else "auto"


def log_not_replayed(error: W2VError) -> str:
    return tr("url.log_not_replayed", reason=error_message(error, lang()))


# ----- writing ---------------------------------------------------------------------------
def wanted_params() -> dict:
    """The query string of this run: non-default settings, the log, the language
    (``lang``, read by ui/settings.py's init_state: "en" or "zh", else ignored)."""
    out = {}
    state = session()
    if state.trainer is not None and state.shareable and state.start:
        values, base = state.start, DEFAULTS
        for field in fields():
            value = values.get(field.key)
            if field.key == "vocab":               # the random text's size, only for it
                if values.get("source") == SYNTHETIC:
                    out[field.url] = field.fmt(value)
                continue
            if field.key == "init":                # written where its absence would differ
                if value != legacy_init(values):
                    out[field.url] = field.fmt(value)
                continue
            if value is None or value == base[field.key]:
                continue
            if field.key == "source" and value not in CORPORA:
                continue                       # the synthetic corpus: ?vocab= says it
            out[field.url] = field.fmt(value)
        text = state.log.format() if state.log else ""
        if text:
            out[LOG_PARAM] = text
    if st.session_state.get("lang", "en") != "en":
        out["lang"] = st.session_state["lang"]
    return out


def sync(keep: tuple | None = None, extra: dict | None = None) -> None:
    """Write the query string if it differs; ``keep``: the page's own parameters, kept as
    they are (the Lessons page's ``lesson``; app.py says which on every full run);
    ``extra``: parameters to set now."""
    state = session()
    if keep is None:
        keep = state.url_keep
    state.url_keep = keep
    current = st.query_params.to_dict()
    wanted = wanted_params()
    for key in keep:
        if key in current:
            wanted[key] = current[key]
    wanted.update(extra or {})
    if current != wanted:
        st.query_params.from_dict(wanted)


def query_string() -> str:
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


def lesson_loaded(lesson) -> bool:
    """Is the current run the lesson's prepared state, or that state trained further?"""
    wanted = wanted_params()
    params = lesson_params(lesson)
    log = params.pop(LOG_PARAM, "")
    params.pop("lesson")
    now_log = wanted.pop(LOG_PARAM, "")
    wanted.pop("lang", None)
    return wanted == params and now_log.startswith(log)


_share = register("share")


def share_button() -> None:
    """The "Copy link to this step" button (views/share.js copies the page's address,
    which ``sync`` keeps current: it needs no rerun on Step)."""
    state = session()
    _share(data=share_message(lang(), state.trainer is not None and state.shareable),
           key="share")
