"""Exports: word2vec text (read back by gensim), Embedding Projector TSV, and saved runs that
continue exactly where they stopped."""

import io
import json
import zipfile

import numpy as np
import pytest

from views.i18n import error_message
from w2v_viz.config import Config
from w2v_viz.corpus import Corpus
from w2v_viz.errors import DecodeError
from w2v_viz.export import load_run, projector_tsv, save_run, word2vec_text
from w2v_viz.trainer import Trainer

TEXT = ("the king rules the land and the queen rules the land\n"
        "a man walks the dog and a woman walks the cat\n"
        "国王 和 王后 住 在 宫殿\n"
        "猫 和 狗 住 在 房子\n"
        "l'été est très chaud. café crème 3.14")


@pytest.fixture(scope="module")
def trainer():
    t = Trainer(Corpus.from_text(TEXT), Config(dim=7, seed=1))
    t.run_epochs(2)
    return t


def test_gensim_reads_the_word2vec_text_export(trainer, tmp_path):
    from gensim.models import KeyedVectors  # a dev requirement: fail, don't skip, if missing

    words, E = trainer.vocab.words, trainer.model.W1
    assert any("\u4e00" <= ch <= "\u9fff" for w in words for ch in w)   # Chinese words in
    path = tmp_path / "vectors.txt"
    path.write_text(word2vec_text(words, E), encoding="utf-8")
    kv = KeyedVectors.load_word2vec_format(str(path), binary=False)
    assert kv.index_to_key == words and kv.vector_size == 7
    for i, w in enumerate(words):
        np.testing.assert_array_equal(kv[w], E[i].astype(np.float32))
    np.testing.assert_array_equal(kv["国王"], E[trainer.vocab.id("国王")].astype(np.float32))


def test_word2vec_text_is_exact(trainer):
    E = trainer.model.W2.T
    lines = word2vec_text(trainer.vocab.words, E).splitlines()
    assert lines[0] == f"{len(E)} 7" and len(lines) == len(E) + 1
    back = np.array([[float(x) for x in line.split(" ")[1:]] for line in lines[1:]])
    np.testing.assert_array_equal(back, E)                  # repr round-trips float64
    assert [line.split(" ")[0] for line in lines[1:]] == trainer.vocab.words


def test_projector_tsv(trainer):
    V, d = trainer.model.W1.shape
    vectors, metadata = projector_tsv(trainer.vocab.words, trainer.model.W1)
    rows = vectors.rstrip("\n").split("\n")
    assert len(rows) == V
    for row, expected in zip(rows, trainer.model.W1):
        cells = row.split("\t")
        assert len(cells) == d
        np.testing.assert_array_equal([float(c) for c in cells], expected)
    names = metadata.rstrip("\n").split("\n")
    assert names == trainer.vocab.words and len(names) == V
    assert vectors.endswith("\n") and metadata.endswith("\n")


# ----- saved runs --------------------------------------------------------------------------
def _state(t):
    return (t.model.W1.copy(), t.model.W2.copy(), t.step_count, t.epoch, t.position,
            t.history.sums.copy(), t.history.counts.copy(), list(t.history.epoch_means),
            list(t.history.epoch_end_steps), t.history.width, list(t.timeline.steps),
            t.timeline.stride, t.config)


def _assert_same(a, b):
    for x, y in zip(_state(a), _state(b), strict=True):
        if isinstance(x, np.ndarray):
            np.testing.assert_array_equal(x, y)
        else:
            assert x == y


def _continue(t):
    t.step(5)
    t.run(37)
    t.step(2)
    t.run_epoch()
    t.run(13)


@pytest.mark.parametrize("options", [
    {"objective": "negative"},
    {"objective": "negative", "architecture": "cbow", "dynamic_window": True},
    {"objective": "negative", "window_step": True, "subsample": 0.05, "lr_decay": True},
    {"objective": "softmax"},
])
def test_save_and_load_continue_bit_for_bit(options):
    corpus = Corpus.from_text(TEXT, min_count=1)
    original = Trainer(corpus, Config(dim=5, seed=9, **options), batch_size=4)
    original.step(3)
    original.run(50)
    original.set_lr(0.03)
    original.step(2)                                     # stop in the middle of an epoch
    data = save_run(original)
    assert isinstance(data, bytes)
    loaded = load_run(data)
    _assert_same(loaded, original)
    np.testing.assert_array_equal(loaded.order, original.order)
    assert loaded.rng.bit_generator.state == original.rng.bit_generator.state
    assert loaded.batch_size == original.batch_size
    for a, b in zip(loaded.timeline.W1 + loaded.timeline.W2,
                    original.timeline.W1 + original.timeline.W2, strict=True):
        np.testing.assert_array_equal(a, b)
    r1, r2 = original.step(), loaded.step()
    if r1.negatives is not None:
        np.testing.assert_array_equal(r1.negatives, r2.negatives)   # the RNG was restored
    _continue(original)
    _continue(loaded)
    _assert_same(loaded, original)
    # and saving the loaded one gives a run that continues identically too
    again = load_run(save_run(loaded))
    _assert_same(again, loaded)


def test_save_and_load_with_explicit_initial_weights():
    corpus = Corpus.from_text(TEXT)
    V = len(corpus.vocab)
    rng = np.random.default_rng(0)
    W1, W2 = rng.standard_normal((V, 3)), rng.standard_normal((3, V))
    t = Trainer(corpus, Config(dim=3), W1=W1, W2=W2)
    t.run(20)
    loaded = load_run(save_run(t))
    _assert_same(loaded, t)
    loaded.reset()
    np.testing.assert_array_equal(loaded.model.W1, W1)     # reset goes back to them
    np.testing.assert_array_equal(loaded.model.W2, W2)


@pytest.mark.parametrize("dim, objective", [(3, "softmax"), (20, "negative")])
def test_a_run_saved_before_the_init_setting_loads_with_the_normal_init(dim, objective):
    """Runs saved before ``init`` existed have no such key: they started from the normal
    init, and a reset after loading goes back to those weights (not to "auto"'s)."""
    corpus = Corpus.from_text(TEXT)
    old = Trainer(corpus, Config(dim=dim, objective=objective, init="normal"))
    old.run(20)
    with np.load(io.BytesIO(save_run(old)), allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    meta = json.loads(str(arrays["meta"]))
    del meta["config"]["init"]
    arrays["meta"] = np.array(json.dumps(meta))
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    loaded = load_run(buffer.getvalue())
    assert loaded.config.init == "normal"
    _assert_same(loaded, old)
    loaded.reset()
    old.reset()
    np.testing.assert_array_equal(loaded.model.W1, old.model.W1)
    np.testing.assert_array_equal(loaded.model.W2, old.model.W2)


def test_save_and_load_keeps_corpus_options():
    text = "The Cat sat. The cat RAN.\n我喜欢猫"
    corpus = Corpus.from_text(text, lowercase=False, char_level=True, min_count=1)
    t = Trainer(corpus, Config(dim=3))
    loaded = load_run(save_run(t))
    c = loaded.corpus
    assert c.text == corpus.text and c.vocab.words == corpus.vocab.words
    assert (c.lowercase, c.char_level, c.min_count) == (False, True, 1)


def _npz(**arrays):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


@pytest.mark.parametrize("data", [
    b"", b"garbage bytes, not a run", bytes(range(256)) * 10,
    b"PK\x03\x04" + b"\x00" * 100,                               # a broken zip
    _npz(x=np.arange(3)),                                        # an npz of something else
    _npz(meta=np.array(json.dumps({"format": 99}))),             # a future format
    _npz(meta=np.array([{"a": 1}], dtype=object)),               # would need pickle
])
def test_load_run_rejects_garbage(data):
    with pytest.raises(DecodeError) as err:
        load_run(data)
    assert err.value.code == "not_a_run" and "not a saved w2v-viz run" in error_message(err.value)


def test_load_run_rejects_a_truncated_file(trainer):
    data = save_run(trainer)
    with pytest.raises(DecodeError):
        load_run(data[: len(data) // 2])


def _resave(data, drop=(), **changes):
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files if k not in drop}
    arrays.update(changes)
    return _npz(**arrays)


@pytest.mark.parametrize("damage", [
    {"drop": ("W1",)}, {"drop": ("order",)}, {"drop": ("history_sums",)},
    {"W1": np.zeros((2, 2))}, {"order": np.array([10**6])},
    {"ctok": np.array([10**6], dtype=np.int32)}, {"text": np.array("")},
])
def test_load_run_rejects_damaged_runs(trainer, damage):
    damage = dict(damage)
    data = _resave(save_run(trainer), damage.pop("drop", ()), **damage)
    with pytest.raises(DecodeError) as err:
        load_run(data)
    assert err.value.code in ("not_a_run", "run_mismatch")


def test_saved_run_is_a_plain_npz_without_pickles(trainer):
    data = save_run(trainer)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
    assert {"meta.npy", "text.npy", "W1.npy", "W2.npy"} <= names
    with np.load(io.BytesIO(data), allow_pickle=False) as z:   # loads with pickles off
        assert all(z[k].dtype != object for k in z.files)
