"""Train: one step's whole story (sentence, window, the network with this step's numbers),
the loss curve and a map of the key words, all updated in place on every Step."""

from ui.downloads import html_button, keep
from ui.live import live_page
from ui.session import view_cache
from ui.state import lang, promised_words
from views import figures, loss, network, wordmap


def render(trainer, record) -> dict:
    """The messages of the page's views (drawn below the controls, ``VIEWS``)."""
    curve = loss.message(trainer, lang())
    keep("loss-curve", curve, curve["title"])
    cache = view_cache("wordmap")         # shared with the Lessons page's map
    view, coords = wordmap.message(trainer, record, lang(), promised_words(),
                                   cache.get("coords"))
    cache["coords"] = coords              # the next frame turns to match this one
    return {"network": network.message(trainer, record, lang()), "loss": curve,
            "wordmap": view}


VIEWS = ((("network", 1),), (("loss", 3), ("wordmap", 2)))
live_page(render, views=VIEWS)
html_button(figures.loss, "loss-curve", "dl_loss_html")
