"""Exports: word2vec text format, TensorFlow Embedding Projector TSV, and a whole run."""

import io
import json

import numpy as np

from .config import Config
from .corpus import Corpus, Pairs
from .errors import DecodeError, NotARunError, RunMismatchError
from .history import LossHistory, Timeline
from .trainer import Trainer

RUN_FORMAT = 1


def word2vec_text(words: list, E: np.ndarray) -> str:
    """The word2vec text format ("V d" header, then "word v1 ... vd" per line), which
    gensim's KeyedVectors.load_word2vec_format reads. Floats are written exactly (repr)."""
    lines = [f"{len(words)} {E.shape[1]}"]
    lines += [w + " " + " ".join(repr(float(x)) for x in row) for w, row in zip(words, E)]
    return "\n".join(lines) + "\n"


def projector_tsv(words: list, E: np.ndarray) -> tuple:
    """(vectors.tsv, metadata.tsv) for projector.tensorflow.org: one row per word."""
    vectors = "\n".join("\t".join(repr(float(x)) for x in row) for row in E) + "\n"
    metadata = "\n".join(words) + "\n"
    return vectors, metadata


def save_run(trainer) -> bytes:
    """Everything needed to continue the run exactly: corpus text and options, settings,
    weights, RNG state, epoch order and position, history and timeline (.npz, no pickle)."""
    c = trainer.corpus
    meta = {
        "format": RUN_FORMAT, "config": trainer.config.to_dict(),
        "corpus": {"lowercase": c.lowercase, "char_level": c.char_level,
                   "min_count": c.min_count, "segmentation": c.segmentation},
        "rng": trainer.rng.bit_generator.state, "batch_size": trainer.batch_size,
        "step_count": trainer.step_count, "epoch": trainer.epoch, "position": trainer.position,
        "timeline_stride": trainer.timeline.stride,
        "timeline_max": trainer.timeline.max_snapshots,
        "snapshot_budget": trainer.snapshot_budget,
    }
    arrays = {
        "meta": np.array(json.dumps(meta)), "text": np.array(c.text),
        "W1": trainer.model.W1, "W2": trainer.model.W2, "order": trainer.order,
        "ctok": trainer.pairs.ctok, "otok": trainer.pairs.otok,
        "group_ptr": trainer.pairs.group_ptr,
        "timeline_steps": np.array(trainer.timeline.steps, dtype=np.int64),
        "timeline_W1": np.array(trainer.timeline.W1), "timeline_W2": np.array(trainer.timeline.W2),
        **{"history_" + k: v for k, v in trainer.history.to_arrays().items()},
    }
    if trainer._explicit_init is not None:
        arrays["W1_init"], arrays["W2_init"] = trainer._explicit_init
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def load_run(data: bytes):
    """Rebuild a Trainer saved by save_run; the next steps are those the original makes.
    Anything that is not such a file (or is damaged) raises DecodeError; nothing is
    unpickled."""
    try:
        return _load_run(data)
    except DecodeError:
        raise
    except Exception as exc:   # any malformed file becomes one clear error
        raise NotARunError(cause=type(exc).__name__) from exc


def _load_run(data: bytes):
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        a = {k: z[k] for k in z.files}
    meta = json.loads(str(a["meta"]))
    if meta.get("format") != RUN_FORMAT:
        raise ValueError("unknown format")
    corpus = Corpus.from_text(str(a["text"]), **meta["corpus"])
    # a run saved before the init setting existed started from the normal init
    config = Config.from_dict({"init": "normal", **meta["config"]})
    init = (a["W1_init"], a["W2_init"]) if "W1_init" in a else (None, None)
    t = Trainer(corpus, config, *init, batch_size=meta["batch_size"],
                snapshot_budget=meta["snapshot_budget"])
    if a["W1"].shape != t.model.W1.shape or a["W2"].shape != t.model.W2.shape:
        raise RunMismatchError()
    pairs = Pairs(a["ctok"], a["otok"], a["group_ptr"])
    n_units = pairs.n_groups if t.uses_windows else len(pairs)
    order, position = a["order"], int(meta["position"])
    n_tokens = len(corpus.ids)
    if not (len(order) == n_units and (order < n_units).all() and 0 <= position < n_units
            and (pairs.ctok < n_tokens).all() and (pairs.otok < n_tokens).all()):
        raise ValueError("inconsistent pairs")
    t.model.W1[...] = a["W1"]
    t.model.U[...] = a["W2"].T
    t.rng.bit_generator.state = meta["rng"]
    t.step_count, t.epoch, t.position = meta["step_count"], meta["epoch"], position
    t.pairs = pairs
    t.order = order
    t.history = LossHistory.from_arrays({k[8:]: v for k, v in a.items()
                                         if k.startswith("history_")})
    t.timeline = Timeline(t.model.V, t.model.d, meta["snapshot_budget"])
    t.timeline.max_snapshots, t.timeline.stride = meta["timeline_max"], meta["timeline_stride"]
    t.timeline.steps = [int(s) for s in a["timeline_steps"]]
    t.timeline.W1, t.timeline.W2 = list(a["timeline_W1"]), list(a["timeline_W2"])
    return t
