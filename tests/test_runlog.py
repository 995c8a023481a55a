"""The URL's training log (w2v_viz/runlog.py): replaying a log on a fresh trainer gives
bit-identical weights, history and counters; a hostile log cannot make the server work
past the cap."""

import time

import numpy as np
import pytest

from w2v_viz import Config, Corpus, Trainer
from w2v_viz.corpora import CORPORA
from w2v_viz.errors import DivergenceError
from w2v_viz.runlog import CAP_SECONDS, BadLog, ReplayTooLong, RunLog, format_rate, state_equal
from w2v_viz.synthetic import zipf_text


def _trainer(corpus_key="royalty", **config):
    return Trainer(Corpus.from_text(CORPORA[corpus_key].text()), Config(**config))


def _bulk(log, trainer, epochs, stop_after=None):
    """A bulk run as ui/live.py's _bulk_tick does it: slices of min(4 batches, the rest
    of the epoch), each through the log; Stop after ``stop_after`` slices."""
    slices = 0
    while epochs > 0:
        if stop_after is not None and slices == stop_after:
            return
        take = min(trainer.batch_size * 4, trainer.n_units - trainer.position)
        log.apply(trainer, "b", take)
        slices += 1
        if trainer.position == 0:
            epochs -= 1


def _session(trainer, log):
    """Mixed steps, Play-like single steps, bulk runs (whole and stopped), a rate change."""
    log.apply(trainer, "s", 3)
    for _ in range(5):
        log.apply(trainer, "s", 1)
    _bulk(log, trainer, 1, stop_after=2)          # stopped mid-epoch
    log.apply(trainer, "s", 7)
    log.apply(trainer, "l", 0.02)
    _bulk(log, trainer, 2)                        # to the end of this epoch, then one more
    log.apply(trainer, "s", 10)
    _bulk(log, trainer, 1, stop_after=1)


@pytest.mark.parametrize("corpus_key", list(CORPORA))
@pytest.mark.parametrize("architecture", ["skipgram", "cbow"])
@pytest.mark.parametrize("objective", ["softmax", "negative"])
def test_replay_is_bit_identical(corpus_key, architecture, objective):
    original, log = _trainer(corpus_key, architecture=architecture, objective=objective), RunLog()
    _session(original, log)
    text = log.format()
    assert len(text) < 60, text
    replayed = _trainer(corpus_key, architecture=architecture, objective=objective)
    RunLog.parse(text).replay(replayed)
    assert np.array_equal(replayed.model.W1, original.model.W1)
    assert np.array_equal(replayed.model.W2, original.model.W2)
    assert np.array_equal(replayed.history.sums, original.history.sums)
    assert np.array_equal(replayed.history.counts, original.history.counts)
    assert (replayed.step_count, replayed.epoch, replayed.position) == \
        (original.step_count, original.epoch, original.position)
    assert state_equal(replayed, original)
    assert replayed.timeline.steps == original.timeline.steps


@pytest.mark.parametrize("options", [dict(window_step=True), dict(dynamic_window=True),
                                     dict(subsample=0.01), dict(lr_decay=True)])
def test_replay_with_sampling_options(options):
    original, log = _trainer("fruit_drinks", objective="negative", **options), RunLog()
    _session(original, log)
    replayed = _trainer("fruit_drinks", objective="negative", **options)
    RunLog.parse(log.format()).replay(replayed)
    assert state_equal(replayed, original)


def test_sliced_bulk_equals_one_run():
    a, b = _trainer(), _trainer()
    a.step(5)
    b.step(5)
    _bulk(RunLog(), a, 3)
    b.run(a.step_count - 5)
    assert state_equal(a, b)


def test_format_is_compact_and_reset_folds():
    t, log = _trainer(), RunLog()
    log.apply(t, "s", 37)
    _bulk(log, t, 2)
    log.apply(t, "s", 10)
    assert log.format() == "s37.e2.s10"
    log.apply(t, "l", 0.5)
    log.apply(t, "l", 0.25)
    assert log.format() == "s37.e2.s10.l25e-2"
    log.apply(t, "r")
    assert log.format() == "l25e-2"
    log.apply(t, "s")
    assert log.format() == "l25e-2.s"
    fresh = _trainer()
    RunLog.parse(log.format()).replay(fresh)
    assert state_equal(fresh, t)


@pytest.mark.parametrize("rate", [0.05, 1e-6, 10.0, 0.1 + 0.2, 3e-5, 0.0125])
def test_rate_round_trip(rate):
    text = format_rate(rate)
    assert "." not in text
    (kind, value), = RunLog.parse("l" + text).entries
    assert value == rate


@pytest.mark.parametrize("bulk", [False, True])
def test_divergence_is_logged_and_replayed(bulk):
    settings = dict(objective="negative", lr=10.0, init_scale=1.0)
    original, log = _trainer(**settings), RunLog()
    log.apply(original, "s", 3)
    with pytest.raises(DivergenceError):
        for _ in range(2000):
            if bulk:
                _bulk(log, original, 1)
            else:
                log.apply(original, "s", 10)
    assert log.format().endswith("F" if bulk else "f"), log.format()
    for _ in range(3):       # attempts after it: the failed step drew negatives
        try:
            log.apply(original, "s")
        except DivergenceError:
            pass
    replayed = _trainer(**settings)
    RunLog.parse(log.format()).replay(replayed)
    assert state_equal(replayed, original)


@pytest.mark.parametrize("text", [
    "x", "s0", "s-1", "s1.", ".s1", "s1..s2", "s1000000000", "l0.5", "le-2", "l5e", "r2",
    "s" * 3000, ".".join(["s"] * 401), "s1;rm", "<script>", "s\n1", "e1e1", "l5e-1234",
    "f2", "s 1",
])
def test_garbage_is_refused(text):
    with pytest.raises(BadLog):
        RunLog.parse(text)


@pytest.mark.parametrize("text", ["s999999999", "e999999999", "e100000", "s2000000",
                                  ".".join(["e999999999"] * 150),
                                  ".".join(["s99999"] * 300)[:1999]])
def test_huge_logs_are_refused_before_running(text):
    t = _trainer()
    log = RunLog.parse(text)
    start = time.perf_counter()
    with pytest.raises(ReplayTooLong):
        log.replay(t)
    assert time.perf_counter() - start < 0.5
    assert t.step_count == 0


def test_bulk_past_the_epoch_is_refused():
    t = _trainer()
    with pytest.raises(BadLog):
        RunLog.parse(f"b{t.n_units}").replay(t)
    RunLog.parse("s").replay(t)
    with pytest.raises(BadLog):
        RunLog.parse(f"b{t.n_units - 1}").replay(t)


def test_failure_marker_where_nothing_fails_is_refused():
    with pytest.raises(BadLog):
        RunLog.parse("s.f").replay(_trainer())


def _cap_log(trainer, kind):
    """The largest log of one kind that the cap allows."""
    per = RunLog.parse(f"{kind}1").cost(trainer)
    n = int(CAP_SECONDS / per)
    if kind == "e":
        return f"e{n}"
    return f"s{n}"


@pytest.mark.slow
@pytest.mark.parametrize("setup", [
    dict(corpus="royalty", config=dict(architecture="cbow", objective="negative"), kind="e"),
    dict(corpus="royalty", config=dict(), kind="e"),
    dict(corpus="chinese", config=dict(architecture="cbow"), kind="e"),
    dict(corpus="fruit_drinks", config=dict(objective="negative", window_step=True), kind="e"),
    dict(corpus="royalty", config=dict(objective="negative"), kind="s"),
    dict(corpus="syn", config=dict(dim=100), kind="s"),
    dict(corpus="syn", config=dict(dim=50, objective="negative"), kind="e"),
])
def test_replay_at_the_cap_takes_about_the_cap(setup):
    text = zipf_text(5000) if setup["corpus"] == "syn" else CORPORA[setup["corpus"]].text()
    t = Trainer(Corpus.from_text(text), Config(**setup["config"]))
    log = RunLog.parse(_cap_log(t, setup["kind"]))
    log.check(t)
    start = time.perf_counter()
    log.replay(t)
    elapsed = time.perf_counter() - start
    print(setup, log.format(), f"{elapsed:.1f} s")
    assert elapsed < 2.5 * CAP_SECONDS
