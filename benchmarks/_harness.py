"""Timing helpers shared by the benchmark scripts.

How every figure is measured
----------------------------
- BLAS is pinned to one thread with threadpoolctl (:func:`pin_blas`). With two threads
  the same run varies by several times on a shared two-core machine; with one it repeats
  within a few percent, and the package's ``fit`` uses one thread anyway
  (``mlcourse.training.BLAS_THREADS``).
- The package and its references run in one process, one after the other, round after
  round (:func:`compare`), so a slow minute of the machine hits all of them alike. The
  first round is a warm-up and is not counted; each figure is the median of the rounds.
- A runner is a function that does its own set-up and returns the seconds its timed part
  took, so set-up that is not part of the case (making the data) stays out of the figure.
- Judge the ratios (package time / reference time, measured in the same run), not the
  absolute times: those move with the machine's load.
"""
from __future__ import annotations

import datetime
import os
import platform
import statistics
import time
from typing import Callable

import numpy as np

_LIMITS = None  # keeps the threadpool limit alive for the whole process


def pin_blas(threads: int = 1) -> None:
    """Limit every BLAS library loaded so far (and numpy's) to ``threads`` threads."""
    global _LIMITS
    from threadpoolctl import threadpool_limits

    _LIMITS = threadpool_limits(limits=threads, user_api="blas")


def blas_description() -> str:
    """E.g. ``"openblas 0.3.31 (kernel Haswell, 1 thread)"`` for numpy's BLAS."""
    from threadpoolctl import threadpool_info

    for lib in threadpool_info():
        if lib.get("user_api") == "blas" and "numpy" in lib.get("filepath", ""):
            break
    else:
        blas = [lib for lib in threadpool_info() if lib.get("user_api") == "blas"]
        if not blas:
            return "no BLAS found by threadpoolctl"
        lib = blas[0]
    threads = lib.get("num_threads")
    return (f"{lib.get('internal_api')} {lib.get('version')} (kernel {lib.get('architecture', '?')}, "
            f"{threads} thread{'s' if threads != 1 else ''})")


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine_lines() -> list[str]:
    """What produced the figures: date, CPU, cores, Python, numpy and its BLAS."""
    core_type = os.environ.get("OPENBLAS_CORETYPE")
    lines = [
        f"date: {datetime.date.today().isoformat()}",
        f"machine: {cpu_model()}, {os.cpu_count()} cores (nproc), {platform.system()} {platform.machine()}",
        f"python {platform.python_version()}, numpy {np.__version__}, BLAS {blas_description()}",
    ]
    if core_type:
        lines.append(f"OPENBLAS_CORETYPE={core_type} is set in the environment (it picks the BLAS kernel above)")
    return lines


def compare(runners: dict[str, Callable[[], float]], repeats: int = 5, warmup: int = 1) -> dict[str, list[float]]:
    """Run every runner ``warmup + repeats`` times, alternating; return the counted times.

    Each round starts one runner later than the previous one, so no runner is always
    first (first after a pause) or always right after the same neighbour.
    """
    names = list(runners)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(warmup + repeats):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            seconds = runners[name]()
            if r >= warmup:
                times[name].append(seconds)
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


def fmt_time(seconds: float) -> str:
    if seconds >= 1.0:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} us"


def print_case(title: str, times: dict[str, list[float]], package: str = "mlcourse",
               notes: list[str] | None = None, per: tuple[str, int] | None = None) -> dict[str, float]:
    """Print one case: median time of each runner and the package's ratio to each reference.

    ``per=("step", 5000)`` adds the time per step. Returns the medians.
    """
    medians = {name: median(t) for name, t in times.items()}
    ours = medians[package]
    print(f"\n== {title}")
    for name, m in medians.items():
        spread = f"[{fmt_time(min(times[name]))} .. {fmt_time(max(times[name]))}]"
        extra = ""
        if per is not None:
            extra = f"  {fmt_time(m / per[1])}/{per[0]}"
        ratio = "" if name == package else f"  mlcourse / this = {ours / m:.2f}x"
        print(f"  {name:<28} {fmt_time(m):>9}  {spread:<22}{extra}{ratio}")
    for note in notes or []:
        print(f"  note: {note}")
    return medians


def run_cases(cases: dict, args) -> list[dict]:
    """Run the cases named in ``args.cases`` (comma-separated) with BLAS on one thread."""
    pin_blas(1)
    results = []
    for name in args.cases.split(","):
        if name not in cases:
            raise SystemExit(f"unknown case {name!r}; known: {', '.join(cases)}")
        results.append(cases[name](args))
    return results


def run_main(parser, cases: dict, argv: list[str] | None = None) -> int:
    """A benchmark script's ``main``: parse ``argv``, print the machine, run the cases."""
    args = parser.parse_args(argv)
    pin_blas(1)
    print("\n".join(machine_lines()))
    run_cases(cases, args)
    return 0
