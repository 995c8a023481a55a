"""The sidebar's settings, declared once: their defaults (from the engine's ``Config``) and
their limits (from the engine's ``RANGES``, narrowed where the UI caps them). The sidebar's
widgets, the URL fields (``ui/url_state.py``) and a loaded run (``ui/runs.py``) all read
these tables; tests/test_limits.py checks that they do."""

from w2v_viz.config import RANGES, Config
from w2v_viz.corpus import MAX_VOCAB

_MODEL = Config()      # the engine's defaults are the sidebar's: declared once, there

# The Config fields set from the sidebar's widgets (lr and min_count are passed apart:
# the rate applies without a new model, min count is also the corpus's).
MODEL_KEYS = ("architecture", "objective", "negatives", "window", "dim", "seed", "window_step",
              "dynamic_window", "subsample", "lr_decay", "init", "init_scale")

# Widget defaults; every key is also a Config field or a corpus option.
DEFAULTS = {
    "source": "royalty", "text": "", "vocab": 1000,
    "lowercase": True, "segmentation": "auto",
    **{k: getattr(_MODEL, k) for k in ("min_count", "lr", *MODEL_KEYS)},
}

# Inclusive (low, high) of every numeric widget of the sidebar and its URL field.
LIMITS = {
    # the engine's ranges as they are
    **{k: RANGES[k] for k in ("window", "min_count", "seed", "lr", "subsample")},
    # d >= 2: the word maps are 2-D planes of the vectors (d = 1 has no second axis);
    # d <= 100: a slider with steps of 1 stays usable, the views draw a column per dimension
    "dim": (2, 100),
    # K <= 20: word2vec's advice for small corpora (5-20), as every corpus here is; the
    # network view draws the K + 1 output units
    "negatives": (RANGES["negatives"][0], 20),
    # at most the notes' N(0, 1): larger initial weights only saturate the first steps
    "init_scale": (RANGES["init_scale"][0], 1.0),
    # the UI's own, no engine range: the synthetic corpus's vocabulary (up to the engine's
    # vocabulary cap) and one Epoch click (500 epochs at V = 5000 is ~45 min)
    "vocab": (2, MAX_VOCAB),
    "epochs_per_click": (1, 500),
}

# The training controls of the sidebar (not model settings: no Apply, not in the URL).
PLAY_SPEEDS = (10, 50, 100, 500, 2000, 10000)   # Play's steps per second
CONTROL_DEFAULTS = {"epochs_per_click": LIMITS["epochs_per_click"][0],   # the widget's own
                    "play_speed": 100}
