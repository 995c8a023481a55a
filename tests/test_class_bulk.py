"""The bulk benchmark runs (``benchmarks/class_bulk.py --quick``): its visitors press Epoch
back to back and at once on one server and see each run's progress in the controls'
messages, so a change to the app's internals that breaks that shows here. Timings are not
checked (the machine is shared)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.e2e.server import REPO_ROOT


def test_class_bulk_quick_runs_epochs_back_to_back_and_at_once(tmp_path):
    out = tmp_path / "bulk.json"
    run = subprocess.run(
        [sys.executable, str(REPO_ROOT / "benchmarks" / "class_bulk.py"), "--quick",
         "--json", str(out)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(out.read_text())
    assert [p["name"] for p in result["phases"]] == ["back to back", "at once"]
    for phase in result["phases"]:
        assert phase["ended"] and phase["wall_s"] > 0, phase
        assert len(phase["steps"]) == 3 and len(set(phase["steps"])) == 1, phase
        assert phase["steps"][0] > 0                   # one whole epoch each
        assert min(phase["redraws"]) >= 1              # the controls said it ran, then not
    assert len(result["step_ms"]["idle"]) == 3
    assert not result["errors"] and result["ratio"] > 0
    assert "ratio at once / back to back" in run.stdout
