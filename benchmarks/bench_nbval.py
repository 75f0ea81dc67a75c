"""Wall-clock time of the whole notebook suite under strict nbval, as ``make nbval`` runs it.

Runs ``pytest notebooks --nbval --nbval-current-env --nbval-sanitize-with
tests/nbval_sanitize.cfg -n 2 --dist loadfile`` once (a minute or more) and prints the
time and pytest's summary line. Each notebook's kernel is its own process, so the BLAS
pinning of the other benchmarks does not apply here.

    python benchmarks/bench_nbval.py
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, "-m", "pytest", "notebooks", "--nbval", "--nbval-current-env",
           "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "-n", "2", "--dist", "loadfile", "-q",
           "-p", "no:cacheprovider"]


def case_nbval() -> dict:
    n_notebooks = len(list((ROOT / "notebooks").glob("*.ipynb")))
    print(f"\n== whole nbval suite ({n_notebooks} notebooks, 2 workers)")
    start = time.perf_counter()
    proc = subprocess.run(COMMAND, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    summary = lines[-1] if lines else "(no output)"
    print(f"  pytest --nbval                {seconds:8.1f} s   {summary.strip('= ')}")
    if proc.returncode != 0:
        print("  note: the suite did not pass; the time still counts every notebook that ran")
    return {"name": "whole nbval suite", "medians": {"mlcourse": seconds},
            "checks": [("suite passes", proc.returncode == 0, f"{seconds:.0f} s, {summary.strip('= ')}")]}


def main() -> int:
    return 0 if case_nbval()["checks"][0][1] else 1


if __name__ == "__main__":
    raise SystemExit(main())
