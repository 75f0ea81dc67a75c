"""Training speed of ``mlcourse`` against a matrix-product floor, a hand-written numpy loop,
scikit-learn's MLPClassifier and (when installed) PyTorch, all in one process.

Cases (every one: plain SGD, shuffled batches, one BLAS thread):

- ``mnist128``: one epoch of a 784-256-128-10 ReLU network on 60,000 synthetic
  MNIST-shaped float32 samples (labels from a random linear teacher, so they are
  learnable), batch 128.
- ``mnist32``: the same at batch 32.
- ``digits``: the 8x8 digits (1,797 images, float32, pixels / 16), 64-32-10 ReLU, batch 32,
  100 epochs, model built from scratch (what a notebook slider re-runs).
- ``xor``: noisy XOR, 320 float64 points, 2-16-1 tanh with a sigmoid output and binary
  cross-entropy, batch 32, 500 epochs = 5,000 steps.

    python benchmarks/bench_training.py [--repeats 5] [--cases mnist128,digits] [--samples 60000]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import compare, run_cases, run_main, pin_blas, print_case  # noqa: E402
from references import (Net, run_floor, run_handwritten, run_mlcourse, run_sklearn,  # noqa: E402
                        run_torch, torch_available)

TORCH_NOTE = "PyTorch is not installed: its column is skipped (pip install torch to add it)."


def mnist_like(n: int = 60_000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(n, 784) float32 pixels in [0, 1) and labels 0..9 from a random linear teacher."""
    rng = np.random.default_rng(seed)
    X = rng.random((n, 784), dtype=np.float32)
    teacher = rng.normal(size=(784, 10)).astype(np.float32)
    y = np.argmax((X - 0.5) @ teacher, axis=1)
    return X, y


def digits() -> tuple[np.ndarray, np.ndarray]:
    from mlcourse.data import load_digits

    d = load_digits(scale=True)
    return d.X.astype(np.float32), d.y


def noisy_xor(n: int = 320, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(n, 2))
    y = ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(np.float64)
    X += rng.normal(scale=0.1, size=X.shape)
    return X, y


def _runners(net: Net, X: np.ndarray, y: np.ndarray, sklearn: bool = True) -> dict:
    runners = {
        "mlcourse": lambda: run_mlcourse(net, X, y),
        "matrix products alone": lambda: run_floor(net, X, y),
        "hand-written numpy": lambda: run_handwritten(net, X, y),
    }
    if sklearn:
        runners["scikit-learn MLPClassifier"] = lambda: run_sklearn(net, X, y)
    if torch_available():
        runners["PyTorch CPU"] = lambda: run_torch(net, X, y)
    return runners


def _notes() -> list[str]:
    return [] if torch_available() else [TORCH_NOTE]


def _ratio_checks(m: dict, hand: float, floor: float) -> list[tuple[str, bool, str]]:
    ours = m["mlcourse"]
    checks = [
        (f"<= {hand}x hand-written", ours / m["hand-written numpy"] <= hand, f"{ours / m['hand-written numpy']:.2f}x"),
        (f"<= {floor}x matrix products", ours / m["matrix products alone"] <= floor,
         f"{ours / m['matrix products alone']:.2f}x"),
        ("faster than scikit-learn", ours < m["scikit-learn MLPClassifier"],
         f"{ours / m['scikit-learn MLPClassifier']:.2f}x"),
    ]
    if "PyTorch CPU" in m:
        checks.append(("no slower than PyTorch", ours <= m["PyTorch CPU"], f"{ours / m['PyTorch CPU']:.2f}x"))
    return checks


def case_mnist(batch_size: int, repeats: int, samples: int = 60_000) -> dict:
    X, y = mnist_like(samples)
    net = Net((784, 256, 128, 10), hidden="relu", output="softmax", learning_rate=0.05, batch_size=batch_size)
    times = compare(_runners(net, X, y), repeats)
    m = print_case(f"MNIST-shaped epoch, 784-256-128-10, float32, {samples:,} samples, batch {batch_size}",
                   times, notes=_notes(), per=("step", net.steps(len(X))))
    floor = 1.25 if batch_size >= 128 else 1.4
    return {"name": f"MNIST-shaped epoch, batch {batch_size}", "medians": m,
            "checks": _ratio_checks(m, 1.15, floor)}


def case_digits(repeats: int) -> dict:
    X, y = digits()
    net = Net((64, 32, 10), hidden="relu", output="softmax", learning_rate=0.1, batch_size=32, epochs=100)
    times = compare(_runners(net, X, y), repeats)
    m = print_case("8x8 digits, 64-32-10, float32, batch 32, 100 epochs (1,797 samples)", times,
                   notes=_notes(), per=("step", net.steps(len(X))))
    ours, sk = m["mlcourse"], m["scikit-learn MLPClassifier"]
    checks = [("median <= 0.35 s", ours <= 0.35, f"{ours:.3f} s"),
              (">= 2.5x faster than scikit-learn", sk / ours >= 2.5, f"{sk / ours:.2f}x faster")]
    if "PyTorch CPU" in m:
        checks.append(("no slower than PyTorch", ours <= m["PyTorch CPU"], f"{ours / m['PyTorch CPU']:.2f}x"))
    return {"name": "digits, 100 epochs", "medians": m, "checks": checks}


def case_xor(repeats: int) -> dict:
    X, y = noisy_xor(320)
    net = Net((2, 16, 1), hidden="tanh", output="sigmoid", learning_rate=0.5, batch_size=32, epochs=500)
    steps = net.steps(len(X))
    times = compare(_runners(net, X, y), repeats)
    m = print_case(f"XOR 2-16-1, float64, batch 32, {steps:,} steps", times, notes=_notes(), per=("step", steps))
    ours = m["mlcourse"]
    extra = (ours - m["hand-written numpy"]) / steps
    checks = [("under 0.2 s", ours < 0.2, f"{ours:.3f} s"),
              ("<= ~15 us/step above hand-written", extra <= 15e-6, f"{extra * 1e6:+.1f} us/step")]
    return {"name": "XOR, 5,000 steps", "medians": m, "checks": checks}


CASES = {
    "mnist128": lambda a: case_mnist(128, a.repeats, a.samples),
    "mnist32": lambda a: case_mnist(32, a.repeats, a.samples),
    "digits": lambda a: case_digits(max(a.repeats, 5)),
    "xor": lambda a: case_xor(max(a.repeats, 5)),
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=5, help="counted rounds per case (after one warm-up round)")
    p.add_argument("--cases", default=",".join(CASES), help=f"comma-separated, from {', '.join(CASES)}")
    p.add_argument("--samples", type=int, default=60_000, help="samples in the MNIST-shaped data")
    return p


def run(args: argparse.Namespace) -> list[dict]:
    return run_cases(CASES, args)


def main(argv: list[str] | None = None) -> int:
    return run_main(parser(), CASES, argv)


if __name__ == "__main__":
    raise SystemExit(main())
