"""Build one reveal.js deck per notebook, and an index page, that work with no network.

    python slides/build_slides.py                      every notebook, English and Korean -> build/slides/
    python slides/build_slides.py --out DIR NB.ipynb   only the given notebooks, into DIR

What it does, in order:

1. ``npm ci`` in ``slides/`` when ``slides/node_modules`` does not match the committed
   ``package-lock.json`` (a stamp file holds the lock file's hash, so a second build skips it).
2. Copies the few files the decks load from ``slides/node_modules`` into ``OUT/vendor/``
   (``VENDOR`` below): reveal.js, require.js, jQuery, MathJax 2 (CommonHTML output, TeX fonts),
   the widget renderer ``embed-amd.js`` of ``@jupyter-widgets/html-manager``, NanumGothic web
   fonts for the Korean decks, and the renderer's icon font where the decks look for it
   (``ICON_FONT_DIRS``).
3. Converts each notebook with nbconvert's ``SlidesExporter``, the project's template
   ``slides/template/mlcourse_reveal`` and every URL pointing at ``vendor/``. A deck is
   rebuilt only when its notebook, the template or this script is newer than it.
4. Writes ``OUT/index.html``: one row per notebook with links to its English deck
   (``NN_name.slides.html``) and its Korean deck (``NN_name.ko.slides.html``, from
   ``notebooks/ko/``), each titled by the notebook's first ``# `` heading.

A Korean deck says ``lang="ko"`` and loads NanumGothic as web fonts from ``OUT/vendor/`` for
Hangul, so it renders on a machine with no Korean font; Latin text keeps the theme's font.

Saved widget state in a notebook's metadata is embedded in its deck, so widgets show the
values they had when the notebook was executed (they are not connected to a kernel). The
state of anywidget models (the playground) is left out: their front end is an ES module the
offline widget renderer cannot load, so their outputs show the ``image/png`` they carry.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NODE_MODULES = HERE / "node_modules"
STAMP = NODE_MODULES / ".mlcourse-lock-sha256"
TEMPLATE_DIR = HERE / "template"
TEMPLATE_NAME = "mlcourse_reveal"
DEFAULT_OUT = ROOT / "build" / "slides"

# The reveal.js canvas: the screen the slides are written for (tests/browser/test_slides_deck.py
# measures each slide against it). reveal.js scales the canvas to the window.
WIDTH, HEIGHT = 1280, 720

# (package directory under node_modules, glob patterns of the files the decks load)
VENDOR: list[tuple[str, list[str]]] = [
    ("reveal.js", [
        "dist/reveal.js", "dist/reveal.css", "dist/theme/white.css",
        "dist/theme/fonts/source-sans-pro/*.css", "dist/theme/fonts/source-sans-pro/*.woff",
        "plugin/notes/notes.js", "LICENSE",
    ]),
    ("requirejs", ["require.js"]),
    # NanumGothic as web fonts for the Korean decks (SIL Open Font License): the regular and
    # bold faces, split by Unicode range so a deck loads only the pieces its text needs.
    ("@fontsource/nanum-gothic", ["400.css", "700.css", "files/*-400-normal.woff2", "files/*-700-normal.woff2", "LICENSE"]),
    ("jquery", ["dist/jquery.min.js", "LICENSE.txt"]),
    ("@jupyter-widgets/html-manager", ["dist/embed-amd.js", "dist/*.woff2", "dist/*.woff"]),
    # MathJax 2 loads its parts lazily by URL relative to MathJax.js: keep the TeX input,
    # CommonHTML output with its TeX web fonts, the extensions the configuration names
    # (without the large accessibility explorer), and the menu's translations.
    ("mathjax", [
        "MathJax.js", "LICENSE", "config/TeX-AMS_CHTML-full.js", "config/Safe.js",
        "extensions/*.js", "extensions/TeX/**/*.js", "extensions/HTML-CSS/*.js",
        "extensions/MathML/*.js",
        "jax/input/TeX/*.js", "jax/element/**/*.js",
        "jax/output/CommonHTML/**/*.js", "jax/output/PreviewHTML/**/*.js",
        "fonts/HTML-CSS/TeX/woff/**/*.woff", "localization/**/*.js",
    ]),
]
MATHJAX_CONFIG = "TeX-AMS_CHTML-full,Safe"
# The widget renderer's icon font (Font Awesome: the Play, Reset and Step buttons' icons) is
# asked for relative to the *deck*, not to embed-amd.js (its webpack public path is empty),
# under these two folders; the files keep their hashed names. woff2 and woff are enough for
# every browser that runs the decks, so the older formats are not copied.
ICON_FONT_DIRS = ["@jupyter-widgets", "@jupyter-widgets/html-manager/dist"]
ICON_FONT_PATTERNS = ["dist/*.woff2", "dist/*.woff"]
# A script, stylesheet, image, module import or CSS url() that names a remote address
# (plain links to web pages are fine: they load nothing until clicked).
REMOTE_LOAD = re.compile(
    r"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*?\b(?:src|href)\s*=\s*["']?(?:https?:)?//[^"'\s>]+"""
    r"""|\bfrom\s+["']https?://[^"']+|url\(["']?https?://[^)]+"""
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ensure_node_modules() -> None:
    """Run ``npm ci`` unless node_modules was installed from the current lock file."""
    lock = HERE / "package-lock.json"
    digest = _sha256(lock)
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "slides: npm is needed once to fetch reveal.js, MathJax and the widget renderer "
            f"listed in {lock.relative_to(ROOT)}; install Node.js (with npm) and run again."
        )
    print("slides: npm ci (first build, or package-lock.json changed)", flush=True)
    subprocess.run([npm, "ci", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    STAMP.write_text(digest + "\n")


def copy_vendor(out: Path) -> int:
    """Copy the files in ``VENDOR`` to ``out/vendor``; return how many bytes the copy holds."""
    total = 0
    for package, patterns in VENDOR:
        src_root = NODE_MODULES / package
        if not src_root.is_dir():
            raise SystemExit(f"slides: {src_root} is missing; delete {STAMP} and build again")
        for pattern in patterns:
            matches = sorted(p for p in src_root.glob(pattern) if p.is_file())
            if not matches:
                raise SystemExit(f"slides: no file matches {package}/{pattern} in node_modules")
            for src in matches:
                dst = out / "vendor" / package / src.relative_to(src_root)
                st = src.stat()
                total += st.st_size
                if dst.exists() and dst.stat().st_size == st.st_size and dst.stat().st_mtime >= st.st_mtime:
                    continue
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)
    src_root = NODE_MODULES / "@jupyter-widgets" / "html-manager"
    for folder in ICON_FONT_DIRS:
        for pattern in ICON_FONT_PATTERNS:
            for src in sorted(src_root.glob(pattern)):
                dst = out / folder / src.name
                total += src.stat().st_size
                if not (dst.exists() and dst.stat().st_size == src.stat().st_size):
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(src, dst)
    return total


def title_of(nb: dict, fallback: str) -> str:
    """The notebook's first level-1 markdown heading, or ``fallback`` when it has none."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


# The Korean decks' Hangul comes from the NanumGothic web fonts in VENDOR, named first after
# the theme's Latin font, so it renders on a machine with no Korean font.
KOREAN_FAMILY = "Nanum Gothic"
KOREAN_STYLE = f"""<link rel="stylesheet" href="vendor/@fontsource/nanum-gothic/400.css">
<link rel="stylesheet" href="vendor/@fontsource/nanum-gothic/700.css">
<style type="text/css">
:root {{
  --jp-content-font-family: system-ui, -apple-system, "Segoe UI", helvetica, arial, "{KOREAN_FAMILY}", sans-serif;
  --jp-ui-font-family: system-ui, -apple-system, "Segoe UI", helvetica, arial, "{KOREAN_FAMILY}", sans-serif;
  --jp-code-font-family: menlo, consolas, "DejaVu Sans Mono", "{KOREAN_FAMILY}", monospace;
}}
.reveal, .reveal h1, .reveal h2, .reveal h3, .reveal h4, .reveal .widget-label, .reveal button {{
  font-family: "Source Sans Pro", "{KOREAN_FAMILY}", helvetica, sans-serif;
}}
.reveal pre, .reveal code {{ font-family: var(--jp-code-font-family); }}
</style>
"""


def is_korean(notebook: Path) -> bool:
    return notebook.parent.name == "ko"


def deck_name(notebook: Path) -> str:
    return f"{notebook.stem}.ko.slides.html" if is_korean(notebook) else f"{notebook.stem}.slides.html"


def course_notebooks() -> list[Path]:
    """Every English notebook, then every Korean one."""
    return sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "notebooks" / "ko").glob("*.ipynb"))


def make_exporter():
    from nbconvert import SlidesExporter

    vendor = "vendor"
    return SlidesExporter(
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        template_name=TEMPLATE_NAME,
        reveal_url_prefix=f"{vendor}/reveal.js",
        reveal_theme="white",
        reveal_transition="fade",
        reveal_number="c/t",
        reveal_width=str(WIDTH),
        reveal_height=str(HEIGHT),
        reveal_scroll=True,
        require_js_url=f"{vendor}/requirejs/require.js",
        jquery_url=f"{vendor}/jquery/dist/jquery.min.js",
        mathjax_url=f"{vendor}/mathjax/MathJax.js?config={MATHJAX_CONFIG}",
        widget_renderer_url=f"{vendor}/@jupyter-widgets/html-manager/dist/embed-amd.js",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def _drop_anywidget_state(nb) -> None:
    """Remove anywidget models from the saved widget state, so that nbconvert shows the next
    format of their outputs (a PNG) instead of a widget the offline renderer cannot draw."""
    widgets = nb.get("metadata", {}).get("widgets", {}).get("application/vnd.jupyter.widget-state+json")
    if widgets and "state" in widgets:
        widgets["state"] = {k: v for k, v in widgets["state"].items() if v.get("model_module") != "anywidget"}


def build_deck(exporter, notebook: Path, out: Path, force: bool = False) -> bool:
    """Write ``out/<stem>.slides.html`` unless it is newer than its inputs; True if written."""
    import nbformat

    deck = out / deck_name(notebook)
    inputs = [notebook, Path(__file__), *TEMPLATE_DIR.rglob("*")]
    if not force and deck.exists() and deck.stat().st_mtime >= max(p.stat().st_mtime for p in inputs):
        return False
    nb = nbformat.read(notebook, as_version=4)
    _drop_anywidget_state(nb)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
    if is_korean(notebook):
        body = re.sub(r"<html\b[^>]*>", '<html lang="ko">', body, count=1)
        body = body.replace("</head>", KOREAN_STYLE + "</head>", 1)
    remote = REMOTE_LOAD.search(body)
    if remote:
        raise SystemExit(f"slides: {deck.name} would load {remote.group(0)!r} over the network")
    deck.write_text(body, encoding="utf-8")
    return True


def write_index(notebooks: list[Path], out: Path) -> Path:
    """One row per notebook number: its English deck and its Korean deck, each by its title."""
    rows: dict[str, dict[str, str]] = {}
    for nb_path in notebooks:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        title = html.escape(title_of(nb, nb_path.stem))
        link = f'<a href="{html.escape(deck_name(nb_path))}">{title}</a>'
        rows.setdefault(nb_path.stem.split("_", 1)[0], {})["ko" if is_korean(nb_path) else "en"] = link
    lines = [f'  <tr><td class="n">{html.escape(n)}</td><td>{r.get("en", "")}</td><td lang="ko">{r.get("ko", "")}</td></tr>'
             for n, r in sorted(rows.items())]
    page = "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8"><title>mlcourse slides</title>',
        "<style>body{font-family:sans-serif;max-width:64em;margin:2em auto;line-height:1.6}"
        "td{padding:0 1em 0 0;vertical-align:top}.n{color:#666}</style></head>",
        "<body>",
        "<h1>mlcourse slides</h1>",
        "<p>One deck per notebook, in English and in Korean (한국어). Keys: arrows or space to "
        "move, <kbd>s</kbd> speaker notes, <kbd>f</kbd> full screen, <kbd>Esc</kbd> overview. "
        "Add <code>?print-pdf</code> to a deck's address to print it.</p>",
        '<p lang="ko">노트북마다 영어 슬라이드와 한국어 슬라이드가 있습니다. 화살표나 스페이스로 넘기고, '
        "<kbd>s</kbd>는 발표자 노트, <kbd>f</kbd>는 전체 화면, <kbd>Esc</kbd>는 전체 보기입니다.</p>",
        '<table class="decks">',
        '  <tr><th></th><th>English</th><th lang="ko">한국어</th></tr>',
        *lines,
        "</table>",
        "</body>",
        "</html>",
        "",
    ])
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def build(notebooks: list[Path] | None = None, out: Path = DEFAULT_OUT, force: bool = False) -> list[Path]:
    """Build the decks of ``notebooks`` (default: English and Korean, ``course_notebooks()``) into ``out``.

    Returns the paths of all decks listed in the index.
    """
    all_notebooks = notebooks is None
    if notebooks is None:
        notebooks = course_notebooks()
    if not notebooks:
        raise SystemExit("slides: no notebooks to build")
    ensure_node_modules()
    out.mkdir(parents=True, exist_ok=True)
    size = copy_vendor(out)
    exporter = make_exporter()
    written = [nb for nb in notebooks if build_deck(exporter, nb, out, force=force)]
    if all_notebooks:  # decks of notebooks that were removed or renamed
        keep = {deck_name(nb) for nb in notebooks}
        for stale in out.glob("*.slides.html"):
            if stale.name not in keep:
                stale.unlink()
    index = write_index(notebooks, out)
    print(f"slides: {len(written)} of {len(notebooks)} decks rebuilt, vendor files "
          f"{size / 1e6:.1f} MB, index {index.relative_to(ROOT) if index.is_relative_to(ROOT) else index}")
    return [out / deck_name(nb) for nb in notebooks]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb and notebooks/ko/*.ipynb")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: build/slides")
    parser.add_argument("--force", action="store_true", help="rebuild decks that look up to date")
    args = parser.parse_args(argv)
    build([p.resolve() for p in args.notebooks] or None, args.out.resolve(), force=args.force)


if __name__ == "__main__":
    main(sys.argv[1:])
