"""The "Copy link to this step" button's message (``share.js`` draws it). The link is the
page's own address: the query string holds the settings and the training log
(ui/url_state.py keeps it current), so the browser copies ``location.href`` at the click,
without Streamlit's embed parameters. A pasted or uploaded corpus cannot travel in a
link: then the message says so and points to the run download instead."""

from typing import TypedDict

from views.i18n import t


class ShareMessage(TypedDict):
    label: str
    copied: str          # shown after a successful copy
    manual: str          # shown above the link when the clipboard is not available
    help: str            # the button's tooltip
    note: str | None     # instead of the button: why there is no link


def message(lang: str, shareable: bool) -> ShareMessage:
    return {"label": t("share.copy", lang), "copied": t("share.copied", lang),
            "manual": t("share.manual", lang), "help": t("share.help", lang),
            "note": None if shareable else t("share.no_link", lang)}
