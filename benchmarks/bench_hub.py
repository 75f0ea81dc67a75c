"""How many students one server holds: the class hub (classroom/) under N simulated students.

    make bench-hub                                         # N = 1, 5, 10, 20, 40 (as root)
    .venv/bin/python benchmarks/bench_hub.py --students 1,5,10 --changes 10 --write-docs

For each N, N students at once (threads; classroom/student.py) log in through the hub's login
form, start their server (spawn time: from the spawn request to JupyterLab answering), start a
kernel and run every code cell of a notebook with widgets, top to bottom, over the kernel's
websocket. When all of them are there, each moves the notebook's first slider ``--changes``
times, as JupyterLab does (a ``comm_msg`` "update" with the new value), pausing ``--think``
seconds (with jitter) between moves; a change's time runs until the kernel is idle again, i.e.
the widget's callback has re-run and its figure has been redrawn and sent. Then, with every
kernel still alive, the memory of each student is the PSS (proportional set size: shared pages
split between the processes that share them) summed over the student's processes, from
/proc/<pid>/smaps_rollup. The servers are stopped before the next N.

It stops early when a student fails, when the widget p95 passes ``--give-up`` seconds, or when
the next N would not fit in the memory available. ``--write-docs`` writes the table and the
sizing it implies into docs/instructors.md. The accounts (``mlcb<hex>...``), the hub and every
process it started are removed at the end, also after an error.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import re
import secrets
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "classroom"))

from hub import Hub, processes_of, remove_accounts  # noqa: E402
from student import Student  # noqa: E402

DOCS = ROOT / "docs" / "instructors.md"
BEGIN, END = "<!-- hub-sizing:begin -->", "<!-- hub-sizing:end -->"
TARGET_P95 = 1.0      # s: a widget change a student does not wait for
TARGET_MB = 250       # MB of PSS per student


def pss_mb(pids) -> float:
    total_kb = 0
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue  # the process ended meanwhile
        m = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
        total_kb += int(m.group(1)) if m else 0
    return total_kb / 1024


def hub_pids(hub: Hub) -> list[int]:
    """The hub, its proxy and its idle culler: every process of the hub's process group."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[2]) == hub.proc.pid:  # field 5 of stat, the process group
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                pass
    return found


def mem_available_mb() -> float:
    return int(re.search(r"^MemAvailable:\s+(\d+)", Path("/proc/meminfo").read_text(), re.M).group(1)) / 1024


def code_cells(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text())["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def slider_values(state: dict, n: int) -> list:
    """``n`` values across the slider's range (log sliders: across the exponent range)."""
    lo, hi = state["min"], state["max"]
    fractions = [0.2, 0.4, 0.6, 0.8]
    values = [lo + f * (hi - lo) for f in fractions]
    if state["_model_name"] == "FloatLogSliderModel":
        values = [state.get("base", 10) ** v for v in values]
    if state["_model_name"] == "IntSliderModel":
        values = [int(round(v)) for v in values]
    return [values[i % len(values)] for i in range(n)]


def one_student(hub: Hub, name: str, cells: list[str], args, ready: threading.Barrier) -> dict:
    s = Student(hub.url, name, hub.user_password)
    result = {"name": name}
    try:
        if s.login().status_code != 302:
            raise RuntimeError(f"{name}: login refused")
        result["spawn"] = s.start_server(timeout=args.timeout)
        s.start_kernel()
        t0 = time.perf_counter()
        for code in cells:
            out = s.execute(code)
            if out["error"]:
                raise RuntimeError(f"{name}: cell failed with {out['error'][0]}: {out['error'][1]}")
        result["notebook"] = time.perf_counter() - t0
        sliders = s.sliders()
        if not sliders:
            raise RuntimeError(f"{name}: the notebook opened no slider")
        result["ready_at"] = time.perf_counter()
        ready.wait(timeout=3 * args.timeout)
        rng = random.Random(name)
        changes = []
        for value in slider_values(s.widgets[sliders[0]], args.changes):
            time.sleep(args.think * rng.uniform(0.5, 1.5))
            changes.append(s.set_widget(sliders[0], value=value))
        result["changes"] = changes
    except threading.BrokenBarrierError:
        result["error"] = "waited for a student who failed"
        result["waited"] = True
    except Exception as e:  # a failure ends this N, reported in the table
        result["error"] = f"{type(e).__name__}: {e}"
        ready.abort()
    result["student"] = s
    return result


def stop_all(hub: Hub, results: list[dict], names: list[str], timeout: float = 60) -> None:
    for r in results:
        r["student"].close()
        r["student"].stop_server()
    deadline = time.monotonic() + timeout
    while processes_of(names) and time.monotonic() < deadline:
        time.sleep(0.5)


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run_level(hub: Hub, prefix: str, n: int, cells: list[str], args) -> dict:
    names = [f"{prefix}s{i:02d}" for i in range(n)]
    ready = threading.Barrier(n)  # the sliders move once every student has run the notebook
    memory: dict[str, float] = {}
    with ThreadPoolExecutor(max_workers=n) as pool:
        results = list(pool.map(lambda name: one_student(hub, name, cells, args, ready), names))
    # Memory with every kernel alive (after the widget phase; the servers are still running).
    for name in names:
        memory[name] = pss_mb(processes_of([name]))
    hub_mb = pss_mb(hub_pids(hub))
    stop_all(hub, results, names)
    # The students who failed first, then those who were left waiting for them.
    errors = sorted((r["error"] for r in results if "error" in r), key=lambda e: e.startswith("waited"))
    changes = [c for r in results for c in r.get("changes", [])]
    spawns = [r["spawn"] for r in results if "spawn" in r]
    runs = [r["notebook"] for r in results if "notebook" in r]
    per_student = [memory[n] for n in names if memory.get(n)]
    return {
        "n": n, "errors": errors,
        "spawn_median": statistics.median(spawns) if spawns else None, "spawn_max": max(spawns, default=None),
        "notebook_median": statistics.median(runs) if runs else None,
        "change_median": statistics.median(changes) if changes else None,
        "change_p95": percentile(changes, 0.95) if changes else None,
        "changes": len(changes),
        "mb_median": statistics.median(per_student) if per_student else None,
        "mb_max": max(per_student, default=None), "hub_mb": hub_mb,
    }


def fmt(value, spec=".2f", unit=""):
    return "-" if value is None else f"{value:{spec}}{unit}"


def table(rows: list[dict]) -> list[str]:
    lines = ["| students | spawn median / max | notebook run median | widget change median / p95 | memory per student (PSS) median / max | hub, proxy, culler | failures |",
             "|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        lines.append(f"| {r['n']} | {fmt(r['spawn_median'], '.1f')} / {fmt(r['spawn_max'], '.1f')} s "
                     f"| {fmt(r['notebook_median'], '.1f')} s "
                     f"| {fmt(r['change_median'])} / {fmt(r['change_p95'])} s "
                     f"| {fmt(r['mb_median'], '.0f')} / {fmt(r['mb_max'], '.0f')} MB | {fmt(r['hub_mb'], '.0f')} MB "
                     f"| {len(r['errors']) or ''} {r['errors'][0][:60] if r['errors'] else ''} |")
    return lines


def sizing(rows: list[dict], cores: int, latencies=(TARGET_P95, 2.0, 5.0)) -> list[str]:
    """Students per core at a few widget p95 limits, and students per GB of memory."""
    lines = []
    for limit in latencies:
        ok = [r for r in rows if not r["errors"] and r["change_p95"] is not None and r["change_p95"] < limit]
        if not ok:
            lines.append(f"- Widget p95 under {limit:g} s: not reached at any N tried.")
            continue
        best = max(ok, key=lambda r: r["n"])
        more = "" if any(r["n"] > best["n"] for r in rows) else " (the largest N tried: the limit may be higher)"
        lines.append(f"- Widget p95 under {limit:g} s: {best['n']} student{'s' if best['n'] != 1 else ''} on {cores} cores, "
                     f"{best['n'] / cores:.1f} students per core{more}.")
    mb = max((r["mb_median"] for r in rows if r["mb_median"]), default=None)
    if mb:
        lines.append(f"- Memory: at most {mb:.0f} MB per student (the largest median PSS), {1024 / mb:.1f} students "
                     f"per GB, plus about {rows[-1]['hub_mb']:.0f} MB for the hub, its proxy and the idle culler.")
    return lines


def machine() -> list[str]:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    total = int(re.search(r"^MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text(), re.M).group(1)) / 1024 ** 2
    load = os.getloadavg()
    return [f"date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
            f"machine: {model}, {os.cpu_count()} cores, {total:.0f} GB, {platform.system()} {platform.release()}",
            f"load average at start: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min)"]


def write_docs(lines: list[str]) -> None:
    text = DOCS.read_text()
    if BEGIN not in text or END not in text:
        raise ValueError(f"{DOCS} has no {BEGIN} ... {END} block to fill")
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    DOCS.write_text(head + BEGIN + "\n" + "\n".join(lines) + "\n" + END + tail)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--students", default="1,5,10,20,40", help="class sizes to try, in order (default 1,5,10,20,40)")
    p.add_argument("--changes", type=int, default=10, help="slider moves per student (default 10)")
    p.add_argument("--think", type=float, default=1.0, help="seconds between a student's moves, +-50%% (default 1)")
    p.add_argument("--notebook", type=Path, default=ROOT / "notebooks" / "09_gradient_descent.ipynb")
    p.add_argument("--timeout", type=float, default=300, help="seconds a student may wait for a server")
    p.add_argument("--give-up", type=float, default=5.0, help="stop when the widget p95 passes this (s)")
    p.add_argument("--write-docs", action="store_true", help="write the table into docs/instructors.md")
    args = p.parse_args(argv)
    if os.geteuid() != 0:
        print("bench_hub: the hub runs students as their own system accounts: run as root", file=sys.stderr)
        return 1
    sizes = [int(n) for n in args.students.split(",")]
    cells = code_cells(args.notebook)
    header = machine()
    print("\n".join(header), flush=True)
    prefix = f"mlcb{secrets.token_hex(2)}"
    group = f"{prefix}-students"
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="mlcourse-hub-bench-") as state:
        hub = Hub(Path(state), group=group, admins=(f"{prefix}teacher",))
        try:
            hub.start(timeout=180)
            for n in sizes:
                if rows and rows[-1]["mb_max"] and n * rows[-1]["mb_max"] * 1.3 > mem_available_mb():
                    print(f"N={n}: stopped, {n} students would need about {n * rows[-1]['mb_max']:.0f} MB "
                          f"and {mem_available_mb():.0f} MB are available", flush=True)
                    break
                print(f"N={n}: running...", flush=True)
                row = run_level(hub, prefix, n, cells, args)
                rows.append(row)
                print("\n".join(table([row])[2:]), flush=True)
                if row["errors"] or (row["change_p95"] or 0) > args.give_up:
                    print(f"N={n}: stopped here ({'failures' if row['errors'] else 'widget p95 over the limit'})")
                    break
        finally:
            hub.stop()
            removed = remove_accounts(group, prefix)
            print(f"removed {len(removed)} accounts; hub stopped", flush=True)
    notebook = args.notebook.relative_to(ROOT) if args.notebook.is_relative_to(ROOT) else args.notebook
    lines = [f"Measured by `benchmarks/bench_hub.py --students {args.students} --changes {args.changes} "
             f"--think {args.think}` with `{notebook}` (first slider):", "", *[f"- {h}" for h in header], "",
             *table(rows), "", *sizing(rows, os.cpu_count() or 1),
             f"- Targets: 20 students with widget p95 under {TARGET_P95:.0f} s, at most {TARGET_MB} MB per student."]
    print("\n" + "\n".join(lines))
    if args.write_docs:
        write_docs(lines)
        print(f"written into {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
