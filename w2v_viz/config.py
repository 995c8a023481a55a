"""All settings of one training run, in one dataclass (as nanoGPT's config)."""

import math
from dataclasses import asdict, dataclass, fields

from .errors import InvalidSettingError

ARCHITECTURES = ("skipgram", "cbow")
OBJECTIVES = ("softmax", "negative")
INITS = ("auto", "normal", "word2vec")

# "auto": word2vec's init for negative sampling from this d (see Config.init_used)
AUTO_WORD2VEC_DIM = 11

# Inclusive ranges for the numeric settings: (low, high).
RANGES = {
    "dim": (1, 300),
    "window": (1, 10),
    "negatives": (1, 50),
    "min_count": (1, 1000),
    "seed": (0, 2**32 - 1),
    "lr": (1e-6, 10.0),
    "init_scale": (1e-6, 10.0),
    "lr_decay_epochs": (1, 10_000),
    "subsample": (0.0, 1.0),
}


@dataclass(frozen=True)
class Config:
    architecture: str = "skipgram"  # skip-gram: centre predicts context;
    #                                 cbow: the mean of the context predicts the centre
    objective: str = "softmax"      # full softmax (the notes) or negative sampling
    dim: int = 10                   # d, embedding size
    window: int = 2                 # m, context words on each side
    negatives: int = 5              # K, negatives per positive (negative sampling only)
    lr: float = 0.15                # SGD learning rate (initial one if decaying): a curve
    #                                 that visibly falls within 1,000 steps (tests/test_defaults)
    lr_decay: bool = False          # linear decay to lr_min_fraction * lr over lr_decay_epochs
    lr_decay_epochs: int = 20
    lr_min_fraction: float = 1e-3
    min_count: int = 1              # words seen fewer times are dropped
    seed: int = 0                   # one seed for init, shuffling and negative draws
    init: str = "auto"              # "normal": the notes' W1, W2 ~ N(0, 1) * init_scale;
    #                                 "word2vec": W1 ~ U(+-0.5/d), W2 = 0 (word2vec, gensim);
    #                                 "auto": one of them by d and objective (init_used)
    init_scale: float = 0.3         # the normal init's scale (unused by word2vec's)
    window_step: bool = False       # skip-gram: one step = a centre with all its contexts
    dynamic_window: bool = False    # word2vec's reduced window b ~ U{1..m} per centre
    subsample: float = 0.0          # word2vec's frequent-word threshold t (0 = off)
    shuffle: bool = True

    def __post_init__(self):
        validate(self)

    @property
    def init_used(self) -> str:
        """The initialisation this run starts from: ``init``, with "auto" resolved by the
        settings alone (a replayed run starts from the same weights): word2vec's for
        negative sampling at d >= AUTO_WORD2VEC_DIM, where it agrees with gensim on the Lee
        corpus far better than the normal init, the more so the larger d
        (benchmarks/lee_quality.py); "normal" below, the app's default d = 10 included
        (its runs and lessons as they were), and for the full softmax, which from W2 = 0
        and a tiny W1 sits on a saddle (the bundled corpora's loss flat for 1,000 steps)."""
        if self.init != "auto":
            return self.init
        if self.objective == "negative" and self.dim >= AUTO_WORD2VEC_DIM:
            return "word2vec"
        return "normal"

    def replace(self, **changes) -> "Config":
        return Config(**{**asdict(self), **changes})

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Config":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def _invalid(name: str, value, expected: str, **params) -> InvalidSettingError:
    """The error for a setting: its name and what it expects are keys of the UI's table."""
    return InvalidSettingError(name_key=f"setting.{name}", expected_key=f"expect.{expected}",
                               **params, value=value)


def validate(config: Config) -> None:
    """Raise InvalidSettingError for the first setting out of its range."""
    for name, options in (("architecture", ARCHITECTURES), ("objective", OBJECTIVES),
                          ("init", INITS)):
        if getattr(config, name) not in options:
            raise _invalid(name, getattr(config, name), "one_of", names=", ".join(options))
    for name, (low, high) in RANGES.items():
        value = getattr(config, name)
        is_int_setting = isinstance(low, int)
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok and is_int_setting:
            ok = float(value).is_integer()
        if ok:
            ok = math.isfinite(value) and low <= value <= high
        if not ok:
            text = str if is_int_setting else "{:g}".format
            raise _invalid(name, value, "int" if is_int_setting else "range",
                           low=text(low), high=text(high))
    if not (0.0 < config.lr_min_fraction <= 1.0):
        raise _invalid("lr_min_fraction", config.lr_min_fraction, "fraction")
