"""The "Download as interactive HTML" button beside a live view: the file is built only
when the visitor clicks (Streamlit's deferred download data, a callable), from the
message the view was drawn with on this run, so a Step pays for a button, never for a
~5 MB file (plotly.js is inside it)."""

import streamlit as st

from views import figures

from .session import session
from .state import lang, tr


def html_button(build, message: dict, title: str, name: str, key: str) -> None:
    """A download of ``build(message, lang)`` (a ``views.figures`` builder) as
    ``<name>.html``, titled ``title``."""
    language = lang()       # read here: the callable runs outside the script's thread

    def data() -> bytes:
        return figures.html(build(message, language), title, language)

    # while Play or an Epoch run refreshes the page, a figure would be out of date at
    # once, and an enabled button registers a new file every refresh: it waits
    st.download_button(tr("fig.download_html"), data, f"{name}.html", "text/html",
                       on_click="ignore", key=key, help=tr("fig.download_help"),
                       icon=":material/download:",
                       disabled=session().timer.mode() is not None)
