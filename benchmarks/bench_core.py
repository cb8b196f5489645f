"""Speed and memory of the kamtools core against the minimum a hand-written analysis does.

Run it with ``make benchmark`` or ``python benchmarks/bench_core.py [--sizes N ...]
[--customers C] [--repeat R]``. For every size it builds a synthetic transaction frame
with numpy and measures two ways of getting from invoice lines to concentration figures:

(a) baseline: ``df[df[cust].notna()].groupby(cust)[amt].sum()``, then a plain numpy
    sort + cumsum for the top-20% share;
(b) kamtools: ``kt.customer_totals(df, customer=..., amount=...)`` followed by
    ``kt.concentration_report(totals, negative="zero")``.

Each is timed ``--repeat`` times with ``time.perf_counter`` (best and median are kept;
the median is compared). Peak memory is measured in a separate, untimed run with
``tracemalloc`` (see benchmarks/README.md for why that is correct here), and on Linux
cross-checked with the kernel's peak-RSS counter. The table and the targets (PASS/MISS)
are printed, not asserted; the results are written as JSON to ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import math
import os
import platform
import re
import statistics
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # benchmark the working tree, installed or not

import kamtools as kt  # noqa: E402

#: Targets from the design: 10M lines in under 2 s, at most 30% slower than the
#: hand-written baseline, and peak extra memory below twice the input frame.
TARGET_SECONDS_10M = 2.0
TARGET_TIME_RATIO = 1.3
TARGET_MEMORY_RATIO = 2.0

CUSTOMER = "CustomerID"
AMOUNT = "Amount"
TOP_P = 0.2
MB = 1e6  # bytes in a megabyte as printed (decimal, like df.memory_usage reports)


# --------------------------------------------------------------------------- data


def make_transactions(
    n_lines: int, n_customers: int, *, missing_ids: bool, seed: int = 0
) -> pd.DataFrame:
    """Synthetic invoice lines: heavy-tailed customer frequency, ~2% negative lines.

    With ``missing_ids`` the customer id column is float64 with ~1% NaN, the shape the
    UCI Online Retail file has after ``read_csv``; otherwise it is a clean int64 column.
    """
    rng = np.random.default_rng(seed)
    # Zipf-like frequency: the customer of rank r buys with weight 1/r, so about 20% of
    # the customers place about 85% of the lines.
    weights = 1.0 / np.arange(1, n_customers + 1)
    cdf = np.cumsum(weights / weights.sum())
    cdf[-1] = 1.0
    ids = rng.permutation(n_customers).astype(np.int64) + 12346
    customer = ids[np.searchsorted(cdf, rng.random(n_lines), side="right")]
    amount = np.round(rng.lognormal(mean=2.5, sigma=1.2, size=n_lines), 2)
    amount[rng.random(n_lines) < 0.02] *= -1.0  # returns and credit notes
    if missing_ids:
        customer = customer.astype(np.float64)
        customer[rng.random(n_lines) < 0.01] = np.nan
    return pd.DataFrame({CUSTOMER: customer, AMOUNT: amount})


# --------------------------------------------------------------------- the two paths


def baseline(df: pd.DataFrame) -> float:
    """The minimum a hand-written analysis does: groupby-sum, sort, cumsum, top-20%."""
    totals = df[df[CUSTOMER].notna()].groupby(CUSTOMER)[AMOUNT].sum()
    v = np.sort(np.clip(totals.to_numpy(), 0.0, None))[::-1]
    cum = np.cumsum(v)
    k = math.ceil(TOP_P * len(v))
    return float(cum[k - 1] / cum[-1])


def kamtools_totals(df: pd.DataFrame) -> pd.Series:
    """Step 1 of the kamtools path: net value per customer."""
    with warnings.catch_warnings():
        # Missing ids are reported with a KamtoolsWarning; the report is not timed here.
        warnings.simplefilter("ignore", kt.KamtoolsWarning)
        return kt.customer_totals(df, customer=CUSTOMER, amount=AMOUNT)


def kamtools_report(totals: pd.Series) -> pd.Series:
    """Step 2 of the kamtools path: the concentration report."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", kt.KamtoolsWarning)
        return kt.concentration_report(totals, negative="zero")


def kamtools_path(df: pd.DataFrame) -> pd.Series:
    """customer_totals + concentration_report, as a learner would call them."""
    return kamtools_report(kamtools_totals(df))


# ----------------------------------------------------------------------- measuring


def time_interleaved(funcs: dict[str, Callable[[], Any]], repeat: int) -> dict[str, dict]:
    """Best and median wall time of each function over ``repeat`` rounds.

    The functions take turns within each round, so that a burst of load from another
    process slows all of them rather than one; the best time is what the code costs on
    a quiet machine (the timeit convention), the median shows the spread.
    """
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeat):
        for name, func in funcs.items():
            gc.collect()
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
    return {
        name: {"best": min(t), "median": statistics.median(t), "all": t}
        for name, t in times.items()
    }


def _linux_hwm_reset() -> bool:
    """Reset the kernel's peak-RSS counter (Linux >= 4.0); False where unsupported.

    Memory freed by earlier runs is first handed back to the system (glibc's
    ``malloc_trim``); otherwise the allocator would reuse it without the resident size
    growing, and the peak would be underestimated.
    """
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the figure may read low, it is only a cross-check
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _linux_status_mb(field: str) -> float:
    with open("/proc/self/status") as fh:
        match = re.search(rf"^{field}:\s+(\d+) kB", fh.read(), flags=re.MULTILINE)
    return int(match.group(1)) * 1024 / MB if match else math.nan


def peak_memory(func: Callable[[], Any]) -> dict[str, float]:
    """Peak extra memory of one call: tracemalloc, and peak RSS growth on Linux.

    tracemalloc sees every numpy data buffer and pandas hash table (both report their
    allocations to it), which is where the memory of this workload goes. The RSS figure
    is the kernel's high-water mark minus the resident size before the call; it includes
    allocator slack and is only a cross-check.
    """
    gc.collect()
    rss_ok = _linux_hwm_reset()
    rss_before = _linux_status_mb("VmRSS") if rss_ok else math.nan
    tracemalloc.start()
    try:
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss_peak = _linux_status_mb("VmHWM") - rss_before if rss_ok else math.nan
    return {"tracemalloc_mb": peak / MB, "rss_mb": rss_peak}


def profile_calls(df: pd.DataFrame, top: int = 12) -> str:
    """cProfile of one run of the kamtools path: the functions that cost the most."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(kamtools_path, df)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


# ------------------------------------------------------------------------ reporting


def _mark(ok: bool | None) -> str:
    return "-" if ok is None else ("PASS" if ok else "MISS")


def run_case(
    n_lines: int, n_customers: int, *, missing_ids: bool, repeat: int, profile: bool = False
) -> dict:
    df = make_transactions(n_lines, n_customers, missing_ids=missing_ids)
    input_mb = df.memory_usage(deep=True).sum() / MB

    # Both paths must give the same answer, or the comparison means nothing.
    share_base = baseline(df)
    totals = kamtools_totals(df)
    share_kt = float(kamtools_report(totals)["top20pct_share"])

    t = time_interleaved(
        {
            "baseline": lambda: baseline(df),
            "kamtools": lambda: kamtools_path(df),
            "customer_totals": lambda: kamtools_totals(df),
            "concentration_report": lambda: kamtools_report(totals),
        },
        repeat,
    )
    m_base = peak_memory(lambda: baseline(df))
    m_kt = peak_memory(lambda: kamtools_path(df))
    m_steps = {
        "customer_totals": peak_memory(lambda: kamtools_totals(df)),
        "concentration_report": peak_memory(lambda: kamtools_report(totals)),
    }

    seconds_kt = t["kamtools"]["best"]
    time_ratio = float(seconds_kt / t["baseline"]["best"])
    mem_ratio = float(m_kt["tracemalloc_mb"] / input_mb)
    targets = {
        "seconds_10M": bool(seconds_kt < TARGET_SECONDS_10M) if n_lines >= 10_000_000 else None,
        "time_ratio": time_ratio <= TARGET_TIME_RATIO,
        "memory_ratio": mem_ratio < TARGET_MEMORY_RATIO,
    }
    return {
        "lines": n_lines,
        "customers": n_customers,
        "customers_found": len(totals),
        "ids": "float64 with ~1% NaN" if missing_ids else "int64, clean",
        "input_mb": input_mb,
        "seconds": t,
        "time_ratio": time_ratio,
        "peak_mb_baseline": m_base,
        "peak_mb_kamtools": m_kt,
        "peak_mb_kamtools_steps": m_steps,
        "memory_ratio": mem_ratio,
        "top20pct_share_baseline": share_base,
        "top20pct_share_kamtools": share_kt,
        "targets": targets,
        "profile": profile_calls(df) if profile else None,
    }


def print_table(rows: list[dict]) -> None:
    header = (
        f"{'lines':>11} {'ids':<20} {'base s':>7} {'kt s':>7} {'ratio':>6} "
        f"{'base MB':>8} {'kt MB':>8} {'(RSS)':>7} {'input MB':>9} {'mem x':>6}  "
        f"{'<2s@10M':>7} {'<=1.3x':>6} {'<2x mem':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        t = r["targets"]
        print(
            f"{r['lines']:>11,} {r['ids']:<20} {r['seconds']['baseline']['best']:>7.3f} "
            f"{r['seconds']['kamtools']['best']:>7.3f} {r['time_ratio']:>6.2f} "
            f"{r['peak_mb_baseline']['tracemalloc_mb']:>8.0f} "
            f"{r['peak_mb_kamtools']['tracemalloc_mb']:>8.0f} "
            f"{r['peak_mb_kamtools']['rss_mb']:>7.0f} {r['input_mb']:>9.0f} "
            f"{r['memory_ratio']:>6.2f}  {_mark(t['seconds_10M']):>7} "
            f"{_mark(t['time_ratio']):>6} {_mark(t['memory_ratio']):>7}"
        )
    print()
    print(
        f"Targets: kamtools on 10M lines in < {TARGET_SECONDS_10M:g} s; kamtools/baseline time "
        f"<= {TARGET_TIME_RATIO:g}; kamtools peak memory < {TARGET_MEMORY_RATIO:g} x the input "
        "frame.\nSeconds are the best of --repeat interleaved runs (medians in the JSON); "
        "'MB' is the peak traced by tracemalloc\n(10^6 bytes), '(RSS)' the Linux peak-RSS "
        "cross-check of 'kt MB'; 'mem x' = kt MB / input MB."
    )
    print("\nSteps of the kamtools path (best s, peak MB):")
    for r in rows:
        steps = ", ".join(
            f"{name} {r['seconds'][name]['best']:.3f} s {m['tracemalloc_mb']:.0f} MB"
            for name, m in r["peak_mb_kamtools_steps"].items()
        )
        agree = abs(r["top20pct_share_baseline"] - r["top20pct_share_kamtools"]) < 1e-9
        print(
            f"  {r['lines']:>11,} {r['ids']:<20} {steps}; top-20% share "
            f"{r['top20pct_share_kamtools']:.4f} ({'same as' if agree else 'DIFFERS FROM'} "
            f"the baseline's)"
        )
    for r in rows:
        if r["profile"]:
            print(f"\ncProfile of the kamtools path, {r['lines']:,} lines, ids {r['ids']}:")
            print(r["profile"].rstrip())


def environment() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "kamtools": kt.__version__,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[1_000_000, 10_000_000],
        help="numbers of transaction lines (default: 1000000 10000000)",
    )
    parser.add_argument("--customers", type=int, default=50_000, help="default: 50000")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per case (default 3)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also print a cProfile of the kamtools path for every case",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "benchmarks" / "results",
        help="folder for the JSON results (default: benchmarks/results/)",
    )
    args = parser.parse_args(argv)
    for name in ("customers", "repeat"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1, but {getattr(args, name)} was passed")
    if any(s < 1 for s in args.sizes):
        parser.error(f"--sizes must be positive, but {args.sizes} was passed")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    env = environment()
    print(
        f"kamtools core benchmark: python {env['python']}, numpy {env['numpy']}, "
        f"pandas {env['pandas']}, {env['cpus']} CPUs, {args.customers:,} customers, "
        f"repeat {args.repeat}\n"
    )
    rows = []
    for size in args.sizes:
        for missing_ids in (True, False):
            rows.append(
                run_case(
                    size,
                    args.customers,
                    missing_ids=missing_ids,
                    repeat=args.repeat,
                    profile=args.profile,
                )
            )
    print_table(rows)

    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"bench_core-{datetime.now():%Y%m%d-%H%M%S}.json"
    payload = {"environment": env, "arguments": {k: str(v) for k, v in vars(args).items()}}
    payload["rows"] = rows
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    print(f"\nResults written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
