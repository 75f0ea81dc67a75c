"""How long a learner waits for a widget: every widget of the course, in JupyterLab and Chromium.

For each notebook that has widgets, the script starts a real JupyterLab (the browser tests'
``tests/browser/lab.py``), opens the notebook in Debian Chromium through Playwright, runs all
cells, then changes every widget several times the ways a student does: a value typed into a
slider's readout (Enter), a key on a slider's handle, an option of a dropdown, a check box.

Per change it measures, in the page, the time from the event (the Enter, the key, the
``change`` of the dropdown, the click) to the moment the widget's new figure is decoded in
the page; and, in the kernel, the time spent handling the change (the comm message handlers
plus any redraw that runs after them). Both come from the same run. Per widget it prints the
median and the 95th percentile (nearest rank) of the page times, with the kernel's median
beside them. Targets: 150 ms median and 300 ms p95 per widget.

    python benchmarks/bench_widgets_browser.py                     # every notebook
    python benchmarks/bench_widgets_browser.py --only 05,09         # some notebooks
    python benchmarks/bench_widgets_browser.py --root /tmp/old      # the course checked out in /tmp/old

``--root`` serves the notebooks of another checkout of the course and puts that checkout
first on the kernels' ``PYTHONPATH``, so its ``mlcourse`` is the one the widgets run (this is
how a "before" column is measured). Needs ``/usr/bin/chromium`` and the ``playwright``
package; without them it says so and exits.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

CHROMIUM = Path(os.environ.get("MLCOURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGET_MEDIAN, TARGET_P95 = 0.150, 0.300
CHANGE_TIMEOUT = 20.0  # s

# A kernel start-up file: log how long each widget comm message takes to handle, and every
# redraw that mlcourse.widgets runs after the handlers (logger "mlcourse.widgets").
KERNEL_STARTUP = r'''
import json, logging, os, time
_path = os.environ["MLCOURSE_BENCH_KERNEL_LOG"]

def _log(kind, seconds):
    with open(_path, "a") as f:
        f.write(json.dumps({"kind": kind, "seconds": seconds, "end": time.time()}) + "\n")

import ipywidgets.widgets.widget as _w
_handle = _w.Widget._handle_msg

def _timed_handle(self, msg):
    start = time.perf_counter()
    try:
        return _handle(self, msg)
    finally:
        if msg.get("content", {}).get("data", {}).get("method") == "update":
            _log("handler", time.perf_counter() - start)

_w.Widget._handle_msg = _timed_handle

class _RedrawLog(logging.Handler):
    def emit(self, record):
        seconds = getattr(record, "redraw_seconds", None)
        if seconds is not None:
            _log("redraw", seconds)

_logger = logging.getLogger("mlcourse.widgets")
_logger.addHandler(_RedrawLog())
_logger.setLevel(logging.DEBUG)
'''

# In the page: remember the time of the last user event, and of every new figure in a cell.
PAGE_SCRIPT = r'''
window.__mlBench = {t0: null, changes: []};
for (const type of ["keydown", "change", "click", "mouseup"]) {
    document.addEventListener(type, () => { window.__mlBench.t0 = performance.now(); }, true);
}
window.__mlWatch = (cell) => {
    const bench = window.__mlBench;
    bench.changes = [];
    const srcs = () => [...cell.querySelectorAll(".jp-OutputArea-output img, .widget-image")]
        .map(i => i.getAttribute("src") || "").filter(s => s);
    let last = JSON.stringify(srcs());
    if (bench.observer) bench.observer.disconnect();
    bench.observer = new MutationObserver(() => {
        const now = srcs();
        const key = JSON.stringify(now);
        if (now.length === 0 || key === last) return;
        last = key;
        const seen = performance.now();
        const imgs = [...cell.querySelectorAll(".jp-OutputArea-output img, .widget-image")];
        Promise.all(imgs.map(i => i.decode().catch(() => null))).then(() => {
            bench.changes.push({seen: seen, decoded: performance.now(), key: key.length + ":" + key.slice(-40)});
        });
    });
    bench.observer.observe(cell, {subtree: true, childList: true, attributes: true, attributeFilter: ["src"]});
};
'''


@dataclass
class Change:
    """One user action: kind "type" (text into a slider's readout), "key" (on a slider's
    handle), "select" (a dropdown option, by its label), "check" (click a check box) or
    "drag" (the slider's handle dragged across its track in DRAG_MOVES mouse moves; timed
    from the release of the mouse to the last new figure, 0 when the figure had settled)."""
    kind: str
    label: str
    value: str = ""


@dataclass
class Widget:
    name: str
    notebook: str
    marker: str
    changes: list[Change]
    results: list[dict] = field(default_factory=list)
    note: str = ""


def T(label, *values):
    return [Change("type", label, v) for v in values]


def K(label, *keys):
    return [Change("key", label, k) for k in keys]


def S(label, *options):
    return [Change("select", label, o) for o in options]


DRAG_MOVES = 25


def D(label):
    return [Change("drag", label, "drag")]


def C(label, times=2):
    return [Change("check", label) for _ in range(times)]


WIDGETS = [
    Widget("00 sigmoid slider (interact)", "notebooks/00_start_here.ipynb", "@interact(w=FloatSlider",
           T("w", "2.5", "-1.5", "3.25", "0.5") + K("w", "ArrowRight", "ArrowRight")),
    Widget("02 tangent explorer", "notebooks/02_calculus.ipynb", "tangent_explorer(",
           T("x0", "1.2", "-0.8", "1.5", "0") + K("x0", "ArrowRight", "ArrowLeft") + D("x0")),
    Widget("02 step-size explorer", "notebooks/02_calculus.ipynb", "step_size_explorer(",
           T("log10(h)", "-8", "-3", "-12", "-5") + K("log10(h)", "ArrowRight", "ArrowLeft")),
    Widget("03 softmax explorer", "notebooks/03_linear_models_softmax.ipynb", "softmax_explorer(",
           T("score 0", "3", "-2") + T("T", "0.5", "2", "1") + K("score 1", "ArrowRight", "ArrowLeft")),
    Widget("04 perceptron stepper", "notebooks/04_perceptron.ipynb", "perceptron_stepper(",
           T("step", "2", "4", "1", "3") + K("step", "ArrowRight", "Home")),
    Widget("05 depth experiment", "notebooks/05_activations.ipynb", "depth_explorer(",
           S("activation", "relu", "sigmoid", "tanh") + S("initialization", "He", "std 1")
           + T("layers", "25", "6", "12") + K("layers", "ArrowRight", "ArrowLeft")),
    Widget("06 approximation explorer", "notebooks/06_mlp_forward.ipynb", "approximation_explorer(",
           K("hidden units", "ArrowRight", "ArrowRight", "Home", "End", "ArrowLeft", "ArrowLeft")),
    Widget("07 bill graph", "notebooks/07_backpropagation.ipynb", 'graph_explorer("bill")',
           T("apples", "5", "2", "7") + K("apples", "ArrowRight", "ArrowLeft") + T("tax", "1.2", "1.1")),
    Widget("08 likelihood explorer", "notebooks/08_losses_likelihood.ipynb", "likelihood_explorer(",
           T("heads", "30", "2") + T("tails", "50", "1") + C("log-likelihood") + K("heads", "ArrowRight")),
    Widget("09 learning-rate explorer", "notebooks/09_gradient_descent.ipynb", "learning_rate_explorer(",
           T("learning rate", "0.6", "0.05", "0.9", "1.2", "0.001") + K("learning rate", "ArrowRight", "ArrowLeft")
           + T("start x0", "-5", "10") + D("start x0")),
    Widget("10 batch-size explorer", "notebooks/10_minibatch.ipynb", "batch_size_explorer(",
           K("batch size", "ArrowRight", "ArrowLeft", "Home", "End", "ArrowLeft") + T("learning rate", "0.2", "0.05")),
    Widget("11 optimizer race", "notebooks/11_optimizers.ipynb", "optimizer_explorer(",
           S("function", "saddle", "two minima", "rosenbrock", "bowl") + C("Momentum") + T("steps", "100", "20")),
    Widget("12 initialization explorer", "notebooks/12_initialization.ipynb", "initialization_explorer(",
           S("initialization", "He", "std 1", "Xavier (Glorot)") + S("activation", "tanh", "sigmoid", "relu")
           + S("show", "gradients", "activations") + T("layers", "3", "10")),
    Widget("13 regularization explorer", "notebooks/13_regularization.ipynb", "regularization_explorer(",
           K("L2 penalty", "ArrowRight", "ArrowRight", "Home") + K("dropout rate", "ArrowRight", "ArrowRight", "Home")),
    Widget("15 prediction explorer", "notebooks/15_digits.ipynb", "prediction_explorer(",
           T("test image", "5", "100", "42") + K("test image", "ArrowRight", "ArrowLeft") + C("only the {n} mistakes")),
]


def in_korean(widget: Widget) -> Widget:
    """The same widget in the Korean edition: its notebook in notebooks/ko/, its labels and
    options as the package shows them with Korean selected."""
    import mlcourse

    mlcourse.set_language("ko")
    try:
        changes = [Change(c.kind, shown_in_korean(c.label), shown_in_korean(c.value) if c.kind == "select" else c.value)
                   for c in widget.changes]
    finally:
        mlcourse.set_language("en")
    notebook = str(Path(widget.notebook).parent / "ko" / Path(widget.notebook).name)
    return Widget(widget.name + " (ko)", notebook, widget.marker, changes)


def shown_in_korean(text: str) -> str:
    """``text`` as the package shows it in Korean: its catalog entry, or the entry with
    {fields} it was filled from ("score 0" from "score {i}"), or ``text`` itself."""
    from mlcourse.i18n import catalog, tr

    if text in catalog():
        return tr(text)
    for msgid in catalog():
        parts = re.split(r"\{(\w+)\}", msgid)  # literal, field, literal, ...: plain {name} fields only
        if len(parts) == 1 or len(set(parts[1::2])) < len(parts[1::2]):
            continue
        pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        m = re.fullmatch(pattern, text)
        if m:
            return tr(msgid, **m.groupdict())
    return text


def exact(label: str):
    return re.compile(r"^\s*" + re.escape(label) + r"\s*$")


def percentile(values, q):
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    k = max(1, int(-(-q * len(ordered) // 100)))
    return ordered[k - 1]


class KernelLog:
    def __init__(self, path: Path):
        self.path = path
        self.path.write_text("")
        self.offset = 0

    def read_new(self) -> list[dict]:
        text = self.path.read_text()
        new, self.offset = text[self.offset:], len(text)
        return [json.loads(line) for line in new.splitlines() if line.strip()]


def _control(cell, page, change: Change):
    if change.kind in ("type", "key", "drag"):
        return cell.locator(".widget-slider", has=page.locator(".widget-label", has_text=exact(change.label))).first
    if change.kind == "select":
        return cell.locator(".widget-dropdown", has=page.locator(".widget-label", has_text=exact(change.label))).first
    # a check box's label may carry a number: "only the {n} mistakes" matches "only the 87 mistakes"
    pattern = ".+".join(re.escape(part) for part in re.split(r"\{[^}]*\}", change.label))
    return cell.locator(".widget-checkbox", has=page.locator("label", has_text=re.compile(pattern))).first


def _act(page, cell, change: Change) -> None:
    control = _control(cell, page, change)
    control.scroll_into_view_if_needed(timeout=5000)
    if change.kind == "type":
        readout = control.locator(".widget-readout")
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(change.value)
        page.keyboard.press("Enter")
    elif change.kind == "drag":
        track = control.locator(".noUi-base").bounding_box()
        handle = control.locator(".noUi-handle").bounding_box()
        y = handle["y"] + handle["height"] / 2
        page.mouse.move(handle["x"] + handle["width"] / 2, y)
        page.mouse.down()
        for i in range(DRAG_MOVES):
            page.mouse.move(track["x"] + track["width"] * (i + 1) / (DRAG_MOVES + 1), y)
            page.wait_for_timeout(15)
        page.mouse.up()
    elif change.kind == "key":
        control.locator(".noUi-handle").focus()
        page.keyboard.press(change.value)
    elif change.kind == "select":
        select = control.locator("select")
        labels = [o.replace("\xa0", " ").strip() for o in select.locator("option").all_text_contents()]
        select.select_option(index=labels.index(change.value))
    else:
        control.locator("input[type='checkbox']").click()


def measure_change(page, cell, change: Change, klog: KernelLog, settle: float = 0.4) -> dict:
    """Do ``change``; wait for the new figure, then until the kernel is idle and no newer
    figure came for ``settle`` seconds. The page time runs to the last figure (a widget that
    redraws twice for one change is done only after the second)."""
    from lab import KERNEL_IDLE

    cell_handle = cell.element_handle()
    page.evaluate("c => window.__mlWatch(c)", cell_handle)
    klog.read_new()
    page.evaluate("() => { window.__mlBench.t0 = null; }")
    _act(page, cell, change)
    read = "() => ({t0: window.__mlBench.t0, changes: window.__mlBench.changes})"
    deadline = time.monotonic() + CHANGE_TIMEOUT
    t0, changes = None, []
    drag = change.kind == "drag"
    while time.monotonic() < deadline:
        state = page.evaluate(read)
        t0 = state["t0"]
        changes = [c for c in state["changes"] if t0 is not None and (drag or c["seen"] >= t0)]
        if changes:
            break
        time.sleep(0.01)
    if not changes:
        klog.read_new()
        return {"change": change, "page": None, "kernel": None, "redraws": 0}
    while time.monotonic() < deadline:  # quiet: kernel idle, no newer figure for `settle` s
        page.locator(KERNEL_IDLE).wait_for(timeout=CHANGE_TIMEOUT * 1000)
        time.sleep(settle)
        state = page.evaluate(read)
        now = page.evaluate("() => performance.now()")
        t0 = state["t0"]
        changes = [c for c in state["changes"] if drag or c["seen"] >= t0]
        if now - changes[-1]["decoded"] >= settle * 1000 and page.locator(KERNEL_IDLE).count():
            break
    events = klog.read_new()
    seconds = max(0.0, (changes[-1]["decoded"] - t0) / 1000.0)
    # the comm handlers' time: a redraw runs inside the handler of its change
    kernel = sum(e["seconds"] for e in events if e["kind"] == "handler")
    if drag:  # per redraw: the drag's kernel time is spread over its redraws
        kernel /= max(1, len(changes))
    return {"change": change, "page": seconds, "kernel": kernel, "redraws": len(changes)}


def run_notebook(browser, server, notebook: str, widgets: list[Widget], klog: KernelLog, shots: Path | None):
    from lab import LabPage

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(PAGE_SCRIPT)
    lab = LabPage(page, server, shots or Path(tempfile.gettempdir()), Path(notebook).stem)
    try:
        server.delete_kernels()
        lab.open(notebook)
        lab.run_all(timeout=300_000)
        errors = lab.error_outputs()
        if errors:
            for w in widgets:
                w.note = "a cell raised: " + errors[0].splitlines()[-1][:80]
            return
        for w in widgets:
            cells = lab.code_cells().filter(has=page.locator(".jp-InputArea", has_text=w.marker))
            if cells.count() != 1:
                w.note = f"{cells.count()} cells contain {w.marker!r}"
                continue
            cell = cells.first
            cell.scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            for change in w.changes:
                try:
                    result = measure_change(page, cell, change, klog)
                except Exception as exc:  # a control missing on the page: say so, go on
                    result = {"change": change, "page": None, "kernel": None, "redraws": 0,
                              "error": str(exc).splitlines()[0][:100]}
                w.results.append(result)
                print(f"  {w.name:<30} {change.kind:<6} {change.label:<16} {change.value:<10} "
                      + (f"page {result['page'] * 1000:7.0f} ms  kernel {result['kernel'] * 1000:7.0f} ms"
                         + (f"  ({result['redraws']} figures for {DRAG_MOVES} moves)" if change.kind == "drag" else "")
                         if result["page"] is not None else f"no new figure {result.get('error', '')}"),
                      flush=True)
            if shots is not None:
                lab.shot("bench", cell)
    finally:
        context.close()


def summarize(widgets: list[Widget]) -> list[dict]:
    rows = []
    for w in widgets:
        page = [r["page"] for r in w.results if r["page"] is not None]
        kernel = [r["kernel"] for r in w.results if r["page"] is not None]
        missed = len(w.results) - len(page)
        row = {"widget": w.name, "changes": len(page), "missed": missed, "note": w.note}
        if page:
            row.update(median=statistics.median(page), p95=percentile(page, 95),
                       kernel=statistics.median(kernel))
            row["met"] = row["median"] <= TARGET_MEDIAN and row["p95"] <= TARGET_P95 and not missed
        rows.append(row)
    return rows


def print_table(rows: list[dict]) -> None:
    print("\n| widget | changes | page median | page p95 | kernel median | target (150 / 300 ms) |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        if "median" not in r:
            print(f"| {r['widget']} | 0 | | | | not measured: {r['note'] or 'no figure changed'} |")
            continue
        verdict = "met" if r["met"] else "**not met**"
        extra = f" ({r['missed']} changes showed no new figure)" if r["missed"] else ""
        print(f"| {r['widget']} | {r['changes']} | {r['median'] * 1000:.0f} ms | {r['p95'] * 1000:.0f} ms | "
              f"{r['kernel'] * 1000:.0f} ms | {verdict}{extra} |")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--root", type=Path, default=ROOT, help="the checkout of the course to serve")
    p.add_argument("--only", default="", help="comma-separated notebook numbers, e.g. 05,09")
    p.add_argument("--json", type=Path, help="also write the rows to this file")
    p.add_argument("--screenshots", action="store_true", help="save one screenshot per widget in build/screenshots")
    p.add_argument("--skip", action="store_true", help="do nothing (make bench WIDGET_BENCH_ARGS=--skip)")
    p.add_argument("--language", choices=("en", "ko"), default="en",
                   help="ko: the Korean notebooks (notebooks/ko/), controls found by their Korean labels")
    args = p.parse_args(argv)
    if args.skip:
        print("widgets in JupyterLab + Chromium: skipped (--skip)")
        return 0

    if not CHROMIUM.exists():
        print(f"skipped: {CHROMIUM} is missing (apt-get install chromium)")
        return 0
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("skipped: the playwright package is missing (pip install -e '.[test]')")
        return 0
    from lab import LabServer

    # a SIGTERM (e.g. from a timeout) still stops the server and its kernels
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    root = args.root.resolve()
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    widgets = [w for w in WIDGETS if not only or Path(w.notebook).name[:2] in only]
    if args.language == "ko":
        widgets = [in_korean(w) for w in widgets]
    work = Path(tempfile.mkdtemp(prefix="mlcourse-bench-widgets-"))
    startup = work / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-mlcourse-bench.py").write_text(KERNEL_STARTUP)
    klog = KernelLog(work / "kernel.jsonl")
    os.environ.update(IPYTHONDIR=str(work / "ipython"), MLCOURSE_BENCH_KERNEL_LOG=str(klog.path),
                      OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    if root != ROOT:
        os.environ["PYTHONPATH"] = str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")
    shots = None
    if args.screenshots:
        shots = ROOT / "build" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)

    print(f"widgets in JupyterLab + Chromium, course at {root}; {time.strftime('%Y-%m-%d %H:%M %Z')}, "
          f"{os.cpu_count()} cores, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    (work / "lab").mkdir()
    server = LabServer(work / "lab", root=root).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                for notebook in dict.fromkeys(w.notebook for w in widgets):
                    if not (root / notebook).exists():
                        for w in widgets:
                            if w.notebook == notebook:
                                w.note = f"{notebook} is missing"
                        continue
                    print(f"\n== {notebook}", flush=True)
                    run_notebook(browser, server, notebook, [w for w in widgets if w.notebook == notebook],
                                 klog, shots)
            finally:
                browser.close()
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    rows = summarize(widgets)
    print(f"\nload average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
