"""Registers the live views of ``views/`` as Streamlit v2 components.

A view named ``x`` is ``views/x.py`` (its message) + ``views/x.js`` (+ ``x.css``); its
script is the shared ``views/lib.js`` followed by its own file, so every view mounts,
tears down and formats numbers the same way. Registered once per process (a definition,
like a function), not visitor state.
"""

from pathlib import Path

import streamlit as st

VIEWS = Path(__file__).resolve().parents[1] / "views"


def _read(name: str) -> str:
    path = VIEWS / name
    return path.read_text(encoding="utf-8") if path.exists() else ""


_registered: dict = {}   # name -> component definition (process-wide, like functions)


def register(name: str):
    """The component that draws ``views/<name>.js``; call it as
    ``component(data=message, key=..., on_<state>_change=...)``. Registered once per
    process, however many page runs ask for it."""
    if name not in _registered:
        _registered[name] = _define(name)
    return _registered[name]


def _define(name: str):
    return st.components.v2.component(
        f"w2v_viz.{name}",
        js=_read("lib.js") + "\n" + _read(f"{name}.js"),
        css=_read("lib.css") + "\n" + _read(f"{name}.css"),
        isolate_styles=False,   # the page's fonts and theme colours apply
    )
