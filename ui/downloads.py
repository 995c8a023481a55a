"""The "Download as interactive HTML" button beside a live view: the file is built only
when the visitor clicks (Streamlit's deferred download data, a callable), from the
message the view was drawn with on this run, so a Step pays for a button, never for a
multi-MB file or for importing Plotly."""

import streamlit as st

from views import figures

from .state import lang, tr


def html_button(build, message: dict, title: str, name: str, key: str) -> None:
    """A download of ``figures.<build>(message)`` as ``<name>.html``, titled ``title``."""
    language = lang()       # read here: the callable runs outside the script's thread

    def data() -> bytes:
        fig = build(message) if build is figures.loss else build(message, language)
        return figures.html(fig, title, language)

    st.download_button(tr("fig.download_html"), data, f"{name}.html", "text/html",
                       on_click="ignore", key=key, help=tr("fig.download_help"),
                       icon=":material/download:")
