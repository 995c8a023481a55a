"""Train: one step's whole story (sentence, window, the network with this step's numbers),
the loss curve and a map of the key words, all updated in place on every Step."""

import streamlit as st

from ui.downloads import html_button, keep
from ui.live import live_page
from ui.live_view import register
from ui.session import view_cache
from ui.state import lang, promised_words
from views import figures, loss, network, wordmap

_network, _loss, _map = register("network"), register("loss"), register("wordmap")


def render(trainer, record):
    _network(data=network.message(trainer, record, lang()), key="network")
    left, right = st.columns([3, 2], gap="medium")
    with left:
        curve = loss.message(trainer, lang())
        _loss(data=curve, key="loss")
        keep("loss-curve", curve, curve["title"])
    with right:
        cache = view_cache("wordmap")     # shared with the Lessons page's map
        view, coords = wordmap.message(trainer, record, lang(), promised_words(),
                                       cache.get("coords"))
        cache["coords"] = coords          # the next frame turns to match this one
        _map(data=view, key="map")


live_page(render)
html_button(figures.loss, "loss-curve", "dl_loss_html")
