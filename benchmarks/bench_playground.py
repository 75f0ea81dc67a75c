"""The playground at its default setting: the kernel's work per frame, and what a learner sees.

The default setting is TensorFlow Playground's: the circle data, 500 points (half for
training), inputs x1 and x2, two hidden layers of 4 tanh units, batch size 10 (25 batches an
epoch), one epoch per frame.

- ``time_epoch_and_redraw``: one frame's work in the kernel, ``pg.step(1)`` followed by
  ``PlaygroundApp.frame_buffers()`` (the heat maps, weights and loss history the browser
  draws), BLAS on one thread, median of the repeats. Budget: 33 ms (30 frames a second).
- ``browser_rates``: JupyterLab and Chromium (Playwright, ``/usr/bin/chromium``) open a
  notebook with ``playground()``, press Play, and count for a few seconds the frames the
  page drew and the epochs the kernel trained. Targets: 30 frames and 30 epochs a second.

    python benchmarks/bench_playground.py [--repeats 30] [--seconds 5] [--no-browser]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

BUDGET_SECONDS = 1 / 30
TARGET_RATE = 30.0
ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def time_epoch_and_redraw(repeats: int = 30) -> float:
    """Median seconds of one epoch + the frame's arrays at the default setting, BLAS on 1 thread."""
    from threadpoolctl import threadpool_limits

    from mlcourse.playground import Playground
    from mlcourse.playground.app import PlaygroundApp

    with threadpool_limits(limits=1, user_api="blas"):
        app = PlaygroundApp(Playground())  # circle, 500 points, (2, 4, 4, 1), tanh, batch 10
        app.frame_buffers()  # warm-up: grid caches
        times = []
        for _ in range(int(repeats)):
            start = time.perf_counter()
            app.pg.step(1)
            app.frame_buffers()
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def browser_rates(seconds: float = 5.0, warmup: float = 2.0) -> dict[str, float] | str:
    """Frames drawn and epochs trained per second while playing in JupyterLab + Chromium.

    Returns ``{"fps": ..., "eps": ..., "draw_ms": ...}`` (``draw_ms``: the page's running mean
    of the time it takes to draw one frame), or a sentence saying why it could not run.
    """
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "the playwright package is missing"
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from lab import LabPage, LabServer

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "nb").mkdir()
        (work / "lab").mkdir()
        notebook = {"cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                               "source": "from mlcourse.playground import playground\napp = playground()\napp"}],
                    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
                    "nbformat": 4, "nbformat_minor": 5}
        (work / "nb" / "bench_playground.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
        server = LabServer(work / "lab", root=work / "nb").start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox",
                                                                             "--disable-gpu", "--no-first-run"])
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                lab = LabPage(page, server, work, "bench")
                lab.open("bench_playground.ipynb")
                lab.run_all()
                app = page.locator(".mlcourse-playground")
                app.wait_for()
                app.scroll_into_view_if_needed()
                page.locator(".mlcourse-play").click()
                page.wait_for_timeout(warmup * 1000)

                def sample():
                    return (time.perf_counter(), int(app.get_attribute("data-frames")),
                            int(app.get_attribute("data-epoch")))
                t0, f0, e0 = sample()
                page.wait_for_timeout(seconds * 1000)
                t1, f1, e1 = sample()
                draw_ms = float(app.get_attribute("data-draw-ms"))
                page.locator(".mlcourse-play").click()
                problems = lab.problems()
                browser.close()
        finally:
            server.stop()
    if problems:
        return "the page reported problems: " + "; ".join(problems)
    return {"fps": (f1 - f0) / (t1 - t0), "eps": (e1 - e0) / (t1 - t0), "draw_ms": draw_ms}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--no-browser", action="store_true", help="only the kernel's work per frame")
    args = parser.parse_args(argv)
    seconds = time_epoch_and_redraw(args.repeats)
    ok = seconds < BUDGET_SECONDS
    print(f"playground epoch + frame arrays (default setting, median of {args.repeats}): {seconds * 1000:.1f} ms "
          f"({'within' if ok else 'OVER'} the {BUDGET_SECONDS * 1000:.0f} ms budget)")
    if not args.no_browser:
        rates = browser_rates(args.seconds)
        if isinstance(rates, str):
            print(f"playground in JupyterLab + Chromium: not measured ({rates})")
        else:
            print(f"playground in JupyterLab + Chromium, playing for {args.seconds:g} s: "
                  f"{rates['fps']:.1f} frames/s, {rates['eps']:.1f} epochs/s (targets {TARGET_RATE:g} and {TARGET_RATE:g}); "
                  f"drawing a frame takes the page {rates['draw_ms']:.1f} ms")
            ok = ok and rates["fps"] >= TARGET_RATE and rates["eps"] >= TARGET_RATE
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
