"""The server's share of a Step: the time to build every live view's message (views/) after
one recorded step, at V = 46, d = 10 (royalty) and V = 5000, d = 50 (a Zipf text), medians
of repeated builds, side by side in one run. The browser's share is measured by
benchmarks/browser_latency.py.

    python benchmarks/message_speed.py [--repeats 30]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from views import (  # noqa: E402
    controls,
    embeddings,
    gradients,
    loss,
    neighbours,
    network,
    similarity,
    softmax,
    theory_panel,
    wordmap,
)
from w2v_viz import Config, Corpus, Trainer  # noqa: E402
from w2v_viz.corpora import CORPORA  # noqa: E402
from w2v_viz.synthetic import zipf_text  # noqa: E402

SIZES = {"V=46, d=10": (CORPORA["royalty"].text(), 10),
         "V=5000, d=50": (zipf_text(5000), 50)}


def builders(t, record) -> dict:
    words = t.vocab.words
    return {
        "controls": lambda: controls.message(t, "en"),
        "network (Train)": lambda: network.message(t, record, "en"),
        "loss (Train)": lambda: loss.message(t, "en"),
        "wordmap (Train)": lambda: wordmap.message(t, record, "en"),
        "softmax step": lambda: softmax.step_message(t, record, "en"),
        "softmax probe": lambda: softmax.probe_message(t, 0, "en"),
        "gradients": lambda: gradients.message(t, record, "en", {}),
        "embeddings map": lambda: embeddings.message(t, record, "en", None),
        "similarity": lambda: similarity.message(t, record, "en"),
        "neighbours": lambda: neighbours.neighbours(t, words[0], "en"),
        "theory panels": lambda: theory_panel.message(t, record, "en"),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=30)
    args = ap.parse_args()
    times: dict = {}
    for size, (text, dim) in SIZES.items():
        t = Trainer(Corpus.from_text(text), Config(dim=dim))
        for _ in range(3):
            t.step()
            for build in builders(t, t.last_record).values():
                build()                                       # warm up
        record = t.step()
        for name, build in builders(t, record).items():
            samples = []
            for _ in range(args.repeats):
                start = time.perf_counter()
                build()
                samples.append(time.perf_counter() - start)
            times.setdefault(name, {})[size] = 1000 * statistics.median(samples)
    print(f"{'message':<20}" + "".join(f"{s:>16}" for s in SIZES) + "   (ms, medians)")
    for name, row in times.items():
        print(f"{name:<20}" + "".join(f"{row[s]:>16.2f}" for s in SIZES))


if __name__ == "__main__":
    main()
