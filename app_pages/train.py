"""Train: the sentence and window of this step, the loss curve, the equations with numbers."""

from ui.live import live_page
from ui.state import lang
from ui.train_view import log_scale, train_view
from w2v_viz.train_view import train_view as view_of


def render(trainer, record):
    train_view(view_of(trainer, record, lang(), log_scale=log_scale()))


live_page(render)
