"""The model's maths: exact gradients, the notes' reference step, stable softmax, negative
sampling, and the similarity queries built on the learned vectors."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.special import log_softmax as ref_log_softmax
from scipy.special import softmax as ref_softmax

import w2v_viz.gradcheck as gradcheck_module
from w2v_viz.config import AUTO_WORD2VEC_DIM, Config
from w2v_viz.corpus import Corpus
from w2v_viz.gradcheck import TOLERANCE, check_record, gradient_check
from w2v_viz.model import (
    exp_table,
    forward,
    loss_and_gradients,
    sigmoid,
    softmax,
    softmax_parts,
    softplus,
)
from w2v_viz.sgd import NegativeSampler
from w2v_viz.similarity import (
    SPACES,
    analogy,
    analogy_of_unit,
    cosine_matrix,
    embeddings,
    nearest_unit,
    neighbours,
    similarity,
)
from w2v_viz.trainer import Trainer
from w2v_viz.weights import Model

TEXT = ("the king rules the land and the queen rules the land\n"
        "a man walks the dog and a woman walks the cat\n"
        "the king and the queen sit on the throne\n"
        "the dog and the cat sleep in the house")

FAST = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


def log_softmax(z):
    """The kernel's log y_hat of every word, for logits z (h = [1], W2 = z as one row).
    The kernel leaves overflow warnings to its caller (the Trainer silences them): z - max z
    of -1e308 - 1e308 is -inf, whose e^ is the right 0."""
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(over="ignore"):
        return forward(np.ones((1, 1)), z[None, :], [0], np.arange(len(z))).log_right


def _weights(V, d, scale=0.5, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((V, d)) * scale, rng.standard_normal((d, V)) * scale


# ----- gradient checks ---------------------------------------------------------------------
# (inputs, targets): skip-gram single context; skip-gram window step with a repeated context;
# CBOW whose context repeats a word (so one W1 row receives two shares of dh).
EXAMPLES = {
    "skipgram_single": ([2], [5]),
    "skipgram_window_step": ([2], [5, 0, 7, 5]),
    "cbow_repeated_context": ([1, 4, 1, 6], [3]),
}


@pytest.mark.parametrize("objective", ["softmax", "negative"])
@pytest.mark.parametrize("example", list(EXAMPLES))
def test_gradient_check_passes(objective, example):
    W1, W2 = _weights(9, 4)
    inputs, targets = EXAMPLES[example]
    negatives = None
    if objective == "negative":   # include a repeated negative and one equal to another target
        rng = np.random.default_rng(1)
        negatives = rng.integers(0, 9, (len(targets), 3))
        negatives[0, :2] = [8, 8]
        negatives[-1, -1] = targets[0]
    result = gradient_check(W1, W2, inputs, targets, negatives)
    assert result.passed and result.relative_error < 1e-6, result.relative_error
    columns = 9 if negatives is None else len(set(targets) | set(negatives.ravel()))
    assert result.checked == 4 * len(set(inputs)) + 4 * columns


@pytest.mark.parametrize("objective", ["softmax", "negative"])
@pytest.mark.parametrize("architecture,window_step", [("skipgram", False), ("skipgram", True),
                                                      ("cbow", False)])
def test_check_record_passes_on_real_steps(objective, architecture, window_step):
    config = Config(objective=objective, architecture=architecture, window_step=window_step,
                    dim=5, window=2, lr=0.3, init_scale=0.5, seed=3)
    trainer = Trainer(Corpus.from_text(TEXT), config)
    trainer.run(40)                            # away from the initial weights
    for _ in range(4):
        record = trainer.step()
        result = check_record(trainer.model.W1, trainer.model.W2, record)
        assert result.relative_error < 1e-6, (record.step, result.relative_error)


@pytest.mark.parametrize("objective", ["softmax", "negative"])
def test_wrong_gradient_fails_the_check(objective, monkeypatch):
    """The check can fail: a 1% error in dW1, or CBOW's 1/|R| forgotten, is caught."""
    W1, W2 = _weights(9, 4)
    negatives = None if objective == "softmax" else np.array([[0, 3, 7]])
    assert gradient_check(W1, W2, [1, 4, 6], [3], negatives).passed

    def scaled(*args, **kwargs):
        g = loss_and_gradients(*args, **kwargs)
        g.dW1 = g.dW1 * 1.01
        return g

    def no_mean(*args, **kwargs):
        g = loss_and_gradients(*args, **kwargs)
        g.dW1 = g.dW1 * len(args[2])           # as if h were the sum, not the mean
        return g

    for wrong in (scaled, no_mean):
        monkeypatch.setattr(gradcheck_module, "loss_and_gradients", wrong)
        result = gradient_check(W1, W2, [1, 4, 6], [3], negatives)
        assert not result.passed and result.relative_error > 100 * TOLERANCE


def test_gradient_check_samples_entries():
    W1, W2 = _weights(30, 6)
    result = gradient_check(W1, W2, [1], [2], max_entries=20, rng=np.random.default_rng(0))
    assert result.checked == 20 and result.passed


@FAST
@given(V=st.integers(2, 12), d=st.integers(1, 6), n_in=st.integers(1, 4),
       n_out=st.integers(1, 4), k=st.integers(1, 4), scale=st.floats(0.1, 1.0),
       seed=st.integers(0, 2**32 - 1), objective=st.sampled_from(["softmax", "negative"]))
def test_gradient_check_random_shapes(V, d, n_in, n_out, k, scale, seed, objective):
    rng = np.random.default_rng(seed)
    W1, W2 = rng.standard_normal((V, d)) * scale, rng.standard_normal((d, V)) * scale
    inputs, targets = rng.integers(0, V, n_in), rng.integers(0, V, n_out)
    negatives = None if objective == "softmax" else rng.integers(0, V, (n_out, k))
    assert gradient_check(W1, W2, inputs, targets, negatives).relative_error < 1e-6


# ----- the notes' reference step -----------------------------------------------------------
class Word2VecNumpy:
    """The notes' reference implementation, verbatim except that W1 and W2 are given (the
    notes draw W2 with np.random.rand, an erratum for randn)."""

    def __init__(self, W1, W2, learning_rate=0.01):
        self.vocab_size = W1.shape[0]
        self.lr = learning_rate
        self.W1 = np.array(W1, dtype=np.float64)   # centre-word matrix
        self.W2 = np.array(W2, dtype=np.float64)   # context matrix

    def softmax(self, x):
        e_x = np.exp(x - np.max(x))
        return e_x / e_x.sum(axis=0)

    def forward_backward(self, center_idx, context_idx):
        h = self.W1[center_idx]
        z = np.dot(self.W2.T, h)
        y_pred = self.softmax(z)
        e = y_pred.copy()
        e[context_idx] -= 1
        dW2 = np.outer(h, e)
        dW1_row = np.dot(self.W2, e)
        self.W2 -= self.lr * dW2
        self.W1[center_idx] -= self.lr * dW1_row
        loss = -np.log(y_pred[context_idx] + 1e-10)
        return loss


@pytest.mark.parametrize("lr,scale", [(0.01, 0.01), (0.5, 0.5)])
def test_trainer_reproduces_the_notes(lr, scale):
    corpus = Corpus.from_text(TEXT)
    V, d = len(corpus.vocab), 3
    rng = np.random.default_rng(42)
    W1, W2 = rng.standard_normal((V, d)) * scale, rng.standard_normal((d, V)) * scale
    reference = Word2VecNumpy(W1, W2, learning_rate=lr)
    trainer = Trainer(corpus, Config(dim=d, lr=lr, shuffle=False), W1=W1, W2=W2)
    for _ in range(60):
        record = trainer.step()
        assert record.objective == "softmax" and len(record.contexts) == 1
        loss = reference.forward_backward(record.centre, int(record.contexts[0]))
        np.testing.assert_allclose(trainer.model.W1, reference.W1, rtol=0, atol=1e-12)
        np.testing.assert_allclose(trainer.model.W2, reference.W2, rtol=0, atol=1e-12)
        assert record.loss == pytest.approx(loss, rel=1e-8)


def test_model_repeats_the_notes_single_sample_loop():
    """The notes' demo: 1000 steps on (centre 2, context 3), V=10, d=3, lr 0.01."""
    W1, W2 = _weights(10, 3, scale=0.01, seed=7)
    reference = Word2VecNumpy(W1, W2, learning_rate=0.01)
    model = Model(10, 3, W1, W2)
    for i in range(1000):
        ref_loss = reference.forward_backward(center_idx=2, context_idx=3)
        grads = loss_and_gradients(model.W1, model.W2, [2], [3])
        model.commit(grads, *model.apply(grads, 0.01))
        if i % 100 == 0 or i == 999:
            assert grads.loss == pytest.approx(ref_loss, rel=1e-8)
    np.testing.assert_allclose(model.W1, reference.W1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(model.W2, reference.W2, rtol=0, atol=1e-12)
    assert ref_loss < 0.5                      # and it learned: P(3 | 2) > 0.6


# ----- softmax stability -------------------------------------------------------------------
@pytest.mark.parametrize("z", [
    [1e308, -1e308, 0.0], [1e308, 1e308, 1e308], [-1e308, -1e308], [1.7e308, -1.7e308, 5.0],
    [1000.0, 0.0, -1000.0], [-1e4, -1e4 + 1], [0.0] * 5000, np.linspace(-700, 700, 101)])
def test_softmax_never_overflows(z):
    z = np.asarray(z, dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("error")             # not even an overflow warning
        p = softmax(z)
        logp = log_softmax(z)
    assert np.isfinite(p).all() and (p >= 0).all()
    assert p.sum() == pytest.approx(1.0, abs=1e-12)
    assert not np.isnan(logp).any() and (logp <= 0).all()
    assert logp.max() == pytest.approx(np.log(p.max()), abs=1e-12)


def test_softmax_rows_of_a_batch():
    Z = np.array([[1e308, 0.0, -1e308], [1.0, 2.0, 3.0]])
    P = softmax(Z)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    np.testing.assert_allclose(P[1], np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum())


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.floats(-1e307, 1e307), min_size=1, max_size=20))
def test_softmax_and_log_softmax_finite_for_finite_logits(values):
    z = np.array(values)
    p, logp = softmax(z), log_softmax(z)
    assert np.isfinite(p).all() and p.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.isfinite(logp).all()


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.lists(st.floats(-1e308, 1e308), min_size=1, max_size=30))
def test_softmax_parts_against_scipy(values):
    """The Softmax page's stages: scipy's softmax and log_softmax are the reference."""
    z = np.array(values)
    with warnings.catch_warnings():
        warnings.simplefilter("error")             # no overflow warning either
        parts = softmax_parts(z)
    assert parts.top == int(np.argmax(z)) and parts.shifted[parts.top] == 0.0
    assert np.isfinite(parts.shifted).all() and (parts.shifted <= 0).all()
    np.testing.assert_array_equal(parts.probs, softmax(z))          # the same bits
    np.testing.assert_allclose(parts.probs, ref_softmax(z), rtol=1e-12, atol=1e-300)
    assert parts.sum_exp >= 1.0 and parts.sum_exp == pytest.approx(parts.exp.sum(), rel=1e-15)
    with np.errstate(over="ignore", invalid="ignore"):
        reference = ref_log_softmax(z)
    for o in range(len(z)):
        assert np.isfinite(parts.loss(o))
        if np.isfinite(reference[o]):
            assert parts.loss(o) == pytest.approx(-reference[o], rel=1e-12, abs=1e-12)


def test_softmax_parts_of_the_notes_example():
    parts = softmax_parts([3.0, 1.0, -1.0])
    np.testing.assert_allclose(parts.exp, np.exp([0.0, -2.0, -4.0]), rtol=1e-15)
    np.testing.assert_allclose(parts.probs, [0.8668, 0.1173, 0.0159], atol=1e-4)
    assert parts.loss(0) == pytest.approx(-np.log(parts.probs[0]), rel=1e-14)


def test_implied_logits_are_the_weights_before_the_step():
    """Negative sampling: every word's u_j.h, with the step's own columns as they were."""
    t = Trainer(Corpus.from_text(TEXT), Config(objective="negative", negatives=3, dim=6, seed=2))
    preview = t.preview()
    np.testing.assert_allclose(t.implied_logits(preview), t.model.U @ preview.h, rtol=1e-15)
    before = t.model.U.copy()
    record = t.step()
    np.testing.assert_allclose(t.implied_logits(record), before @ record.h, rtol=1e-13,
                               atol=1e-15)
    targets = np.ravel(record.targets)
    np.testing.assert_allclose(t.implied_logits(record)[targets], np.asarray(record.z)[:, 0],
                               rtol=1e-12, atol=1e-15)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(V=st.integers(2, 8), d=st.integers(1, 4), log_scale=st.floats(-3, 100),
       seed=st.integers(0, 1000), objective=st.sampled_from(["softmax", "negative"]))
def test_loss_finite_for_huge_finite_weights(V, d, log_scale, seed, objective):
    """Weights up to 1e100 give logits up to ~1e200: the loss stays finite."""
    W1, W2 = _weights(V, d, scale=10.0 ** log_scale, seed=seed)
    negatives = None if objective == "softmax" else np.array([[0, V - 1]])
    g = loss_and_gradients(W1, W2, [0], [1], negatives)
    assert np.isfinite(g.loss) and g.loss >= 0
    assert np.isfinite(g.probs).all() and np.isfinite(g.error).all()


def test_sigmoid_and_softplus_are_stable():
    x = np.array([-1e308, -800.0, -30.0, 0.0, 30.0, 800.0, 1e308])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s, sp = sigmoid(x), softplus(x)
    assert np.isfinite(s).all() and ((s >= 0) & (s <= 1)).all() and s[3] == 0.5
    assert np.isfinite(sp).all() and sp[0] == 0.0 and sp[-1] == 1e308
    assert sp[3] == pytest.approx(np.log(2))


# ----- negative sampling -------------------------------------------------------------------
def test_negative_step_record():
    config = Config(objective="negative", negatives=5, dim=4, seed=1)
    trainer = Trainer(Corpus.from_text(TEXT), config)
    V = len(trainer.vocab)
    for _ in range(200):
        W2_before = trainer.model.W2.copy()
        r = trainer.step()
        assert r.negatives.shape == (len(r.targets), 5)
        assert not (r.negatives == np.asarray(r.targets)[:, None]).any()
        touched = set(np.asarray(r.targets).tolist()) | set(r.negatives.ravel().tolist())
        assert sorted(touched) == r.columns.tolist() and len(touched) <= 6
        dense = r.dense_dW2(V)
        nonzero = set(np.flatnonzero(np.abs(dense).sum(axis=0)).tolist())
        assert nonzero == touched                  # exactly the K+1 (or fewer) columns
        changed = set(np.flatnonzero((trainer.model.W2 != W2_before).any(axis=0)).tolist())
        assert changed <= touched
        np.testing.assert_array_equal(r.W2_columns_before, W2_before[:, r.columns])


def test_negatives_never_equal_their_target_even_when_one_word_dominates():
    """With counts 1000:1 rejection sampling would keep drawing the positive; the sampler
    must still return the other word every time."""
    sampler = NegativeSampler(np.array([1000, 1]))
    rng = np.random.default_rng(0)
    out = sampler.draw(rng, np.zeros(500, dtype=int), 7)
    assert (out == 1).all()
    out = sampler.draw(rng, np.ones(500, dtype=int), 7)
    assert (out == 0).all()
    corpus = Corpus.from_text("a " * 300 + "b")
    trainer = Trainer(corpus, Config(objective="negative", negatives=10))
    for _ in range(30):
        r = trainer.step()
        assert not (r.negatives == np.asarray(r.targets)[:, None]).any()
    trainer.run(200)


@pytest.mark.parametrize("positive", [0, 3, 9])
def test_negative_distribution_is_unigram_to_the_three_quarters(positive):
    counts = np.array([400, 150, 90, 60, 33, 20, 11, 5, 2, 1])
    sampler = NegativeSampler(counts)
    n, k = 40_000, 5
    draws = sampler.draw(np.random.default_rng(positive), np.full(n, positive), k)
    observed = np.bincount(draws.ravel(), minlength=len(counts))
    assert observed[positive] == 0
    p = counts ** 0.75 / (counts ** 0.75).sum()
    q = np.delete(p, positive) / (1 - p[positive])    # conditioned on "not the positive"
    expected = q * n * k
    chi2 = ((np.delete(observed, positive) - expected) ** 2 / expected).sum()
    dof = len(counts) - 2
    assert chi2 < dof + 6 * np.sqrt(2 * dof), chi2  # ~6 sigma: a seeded test that can't flake
    # ... and it is not plain unigram (power 1) nor uniform: those are far off.
    for wrong in (counts / counts.sum(), np.full(len(counts), 1 / len(counts))):
        wq = np.delete(wrong, positive) / (1 - wrong[positive])
        wrong_chi2 = ((np.delete(observed, positive) - wq * n * k) ** 2 / (wq * n * k)).sum()
        assert wrong_chi2 > 50 * (dof + 6 * np.sqrt(2 * dof))


# ----- a multi-context step is the sum of single-context steps -----------------------------
@pytest.mark.parametrize("objective", ["softmax", "negative"])
def test_multi_context_step_is_sum_of_single_context_steps(objective):
    W1, W2 = _weights(10, 4, seed=5)
    V = 10
    targets = np.array([3, 7, 3, 1])
    rng = np.random.default_rng(2)
    negatives = None if objective == "softmax" else rng.integers(0, V, (4, 3))
    whole = loss_and_gradients(W1, W2, [2], targets, negatives)
    parts = [loss_and_gradients(W1, W2, [2], [t], None if negatives is None else negatives[i:i + 1])
             for i, t in enumerate(targets)]
    for p in parts:
        np.testing.assert_array_equal(p.h, whole.h)          # same h for every context
    assert whole.loss == pytest.approx(sum(p.loss for p in parts), rel=1e-13)
    dW1 = sum(np.zeros((V, 4)) + _dense_rows(p, V) for p in parts)
    dW2 = sum(_dense_cols(p, V) for p in parts)
    np.testing.assert_allclose(_dense_rows(whole, V), dW1, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(_dense_cols(whole, V), dW2, rtol=1e-12, atol=1e-15)


def _dense_rows(g, V):
    out = np.zeros((V, g.dW1.shape[1]))
    np.add.at(out, g.rows, g.dW1)
    return out


def _dense_cols(g, V):
    out = np.zeros((g.dW2.shape[0], V))
    np.add.at(out.T, g.columns, g.dW2.T)
    return out


def test_cbow_gradient_is_shared_equally_by_its_context_rows():
    W1, W2 = _weights(8, 3)
    g = loss_and_gradients(W1, W2, [1, 4, 1], [2])
    np.testing.assert_allclose(g.h, W1[[1, 4, 1]].mean(axis=0, keepdims=True))   # (G=1, d)
    assert g.rows.tolist() == [1, 4]
    np.testing.assert_allclose(g.dW1[0], 2 * g.dW1[1])       # row 1 appears twice


# ----- similarity --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def trained():
    trainer = Trainer(Corpus.from_text(TEXT), Config(dim=8, lr=0.1, seed=2))
    trainer.run_epochs(5)
    return trainer


@pytest.mark.parametrize("space", SPACES)
def test_neighbours(trained, space):
    vocab = trained.vocab
    for word in vocab.words:
        result = neighbours(trained.model, vocab, word, k=4, space=space)
        words = [w for w, _ in result]
        sims = [s for _, s in result]
        assert word not in words and len(words) == 4 == len(set(words))
        assert all(-1.0 <= s <= 1.0 for s in sims)
        assert sims == sorted(sims, reverse=True)
        E = embeddings(trained.model, space)
        top = words[0]
        assert sims[0] == pytest.approx(similarity(E, vocab, word, top))


def test_embedding_spaces(trained):
    m = trained.model
    np.testing.assert_array_equal(embeddings(m, "W1"), m.W1)
    np.testing.assert_array_equal(embeddings(m, "W2T"), m.W2.T)
    np.testing.assert_allclose(embeddings(m, "average"), (m.W1 + m.W2.T) / 2)
    with pytest.raises(ValueError):
        embeddings(m, "W3")


@pytest.mark.parametrize("space", SPACES)
def test_analogy_excludes_its_inputs(trained, space):
    result = analogy(trained.model, trained.vocab, "king", "man", "woman", k=5, space=space)
    words = [w for w, _ in result]
    assert len(words) == 5 and not {"king", "man", "woman"} & set(words)
    assert all(-1.0 <= s <= 1.0 for _, s in result)


def test_cosine_stays_in_range_for_identical_and_zero_vectors():
    rng = np.random.default_rng(0)
    E = rng.standard_normal((50, 7)) * 1e3
    E[1] = E[0]                                # identical vectors: cosine exactly 1
    E[2] = -E[0] * 3.3
    E[3] = 0.0                                 # a zero vector: cosine 0, not NaN
    words = [f"w{i}" for i in range(50)]

    class Vocab:
        def id(self, w):
            return words.index(w)
    vocab = Vocab()
    vocab.words = words
    C = cosine_matrix(E)
    assert np.isfinite(C).all() and C.max() <= 1.0 and C.min() >= -1.0
    assert similarity(E, vocab, "w0", "w1") == pytest.approx(1.0)
    assert similarity(E, vocab, "w0", "w2") == pytest.approx(-1.0)
    assert similarity(E, vocab, "w0", "w3") == 0.0
    for w in words:
        assert all(-1.0 <= s <= 1.0 for _, s in neighbours(E, vocab, w, k=49))
    assert neighbours(E, vocab, "w0", k=1)[0][0] == "w1"


# ----- saturated tails ---------------------------------------------------------------------
def test_sigmoid_is_exact_in_both_tails():
    """sigma(x) = e^x / (1 + e^x) has full relative precision for x << 0 (the tanh form was
    4% off at -36 and 0 below -37.4) and 1 - sigma(x) = sigma(-x) for x >> 0."""
    x = np.array([-708.0, -700.0, -100.0, -38.0, -36.0, -20.0, -1.0])   # normal floats
    exact = np.exp(x) / (1.0 + np.exp(x))
    np.testing.assert_allclose(sigmoid(x), exact, rtol=1e-15, atol=0)
    np.testing.assert_allclose(sigmoid(-x), 1.0 / (1.0 + np.exp(x)), rtol=1e-15, atol=0)
    assert sigmoid(-38.0) > 0 and sigmoid(-709.0) > 0 and sigmoid(-746.0) == 0.0
    np.testing.assert_allclose(softplus(x), np.log1p(np.exp(x)), rtol=1e-15, atol=0)


def _tail_weights(margin):
    """V=6, d=2: word 0 (the centre) has h = (1, 0.5); u_1 scores +margin, u_2..u_5 score
    about -margin."""
    W1 = np.zeros((6, 2))
    W1[0] = [1.0, 0.5]
    U = np.array([[0.0, 0.0], [margin, 0.0], [-margin, 0.1], [-margin - 1, -0.2],
                  [-margin - 2, 0.4], [-margin + 0.5, 0.0]])
    return W1, U.T.copy()


@pytest.mark.parametrize("margin", [20.0, 36.0, 40.0, 300.0])
def test_negative_sampling_gradients_exact_when_saturated(margin):
    """Target scored +margin, negatives about -margin: every sigma is ~e^-margin, and the
    loss and every gradient entry keep ~1e-12 relative precision (y - 1 computed as
    -sigma(-z), not sigma(z) - 1, which rounds to 0 from margin 37 on)."""
    W1, W2 = _tail_weights(margin)
    g = loss_and_gradients(W1, W2, [0], [1], np.array([[2, 3, 4, 5]]))
    h, U = W1[0], W2.T
    z = U[[1, 2, 3, 4, 5]] @ h
    sig_neg = np.exp(-z[0]) / (1 + np.exp(-z[0]))                 # sigma(-z_o), tiny
    e = np.r_[-sig_neg, np.exp(z[1:]) / (1 + np.exp(z[1:]))]     # the error, closed form
    np.testing.assert_allclose(g.error[0], e, rtol=1e-12, atol=0)
    loss = np.log1p(np.exp(-z[0])) + np.log1p(np.exp(z[1:])).sum()
    assert g.loss == pytest.approx(loss, rel=1e-12, abs=0)
    np.testing.assert_allclose(g.log_right[0], -np.log1p(np.exp(np.r_[-z[0], z[1:]])),
                               rtol=1e-12, atol=0)
    dh = e @ U[[1, 2, 3, 4, 5]]
    np.testing.assert_allclose(g.dW1[0], dh, rtol=1e-12, atol=0)
    np.testing.assert_allclose(g.dW2, np.outer(h, e), rtol=1e-12, atol=0)
    if margin < 700:   # representable: central differences agree too
        assert gradient_check(W1, W2, [0], [1], np.array([[2, 3, 4, 5]])).relative_error < 1e-8


@pytest.mark.parametrize("margin", [20.0, 36.0, 40.0, 300.0])
def test_softmax_gradients_exact_when_saturated(margin):
    """The target is the top word by ~margin: 1 - y_hat[o] ~ e^-margin is summed from
    the other words, so the loss log(1 + r) and the error -r / (1 + r) at the target keep
    their relative precision (y_hat - 1 rounds to 0 from margin 37 on)."""
    W1, W2 = _tail_weights(margin)
    g = loss_and_gradients(W1, W2, [0], [1])
    h, U = W1[0], W2.T
    z = U @ h
    w = np.exp(z - z[1])                       # e^(z_j - z_o), the target's term 1
    r = np.r_[w[:1], w[2:]].sum()              # the other words, summed without the 1
    e = w / (1 + r)
    e[1] = -r / (1 + r)
    assert g.loss == pytest.approx(np.log1p(r), rel=1e-12, abs=0)
    assert g.log_sum_exp[0] == pytest.approx(z[1] + np.log1p(r), rel=1e-15)
    np.testing.assert_allclose(g.error[0], e, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(g.dW1[0], e @ U, rtol=1e-12, atol=0)
    np.testing.assert_allclose(g.dW2, np.outer(h, e), rtol=1e-12, atol=1e-300)
    if margin < 700:
        assert gradient_check(W1, W2, [0], [1]).relative_error < 1e-8


def test_softmax_tail_holds_for_a_batch_and_repeated_targets():
    """The same exact tail for G units at once, one unit predicting its top word twice."""
    W1, W2 = _weights(6, 3, seed=4)
    W1[0] = [30.0, 0.0, 0.0]
    W2[:, 2] = [3.0, 0.0, 0.0]                 # u_2 . v_0 = 90: word 2 dominates for unit 0
    batch = loss_and_gradients(W1, W2, [0, 1, 3], [2, 2, 4, 5], None,
                               np.array([1, 1, 1]), np.array([2, 1, 1]))
    parts = [loss_and_gradients(W1, W2, [i], t) for i, t in ((0, [2, 2]), (1, [4]), (3, [5]))]
    np.testing.assert_allclose(batch.losses, [p.loss for p in parts], rtol=1e-14)
    assert 0 < batch.losses[0] < 1e-20        # two copies of ~e^-80: not rounded to 0
    for u, p in enumerate(parts):
        np.testing.assert_allclose(batch.error[u], p.error[0], rtol=1e-14, atol=0)
    dW1 = sum(_dense_rows(p, 6) for p in parts)
    np.testing.assert_allclose(_dense_rows(batch, 6), dW1, rtol=1e-12, atol=1e-300)


# ----- initialisation ----------------------------------------------------------------------
def test_word2vec_init():
    corpus = Corpus.from_text(TEXT)
    V, d = len(corpus.vocab), 40
    t = Trainer(corpus, Config(init="word2vec", dim=d, seed=3))
    W1 = t.model.W1.copy()
    assert (np.abs(W1) <= 0.5 / d).all() and W1.std() == pytest.approx(1 / d / np.sqrt(12), rel=0.1)
    assert (t.model.W2 == 0).all()
    r = t.step()                               # W2 = 0: dW1 = W2 (y_hat - y) = 0, exactly
    assert (r.dW1 == 0).all() and np.abs(r.dW2).max() > 0
    assert r.loss == pytest.approx(np.log(V), rel=1e-12)      # uniform y_hat at W2 = 0
    t.run_epochs(3)
    assert np.isfinite(t.model.W1).all() and not np.array_equal(t.model.W1, W1)
    normal = Trainer(corpus, Config(dim=d, seed=3)).model
    assert np.abs(normal.W2).max() > 0
    assert normal.W1.std() == pytest.approx(Config().init_scale, rel=0.1)


def test_normal_init_is_the_one_old_links_replay():
    """Runs made before "auto" (every old link, Config(init="normal")) start from exactly
    the weights they did: W1 then W2, each randn * init_scale from the seed's generator."""
    corpus = Corpus.from_text(TEXT)
    V = len(corpus.vocab)
    for objective, d in (("softmax", 10), ("negative", 50), ("negative", 100)):
        model = Trainer(corpus, Config(init="normal", objective=objective, dim=d, seed=7,
                                       init_scale=0.2)).model
        rng = np.random.default_rng(7)
        W1 = rng.standard_normal((V, d)) * 0.2
        np.testing.assert_array_equal(model.W1, W1)
        np.testing.assert_array_equal(model.W2, rng.standard_normal((d, V)) * 0.2)


@pytest.mark.parametrize("objective, d, used", [
    ("softmax", 10, "normal"), ("softmax", 100, "normal"), ("negative", 2, "normal"),
    ("negative", AUTO_WORD2VEC_DIM - 1, "normal"), ("negative", AUTO_WORD2VEC_DIM, "word2vec"),
    ("negative", 100, "word2vec")])
@pytest.mark.parametrize("architecture", ["skipgram", "cbow"])
def test_auto_init_resolves_by_d_and_objective(objective, d, used, architecture):
    config = Config(objective=objective, dim=d, architecture=architecture, seed=4)
    assert config.init == "auto" and config.init_used == used
    assert config.replace(init=used).init_used == used
    corpus = Corpus.from_text(TEXT)
    auto, explicit = (Trainer(corpus, c).model for c in (config, config.replace(init=used)))
    np.testing.assert_array_equal(auto.W1, explicit.W1)       # bit for bit
    np.testing.assert_array_equal(auto.W2, explicit.W2)
    with pytest.raises(ValueError):
        Model(5, 3, init="auto")                                # resolved before the Model


def test_init_is_validated():
    from w2v_viz.errors import InvalidSettingError
    with pytest.raises(InvalidSettingError) as err:
        Config(init="xavier")
    assert err.value.params["name_key"] == "setting.init"
    assert Config.from_dict(Config(init="word2vec").to_dict()).init == "word2vec"


def test_sampler_is_the_searchsorted_draw():
    """The compiled draw (guide-table search) returns exactly the NumPy formula's words."""
    rng = np.random.default_rng(3)
    counts = np.r_[rng.zipf(1.3, 997) % 5000 + 1, 10**6, 1, 1]
    sampler = NegativeSampler(counts)
    positives = np.r_[rng.integers(0, len(counts), 5000), 997, 998, 999, 0]
    draws = sampler.draw(np.random.default_rng(9), positives, 6)
    u = np.random.default_rng(9).random((len(positives), 6))
    p_pos = sampler.p[positives][:, None]
    x = u * (1.0 - p_pos)
    x += np.where(x >= sampler.before[positives][:, None], p_pos, 0.0)
    expect = np.minimum(np.searchsorted(sampler.cdf, x, side="right"), len(counts) - 1)
    clash = expect == positives[:, None]
    expect[clash] = np.where(np.broadcast_to(positives[:, None], x.shape)[clash] + 1
                             < len(counts), expect[clash] + 1, expect[clash] - 1)
    np.testing.assert_array_equal(draws, expect)


@pytest.mark.parametrize("objective", ["softmax", "negative"])
def test_record_carries_the_numbers_views_print(objective):
    """log-sum-exp, log y_hat of each target, sigma of each unit and its loss term, as
    scipy computes them from the record's own logits."""
    from scipy.special import expit, logsumexp
    config = Config(objective=objective, window_step=True, dim=5, seed=2)
    trainer = Trainer(Corpus.from_text(TEXT), config)
    trainer.run(30)
    r = trainer.step()
    if objective == "softmax":
        assert r.log_sum_exp == pytest.approx(logsumexp(r.z), rel=1e-14)
        np.testing.assert_allclose(r.log_right, r.z[r.targets] - logsumexp(r.z), rtol=1e-13)
        np.testing.assert_allclose(r.right_probs, r.probs[r.targets], rtol=1e-13)
        assert r.loss == pytest.approx(-r.log_right.sum(), rel=1e-14)
    else:
        signs = np.r_[1.0, -np.ones(r.negatives.shape[1])]          # right answer: +z_o, -z_k
        np.testing.assert_allclose(r.probs, expit(r.z), rtol=1e-15)
        np.testing.assert_allclose(r.right_probs, expit(signs * r.z), rtol=1e-13)
        np.testing.assert_allclose(r.unit_losses, np.logaddexp(0, -signs * r.z), rtol=1e-14)
        assert r.loss == pytest.approx(r.unit_losses.sum(), rel=1e-14)


def test_nearest_unit_ranks_as_nearest():
    """The live tables' ranking (argpartition over unit vectors) is ``nearest``'s."""
    t = Trainer(Corpus.from_text(TEXT), Config(dim=6, seed=1))
    t.run_epochs(5)
    E, words = t.model.W1, t.vocab.words
    N = E / np.linalg.norm(E, axis=1, keepdims=True)
    for w in ("king", "the", "cat"):
        for k in (1, 3, len(words)):
            got = nearest_unit(N, N[t.vocab.id(w)], words, k, exclude={w})
            want = neighbours(t.model, t.vocab, w, k)
            assert [x for x, _ in got] == [x for x, _ in want]
            np.testing.assert_allclose([c for _, c in got], [c for _, c in want], atol=1e-12)
    assert [x for x, _ in analogy_of_unit(N, t.vocab, "king", "man", "woman", 4)] == \
        [x for x, _ in analogy(t.model, t.vocab, "king", "man", "woman", 4)]


def test_record_norms_are_the_step_sizes():
    """||lr dW1|| and ||lr dW2|| are how far the step moved W1 and W2."""
    t = Trainer(Corpus.from_text(TEXT), Config(dim=5, seed=3, lr=0.2))
    W1, W2 = t.model.W1.copy(), t.model.W2.copy()
    r = t.step()
    n = r.norms
    assert n["update_W1"] == pytest.approx(np.linalg.norm(t.model.W1 - W1), rel=1e-12)
    assert n["update_W2"] == pytest.approx(np.linalg.norm(t.model.W2 - W2), rel=1e-12)
    assert n["h"] == pytest.approx(np.linalg.norm(W1[r.centre]), rel=1e-14)
    assert n["dW2"] == pytest.approx(n["h"] * n["error"], rel=1e-12)    # outer(h, e)


def test_exp_table_is_the_notes_example():
    e, total, p = exp_table([3.0, 1.0, -1.0])
    np.testing.assert_allclose(e, [20.0855, 2.71828, 0.367879], rtol=1e-5)
    assert total == pytest.approx(23.1717, rel=1e-5)
    np.testing.assert_allclose(p, softmax(np.array([3.0, 1.0, -1.0])), rtol=1e-14)



@pytest.mark.parametrize("objective", ["softmax", "negative"])
def test_column_errors_factor_dW2(objective):
    """dW2 = outer(h, e): the per-column errors the Gradients page sends with h."""
    t = Trainer(Corpus.from_text(TEXT), Config(objective=objective, negatives=4, dim=4,
                                               window_step=True, seed=6))
    r = t.step(3)
    V = t.model.V
    np.testing.assert_allclose(np.outer(r.h, r.column_errors(V)), r.dense_dW2(V),
                               rtol=1e-12, atol=1e-15)
