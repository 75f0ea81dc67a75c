"""The committed notebooks are executed top to bottom, carry slide metadata, and match the README."""
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import nbtools  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KOREAN = sorted((ROOT / "notebooks" / "ko").glob("*.ipynb"))
BOTH = NOTEBOOKS + KOREAN
# A cell that continues the current slide carries an empty ``slideshow`` dict: nbconvert reads
# a missing slide_type as "-", while jupyterlab-slideshow (live slides) shows no cell whose
# slide_type is "-" at all.
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes"}


def name(path):
    return path.relative_to(ROOT / "notebooks").as_posix()


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_start_here.ipynb"


@pytest.mark.parametrize("path", BOTH, ids=name)
def test_executed_top_to_bottom_without_errors(path):
    cells = [c for c in load(path)["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    counts = [c["execution_count"] for c in cells]
    assert counts == list(range(1, len(cells) + 1)), f"{name(path)}: run `make execute NB=notebooks/{name(path)}`"
    errors = [o for c in cells for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors, f"{path.name}: committed with an error output: {errors[0].get('ename')}"


@pytest.mark.parametrize("path", BOTH, ids=name)
def test_every_cell_has_slide_metadata(path):
    cells = load(path)["cells"]
    missing = [i for i, c in enumerate(cells) if "slideshow" not in c.get("metadata", {})]
    assert not missing, f"{path.name}: cells {missing} have no slideshow metadata"
    shows = [c["metadata"]["slideshow"] for c in cells]
    dash = [i for i, s in enumerate(shows) if s.get("slide_type") == "-"]
    assert not dash, f"{path.name}: cells {dash} say slide_type '-'; leave it out (live slides hide such cells)"
    bad = [i for i, s in enumerate(shows) if "slide_type" in s and s["slide_type"] not in SLIDE_TYPES]
    assert not bad, f"{path.name}: cells {bad} have an unknown slide_type"
    shown = [s for s in shows if s.get("slide_type") != "skip"]  # a Korean notebook's language cell is skipped
    assert shown[0]["slide_type"] == "slide"


@pytest.mark.parametrize("path", BOTH, ids=name)
def test_no_timestamps_or_addresses_committed(path):
    text = path.read_text(encoding="utf-8")
    assert '"execution": {' not in text, f"{path.name}: per-cell timestamps committed; use make execute"
    assert not re.search(r"at 0x[0-9a-f]{6,}", text), f"{path.name}: a memory address in an output"


@pytest.mark.parametrize("path", BOTH, ids=name)
def test_notebooks_seed_their_randomness(path):
    """No notebook reads numpy's global random state; randomness comes from a seeded Generator."""
    source = "\n".join("".join(c["source"]) for c in load(path)["cells"] if c["cell_type"] == "code")
    assert not re.search(r"np\.random\.(rand|randn|randint|random|normal|uniform|choice|shuffle|permutation)\(", source), (
        f"{path.name}: uses numpy's global random state; use rng = np.random.default_rng(seed)"
    )
    assert "default_rng()" not in source, f"{path.name}: default_rng() without a seed"


def test_readme_table_of_contents_lists_every_notebook_with_its_title():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split(nbtools.TOC_START, 1)[1].split(nbtools.TOC_END, 1)[0].strip()
    assert block == nbtools.toc_markdown(), "README table of contents is out of date: run `make toc`"


def test_korean_readme_table_of_contents_lists_every_korean_notebook_with_its_title():
    readme = (ROOT / "README.ko.md").read_text(encoding="utf-8")
    block = readme.split(nbtools.TOC_START, 1)[1].split(nbtools.TOC_END, 1)[0].strip()
    assert block == nbtools.toc_markdown("ko"), "README.ko.md table of contents is out of date: run `make toc`"
    assert "(README.ko.md)" in (ROOT / "README.md").read_text(encoding="utf-8"), "README.md links README.ko.md"


def test_notebook_names_are_numbered_in_sequence():
    numbers = [int(p.name.split("_", 1)[0]) for p in NOTEBOOKS]
    assert numbers == list(range(len(numbers))), f"notebook numbers are not 00, 01, 02, ...: {numbers}"


def test_execute_helpers_store_continuation_without_slide_type_and_merge_streams():
    cell = {"metadata": {"slideshow": {"slide_type": "-"}}}
    nbtools._continue_without_slide_type(cell)
    assert cell["metadata"]["slideshow"] == {}
    kept = {"metadata": {"slideshow": {"slide_type": "fragment"}}}
    nbtools._continue_without_slide_type(kept)
    assert kept["metadata"]["slideshow"] == {"slide_type": "fragment"}
    outputs = [
        {"output_type": "stream", "name": "stdout", "text": "all three agree:"},
        {"output_type": "stream", "name": "stdout", "text": " True\n"},
        {"output_type": "stream", "name": "stderr", "text": "warning\n"},
    ]
    merged = nbtools._coalesce_streams(outputs)
    assert [o["text"] for o in merged] == ["all three agree: True\n", "warning\n"]
