"""What a learner waits for: a playground frame, a learning-rate slider, ``import mlcourse``.

Cases:

- ``playground``: at its default setting, one epoch plus the arrays of a frame in the kernel
  (budget 33 ms), and the frames and epochs per second while playing in JupyterLab and
  Chromium (targets 30 and 30), both from ``benchmarks/bench_playground.py``.
- ``lr_widget``: notebook 09's learning-rate slider (``learning_rate_explorer``). One
  slider change re-runs gradient descent on ``x^2`` with the package's ``SGD`` and redraws
  the paths and the loss curve; we time the re-training alone (against the same 20 steps
  written as a plain loop), and the whole change including the PNG the widget's ``Image``
  shows. What a learner waits for in the browser is measured by
  ``benchmarks/bench_widgets_browser.py``.
- ``import``: ``import mlcourse`` in a fresh interpreter (against ``import numpy`` alone),
  and which heavy libraries it pulled in (none of matplotlib, ipywidgets, scikit-learn,
  torch may load). Budget: 150 ms.

    python benchmarks/bench_interactive.py [--repeats 7] [--cases playground,lr_widget,import]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _harness import compare, run_cases, run_main, fmt_time, pin_blas, print_case  # noqa: E402

HEAVY = ("matplotlib", "ipywidgets", "sklearn", "torch")


# --- playground -----------------------------------------------------------------------------

def case_playground(repeats: int) -> dict:
    print("\n== playground: the default setting, one epoch per frame")
    from bench_playground import TARGET_RATE, browser_rates, time_epoch_and_redraw

    seconds = time_epoch_and_redraw(max(repeats, 30))
    print(f"  epoch + frame arrays (kernel) {fmt_time(seconds):>9}  (median of {max(repeats, 30)} frames)")
    checks = [("epoch + frame arrays under 33 ms", seconds < 1 / 30, fmt_time(seconds))]
    rates = browser_rates()
    if isinstance(rates, str):
        print(f"  in JupyterLab + Chromium: not measured ({rates})")
        checks += [("30 frames/s and 30 epochs/s in Chromium", None, "pending")]
    else:
        print(f"  in JupyterLab + Chromium      {rates['fps']:.1f} frames/s, {rates['eps']:.1f} epochs/s, "
              f"{rates['draw_ms']:.1f} ms to draw a frame")
        checks += [(f"at least {TARGET_RATE:g} frames/s (browser)", rates["fps"] >= TARGET_RATE, f"{rates['fps']:.1f}/s"),
                   (f"at least {TARGET_RATE:g} epochs/s (browser)", rates["eps"] >= TARGET_RATE, f"{rates['eps']:.1f}/s")]
    return {"name": "playground", "medians": {"mlcourse": seconds}, "checks": checks}


# --- the learning-rate widget -------------------------------------------------------------------

def _plain_descent(lr: float, start: float = 10.0, steps: int = 20) -> list[float]:
    x, path = start, [start]
    for _ in range(steps):
        x = x - lr * 2.0 * x
        path.append(x)
    return path


def case_lr_widget(repeats: int) -> dict:
    import matplotlib

    matplotlib.use("Agg")
    from mlcourse.widgets.learning_rate import learning_rate_explorer, parabola_path, summary_line

    rates = [0.05, 0.2, 0.45, 0.8, 1.1]
    calls = 200

    def retrain() -> float:
        start = time.perf_counter()
        for _ in range(calls // len(rates)):
            for lr in rates:
                parabola_path(lr)
                summary_line(lr)
        return (time.perf_counter() - start) / calls

    def plain() -> float:
        start = time.perf_counter()
        for _ in range(calls // len(rates)):
            for lr in rates:
                _plain_descent(lr)
                _plain_descent(lr)  # summary_line runs the descent a second time
        return (time.perf_counter() - start) / calls

    times = compare({"mlcourse": retrain, "plain Python loop": plain}, repeats)
    m = print_case("learning-rate widget: re-training behind one slider change (2 x 20 SGD steps on x^2)", times)

    box = learning_rate_explorer()
    frames = []
    for i in range(max(repeats, 5) + 1):
        start = time.perf_counter()
        box.lr_slider.value = rates[i % len(rates)]  # re-trains, redraws and encodes the PNG the page shows
        if i:  # the first frame warms caches
            frames.append(time.perf_counter() - start)
    frames.sort()
    full = frames[len(frames) // 2]
    print(f"  whole slider change incl. redraw and PNG: {fmt_time(full)} (median of {len(frames)})")
    return {"name": "learning-rate widget", "medians": {"mlcourse": m["mlcourse"], "redraw": full},
            "checks": [("re-training well under a frame (16 ms)", m["mlcourse"] < 0.016, fmt_time(m["mlcourse"])),
                       ("whole slider change in the kernel < 150 ms", full < 0.150, fmt_time(full))]}


# --- import mlcourse -------------------------------------------------------------------------------

_IMPORT_SNIPPET = """
import json, sys, time
start = time.perf_counter()
import {module}
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "heavy": [m for m in {heavy!r} if m in sys.modules]}}))
"""


def _import_time(module: str) -> tuple[float, list[str]]:
    code = _IMPORT_SNIPPET.format(module=module, heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=HERE.parent).stdout
    data = json.loads(out.strip().splitlines()[-1])
    return data["seconds"], data["heavy"]


def case_import(repeats: int) -> dict:
    heavy: list[str] = []

    def ours() -> float:
        seconds, loaded = _import_time("mlcourse")
        heavy[:] = loaded
        return seconds

    times = compare({"mlcourse": ours, "numpy alone": lambda: _import_time("numpy")[0]}, max(repeats, 7))
    m = print_case("import mlcourse (fresh interpreter)", times,
                   notes=[f"heavy libraries loaded by import mlcourse: {', '.join(heavy) or 'none'}"])
    return {"name": "import mlcourse", "medians": m,
            "checks": [("under 150 ms", m["mlcourse"] < 0.150, fmt_time(m["mlcourse"])),
                       ("no matplotlib/ipywidgets/sklearn/torch", not heavy, ", ".join(heavy) or "none loaded")]}


CASES = {
    "playground": lambda a: case_playground(a.repeats),
    "lr_widget": lambda a: case_lr_widget(a.repeats),
    "import": lambda a: case_import(a.repeats),
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=7)
    p.add_argument("--cases", default=",".join(CASES), help=f"comma-separated, from {', '.join(CASES)}")
    return p


def run(args: argparse.Namespace) -> list[dict]:
    return run_cases(CASES, args)


def main(argv: list[str] | None = None) -> int:
    return run_main(parser(), CASES, argv)


if __name__ == "__main__":
    raise SystemExit(main())
