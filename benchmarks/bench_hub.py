"""How many participants one machine carries: start time and memory per user on the hub.

Starts the workshop hub (course/hub/jupyterhub_config.py) on 127.0.0.1 in a temporary
folder, starts N users' servers at the same moment (as a room does after "please log in
now"), and measures:

- time until every server answered, and each user's own start time;
- memory of each user's server when idle (JupyterLab, no notebook open);
- memory after each user ran a course module in a kernel (all N at once, as "Run All"),
  server and kernel together.

Memory is given as RSS (what `top` shows; libraries shared between processes are counted
in each) and USS (memory only that process uses: what one more user really costs). Size a
machine on USS, plus the hub's own share. Nothing is asserted: the figures are printed and
written to benchmarks/results/bench_hub-<time>.json. course/JUPYTERHUB.md quotes them.

Usage::

    python benchmarks/bench_hub.py [--users 10] [--module 03_pareto_analysis]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "hub"))

from _hub import Hub, missing_tools, notebook_code_cells, running_hub  # noqa: E402

MB = 1024 * 1024


def _memory(procs: list[psutil.Process]) -> dict[str, float]:
    """RSS and USS of ``procs`` together, in MB."""
    rss = uss = 0
    for proc in procs:
        try:
            info = proc.memory_full_info()
        except psutil.Error:
            continue
        rss, uss = rss + info.rss, uss + info.uss
    return {"rss_mb": rss / MB, "uss_mb": uss / MB}


def user_memory(hub: Hub, user: str) -> dict[str, dict[str, float]]:
    """Memory of a user's server process, of its kernels, and of both."""
    server = hub.server_process(user)
    kernels = server.children(recursive=True)
    return {
        "server": _memory([server]),
        "kernels": _memory(kernels),
        "total": _memory([server, *kernels]),
    }


def hub_memory(hub: Hub) -> dict[str, float]:
    """Memory of the hub and the proxy (the hub's children that are not user servers)."""
    hub_proc = psutil.Process(hub.proc.pid)
    own = [hub_proc]
    for child in hub_proc.children():
        try:
            if "jupyterhub-singleuser" not in " ".join(child.cmdline()):
                own.append(child)
        except psutil.Error:
            continue
    return _memory(own)


def _summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "max": max(values), "min": min(values)}


def _line(label: str, values: list[float], unit: str) -> str:
    s = _summary(values)
    return f"  {label:42} median {s['median']:7.1f} {unit}   max {s['max']:7.1f} {unit}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10, help="servers started at once (10)")
    parser.add_argument(
        "--module",
        default="03_pareto_analysis",
        help="course notebook each user runs ('none': measure start and idle memory only)",
    )
    parser.add_argument(
        "--start-timeout", type=int, default=300, help="the hub's spawn timeout, seconds (300)"
    )
    parser.add_argument("--settle", type=float, default=5.0, help="seconds before measuring")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args(argv)
    if args.users < 1:
        parser.error(f"--users must be at least 1, but {args.users} was given")
    notebook = ROOT / "course" / f"{args.module}.ipynb"
    if args.module != "none" and not notebook.exists():
        parser.error(f"--module {args.module!r}: there is no course/{args.module}.ipynb")
    missing = missing_tools()
    if missing:
        parser.error("the hub needs " + ", ".join(missing))
    cells = notebook_code_cells(notebook) if args.module != "none" else []
    users = [f"learner{i:03d}" for i in range(1, args.users + 1)]

    workdir = Path(tempfile.mkdtemp(prefix="kam-bench-hub-"))
    try:
        with running_hub(workdir / "hub", start_timeout=args.start_timeout) as hub:
            result = _measure(hub, users, notebook, cells, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    out = args.out / f"bench_hub-{stamp}.json"
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"\nresults written to {out}")
    return 0 if not result["errors"] else 1


def _measure(hub: Hub, users: list[str], notebook: Path, cells: list[str], args) -> dict:
    # Each home holds the course, as after the nbgitpuller link, so the module runs in place.
    for user in users:
        shutil.copytree(ROOT / "course", hub.home(user) / "kam-academy" / "course")
    before = hub_memory(hub)
    load_before = os.getloadavg()[0]
    print(
        f"hub benchmark: {len(users)} users at once, module {args.module}, "
        f"{os.cpu_count()} CPUs, {psutil.virtual_memory().total / 1024**3:.0f} GB RAM, "
        f"load average {load_before:.1f} before the start (other work slows it)"
    )

    # Everyone presses "Start" in the same second.
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        list(pool.map(hub.start_server, users))
    ready = hub.wait_ready(users, timeout=args.start_timeout + 60, since=start)
    start_times = [ready[u] for u in users]
    all_ready = time.monotonic() - start
    print(f"\nstart: all {len(users)} servers ready after {all_ready:.1f} s")
    print(_line("time to ready, per user", start_times, "s "))

    time.sleep(args.settle)
    idle = {u: user_memory(hub, u) for u in users}
    print("\nidle JupyterLab server, per user:")
    print(_line("RSS", [m["server"]["rss_mb"] for m in idle.values()], "MB"))
    print(_line("USS (its own memory)", [m["server"]["uss_mb"] for m in idle.values()], "MB"))

    result = {
        "users": len(users),
        "module": args.module,
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "start_timeout": args.start_timeout,
        "all_ready_s": all_ready,
        "ready_s": dict(zip(users, start_times, strict=True)),
        "idle": idle,
        "hub_before": before,
        "errors": {},
    }
    if not cells:
        return result

    # Everyone runs the module at the same time, each in their own kernel.
    path = f"kam-academy/course/{notebook.name}"

    async def run_all() -> list[tuple[float, list[dict]]]:
        async def one(user: str) -> tuple[float, list[dict]]:
            t0 = time.monotonic()
            replies = await hub.run_code_async(user, cells, path=path, timeout=600)
            return time.monotonic() - t0, replies

        return await asyncio.gather(*(one(u) for u in users))

    t0 = time.monotonic()
    runs = asyncio.run(run_all())
    run_wall = time.monotonic() - t0
    errors = {
        u: f"cell {len(r)} of {len(cells)}: {r[-1].get('ename')}: {r[-1].get('evalue')}"
        for u, (_, r) in zip(users, runs, strict=True)
        if r and (r[-1].get("status") != "ok" or len(r) != len(cells))
    }
    print(f"\nrun {args.module} ({len(cells)} code cells) in all kernels: {run_wall:.1f} s")
    print(_line("time per user", [t for t, _ in runs], "s "))
    if errors:
        print(f"  errors: {errors}")

    time.sleep(args.settle)
    after = {u: user_memory(hub, u) for u in users}
    hub_after = hub_memory(hub)
    print("\nafter running the module, per user:")
    for part, label in (("server", "server"), ("kernels", "kernel"), ("total", "server + kernel")):
        print(_line(f"{label} RSS", [m[part]["rss_mb"] for m in after.values()], "MB"))
        print(_line(f"{label} USS", [m[part]["uss_mb"] for m in after.values()], "MB"))
    print(
        f"\nhub + proxy: RSS {before['rss_mb']:.0f} MB before, {hub_after['rss_mb']:.0f} MB after"
    )
    per_user = statistics.median(m["total"]["uss_mb"] for m in after.values())
    peak = max(m["total"]["uss_mb"] for m in after.values())
    print(
        f"sizing: ~{per_user:.0f} MB per participant with a module run (max {peak:.0f} MB);"
        f" 50 participants ~{50 * per_user / 1024:.1f} GB + the hub and the system"
    )
    result.update(
        run_wall_s=run_wall,
        run_s={u: t for u, (t, _) in zip(users, runs, strict=True)},
        after_module=after,
        hub_after=hub_after,
        errors=errors,
    )
    return result


if __name__ == "__main__":
    sys.exit(main())
