"""The Trainer: reproducible runs, the learning rate, counters, learning, the bulk path,
divergence handling, bounded memory and progress reports."""

import numpy as np
import pytest

from views.i18n import error_message
from w2v_viz.config import Config
from w2v_viz.corpus import Corpus, tokenize
from w2v_viz.errors import DivergenceError, InvalidSettingError, W2VError
from w2v_viz.history import LossHistory
from w2v_viz.trainer import Trainer

COMBOS = [(o, a) for o in ("softmax", "negative") for a in ("skipgram", "cbow")]


def structured_text(n_sentences=60, seed=0):
    """Sentences "the <subject> <verb> the <object> [adverb]": 22 words with clear roles."""
    rng = np.random.default_rng(seed)
    subjects = ["cat", "dog", "horse", "cow", "king", "queen", "man", "woman"]
    verbs = ["eats", "drinks", "likes", "sees"]
    objects = ["apple", "bread", "water", "milk", "grass", "cake"]
    adverbs = ["slowly", "quickly", "happily"]
    lines = []
    for _ in range(n_sentences):
        words = ["the", rng.choice(subjects), rng.choice(verbs), "the", rng.choice(objects)]
        if rng.random() < 0.5:
            words.append(rng.choice(adverbs))
        lines.append(" ".join(words))
    return "\n".join(lines)


def zipf_text(V, n_tokens, seed=0):
    """Exactly V distinct words, Zipf-distributed, in sentences of 5..15 words."""
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, V + 1)
    ids = np.concatenate([np.arange(V), rng.choice(V, n_tokens - V, p=p / p.sum())])
    rng.shuffle(ids)
    cuts = np.cumsum(rng.integers(5, 16, n_tokens))
    return "\n".join(" ".join(f"w{i}" for i in s) for s in np.split(ids, cuts[cuts < n_tokens]))


@pytest.fixture(scope="module")
def corpus():
    return Corpus.from_text(structured_text())


def state(t: Trainer) -> dict:
    """Everything a run's outcome consists of, copied."""
    return {"W1": t.model.W1.copy(), "W2": t.model.W2.copy(), "step": t.step_count,
            "epoch": t.epoch, "position": t.position, "sums": t.history.sums.copy(),
            "counts": t.history.counts.copy(), "epoch_means": list(t.history.epoch_means),
            "hsteps": t.history.steps, "timeline": list(t.timeline.steps)}


def assert_same_state(a: dict, b: dict):
    assert a.keys() == b.keys()
    for k in a:
        if isinstance(a[k], np.ndarray):
            np.testing.assert_array_equal(a[k], b[k], err_msg=k)
        else:
            assert a[k] == b[k], k


def mixed_session(t: Trainer):
    t.step()
    t.step(7)
    t.run(45)
    t.step(3)
    t.run_epoch()
    t.run(10)
    t.step(2)
    t.run_epochs(2)


# ----- determinism -------------------------------------------------------------------------
@pytest.mark.parametrize("objective,architecture", COMBOS)
def test_same_seed_same_run_bit_for_bit(corpus, objective, architecture):
    config = Config(objective=objective, architecture=architecture, dim=6, seed=11)
    a, b = Trainer(corpus, config), Trainer(corpus, config)
    mixed_session(a)
    mixed_session(b)
    assert_same_state(state(a), state(b))
    assert a.step_count >= 3 * a.n_units
    c = Trainer(corpus, config.replace(seed=12))     # and the seed matters
    mixed_session(c)
    assert not np.array_equal(c.model.W1, a.model.W1)


@pytest.mark.parametrize("options", [{}, {"window_step": True}, {"dynamic_window": True},
                                     {"subsample": 0.05}, {"shuffle": False}])
def test_reset_reproduces_the_run(corpus, options):
    t = Trainer(corpus, Config(objective="negative", dim=6, seed=3, **options))
    first_initial = state(t)
    mixed_session(t)
    first = state(t)
    t.reset()
    assert_same_state(state(t), first_initial)
    assert t.step_count == 0 and t.history.steps == 0 and len(t.timeline) == 1
    mixed_session(t)
    assert_same_state(state(t), first)


def test_explicit_weights_are_used_and_kept_on_reset(corpus):
    V = len(corpus.vocab)
    rng = np.random.default_rng(0)
    W1, W2 = rng.standard_normal((V, 4)), rng.standard_normal((4, V))
    t = Trainer(corpus, Config(dim=4), W1=W1, W2=W2)
    np.testing.assert_array_equal(t.model.W1, W1)
    np.testing.assert_array_equal(t.model.W2, W2)
    t.run(30)
    assert not np.array_equal(t.model.W1, W1)
    t.reset()
    np.testing.assert_array_equal(t.model.W1, W1)
    np.testing.assert_array_equal(t.model.W2, W2)
    with pytest.raises(ValueError):
        Trainer(corpus, Config(dim=5), W1=W1, W2=W2)


# ----- learning rate -----------------------------------------------------------------------
def test_set_lr_changes_the_next_step_only(corpus):
    t = Trainer(corpus, Config(objective="negative", lr=0.05, dim=5))
    t.step(4)
    before = state(t)
    t.set_lr(0.2)
    assert_same_state(state(t), before)             # weights, counters, history untouched
    assert t.lr == 0.2 and t.config.lr == 0.2
    W1 = t.model.W1.copy()
    record = t.step()
    assert record.lr == 0.2
    np.testing.assert_allclose(t.model.W1[record.rows], W1[record.rows] - 0.2 * record.dW1)
    t.set_lr(0.01, decay=True)
    assert t.config.lr_decay and t.step().lr < 0.01


@pytest.mark.parametrize("bad", [0.0, -0.1, float("nan"), float("inf"), 1e-9, 11.0, "0.1",
                                 True])
def test_set_lr_rejects_bad_values_and_keeps_the_old_one(corpus, bad):
    t = Trainer(corpus, Config(lr=0.05))
    with pytest.raises(InvalidSettingError) as err:
        t.set_lr(bad)
    assert err.value.code == "invalid_setting" and err.value.params["name_key"] == "setting.lr"
    assert "Learning rate η must be a number" in error_message(err.value)
    assert t.config.lr == 0.05 and t.lr == 0.05


def test_linear_decay(corpus):
    config = Config(lr=0.1, lr_decay=True, lr_decay_epochs=2, lr_min_fraction=0.05)
    t = Trainer(corpus, config)
    n = t.n_units
    horizon = 2 * n
    for _ in range(5):
        step = t.step_count
        assert t.step().lr == pytest.approx(0.1 * (1 - step / horizon), rel=1e-12)
    t.run(n - 5)
    assert t.lr == pytest.approx(0.1 * 0.5)                      # half way
    t.step(n // 2)
    assert t.lr == pytest.approx(0.1 * (1 - (n + n // 2) / horizon))
    t.run_epochs(2)
    assert t.lr == pytest.approx(0.1 * 0.05)                     # floored, not negative
    assert Trainer(corpus, config.replace(lr_decay=False)).lr_at(10**9) == 0.1


# ----- counters and records ----------------------------------------------------------------
@pytest.mark.parametrize("architecture,window_step", [("skipgram", False), ("skipgram", True),
                                                      ("cbow", False)])
def test_counters_stay_consistent(corpus, architecture, window_step):
    t = Trainer(corpus, Config(architecture=architecture, window_step=window_step))
    n = t.n_units
    pairs = corpus.pairs(t.config.window)
    assert n == (pairs.n_groups if architecture == "cbow" or window_step else len(pairs))
    for action, k in [("step", 1), ("step", n - 2), ("step", 1), ("run", 5), ("step", 3),
                      ("run", 2 * n + 7), ("run_epoch", None), ("step", n)]:
        before = t.step_count
        if action == "run_epoch":
            k = n - t.position
            t.run_epoch()
        else:
            getattr(t, action)(k)
        total = before + k
        assert t.step_count == total == t.history.steps
        assert t.epoch == total // n and t.position == total % n
        assert len(t.history.epoch_means) == t.epoch
        assert t.history.epoch_end_steps == [n * (e + 1) for e in range(t.epoch)]


def test_record_step_and_epoch_numbers(corpus):
    t = Trainer(corpus, Config())
    n = t.n_units
    t.run(n - 1)
    last_of_epoch0 = t.step()
    first_of_epoch1 = t.step()
    assert (last_of_epoch0.step, last_of_epoch0.epoch) == (n, 0)
    assert (first_of_epoch1.step, first_of_epoch1.epoch) == (n + 1, 1)
    assert t.last_record is first_of_epoch1
    t.run(3)
    assert t.last_record is None


def test_record_matches_the_unit_it_trained_on(corpus):
    t = Trainer(corpus, Config(architecture="cbow"))
    ids, words = corpus.ids, tokenize(corpus.text).words   # the corpus keeps only ids
    for _ in range(20):
        ctok, otoks = t.next_unit()
        r = t.step()
        assert r.centre_token == ctok and list(r.context_tokens) == list(otoks)
        assert corpus.vocab.words[r.centre] == words[ctok]
        assert list(r.inputs) == list(ids[otoks]) and list(r.targets) == [ids[ctok]]


def test_preview_is_the_next_step_and_changes_nothing(corpus):
    t = Trainer(corpus, Config(objective="negative"))
    t.step(5)
    before = state(t)
    rng_state = t.rng.bit_generator.state
    preview = t.preview()
    assert_same_state(state(t), before)
    assert t.rng.bit_generator.state == rng_state
    record = t.step()
    np.testing.assert_array_equal(preview.negatives, record.negatives)
    assert preview.loss == record.loss and preview.step == record.step
    np.testing.assert_array_equal(preview.dW1, record.dW1)


# ----- learning ----------------------------------------------------------------------------
@pytest.mark.parametrize("objective,architecture", COMBOS)
def test_loss_falls_over_epochs(corpus, objective, architecture):
    t = Trainer(corpus, Config(objective=objective, architecture=architecture, dim=8, seed=1,
                               lr=0.05, init_scale=0.1))   # the rate these bounds were set for
    t.run_epochs(6)
    means = t.history.epoch_means
    assert len(means) == 6
    assert means[-1] < 0.85 * means[0], means
    assert means[-1] < means[1] < means[0]


@pytest.mark.parametrize("objective,architecture", COMBOS)
def test_bulk_path_follows_the_recorded_steps(corpus, objective, architecture):
    """The softmax bulk path takes one SGD step on each mini-batch's summed gradient,
    evaluated at the batch's starting weights; recorded steps update after every unit
    (negative sampling's bulk path updates unit by unit too: test_sgd.py pins it to the
    recorded steps to 1e-12; here it must pass the same bounds). The two differ
    per batch only at second order (~ lr^2 * batch * |grad|^2, about 1e-3 here with lr
    0.05 and unit gradients of order 1), so their epoch-mean losses must agree closely.
    Measured on this corpus: at most 0.21% apart with the default batch (2 = V // 10) and
    at most 1.0% with batch 8 (CBOW; the window's rows share one step). We allow 1% and 3%:
    deterministic (seeded) runs, so no flakiness, while the loss itself falls by 23-53%
    over these 5 epochs, so a wrong gradient, a lost 1/|R|, or units skipped or repeated
    by the bulk path would land far outside."""
    config = Config(objective=objective, architecture=architecture, dim=8, seed=1, lr=0.05,
                    init_scale=0.1)
    recorded = Trainer(corpus, config)
    for _ in range(5):
        recorded.step(recorded.n_units)
    a = np.array(recorded.history.epoch_means)
    assert a[-1] < 0.8 * a[0]
    for batch_size, rtol in ((None, 0.01), (8, 0.03)):
        bulk = Trainer(corpus, config, batch_size=batch_size)
        for _ in range(5):
            bulk.run_epoch()
        np.testing.assert_allclose(bulk.history.epoch_means, a, rtol=rtol)
        assert bulk.step_count == recorded.step_count
    # The first batch is exactly the recorded first step when the batch has one unit.
    one = Trainer(corpus, config, batch_size=1)
    one.run(1)
    first = Trainer(corpus, config)
    first.step()
    np.testing.assert_allclose(one.model.W1, first.model.W1, rtol=0, atol=1e-15)
    np.testing.assert_allclose(one.model.W2, first.model.W2, rtol=0, atol=1e-15)
    assert one.history.sums[0] == pytest.approx(first.history.sums[0], rel=1e-12)


def test_bulk_skipgram_batch_equals_summed_recorded_gradients(corpus):
    """A bulk batch = the sum of the units' gradients at the same starting weights."""
    config = Config(objective="softmax", dim=5, seed=4)
    bulk = Trainer(corpus, config, batch_size=6)
    bulk.run(6)
    probe = Trainer(corpus, config)
    W1, W2 = probe.model.W1.copy(), probe.model.W2.copy()
    dW1, dW2 = np.zeros_like(W1), np.zeros_like(W2)
    from w2v_viz.model import loss_and_gradients
    for unit in probe.order[:6]:
        _, _, _, _, inputs, targets = probe._example(int(unit))
        g = loss_and_gradients(W1, W2, inputs, targets)
        np.add.at(dW1, g.rows, g.dW1)
        np.add.at(dW2.T, g.columns, g.dW2.T)
    np.testing.assert_allclose(bulk.model.W1, W1 - config.lr * dW1, rtol=0, atol=1e-14)
    np.testing.assert_allclose(bulk.model.W2, W2 - config.lr * dW2, rtol=0, atol=1e-14)


# ----- divergence --------------------------------------------------------------------------
def _all_finite(t):
    return np.isfinite(t.model.W1).all() and np.isfinite(t.model.W2).all()


@pytest.mark.parametrize("objective,architecture", COMBOS)
def test_divergence_on_step_leaves_everything_as_before(corpus, objective, architecture):
    t = Trainer(corpus, Config(objective=objective, architecture=architecture, lr=10.0,
                               init_scale=10.0, seed=0))
    with pytest.raises(DivergenceError) as err:
        for _ in range(5000):
            before = state(t)
            t.step()
    assert_same_state(state(t), before)
    assert _all_finite(t)
    assert err.value.code == "divergence" and err.value.params["step"] == t.step_count + 1
    message = error_message(err.value)
    assert "smaller learning rate" in message and "(now 10)" in message
    assert isinstance(err.value, W2VError)
    if objective == "softmax":                 # no random draw: the same step fails again
        with pytest.raises(DivergenceError):
            t.step()
        assert_same_state(state(t), before)
    t.reset()                                  # and a reset starts over from finite weights
    t.step(3)
    assert t.step_count == 3 and _all_finite(t)


@pytest.mark.parametrize("objective,architecture", COMBOS)
def test_divergence_on_run_keeps_the_last_finite_step(corpus, objective, architecture):
    """Softmax batches are all or nothing: the state is the last progress report's.
    Negative sampling trains unit by unit: the units before the diverging one are kept and
    booked, exactly as a run that stopped there would have them."""
    config = Config(objective=objective, architecture=architecture, lr=10.0, init_scale=10.0,
                    seed=0)
    t = Trainer(corpus, config, batch_size=4)
    last = {}

    def progress(done, total):                 # the trainer is consistent between batches
        last.update(state(t))
        assert done <= total

    last.update(state(t))
    with pytest.raises(DivergenceError) as err:
        t.run(100_000, progress)
    assert _all_finite(t) and t.step_count > 0
    assert err.value.params["step"] == t.step_count + 1
    assert t.history.steps == t.step_count
    if objective == "softmax":
        assert_same_state(state(t), last)
    else:
        stopped = Trainer(corpus, config, batch_size=4)
        stopped.run(t.step_count)
        assert_same_state(state(stopped), state(t))


def test_divergence_from_crafted_weights(corpus):
    V = len(corpus.vocab)
    huge = np.full((V, 3), 1e200)
    for objective in ("softmax", "negative"):
        t = Trainer(corpus, Config(objective=objective, dim=3), W1=huge, W2=huge.T)
        before = state(t)
        for name, args in (("step", ()), ("run", (50,)), ("run_epoch", ()), ("run_epochs", (2,))):
            with pytest.raises(DivergenceError) as err:
                getattr(t, name)(*args)
            assert err.value.params["step"] == 1
            assert_same_state(state(t), before)
        assert t.history.steps == 0 and t.history.epoch_means == []


# ----- memory ------------------------------------------------------------------------------
def test_history_and_timeline_memory_stay_bounded():
    corpus = Corpus.from_text(zipf_text(300, 6000))
    V, d = len(corpus.vocab), 8
    t = Trainer(corpus, Config(objective="negative", dim=d, lr=0.025), batch_size=256,
                snapshot_budget=2**20)
    tl = t.timeline
    per_snapshot = 2 * V * d * 2                # W1 and W2 in float16
    assert tl.max_snapshots == min(64, 2**20 // per_snapshot)
    t.run(200_000)
    assert t.step_count == 200_000 and t.epoch >= 5
    assert 3 <= len(tl) <= tl.max_snapshots
    assert tl.nbytes() <= tl.max_snapshots * per_snapshot <= 2**20
    assert tl.steps == sorted(tl.steps) and tl.steps[0] == 0
    assert all(np.isfinite(w).all() for w in tl.W1 + tl.W2)
    h = t.history
    assert len(h.sums) <= h.capacity and h.counts.sum() == 200_000
    assert h.nbytes() <= 2 * 16 * (h.capacity + 1) + 16 * len(h.epoch_means)
    assert h.nbytes() < 200_000                 # vs 1.6 MB for one float per step
    x, y = h.series()
    assert x[-1] == 200_000 and np.isfinite(y).all()
    # the same bounds after recorded steps
    t.step(3000)
    assert len(h.sums) <= h.capacity and len(tl) <= tl.max_snapshots


def test_snapshots_follow_training():
    corpus = Corpus.from_text(structured_text())
    t = Trainer(corpus, Config(dim=4))
    t.step(10)
    tl = t.timeline
    assert tl.steps == list(range(11))          # stride 1 while there is room
    np.testing.assert_array_equal(tl.W1[-1], t.model.W1.astype(np.float16))
    np.testing.assert_array_equal(tl.W2[-1], t.model.W2.astype(np.float16))


def test_snapshots_of_a_blown_up_run_stay_finite():
    """float16 ends at 65504: weights past it (a run blowing up) are clipped, not inf."""
    corpus = Corpus.from_text(structured_text())
    t = Trainer(corpus, Config(dim=4))
    t.model.W1[0, 0], t.model.W2[1, 2] = 1e6, -3e38
    t.timeline.add(1, t.model.W1, t.model.W2)
    assert np.isfinite(t.timeline.W1[-1]).all() and np.isfinite(t.timeline.W2[-1]).all()
    assert t.timeline.W1[-1][0, 0] == 65504 and t.timeline.W2[-1][1, 2] == -65504


# ----- progress ----------------------------------------------------------------------------
def test_progress_is_reported_with_increasing_counts(corpus):
    t = Trainer(corpus, Config(), batch_size=16)
    calls = []
    t.run(100, lambda done, total: calls.append((done, total)))
    assert [d for d, _ in calls] == sorted(set(d for d, _ in calls))
    assert calls[-1] == (100, 100) and all(total == 100 for _, total in calls)
    assert len(calls) >= 100 // 16
    calls.clear()
    left = t.n_units - t.position
    t.run_epochs(2, lambda done, total: calls.append((done, total)))
    done = [d for d, _ in calls]
    assert done == sorted(set(done)) and calls[-1] == (left + t.n_units,) * 2
    assert all(total == left + t.n_units for _, total in calls)


@pytest.mark.parametrize("options", [{"dynamic_window": True}, {"subsample": 0.05}])
def test_progress_never_passes_its_total_when_epochs_vary(corpus, options):
    """Epoch sizes vary with a dynamic window or subsampling: progress stays <= 1."""
    t = Trainer(corpus, Config(window=4, seed=2, **options), batch_size=32)
    sizes = set()
    calls = []

    def progress(done, total):
        calls.append((done, total))
        sizes.add(t.n_units)

    t.run_epochs(4, progress)
    assert len(sizes) > 1                          # the epochs did differ
    assert all(0 < done <= total for done, total in calls)
    assert [d for d, _ in calls] == sorted(set(d for d, _ in calls))
    assert calls[-1][0] == calls[-1][1] == t.step_count and t.position == 0


# ----- small corpora and subsampling -------------------------------------------------------
def test_subsampling_that_drops_every_pair_still_trains():
    """t = 1e-5 on a 6-word text keeps almost no word: an epoch must not be empty."""
    corpus = Corpus.from_text("the cat sat on the mat")
    t = Trainer(corpus, Config(subsample=1e-5, seed=0))
    assert t.n_units >= 1
    t.step(3)
    t.run(20)
    assert t.step_count == 23


def test_dynamic_window_and_subsample_redraw_pairs_each_epoch(corpus):
    t = Trainer(corpus, Config(dynamic_window=True, subsample=0.05, seed=5))
    first = t.pairs
    t.run_epoch()
    assert t.pairs is not first and len(t.pairs) > 0
    static = Trainer(corpus, Config(seed=5))
    p = static.pairs
    static.run_epoch()
    assert static.pairs is p                   # no redraw needed when nothing is random


def test_bulk_softmax_on_a_large_zipf_vocabulary_learns_instead_of_exploding():
    # Regression: at V=5000 the default batch was V/10 = 500 pairs, summing ~50 copies of
    # the 10%-frequent word's gradient; the full softmax's epoch mean loss went to 1e29
    # (finite, so no DivergenceError) at the default learning rate.
    from w2v_viz.synthetic import zipf_text
    from w2v_viz.trainer import MAX_COPIES_PER_BATCH

    corpus = Corpus.from_text(zipf_text(5000))
    t = Trainer(corpus, Config(objective="softmax", dim=50))
    p_max = corpus.vocab.counts.max() / corpus.vocab.counts.sum()
    assert p_max > 0.08 and t.batch_size * p_max <= MAX_COPIES_PER_BATCH
    t.run_epoch()
    assert t.history.epoch_means[0] < np.log(5000)     # below the uniform guess


@pytest.mark.parametrize("vocab", [1000, 5000])
def test_bulk_softmax_window_steps_learn_at_the_default_rate(vocab):
    """A skip-gram window step sums its pairs' losses: bulk batches of windows sized like
    batches of pairs blew up at the default rate (the loss reached 1e39 in one epoch)."""
    from w2v_viz.synthetic import zipf_text

    corpus = Corpus.from_text(zipf_text(vocab))
    trainer = Trainer(corpus, Config(window_step=True, objective="softmax"))
    for _ in range(2):
        trainer.run(trainer.n_units - trainer.position)
    first, second = trainer.history.epoch_means
    assert np.isfinite(trainer.model.W1).all() and np.isfinite(trainer.model.W2).all()
    guess = 2 * trainer.config.window * np.log(vocab)   # a uniform guess's loss, at most
    assert second < first < guess, (first, second, guess)


def test_moving_average_is_kept_until_the_next_step_and_always_current():
    """A refresh's views and the guard all ask for the loss's moving average: it is
    computed once per state of the history (read-only) and follows every kind of add."""
    h = LossHistory(capacity=64)
    rng = np.random.default_rng(0)
    for add in ([2.0], rng.random(5), [1.5], rng.random(200), [0.5], rng.random(1000)):
        h.add(add)
        for k in (3, 50):
            ma = h.moving_average(k)
            assert h.moving_average(k) is ma and not ma.flags.writeable
            np.testing.assert_array_equal(ma, h._moving_average(k))   # computed afresh
    assert h.width > 1                    # merged along the way (a new bucket layout)
    back = LossHistory.from_arrays(h.to_arrays())
    np.testing.assert_array_equal(back.moving_average(50), h.moving_average(50))
