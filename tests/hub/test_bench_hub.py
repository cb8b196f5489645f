"""benchmarks/bench_hub.py runs end to end on one user and writes the figures it prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from _hub import REPO, missing_tools


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_hub_benchmark_measures_start_time_and_memory(tmp_path):
    missing = missing_tools()
    if missing:
        reason = "the hub benchmark needs " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(reason + " (see .ci/run)", pytrace=False)
        pytest.skip(reason)
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "bench_hub.py"),
            "--users",
            "1",
            "--module",
            "00_start_here",
            "--settle",
            "1",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=360,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "all 1 servers ready after" in done.stdout
    [result_file] = tmp_path.glob("bench_hub-*.json")
    result = json.loads(result_file.read_text(encoding="utf-8"))
    assert result["errors"] == {}
    assert 0 < result["all_ready_s"] < 300
    idle = result["idle"]["learner001"]["server"]
    after = result["after_module"]["learner001"]
    # A JupyterLab server takes tens of MB at least; the kernel that ran module 00 too.
    assert 30 < idle["uss_mb"] <= idle["rss_mb"] < 2000
    assert 20 < after["kernels"]["uss_mb"] <= after["kernels"]["rss_mb"] < 4000
    assert after["total"]["uss_mb"] == pytest.approx(
        after["server"]["uss_mb"] + after["kernels"]["uss_mb"]
    )
