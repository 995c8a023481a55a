"""The "Download as interactive HTML" buttons of the live views. The file is built only
when the visitor clicks (Streamlit's deferred download data, a callable), from the
message the view was last drawn with (``keep``, in the live fragment), so a Step pays for
neither a ~5 MB file (plotly.js is inside it) nor a button: the buttons sit below the live
fragment and are drawn on whole runs only (which Play, an Epoch run and their ends are)."""

import streamlit as st

from views import figures

from .session import session
from .state import lang, tr

SLOT = "downloads"      # the views' cache that holds each figure's last message


def keep(name: str, message: dict, title: str) -> None:
    """In the live fragment: the view ``name`` was drawn with ``message`` (titled ``title``)."""
    session().views.setdefault(SLOT, {})[name] = (message, title)


def html_button(build, name: str, key: str) -> None:
    """Below the live fragment: a download of ``build(message, lang)`` (a
    ``views.figures`` builder) as ``<name>.html``, from the message ``keep`` holds when
    the visitor clicks. Its label names the figure (``fig.dl_<name>``)."""
    state, language = session(), lang()     # read here: the callable runs outside the
    #                                         script's thread, after Steps and Resets

    def data() -> bytes:
        message, title = state.views[SLOT][name]
        return figures.html(build(message, language), title, language)

    # while Play or an Epoch run refreshes the page a figure would be out of date at once
    st.download_button(tr(f"fig.dl_{name}"), data, f"{name}.html", "text/html",
                       on_click="ignore", key=key, help=tr("fig.download_help"),
                       icon=":material/download:",
                       disabled=state.timer.mode() is not None)
