"""Time one playground epoch plus one redraw of the widget's picture, at the default setting.

The default setting is TensorFlow Playground's: the circle data, 500 points (half for
training), inputs x1 and x2, two hidden layers of 4 tanh units, batch size 10 (25 batches an
epoch). One "frame" is ``pg.step(1)`` followed by ``Dashboard.update`` and ``to_png``: what
the widget does per frame while playing at one epoch per frame. The budget is 100 ms.

BLAS is pinned to one thread (threadpoolctl) so that repeats agree; the median of the
repeats is reported.

    python benchmarks/bench_playground.py [--repeats 30]
"""
from __future__ import annotations

import argparse
import statistics
import time

BUDGET_SECONDS = 0.100


def time_epoch_and_redraw(repeats: int = 30) -> float:
    """Median seconds of one epoch + redraw (PNG) at the default setting, BLAS on 1 thread."""
    import matplotlib

    matplotlib.use("Agg")
    from threadpoolctl import threadpool_limits

    from mlcourse.playground import Playground
    from mlcourse.playground.views import Dashboard

    with threadpool_limits(limits=1, user_api="blas"):
        pg = Playground()  # circle, 500 points, (2, 4, 4, 1), tanh, batch 10
        dash = Dashboard(pg)
        dash.to_png()  # warm-up: fonts, caches
        times = []
        for _ in range(int(repeats)):
            start = time.perf_counter()
            pg.step(1)
            dash.update(pg)
            dash.to_png()
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args(argv)
    seconds = time_epoch_and_redraw(args.repeats)
    verdict = "within" if seconds < BUDGET_SECONDS else "OVER"
    print(f"playground epoch + redraw (default setting, median of {args.repeats}): {seconds * 1000:.1f} ms "
          f"({verdict} the {BUDGET_SECONDS * 1000:.0f} ms budget)")
    return 0 if seconds < BUDGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
