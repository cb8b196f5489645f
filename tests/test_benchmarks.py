"""The benchmark scripts run end to end on a small size and write their figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_core_benchmark_runs_and_reports_ratios(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_core.py"),
            "--sizes",
            "20000",
            "--customers",
            "500",
            "--repeat",
            "1",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "ratio" in result.stdout
    files = list(tmp_path.glob("*.json"))
    assert len(files) == 1
    rows = json.loads(files[0].read_text())["rows"]
    assert [r["lines"] for r in rows] == [20000, 20000]  # float ids with NaN, clean int ids
    for row in rows:
        # Both paths must agree on the answer before their speed is compared.
        assert row["top20pct_share_kamtools"] == pytest.approx(row["top20pct_share_baseline"])
        assert row["seconds"]["kamtools"]["best"] > 0
        assert row["time_ratio"] > 0 and row["memory_ratio"] > 0


@pytest.mark.slow
def test_grading_benchmark_runs_both_ways_and_compares_grades(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_grading.py"),
            "--students",
            "3",
            "--jobs",
            "2",
            "--repeat",
            "1",
            "--classes",
            "honest",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "identical grades          : yes" in result.stdout
    figures = json.loads(next(tmp_path.glob("grading-*.json")).read_text())
    honest = figures["classes"]["honest"]
    assert figures["students"] == 3 and honest["identical"] is True
    assert honest["median_s"]["baseline"] > 0 and honest["median_s"]["no_sandbox"] > 0
    assert honest["ratio"] > 0


@pytest.mark.slow
def test_big_export_benchmark_runs_quick_and_reports_both_paths(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_big_export.py"),
            "--quick",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for words in ("pandas s", "kt s", "time x", "mem x", "same totals", "within 4 GB"):
        assert words in result.stdout
    figures = json.loads(next(tmp_path.glob("bench_big_export-*.json")).read_text())
    rows = figures["rows"]
    assert [r["lines"] for r in rows] == [100_000, 200_000]
    for row in rows:
        # Both paths must find the totals known by construction before they are compared.
        assert row["pandas"]["max_difference"] < 1e-4
        assert row["kamtools"]["max_difference"] < 1e-4
        assert row["pandas"]["seconds"] > 0 and row["kamtools"]["seconds"] > 0
        assert row["pandas"]["peak_mb"] > 0 and row["kamtools"]["peak_mb"] > 0
        assert row["time_ratio"] > 0 and row["memory_ratio"] > 0
    assert set(figures["largest_within_4gb"]) == {"pandas", "kamtools"}
