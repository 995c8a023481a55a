"""The live views' shared browser library (views/lib.js) in Chromium, without Streamlit:
numbers formatted as the server formats them (views.numfmt: scientific past 1e6 and
below 1e-3, in both languages), round ticks, axis ranges that change only now and then,
labels that never overlap."""

from pathlib import Path

import numpy as np
import pytest

from ui import live_view
from views import numfmt

pytestmark = pytest.mark.e2e

LIB = Path(__file__).resolve().parents[2] / "views" / "lib.js"


@pytest.fixture
def lib(page):
    page.set_content("<!doctype html><body></body>")
    page.add_script_tag(content=LIB.read_text(encoding="utf-8"))
    return page


VALUES = [3.80412, -3.80412, 0.0213, 0.00099, 1.5e-7, 999.5, 4_524_416, -4_524_416, 1e300,
          1e-300, 0.0, 123456.7, 0.001, 1e6, 2.5,
          999_999.7, 0.00099996, -0.00099996, 99_999.99, 0.0009999, 1234, 3904, 12, -0.5,
          0.01659, 0.02046, -0.9834, 8.42e12, 2.947e7, 1 - 1e-12, 9.9995, 0.099995]


def test_fmt_matches_the_servers_format(lib):
    """The same numbers through views/numfmt.py and lib.js's fmt: the same text (the
    rounding edges where the two used to differ among them, and 2,000 random numbers
    over 40 decades, at 2 to 6 significant digits)."""
    rng = np.random.default_rng(7)
    numbers = VALUES + (rng.choice([-1, 1], 2000) * 10 ** rng.uniform(-20, 20, 2000)).tolist()
    for sig in (4, 2, 3, 6):
        shown = lib.evaluate("([vs, sig]) => vs.map((v) => fmt(v, sig))", [numbers, sig])
        expected = [numfmt.fmt(v, sig) for v in numbers]
        mismatched = [(v, a, b) for v, a, b in zip(numbers, shown, expected) if a != b]
        assert not mismatched, mismatched[:10]
    shown = lib.evaluate("(vs) => vs.map((v) => fmt(v))", VALUES)
    assert lib.evaluate("[fmt(Infinity), fmt(NaN), fmt(null)]") == ["∞", "NaN", "—"]
    assert all(len(s) <= 8 for s in shown)


def test_cosines_print_as_the_server_prints_them(lib):
    """lib.js's cosine (the Embeddings tables) and views/numfmt.py's COSINE (Explore): the
    same text for the same cosine, from values near every rounding edge."""
    rng = np.random.default_rng(3)
    values = [1.0, -1.0, 0.0, -0.0, 0.99746, 0.9975, 0.99749999, 0.0005, -0.0004, 1 - 1e-16,
              *rng.uniform(-1, 1, 2000), *(np.round(rng.uniform(-1, 1, 500), 3) + 5e-4)]
    shown = lib.evaluate("(vs) => vs.map((v, i) => cosine(i === 3 ? -0 : v))", values)
    expected = [numfmt.COSINE % v for v in values]
    assert shown == expected


def test_nice_ticks(lib):
    ticks = lambda *args: lib.evaluate("(a) => niceTicks(...a)", list(args))  # noqa: E731
    assert ticks(0, 3.87) == [0, 1, 2, 3]
    assert ticks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1]
    assert ticks(0, 123456, 6) == [0, 50000, 100000]
    assert ticks(0.001, 50, 5, True) == [0.001, 0.01, 0.1, 1, 10]
    assert ticks(0.05, 3, 5, True) == [0.05, 0.1, 0.2, 0.5, 1, 2]
    huge = ticks(0, 4.5e300)
    assert len(huge) >= 3 and all(len(lib.evaluate("(v) => fmt(v, 3)", v)) <= 8 for v in huge)


def test_stable_range_changes_only_when_the_data_leaves_it(lib):
    ranges = lib.evaluate("""() => {
      let r = null; const out = [];
      for (let i = 0; i < 300; i++) {
        const hi = 3.9 - i * 0.006;
        r = stableRange(r, 0.5 * hi, hi);
        out.push(r);
      }
      return out; }""")
    distinct = {tuple(r) for r in ranges}
    assert len(distinct) < 15
    for i, (lo, hi) in enumerate(ranges):
        top = 3.9 - i * 0.006
        assert lo <= 0.5 * top and top <= hi


def test_place_labels_never_overlap(lib):
    rng = np.random.default_rng(0)
    for n in (5, 15, 30):
        items = [{"x": float(x), "y": float(y), "w": float(w), "h": 14.0, "prev": None}
                 for x, y, w in zip(rng.uniform(40, 360, n), rng.uniform(20, 180, n),
                                    rng.uniform(20, 70, n))]
        spots = lib.evaluate("(items) => placeLabels(items, {x0: 0, y0: 0, x1: 400, y1: 200})",
                             items)
        boxes = [(it["x"] + dx - it["w"] / 2, it["y"] + dy - it["h"] / 2,
                  it["x"] + dx + it["w"] / 2, it["y"] + dy + it["h"] / 2)
                 for it, s in zip(items, spots) if s for dx, dy in [s]]
        assert len(boxes) >= min(n, 12)             # a crowded map still labels most words
        for i, a in enumerate(boxes):
            assert 0 <= a[0] and a[2] <= 400 and 0 <= a[1] and a[3] <= 200
            for b in boxes[i + 1:]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_sticky_range_keeps_a_box_until_the_data_leaves_or_shrinks(lib):
    got = lib.evaluate("""() => {
      const make = ([[x0, x1], [y0, y1]]) => [[x0 - 1, x1 + 1], [y0 - 1, y1 + 1]];
      const a = stickyRange(null, [[0, 4], [0, 2]], make, 0.35);
      const kept = stickyRange(a, [[0.5, 3.5], [0, 1]], make, 0.35);     // inside, fills 3/6
      const left = stickyRange(a, [[0, 5.5], [0, 1]], make, 0.35);       // leaves x
      const small = stickyRange(a, [[1, 2], [0, 0.5]], make, 0.35);      // fills 1/6
      return [a, kept === a, left, small]; }""")
    assert got[0] == [[-1, 5], [-1, 3]] and got[1] is True
    assert got[2] == [[-1, 6.5], [-1, 2]] and got[3] == [[0, 3], [-1, 1.5]]


def test_shorten_and_one_tooltip_per_view(lib):
    assert lib.evaluate("[shorten('queen', 14), shorten('internationalisation', 8)]") == [
        "queen", "interna…"]
    shown = lib.evaluate("""() => {
      const root = el("div", "w2v-view"); root.style.cssText = "position:relative;width:300px";
      document.body.appendChild(root);
      const a = tipElement(root, "grad-tip"), b = tipElement(root);
      placeTip(root, "w · 0.5", { left: 280, top: 2, bottom: 10 });
      const one = root.querySelectorAll(".w2v-tip").length;
      const left = parseFloat(a.style.left) + a.offsetWidth, top = parseFloat(a.style.top);
      return [a === b, one, a.className, a.textContent, left <= 300, top, a.hidden]; }""")
    assert shown[:4] == [True, 1, "w2v-tip grad-tip", "w · 0.5"]
    assert shown[4] and shown[5] == 16 and shown[6] is False     # below: no room above


def test_the_heatmap_painter_paints_each_cell_its_colour(lib):
    pixels = lib.evaluate("""() => {
      const canvas = el("canvas"); document.body.appendChild(canvas);
      const M = [[-1, 0, 1], [0.5, -0.5, 0]];
      const ctx = paintHeatmap(canvas, { rows: 2, cols: 3, cw: 10, ch: 10, x: 0, y: 0 },
        (r, c) => divergingRgb(M[r][c]));
      const at = (x, y) => Array.from(ctx.getImageData(x * (window.devicePixelRatio || 1),
        y * (window.devicePixelRatio || 1), 1, 1).data.slice(0, 3));
      return [at(4, 4), at(14, 4), at(24, 4), at(9.5, 4), canvas.style.width]; }""")
    assert pixels[0] == [33, 115, 195] and pixels[1] == [255, 255, 255]
    assert pixels[2] == [203, 55, 59] and pixels[3] == [255, 255, 255]    # a white gap
    assert pixels[4] == "30px"


def test_place_labels_keeps_clear_of_every_point_given(lib):
    rng = np.random.default_rng(1)
    points = [[float(x), float(y), 3.0] for x, y in zip(rng.uniform(0, 400, 2000),
                                                        rng.uniform(0, 200, 2000))]
    items = [{"x": p[0], "y": p[1], "w": 30.0, "h": 12.0, "prev": None} for p in points[:10]]
    spots = lib.evaluate("""([items, points]) => placeLabels(items,
      {x0: 0, y0: 0, x1: 400, y1: 200}, { points, gap: [3, 1], crowded: true })""",
                         [items, points])
    assert all(s is not None for s in spots)          # crowded: a label may cover a point
    strict = lib.evaluate("""([items, points]) => placeLabels(items,
      {x0: 0, y0: 0, x1: 400, y1: 200}, { points })""", [items, points])
    for it, s in zip(items, strict):
        if s is None:
            continue
        x0, x1 = it["x"] + s[0] - 16, it["x"] + s[0] + 16
        y0, y1 = it["y"] + s[1] - 6, it["y"] + s[1] + 6
        assert not any(x + r > x0 and x - r < x1 and y + r > y0 and y - r < y1
                       for x, y, r in points)


def test_packed_float_arrays_read_as_the_server_sent_them(lib):
    """A message's NumPy arrays (ui/live_view.encode: float64 bytes) come out of lib.js's
    viewData as the plain nested arrays the server decodes, bit for bit."""
    message = {"y": np.linspace(3.0, 1.0, 800) + 1e-13, "rows": np.zeros((0, 3)),
               "W": np.array([[0.1, -2.5e-300, 7.0], [1e300, 5e-324, -1.5]]),
               "bars": [{"p": np.array([0.25, 0.75]), "word": "国王"}], "x": [1, 2]}
    raw = list(live_view.encode(message))
    read = lib.evaluate("(raw) => viewData({data: new Uint8Array(raw)})", raw)
    assert read == live_view.decode(bytes(raw))
    assert read["y"][5] == float(message["y"][5]) and read["W"][1][1] == 5e-324
