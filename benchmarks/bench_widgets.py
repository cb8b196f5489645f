"""How fast the Pareto explorer answers its slider, against a plain matplotlib redraw.

Run it with ``python benchmarks/bench_widgets.py [--changes N] [--dataset NAME]``. It builds
``kamtools.widgets.pareto.ParetoExplorer`` on Online Retail (4,372 customers) headless,
with matplotlib's Agg backend, and times ``--changes`` moves of the top-p slider, from
setting ``p_slider.value`` to the updated readouts and the new PNG image in the figure's
Output widget: the Python side of what a learner waits for (the browser still has to
show the image). Three things are timed in turns within each round, so that a burst of
load from another process hits all of them:

(a) widget: ``explorer.p_slider.value = p`` (top-p share and readouts recomputed, the
    marker moved, the figure rendered with Agg and encoded as the PNG shown);
(b) widget + full redraw: (a) followed by ``explorer.figure.canvas.draw()``, a complete
    Agg rendering of the figure, which the widget itself avoids (it redraws only the
    marker over a saved copy of the chart);
(c) baseline without kamtools: a plain matplotlib redraw of the same curve (numpy sort
    and cumsum done once beforehand): ``ax.clear()``, ``ax.plot`` of the cumulative
    share, a vertical line at p, ``fig.canvas.draw()`` and the same PNG encoding.

Median, 90th percentile, min and max are printed in ms, with the ratio (a) / (c) and the
target (median of (a) under 100 ms) as PASS/MISS; nothing is asserted. The results are
written as JSON to ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # benchmark the working tree, installed or not

import kamtools as kt  # noqa: E402
from kamtools.widgets.pareto import ParetoExplorer  # noqa: E402

#: The design's target: median time from a slider change to the updated figure and
#: readouts, Python side.
TARGET_MS = 100.0


def slider_values(count: int) -> list[float]:
    """``count`` slider positions, each different from the one before (0.05 .. 0.95)."""
    cycle = [round(0.05 + 0.05 * k, 2) for k in range(19)]  # 0.05, 0.10, ..., 0.95
    order = cycle[::2] + cycle[1::2]  # jump across the range rather than creep along it
    return [order[k % len(order)] for k in range(count)]


def png_bytes(canvas: Any) -> bytes:
    """The canvas as PNG, encoded exactly as the widget encodes its image."""
    from PIL import Image

    rgba = np.asarray(canvas.buffer_rgba())
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba[..., :3])).save(
        buffer, format="png", compress_level=1
    )
    return buffer.getvalue()


class Baseline:
    """A plain matplotlib Pareto curve redrawn from scratch for every p (no kamtools)."""

    def __init__(self, values: pd.Series) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        desc = np.sort(np.clip(values.to_numpy(dtype=float), 0.0, None))[::-1]
        cum = np.cumsum(desc)
        self.n = len(desc)
        self.x = np.r_[0.0, np.arange(1, self.n + 1) / self.n * 100.0]
        self.y = np.r_[0.0, cum / cum[-1] * 100.0]
        self.figure = Figure(figsize=(9.0, 5.0), dpi=100, layout="constrained")
        self.canvas = FigureCanvasAgg(self.figure)
        self.ax = self.figure.add_subplot()

    def redraw(self, p: float) -> bytes:
        k = max(1, int(np.ceil(p * self.n - 1e-9)))
        ax = self.ax
        ax.clear()
        ax.plot(self.x, self.y, linewidth=2.5)
        ax.axvline(100.0 * k / self.n, linestyle="-.", color="black")
        ax.set_title(f"Top {p:.0%} of customers: {self.y[k]:.1f}% of the value", fontsize=15)
        ax.set_xlabel("share of customers, largest first", fontsize=13)
        ax.set_ylabel("cumulative share of value", fontsize=13)
        self.canvas.draw()
        return png_bytes(self.canvas)


def summary(ms: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(ms),
        "p90": statistics.quantiles(ms, n=10, method="inclusive")[-1],
        "min": min(ms),
        "max": max(ms),
    }


def environment() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "matplotlib": matplotlib.__version__,
        "kamtools": kt.__version__,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=30, help="timed slider moves (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed moves first (default 3)")
    parser.add_argument(
        "--dataset",
        default="online_retail",
        choices=["online_retail", "vistula", "northwind"],
        help="dataset of the explorer (default: online_retail)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "benchmarks" / "results",
        help="folder for the JSON results (default: benchmarks/results/)",
    )
    args = parser.parse_args(argv)
    if args.changes < 2:
        parser.error(f"--changes must be at least 2, but {args.changes} was passed")
    if args.warmup < 0:
        parser.error(f"--warmup must be at least 0, but {args.warmup} was passed")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    env = environment()
    print(
        f"kamtools widget benchmark: python {env['python']}, matplotlib {env['matplotlib']}, "
        f"pandas {env['pandas']}, {env['cpus']} CPUs, backend {matplotlib.get_backend()}\n"
    )

    start = time.perf_counter()
    explorer = ParetoExplorer(args.dataset)
    setup_ms = (time.perf_counter() - start) * 1000
    n = explorer.readouts["n_customers"]
    baseline = Baseline(explorer.values)

    values = slider_values(args.warmup + args.changes)
    timings: dict[str, list[float]] = {"widget": [], "widget_full_draw": [], "baseline": []}
    mismatches = 0
    for round_, p in enumerate(values):
        if explorer.p_slider.value == p:  # a move must change the value to fire
            explorer.p_slider.value = 0.01
        renders = explorer._panel.renders

        t0 = time.perf_counter()
        explorer.p_slider.value = p
        t1 = time.perf_counter()
        explorer.figure.canvas.draw()
        t2 = time.perf_counter()
        baseline.redraw(p)
        t3 = time.perf_counter()

        # untimed: the move really redrew the image and the readout is kamtools' answer
        expected = kt.top_share(explorer.values, p, negative="zero")
        if explorer._panel.renders != renders + 1 or explorer.readouts["top_p_share"] != expected:
            mismatches += 1
        if round_ >= args.warmup:
            timings["widget"].append((t1 - t0) * 1000)
            timings["widget_full_draw"].append((t2 - t0) * 1000)
            timings["baseline"].append((t3 - t2) * 1000)

    # one-off costs for comparison: switching the view redraws the whole chart
    view_ms = []
    for view in ("lorenz", "pareto", "lorenz", "pareto"):
        t0 = time.perf_counter()
        explorer.view_buttons.value = view
        view_ms.append((time.perf_counter() - t0) * 1000)
    explorer.close()

    stats = {name: summary(ms) for name, ms in timings.items()}
    ratio = stats["widget"]["median"] / stats["baseline"]["median"]
    passed = stats["widget"]["median"] < TARGET_MS
    label = {
        "widget": "(a) widget: slider -> readouts + image",
        "widget_full_draw": "(b) (a) + full fig.canvas.draw()",
        "baseline": "(c) plain matplotlib redraw + image",
    }
    print(
        f"ParetoExplorer({args.dataset!r}): {n:,} customers, {args.changes} slider changes "
        f"after {args.warmup} warm-up moves\n"
    )
    print(f"{'':44}{'median':>8}{'p90':>8}{'min':>8}{'max':>8}   (ms)")
    for name, s in stats.items():
        print(f"{label[name]:44}{s['median']:8.1f}{s['p90']:8.1f}{s['min']:8.1f}{s['max']:8.1f}")
    print(f"\nratio (a) / (c), medians: {ratio:.2f}")
    print(
        f"one-off: building the explorer (load, aggregate, first chart) {setup_ms:,.0f} ms; "
        f"switching the view (full redraw) median {statistics.median(view_ms):.0f} ms"
    )
    print(
        f"checks: {'every move redrew the image and matched kt.top_share' if not mismatches else f'{mismatches} moves did NOT update as expected'}"
    )
    print(
        f"\ntarget: median slider change -> updated figure and readouts under "
        f"{TARGET_MS:.0f} ms: {stats['widget']['median']:.1f} ms "
        f"{'PASS' if passed else 'MISS'}"
    )

    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"bench_widgets-{datetime.now():%Y%m%d-%H%M%S}.json"
    payload = {
        "environment": env,
        "arguments": {k: str(v) for k, v in vars(args).items()},
        "customers": n,
        "setup_ms": setup_ms,
        "view_switch_ms": view_ms,
        "timings_ms": timings,
        "summary_ms": stats,
        "ratio_widget_to_baseline": ratio,
        "mismatches": mismatches,
        "target_ms": TARGET_MS,
        "target_met": passed,
    }
    path.write_text(json.dumps(payload, indent=2) + "\n")
    print(f"\nResults written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
