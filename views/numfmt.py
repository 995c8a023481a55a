"""Every number the app shows, formatted in one place.

Plain fixed-point text from 1e-3 up to 1e6 (in magnitude), scientific
notation outside, so a diverging loss of 8.9e25 or 1e300 stays a short string on a
counter, an axis tick, a bar label or in an equation, in every language (digits, the
decimal point and the "e" are the same in English and Chinese UI text).

    fmt(3.80412)               "3.804"      4 significant digits, trailing zeros dropped
    fmt(4_524_416)             "4.524e6"
    fmt(1e300)                 "1e300"
    fmt(3.8, decimals=3)       "3.800"      fixed decimals (counters that should not jitter)
    fmt(50_000, grouping=True) "50,000"     thousands separators (axis ticks)
    latex(1.5e-7)              "1.5 \\times 10^{-7}"
"""

import math

SCI_ABOVE = 6        # |x| >= 1e6: scientific (a power of ten)
SCI_BELOW = -3       # 0 < |x| < 1e-3: scientific
COSINE = "%.3f"      # every cosine the app prints, on every page (lib.js's cosine: the same)


def _strip(digits: str) -> str:
    return digits.rstrip("0").rstrip(".") if "." in digits else digits


def _special(x: float) -> str | None:
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if x == 0:
        return "0"
    return None


def split(x: float, sig: int = 4, decimals: int | None = None,
          grouping: bool = False) -> tuple:
    """(fixed-point text, None, None) when x is shown plainly, else (None, mantissa,
    exponent) of its scientific form at ``sig`` significant digits (trailing zeros
    dropped). The exponent is that of the rounded mantissa, so 999999.7 is 1e6."""
    sig = max(1, int(sig))
    mant, exp = f"{x:.{sig - 1}e}".split("e")
    exp = int(exp)
    if SCI_BELOW <= exp < SCI_ABOVE:
        sep = "," if grouping else ""
        if decimals is None:
            return _strip(f"{x:{sep}.{max(sig - 1 - exp, 0)}f}"), None, None
        return f"{x:{sep}.{int(decimals)}f}", None, None
    return None, _strip(mant), exp


def fmt(x: float, sig: int = 4, *, decimals: int | None = None,
        grouping: bool = False) -> str:
    """Plain text: ``sig`` significant digits (or ``decimals`` fixed decimals) in the
    plain range, ``{mantissa}e{exponent}`` outside it."""
    x = float(x)
    special = _special(x)
    if special is not None:
        return special
    fixed, mant, exp = split(x, sig, decimals, grouping)
    return fixed if fixed is not None else f"{mant}e{exp}"


def latex(x: float, sig: int = 4) -> str:
    """The same number for LaTeX (KaTeX): ``m \\times 10^{k}`` outside the plain range."""
    x = float(x)
    if math.isnan(x):
        return r"\text{NaN}"
    if math.isinf(x):
        return r"\infty" if x > 0 else r"-\infty"
    if x == 0:
        return "0"
    fixed, mant, exp = split(x, sig)
    return fixed if fixed is not None else rf"{mant} \times 10^{{{exp}}}"
