"""Gradients: this step's dW1 and dW2 beside W1 and W2 (canvas heatmaps updated in place on
every Step), and the gradient check of the step."""

from ui.downloads import html_button, keep
from ui.live import live_page
from ui.session import view_cache
from ui.state import lang
from views import figures, gradients
from w2v_viz.gradcheck import check_record, gradient_check

CHECK_ENTRIES = 60     # weights perturbed by the live gradient check


def render(trainer, record) -> dict:
    """The heatmaps' message (drawn below the controls, in one component)."""
    model = trainer.model
    if trainer.last_record is record:   # the step was applied: check at its starting weights
        check = check_record(model.W1, model.W2, record, max_entries=CHECK_ENTRIES)
    else:
        check = gradient_check(model.W1, model.W2, record.inputs, record.targets,
                               record.negatives, max_entries=CHECK_ENTRIES)
    ranges = view_cache("gradients").setdefault("zmax", {})   # colour ranges (per model)
    heatmaps = gradients.message(trainer, record, lang(), ranges, check)
    keep("gradients", heatmaps, heatmaps["text"]["when"])
    return {"gradients": heatmaps}


live_page(render, views=((("gradients", 1),),))
html_button(figures.gradients, "gradients", "dl_gradients_html")
