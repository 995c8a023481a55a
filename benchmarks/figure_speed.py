"""Figure speed: milliseconds to build each Plotly figure of ``w2v_viz.figures``.

Run: ``python benchmarks/figure_speed.py`` (``--quick`` for fewer repeats). Every click on
Step reruns the app's live fragment, which rebuilds its figures, so this is server time
per click and page. Each case is built ``repeats`` times in this one run (after one warm-up
build) and the median is printed, at V=46 (the "royalty" corpus) and at V=5000 (a synthetic
Zipf corpus), with the inputs the app passes (see app_pages/). The ``serialise`` column
is what ``st.plotly_chart`` does with the figure afterwards (``fig.to_dict()`` then
``plotly.io.to_json(..., validate=False)``), shown for context: it depends mostly on the
figure's content, not on how it was built.

``--compare OLD_FIGURES.py`` also times another version of the module (e.g. a copy of
figures.py saved before a change), interleaved build by build with the current one so that
both see the same machine load, and prints its medians in an ``old`` column.

Target: every figure <= 3 ms at V~50. (The Softmax and Gradients pages draw no Plotly
figure on Step any more: their live views' messages are built in ``views/``; the Softmax
page's sandbox figure, static content, is timed here.)
"""

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")    # one core: set before NumPy loads its BLAS

import plotly.io as pio  # noqa: E402
import plotly.tools  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from w2v_viz import Config, Corpus, Trainer, figures  # noqa: E402
from w2v_viz import projection as P  # noqa: E402
from w2v_viz.corpora import load  # noqa: E402
from w2v_viz.similarity import cosine_matrix  # noqa: E402
from w2v_viz.synthetic import zipf_text  # noqa: E402

MAX_SIM_WORDS = 40     # as the similarity default
SIZES = (46, 5000)


def load_figures(path: str):
    """Another figures.py (same package, so its relative imports work)."""
    spec = importlib.util.spec_from_file_location("w2v_viz._figures_compared", path)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "w2v_viz"
    spec.loader.exec_module(module)
    return module


def inputs(V: int) -> dict:
    """The app's inputs to the figures after 200 recorded steps, as app_pages/ computes
    them."""
    if V == 46:
        corpus = Corpus.from_text(load("royalty"))
    else:
        corpus = Corpus.from_text(zipf_text(V), max_vocab=V)
    assert len(corpus.vocab) == V, (len(corpus.vocab), V)
    sm = Trainer(corpus, Config())
    sm.step(200)
    words, model, rec = list(sm.vocab.words), sm.model, sm.last_record
    highlight = [rec.centre, *map(int, rec.contexts)]
    pca2, pca3 = P.fit_pca(model.W1, 2), P.fit_pca(model.W1, 3)
    return {
        "history": sm.history, "words": words,
        "S": cosine_matrix(model.W1[:MAX_SIM_WORDS]), "highlight": highlight,
        "pca2": pca2, "pca3": pca3,
        "c2": P.project(pca2, model.W1), "c3": P.project(pca3, model.W1),
        "tr2": P.trails(sm.timeline, pca2, highlight),
        "tr3": P.trails(sm.timeline, pca3, highlight),
    }


def cases(d: dict, F=figures) -> dict:
    """name -> zero-argument function building one figure with module ``F``."""
    words = d["words"]
    return {
        "loss_chart": lambda: F.loss_chart(d["history"], "en"),
        "loss_chart (log)": lambda: F.loss_chart(d["history"], "en", log_scale=True),
        "sandbox_figure": lambda: F.sandbox_figure(lang="en"),
        "similarity_figure": lambda: F.similarity_figure(d["S"], words[:MAX_SIM_WORDS], "en"),
        "embedding_figure (2D)": lambda: F.embedding_figure(
            d["c2"], words, "en", highlight=d["highlight"], trails=d["tr2"],
            explained=d["pca2"].explained),
        "embedding_figure (3D)": lambda: F.embedding_figure(
            d["c3"], words, "en", highlight=d["highlight"], trails=d["tr3"],
            explained=d["pca3"].explained, dims=3),
    }


def serialise(fig) -> str:
    """As st.plotly_chart (Streamlit 1.5x-1.6x): a dict copy of the figure, then JSON (a
    plain-data chart such as ``loss_chart``: its JSON)."""
    if isinstance(fig, dict):
        return json.dumps(fig)
    return pio.to_json(plotly.tools.return_figure_from_figure_or_data(fig, True),
                       validate=False)


def medians_ms(fns: list, repeats: int) -> list:
    """Median ms of each function, timed in turn (interleaved) after one warm-up call."""
    for fn in fns:
        fn()
    times = [[] for _ in fns]
    for _ in range(repeats):
        for fn, out in zip(fns, times):
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return [1e3 * statistics.median(t) for t in times]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--compare", metavar="OLD_FIGURES_PY",
                        help="also time this version of figures.py, interleaved")
    args = parser.parse_args(argv)
    repeats = args.repeats or (10 if args.quick else 40)
    old = load_figures(args.compare) if args.compare else None
    results = {}
    for V in SIZES:
        d = inputs(V)
        new_cases = cases(d)
        old_cases = cases(d, old) if old else {}
        for name, build in new_cases.items():
            fns = [build] + ([old_cases[name]] if old else [])
            fig = build()
            fns.append(lambda fig=fig: serialise(fig))
            results.setdefault(name, {})[V] = medians_ms(fns, repeats)
    cols = ["build"] + (["old"] if old else []) + ["serialise"]
    print(f"median ms over {repeats} builds (one core)")
    print(f"{'figure':<30}" + "".join(f"{f'{c} V={V}':>18}" for V in SIZES for c in cols))
    for name, row in results.items():
        print(f"{name:<30}" + "".join(f"{ms:>18.2f}" for V in SIZES for ms in row[V]))


if __name__ == "__main__":
    main()
