"""Maintenance commands for the course notebooks.

    python tools/nbtools.py execute notebooks/*.ipynb   re-execute in place, deterministically
    python tools/nbtools.py toc                          rewrite README.md's and README.ko.md's tables of contents

Executing keeps committed notebooks stable: no per-cell timestamps, execution counts 1..n,
and widget model ids replaced by ids derived from the notebook's name, so that a notebook's
file changes only when its content does.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
READMES = {"en": README, "ko": ROOT / "README.ko.md"}
TOC_START, TOC_END = "<!-- toc -->", "<!-- /toc -->"


def notebook_paths(language: str = "en") -> list[Path]:
    folder = NOTEBOOKS if language == "en" else NOTEBOOKS / language
    return sorted(p for p in folder.glob("*.ipynb"))


def title_of(path: Path) -> str:
    """The first level-1 heading of the notebook's first markdown cell."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise SystemExit(f"{path.name}: no '# Title' line in the first markdown cell")


def toc_markdown(language: str = "en") -> str:
    rows = ["| # | notebook |", "|---|---|"] if language == "en" else ["| # | 노트북 |", "|---|---|"]
    for p in notebook_paths(language):
        number = p.name.split("_", 1)[0]
        rows.append(f"| {number} | [{title_of(p)}]({p.relative_to(ROOT).as_posix()}) |")
    return "\n".join(rows)


def write_toc() -> None:
    """Rewrite the table of contents of README.md (English) and README.ko.md (Korean)."""
    pattern = re.compile(re.escape(TOC_START) + ".*?" + re.escape(TOC_END), re.S)
    for language, readme in READMES.items():
        text = readme.read_text(encoding="utf-8")
        if not pattern.search(text):
            raise SystemExit(f"{readme.name} has no {TOC_START} ... {TOC_END} block")
        readme.write_text(pattern.sub(lambda m: f"{TOC_START}\n{toc_markdown(language)}\n{TOC_END}", text), encoding="utf-8")
        print(f"{readme.name} table of contents updated")


def _stable_widget_ids(nb, seed: str) -> None:
    """Replace the random widget model ids by ids derived from ``seed`` and their order."""
    text = json.dumps(nb)
    ids = []
    for m in re.finditer(r'"model_id": "([0-9a-f]{32})"|"([0-9a-f]{32})": \{"model_name"', text):
        ident = m.group(1) or m.group(2)
        if ident not in ids:
            ids.append(ident)
    state = nb.get("metadata", {}).get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    for ident in state.get("state", {}):
        if ident not in ids:
            ids.append(ident)
    mapping = {old: hashlib.md5(f"{seed}:{i}".encode()).hexdigest() for i, old in enumerate(ids)}
    if not mapping:
        return nb
    pattern = re.compile("|".join(map(re.escape, mapping)))
    return json.loads(pattern.sub(lambda m: mapping[m.group(0)], text))


def _coalesce_streams(outputs: list) -> list:
    """Merge consecutive stdout (or stderr) outputs: how a print is split into messages varies."""
    merged: list = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if out.get("output_type") == "stream" and prev is not None and prev.get("output_type") == "stream" and prev["name"] == out["name"]:
            prev["text"] = "".join(prev["text"]) + "".join(out["text"])
        else:
            merged.append(out)
    return merged


def _continue_without_slide_type(cell) -> None:
    """Store "continue the slide" as an empty ``slideshow`` dict, not ``slide_type: "-"``.

    nbconvert reads both the same way, but jupyterlab-slideshow (live slides) never shows a
    cell whose slide_type is "-", which is what JupyterLab's property inspector writes.
    """
    show = cell.setdefault("metadata", {}).setdefault("slideshow", {})
    if show.get("slide_type") == "-":
        del show["slide_type"]


def execute(paths: list[str]) -> None:
    import nbformat
    from nbclient import NotebookClient

    for name in paths:
        path = Path(name).resolve()
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        client = NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False,
        )
        client.execute()
        for cell in nb.cells:
            cell.get("metadata", {}).pop("execution", None)
            _continue_without_slide_type(cell)
            if cell.cell_type == "code":
                cell.outputs = _coalesce_streams(cell.outputs)
        seed = path.relative_to(NOTEBOOKS).with_suffix("").as_posix() if path.is_relative_to(NOTEBOOKS) else path.stem
        nb = nbformat.from_dict(_stable_widget_ids(nb, seed))
        nbformat.write(nb, path)
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: executed in {time.perf_counter() - start:.1f} s")


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in {"execute", "toc"}:
        raise SystemExit(__doc__)
    if argv[0] == "execute":
        execute(argv[1:] or [str(p) for p in notebook_paths() + notebook_paths("ko")])
    else:
        write_toc()


if __name__ == "__main__":
    main(sys.argv[1:])
