"""Every benchmark case, then a table of the targets: what ``make bench`` runs.

    python benchmarks/run_all.py            # everything, the nbval suite included (a few minutes)
    python benchmarks/run_all.py --quick    # skip the nbval suite
    python benchmarks/run_all.py --repeats 3 --samples 20000   # a faster, rougher run

Exit status 0 whether or not targets are met: the table says which are.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_interactive  # noqa: E402
import bench_training  # noqa: E402
from _harness import machine_lines, pin_blas  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="skip the nbval suite (a minute or more)")
    p.add_argument("--repeats", type=int, default=5, help="counted rounds per case")
    p.add_argument("--samples", type=int, default=60_000, help="samples in the MNIST-shaped data")
    args = p.parse_args(argv)

    pin_blas(1)
    print("\n".join(machine_lines()))
    train_args = argparse.Namespace(repeats=args.repeats, samples=args.samples, cases=",".join(bench_training.CASES))
    ui_args = argparse.Namespace(repeats=max(args.repeats, 7), cases=",".join(bench_interactive.CASES))
    results = bench_training.run(train_args) + bench_interactive.run(ui_args)
    if args.quick:
        print("\n== whole nbval suite: skipped (--quick)")
    else:
        import bench_nbval

        results.append(bench_nbval.case_nbval())

    print("\n== targets (ratios from the same run)")
    missed = 0
    for result in results:
        for target, met, detail in result["checks"]:
            verdict = "pending" if met is None else ("met" if met else "NOT MET")
            missed += met is False
            print(f"  {result['name']:<32} {target:<38} {detail:<22} {verdict}")
    print(f"\n{missed} target{'s' if missed != 1 else ''} not met.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
