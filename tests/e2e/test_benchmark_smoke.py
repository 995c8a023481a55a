"""The browser benchmark runs (``benchmarks/browser_latency.py --quick``): every page is
measured (Step, page switch, Play twice), so a page change that breaks a selector shows here,
not on the day the figures are taken. Timings are not checked (the machine is shared)."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

from .server import REPO_ROOT

PAGES = ("Train", "Softmax", "Gradients", "Embeddings", "Theory")


def test_browser_benchmark_quick(chromium_path, tmp_path):
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, str(REPO_ROOT / "benchmarks" / "browser_latency.py"), "--quick",
         "--sizes", "0", "--no-epoch", "--no-frame", "--play-rounds", "2", "--json", str(out)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(out.read_text())["V=46, d=10 (royalty)"]
    assert len(result["step_ms"]["bare button"]) == 3
    assert len(result["switch_ms"]["bare"]) == 2
    for page in PAGES:
        assert len(result["step_ms"][page]) == 3, (page, run.stdout[-3000:])
        assert len(result["switch_ms"][page]) == 2, (page, run.stdout[-3000:])
        play = result["play"][page]
        # (2 s of Play: a slow page may not show a step yet; Pause must take)
        assert isinstance(play, dict) and play["paused"], (page, play)
        rounds = play["rounds"]                  # two Plays of the page, the row their medians
        assert len(rounds) == 2 and all(r["paused"] for r in rounds), (page, rounds)
        assert play["steps"] == statistics.median(r["steps"] for r in rounds)
    assert result["play"]["Train"]["steps"] > 0
    assert result["play"]["Train"]["refreshes_per_s"] > 0
    assert {"w2v-network", "w2v-loss", "w2v-map"} <= set(result["play"]["Train"]["per_view"])
    assert "Step→settled" in run.stdout
