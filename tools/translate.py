"""The Korean edition of the notebooks, kept in step with the English ones by PO catalogs.

    python tools/translate.py update    English notebooks -> translations/ko/NN_name.po
    python tools/translate.py build     English notebooks + catalogs -> notebooks/ko/NN_name.ipynb
    python tools/translate.py check     list what is missing, fuzzy, obsolete or out of step
    python tools/translate.py sheet NB [--all] > sheet.txt    entries to translate, as plain text
    python tools/translate.py import NB sheet.txt             the sheet's Korean into the catalog

`make translations` runs update, then build. A catalog has one entry per markdown cell of its
notebook: ``msgctxt`` is the cell's id, ``msgid`` the English source, ``msgstr`` the Korean.
When the English of a cell changes, update keeps the old translation, marks it fuzzy and stores
the English it was made from as ``#| msgid`` (Poedit and Weblate show the difference); a
translator revises the Korean and removes the fuzzy flag. An entry whose cell is gone becomes
obsolete (``#~``): reuse what helps, then delete it.

A Korean notebook is the English notebook with each markdown cell translated and one first
code cell that selects Korean; every code cell is the English one unchanged. build keeps the
outputs of code cells whose source did not change and lists the notebooks to execute.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NOTEBOOKS = ROOT / "notebooks"
KO_NOTEBOOKS = NOTEBOOKS / "ko"
CATALOGS = ROOT / "translations" / "ko"
LANGUAGE_CELL_ID = "language"
LANGUAGE_CELL_SOURCE = 'import mlcourse\n\nmlcourse.set_language("ko")  # 그림, 위젯, 출력, 힌트를 한국어로 ("en": English)'
HEADER = {
    "Project-Id-Version": "mlcourse 0.1.0",
    "Language": "ko",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}
FIX = "then run `make translations`"


def english_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def catalog_path(english: Path) -> Path:
    return CATALOGS / (english.stem + ".po")


def korean_path(english: Path) -> Path:
    return KO_NOTEBOOKS / english.name


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _markdown_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "markdown"]


def _load_catalog(path: Path):
    import polib

    if path.exists():
        return polib.pofile(str(path), encoding="utf-8", wrapwidth=0)
    po = polib.POFile(wrapwidth=0, encoding="utf-8")
    po.metadata = dict(HEADER)
    return po


def update_catalog(english: Path) -> list[str]:
    """Bring the catalog of ``english`` in step with its markdown cells; return what changed."""
    import polib

    nb = _read(english)
    path = catalog_path(english)
    po = _load_catalog(path)
    po.header = f"Korean translation of notebooks/{english.name}, one entry per markdown cell (msgctxt = cell id)."
    old = {e.msgctxt: e for e in po}
    entries, changes = [], []
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        source = _source(cell)
        entry = old.pop(cell["id"], None)
        if entry is None:
            entry = polib.POEntry(msgctxt=cell["id"], msgid=source, msgstr="")
            changes.append(f"{english.name} cell {index} (id {cell['id']}): new, to translate")
        elif entry.obsolete or entry.msgid != source:
            entry.obsolete = False
            if entry.msgid != source:
                if entry.msgstr:
                    if "fuzzy" not in entry.flags:
                        entry.previous_msgid = entry.msgid
                        entry.flags.append("fuzzy")
                    changes.append(f"{english.name} cell {index} (id {cell['id']}): English changed, marked fuzzy")
                entry.msgid = source
        entry.occurrences = [(f"notebooks/{english.name}", str(index))]
        entries.append(entry)
    for entry in old.values():
        if not entry.obsolete:
            changes.append(f"{english.name} id {entry.msgctxt}: cell gone, entry marked obsolete")
        entry.obsolete = True
        entries.append(entry)
    po[:] = entries
    path.parent.mkdir(parents=True, exist_ok=True)
    text = str(po) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return changes


def _translations(english: Path) -> dict[str, str]:
    po = _load_catalog(catalog_path(english))
    return {e.msgctxt: e.msgstr for e in po if e.msgstr and not e.obsolete and "fuzzy" not in e.flags}


def _language_cell() -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": LANGUAGE_CELL_ID,
        "metadata": {"slideshow": {"slide_type": "skip"}, "tags": ["language"]},
        "outputs": [],
        "source": LANGUAGE_CELL_SOURCE,
    }


def korean_notebook(english: Path) -> dict:
    """The Korean twin of ``english``, keeping the outputs of unchanged code cells."""
    nb = _read(english)
    translated = _translations(english)
    target = korean_path(english)
    kept = {}
    if target.exists():
        kept = {c["id"]: c for c in _read(target)["cells"] if c["cell_type"] == "code"}
    cells = [kept.get(LANGUAGE_CELL_ID) if _unchanged(kept.get(LANGUAGE_CELL_ID), _language_cell()) else _language_cell()]
    for cell in nb["cells"]:
        cell = json.loads(json.dumps(cell))
        if cell["cell_type"] == "markdown":
            cell["source"] = translated.get(cell["id"], _source(cell))
        elif _unchanged(kept.get(cell["id"]), cell):
            cell["outputs"] = kept[cell["id"]]["outputs"]
            cell["execution_count"] = kept[cell["id"]]["execution_count"]
        else:
            cell["outputs"], cell["execution_count"] = [], None
        cells.append(cell)
    nb["cells"] = cells
    nb["metadata"]["mlcourse"] = {"language": "ko", "english": f"../{english.name}"}
    return nb


def _unchanged(old: dict | None, new: dict) -> bool:
    return old is not None and _source(old) == _source(new)


def _dump(nb: dict) -> str:
    import nbformat

    return nbformat.writes(nbformat.from_dict(nb)) + "\n"


def build(english: Path) -> bool:
    """Write the Korean notebook of ``english``; True when some code cell needs executing."""
    nb = korean_notebook(english)
    target = korean_path(english)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = _dump(nb)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return any(c["cell_type"] == "code" and c["execution_count"] is None for c in nb["cells"])


def problems(english: Path) -> list[str]:
    """Everything that keeps the Korean twin of ``english`` from being complete and in step."""
    found = []
    nb = _read(english)
    name = english.name
    po_path = catalog_path(english)
    rel = po_path.relative_to(ROOT)
    if not po_path.exists():
        return [f"{name}: no catalog {rel}; run `make translations` to make it, then translate it"]
    po = _load_catalog(po_path)
    by_id = {e.msgctxt: e for e in po if not e.obsolete}
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        entry = by_id.get(cell["id"])
        where = f"{name} cell {index} (id {cell['id']})"
        if entry is None or entry.msgid != _source(cell):
            found.append(f"{where}: the English is newer than {rel}; run `make translations` (it keeps the old "
                         "Korean, marked fuzzy), then revise that Korean")
        elif not entry.msgstr:
            found.append(f"{where}: no Korean yet; write msgstr for msgctxt \"{cell['id']}\" in {rel} "
                         f"(or `python tools/translate.py sheet notebooks/{name}`), {FIX}")
        elif entry.msgid.endswith("\n") != entry.msgstr.endswith("\n"):
            found.append(f"{where}: msgid and msgstr of msgctxt \"{cell['id']}\" in {rel} differ in their final newline "
                         "(gettext refuses it); end both alike")
        elif "fuzzy" in entry.flags:
            found.append(f"{where}: the English changed since it was translated (fuzzy); revise msgstr for "
                         f"msgctxt \"{cell['id']}\" in {rel} against its #| msgid, delete the fuzzy flag, {FIX}")
    for entry in po:
        if entry.obsolete:
            found.append(f"{name}: obsolete entry msgctxt \"{entry.msgctxt}\" in {rel} (its cell is gone); delete it")
    target = korean_path(english)
    if not target.exists():
        return found + [f"{name}: no Korean notebook {target.relative_to(ROOT)}; run `make translations`, then "
                        f"`make execute NB=notebooks/ko/{name}`"]
    ko = _read(target)
    ko_cells = ko["cells"]
    if not ko_cells or ko_cells[0]["id"] != LANGUAGE_CELL_ID or _source(ko_cells[0]) != LANGUAGE_CELL_SOURCE:
        found.append(f"ko/{name}: the first cell is not the language cell; {FIX}")
    else:
        ko_cells = ko_cells[1:]
    if [c["id"] for c in ko_cells] != [c["id"] for c in nb["cells"]]:
        return found + [f"ko/{name}: its cells are not the English notebook's cells; {FIX}"]
    translated = _translations(english)
    for index, (en_cell, ko_cell) in enumerate(zip(nb["cells"], ko_cells)):
        where = f"ko/{name} cell {index + 1} (id {en_cell['id']})"
        if en_cell["cell_type"] != ko_cell["cell_type"]:
            found.append(f"{where}: a {ko_cell['cell_type']} cell where the English has {en_cell['cell_type']}; {FIX}")
        elif en_cell["cell_type"] == "code":
            if _source(en_cell) != _source(ko_cell):
                found.append(f"{where}: its code differs from the English notebook's; run `make translations`, "
                             f"then `make execute NB=notebooks/ko/{name}`")
            elif ko_cell["execution_count"] is None:
                found.append(f"{where}: not executed; run `make execute NB=notebooks/ko/{name}`")
        elif translated.get(en_cell["id"], _source(en_cell)) != _source(ko_cell):
            found.append(f"{where}: its markdown is not the catalog's translation; {FIX}")
        if en_cell["cell_type"] == ko_cell["cell_type"] and en_cell.get("metadata") != ko_cell.get("metadata"):
            found.append(f"{where}: its metadata (slides, tags) differs from the English cell's; {FIX}")
    return found


SHEET_CELL, SHEET_EN, SHEET_KO = "@@@@ ", "<<<< English", ">>>> 한국어"


def sheet(english: Path, everything: bool = False) -> str:
    """The catalog's entries that need work (or all) as plain text for any editor.

    Each entry is a block: ``@@@@ <cell id>``, then ``<<<< English`` and the English source,
    then ``>>>> 한국어`` and the Korean so far (to revise for a fuzzy entry).
    """
    po = _load_catalog(catalog_path(english))
    blocks = []
    for e in po:
        if e.obsolete or not (everything or not e.msgstr or "fuzzy" in e.flags):
            continue
        note = f" (fuzzy: the English was\n{e.previous_msgid})" if "fuzzy" in e.flags and e.previous_msgid else ""
        blocks.append(f"{SHEET_CELL}{e.msgctxt}{note}\n{SHEET_EN}\n{e.msgid}\n{SHEET_KO}\n{e.msgstr}\n")
    return "\n".join(blocks)


def import_sheet(english: Path, text: str) -> int:
    """Write the Korean of a sheet into the catalog (clearing fuzzy); return the entries set."""
    po = _load_catalog(catalog_path(english))
    by_id = {e.msgctxt: e for e in po if not e.obsolete}
    count = 0
    for block in text.split("\n" + SHEET_CELL):
        block = block[len(SHEET_CELL):] if block.startswith(SHEET_CELL) else block
        if SHEET_KO not in block:
            continue
        cell_id = block.split("\n", 1)[0].split(" ", 1)[0].strip()
        english_part, korean = block.split("\n" + SHEET_KO + "\n", 1) if ("\n" + SHEET_KO + "\n") in block else (block, "")
        korean = korean.strip("\n")
        entry = by_id.get(cell_id)
        if entry is None:
            raise SystemExit(f"{english.name}: the sheet names cell {cell_id!r}, which the catalog does not have")
        if korean and entry.msgid.endswith("\n"):
            korean += "\n"  # gettext wants msgid and msgstr to agree on a final newline
        source = english_part.split(SHEET_EN + "\n", 1)[1] if SHEET_EN + "\n" in english_part else None
        if source is not None and source.rstrip("\n") != entry.msgid.rstrip("\n"):
            raise SystemExit(f"{english.name} cell {cell_id}: the sheet's English is not the catalog's; "
                             "make a new sheet after `python tools/translate.py update`")
        if korean:
            entry.msgstr = korean
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            count += 1
    catalog_path(english).write_text(str(po) + "\n", encoding="utf-8")
    return count


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] not in {"update", "build", "check", "sheet", "import"}:
        print(__doc__)
        return 2
    if argv[0] == "sheet":
        print(sheet(Path(argv[1]).resolve(), "--all" in argv[2:]))
        return 0
    if argv[0] == "import":
        english = Path(argv[1]).resolve()
        count = import_sheet(english, Path(argv[2]).read_text(encoding="utf-8"))
        print(f"{catalog_path(english).relative_to(ROOT)}: {count} translations written")
        return 0
    paths = [Path(a).resolve() for a in argv[1:]] or english_notebooks()
    if argv[0] == "update":
        for english in paths:
            for change in update_catalog(english):
                print(change)
    elif argv[0] == "build":
        stale = [english for english in paths if build(english)]
        for english in stale:
            print(f"notebooks/ko/{english.name}: code changed, run `make execute NB=notebooks/ko/{english.name}`")
    else:
        found = [p for english in paths for p in problems(english)]
        print("\n".join(found) if found else "The Korean edition is complete and in step.")
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
