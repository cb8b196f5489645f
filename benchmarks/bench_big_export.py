"""Customer totals of an export bigger than memory: kt.export_totals against pandas.

Run it with ``make benchmark`` or ``python benchmarks/bench_big_export.py [--lines N ...]
[--quick] [--repeat R]``. For every size it writes (into a temporary folder, fixed seed)
a Polish ERP-style CSV export: cp1250, ``;``, decimal comma, space as thousands mark,
dd.mm.yyyy dates, 20 columns, ~2% credit notes and a "Razem:" total row at the bottom.
Two ways of getting the net total per customer are then measured:

(a) baseline: ``pandas.read_csv(path, sep=";", decimal=",", thousands=" ",
    encoding="cp1250")`` followed by ``groupby("Kontrahent")["Wartość netto"].sum()``,
    what a hand-written analysis does (the whole file in memory);
(b) kamtools: ``kt.export_totals(path, progress=False)``, which detects the layout,
    streams the file in blocks and checks every line as ``kt.read_export`` does.

Each runs in a fresh subprocess (the two take turns when ``--repeat`` > 1). Time is the
wall time of the call; memory is the growth of the process's peak resident size
(Linux VmHWM, reset just before the call; ru_maxrss elsewhere) over its resident size
after the imports, so the interpreter and the libraries are not counted. Both answers
are compared with the totals known by construction.

"Largest file within 4 GB" is extrapolated, not measured: an address-space limit
(RLIMIT_AS) is unreliable with pyarrow's and numpy's allocators (they reserve far more
address space than they use), so the peak per line is taken from the runs and the
4 GB budget divided by it. When the peak does not grow with the file (streaming), the
script says so instead of printing a number. Targets, printed as PASS/FAIL and never
asserted: kamtools at least as fast as pandas, with peak memory under a quarter of
pandas'. Results are written as JSON to ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))  # benchmark the working tree, installed or not
sys.path.insert(0, str(HERE))

MB = 1e6  # bytes in a megabyte as printed
BUDGET_MB = 4e9 / MB  # "the largest file each can handle within 4 GB"
TARGET_TIME_RATIO = 1.0  # kamtools / pandas: at least as fast
TARGET_MEMORY_RATIO = 0.25  # kamtools / pandas: under a quarter
CUSTOMER = "Kontrahent"
AMOUNT = "Wartość netto"


# ----------------------------------------------------------------------- the child


def _status_mb(field: str) -> float:
    try:
        with open("/proc/self/status") as fh:
            match = re.search(rf"^{field}:\s+(\d+) kB", fh.read(), flags=re.MULTILINE)
    except OSError:
        return math.nan
    return int(match.group(1)) * 1024 / MB if match else math.nan


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS counter (Linux >= 4.0); False where unsupported."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def child(path_name: str, out: str) -> int:
    """Run one path on one file in this (fresh) process and write its figures as JSON."""
    import resource
    import warnings

    import pandas as pd
    import pyarrow.compute
    import pyarrow.csv  # noqa: F401   code is not counted as either path's memory)
    import tqdm.auto  # noqa: F401

    import kamtools as kt

    file = Path(os.environ["BENCH_FILE"])
    before = _status_mb("VmRSS")
    linux = _reset_peak() and not math.isnan(before)
    if not linux:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB
    start = time.perf_counter()
    if path_name == "pandas":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DtypeWarning: the total row mixes types
            df = pd.read_csv(file, sep=";", decimal=",", thousands=" ", encoding="cp1250")
        totals = df.groupby(CUSTOMER)[AMOUNT].sum()
        lines = len(df)
    else:
        result = kt.export_totals(file, progress=False)
        totals = result.totals
        lines = result.data_lines
    seconds = time.perf_counter() - start
    if linux:
        peak = _status_mb("VmHWM") - before
    else:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB - before
    Path(out).write_text(
        json.dumps(
            {
                "path": path_name,
                "seconds": seconds,
                "peak_mb": peak,
                "rss_after_imports_mb": before,
                "peak_source": "VmHWM" if linux else "ru_maxrss",
                "lines": lines,
                "totals": {str(k): float(v) for k, v in totals.items()},
            }
        )
    )
    return 0


def run_child(path_name: str, file: Path, work: Path) -> dict[str, Any]:
    out = work / f"{path_name}__result.json"
    env = {**os.environ, "BENCH_FILE": str(file), "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(
        [sys.executable, __file__, "--child", path_name, str(out)],
        capture_output=True,
        text=True,
        env=env,
    )
    if proc.returncode != 0:
        raise SystemExit(f"the {path_name} run failed:\n{proc.stdout}\n{proc.stderr}")
    return json.loads(out.read_text())


# ----------------------------------------------------------------------- a case


def _max_difference(found: dict[str, float], expected: dict[str, float]) -> float:
    if set(found) != set(expected):
        return math.inf
    return max((abs(found[k] - expected[k]) for k in expected), default=0.0)


def run_case(n_lines: int, *, customers: int, repeat: int, work: Path) -> dict[str, Any]:
    from _big_export_data import write_export

    file = work / f"export_{n_lines}.csv"
    start = time.perf_counter()
    expected = write_export(file, n_lines, customers=customers)
    made_in = time.perf_counter() - start
    expected_d = {str(k): float(v) for k, v in expected.items()}
    runs: dict[str, list[dict[str, Any]]] = {"pandas": [], "kamtools": []}
    order = ["pandas", "kamtools"]
    for i in range(repeat):
        for name in order if i % 2 == 0 else order[::-1]:
            runs[name].append(run_child(name, file, work))
    record: dict[str, Any] = {
        "lines": n_lines,
        "file_mb": file.stat().st_size / MB,
        "customers": len(expected_d),
        "generated_s": made_in,
    }
    for name, results in runs.items():
        record[name] = {
            "seconds": min(r["seconds"] for r in results),
            "seconds_all": [r["seconds"] for r in results],
            "peak_mb": max(r["peak_mb"] for r in results),
            "peak_all": [r["peak_mb"] for r in results],
            "rss_after_imports_mb": results[0]["rss_after_imports_mb"],
            "peak_source": results[0]["peak_source"],
            "max_difference": max(_max_difference(r["totals"], expected_d) for r in results),
        }
    record["time_ratio"] = record["kamtools"]["seconds"] / record["pandas"]["seconds"]
    record["memory_ratio"] = record["kamtools"]["peak_mb"] / record["pandas"]["peak_mb"]
    file.unlink()
    return record


def largest_within_budget(rows: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """Lines and GB of the largest file that fits a 4 GB budget, extrapolated from the runs.

    With two sizes or more the growth of the peak per extra line is the slope between the
    smallest and the largest run; with one size it is the peak divided by the lines (an
    overestimate of the slope, so a conservative limit). A slope under 1 byte per line
    means the peak does not grow with the file: no limit from memory.
    """
    rows = sorted(rows, key=lambda r: r["lines"])
    big, small = rows[-1], rows[0]
    peak_big = big[name]["peak_mb"]
    if len(rows) > 1 and big["lines"] > small["lines"]:
        slope = (peak_big - small[name]["peak_mb"]) / (big["lines"] - small["lines"])
        base = peak_big - slope * big["lines"]
    else:
        slope, base = peak_big / big["lines"], 0.0
    bytes_per_line = big["file_mb"] / big["lines"]
    interpreter = big[name]["rss_after_imports_mb"]
    if slope * MB < 1.0:
        return {"slope_bytes_per_line": slope * MB, "lines": None, "file_gb": None}
    lines = (BUDGET_MB - interpreter - max(base, 0.0)) / slope
    return {
        "slope_bytes_per_line": slope * MB,
        "lines": lines,
        "file_gb": lines * bytes_per_line / 1e3,
    }


# ----------------------------------------------------------------------- report


def _mark(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_table(rows: list[dict[str, Any]], limits: dict[str, dict[str, Any]]) -> None:
    header = (
        f"{'lines':>11} {'file MB':>8} {'pandas s':>9} {'kt s':>7} {'time x':>7} "
        f"{'pandas MB':>10} {'kt MB':>7} {'mem x':>6}  {'same totals':>11}  "
        f"{'<=1x time':>9} {'<1/4 mem':>8}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        same = r["pandas"]["max_difference"] < 1e-4 and r["kamtools"]["max_difference"] < 1e-4
        print(
            f"{r['lines']:>11,} {r['file_mb']:>8.0f} {r['pandas']['seconds']:>9.2f} "
            f"{r['kamtools']['seconds']:>7.2f} {r['time_ratio']:>7.2f} "
            f"{r['pandas']['peak_mb']:>10.0f} {r['kamtools']['peak_mb']:>7.0f} "
            f"{r['memory_ratio']:>6.3f}  {'yes' if same else 'NO':>11}  "
            f"{_mark(r['time_ratio'] <= TARGET_TIME_RATIO):>9} "
            f"{_mark(r['memory_ratio'] < TARGET_MEMORY_RATIO):>8}"
        )
    print()
    print("Largest file within 4 GB of memory (extrapolated from the peaks above, not measured):")
    for name, limit in limits.items():
        slope = limit["slope_bytes_per_line"]
        if limit["lines"] is None:
            verdict = "no limit from memory: the peak does not grow with the file"
        else:
            verdict = f"about {limit['lines'] / 1e6:,.0f} million lines, {limit['file_gb']:.1f} GB"
        print(f"  {name:<9} {slope:>8.1f} bytes of peak per extra line -> {verdict}")
    print(
        "\nSeconds: best of --repeat runs, each in a fresh process. MB: growth of the peak "
        "resident size\nover the resident size after the imports (10^6 bytes). time x = "
        "kamtools / pandas; mem x likewise.\nTargets: kamtools at least as fast as pandas "
        f"(time x <= {TARGET_TIME_RATIO:g}), peak memory under a quarter of pandas' "
        f"(mem x < {TARGET_MEMORY_RATIO:g}).\nA 4 GB address-space limit (RLIMIT_AS) is "
        "not used: pyarrow's and numpy's allocators reserve\nmuch more address space than "
        "they touch, so it fails runs that would fit."
    )


def environment() -> dict[str, Any]:
    import pandas as pd
    import pyarrow as pa

    import kamtools as kt

    return {
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "pyarrow": pa.__version__,
        "kamtools": kt.__version__,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--lines",
        type=int,
        nargs="+",
        default=[1_000_000, 10_000_000],
        help="numbers of lines of the generated exports (default: 1000000 10000000)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="exports of 100,000 and 200,000 lines (the test suite's run)",
    )
    parser.add_argument("--customers", type=int, default=20_000, help="default: 20000")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each path (default 1)")
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "benchmarks" / "results",
        help="folder for the JSON results (default: benchmarks/results/)",
    )
    parser.add_argument("--child", nargs=2, metavar=("PATH", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.lines = [100_000, 200_000]
    for name in ("customers", "repeat"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1, but {getattr(args, name)} was passed")
    if any(n < 1000 for n in args.lines):
        parser.error(f"--lines must be at least 1000, but {args.lines} was passed")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child(*args.child)
    env = environment()
    print(
        f"Big export benchmark: python {env['python']}, pandas {env['pandas']}, pyarrow "
        f"{env['pyarrow']}, {env['cpus']} CPUs, load average {env['load_average']}, "
        f"{args.customers:,} customers, repeat {args.repeat}\n"
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_big_export_") as tmp:
        for n in args.lines:
            row = run_case(n, customers=args.customers, repeat=args.repeat, work=Path(tmp))
            print(
                f"  {n:,} lines: {row['file_mb']:.0f} MB written in {row['generated_s']:.1f} s; "
                f"pandas {row['pandas']['seconds']:.2f} s, kamtools {row['kamtools']['seconds']:.2f} s",
                flush=True,
            )
            rows.append(row)
    limits = {name: largest_within_budget(rows, name) for name in ("pandas", "kamtools")}
    print()
    print_table(rows, limits)
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"bench_big_export-{datetime.now():%Y%m%d-%H%M%S}.json"
    payload = {
        "environment": env,
        "arguments": {k: str(v) for k, v in vars(args).items()},
        "rows": rows,
        "largest_within_4gb": limits,
    }
    out.write_text(json.dumps(payload, indent=2) + "\n")
    print(f"\nResults written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
