"""The class benchmark runs (``benchmarks/class_load.py --quick --replicas 1``, with a
size in the query): its students find the training controls and Play's timer in what the
server sends and draw the model the query asks for, so a change to the app's internals
that breaks them shows here. Timings are not checked (the machine is shared)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.e2e.server import REPO_ROOT
from tests.test_deploy import require_haproxy


def test_class_load_quick_runs_steps_and_plays(tmp_path):
    require_haproxy()
    out = tmp_path / "class.json"
    run = subprocess.run(
        [sys.executable, str(REPO_ROOT / "benchmarks" / "class_load.py"), "--quick",
         "--replicas", "1", "--query", "vocab=300&dim=20", "--json", str(out)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(out.read_text())["capacity"]["1"]["3"]
    assert result["joined"] == 3 and result["errors"] == 0, result
    assert result["steps"] >= 6 and result["step_p95"] > 0
    assert result["players"] == 1 and result["play_median"] > 0     # Play's timer reruns
    assert result["vocab"] == [300]                  # every student drew the model asked for
    assert "capacity" in run.stdout
