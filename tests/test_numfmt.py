"""One number format for the whole app: plain between 1e-3 and 1e6, scientific outside,
so a diverging loss (8.9e25, 1e300) or a huge axis value stays a short string."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from views import theory
from views.numfmt import fmt, latex


@pytest.mark.parametrize("x, text", [
    (1e300, "1e300"), (4_524_416, "4.524e6"), (8.9e25, "8.9e25"), (-2.5e7, "-2.5e7"),
    (999_999.7, "1e6"), (123_456.7, "123457"), (3.80412, "3.804"), (0.05, "0.05"),
    (-0.0019604, "-0.00196"), (9.99e-4, "9.99e-4"), (1e-5, "1e-5"), (0, "0"),
    (math.inf, "∞"), (-math.inf, "-∞"), (math.nan, "NaN"),
])
def test_fmt(x, text):
    assert fmt(x) == text


def test_options():
    assert fmt(3.8, decimals=3) == "3.800"
    assert fmt(1e300, decimals=3) == "1e300"
    assert fmt(50_000, sig=6, grouping=True) == "50,000"
    assert fmt(4_524_416, sig=6, grouping=True) == "4.52442e6"
    assert latex(1.5e-7) == r"1.5 \times 10^{-7}"
    assert latex(1e300) == r"1 \times 10^{300}"
    assert latex(4_524_416) == r"4.524 \times 10^{6}"


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_always_short_and_round_trips(x):
    text = fmt(x)
    assert len(text) <= 12, text
    if 0 < abs(x) < 1e307:      # (rounding up the largest floats overflows float())
        assert float(text) == pytest.approx(x, rel=1e-3)


def test_existing_helpers_delegate():
    assert theory.fmt(1e300) == "1e300" and theory.fmt(4_524_416) == "4.524e6"
    assert theory.latex_num(1e300) == r"1 \times 10^{300}"


