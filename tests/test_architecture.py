"""The package's shape: modules that read in one sitting, and a model, trainer, layers and
losses that talk through public interfaces only (no type tests, no private names across
modules, no matching of class names or message texts)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mlcourse"
CORE = ["model.py", "training.py", "layers/base.py", "layers/core.py", "layers/regularization.py", "losses.py", "metrics.py", "callbacks.py", "optimizers.py",
        "activations.py"]

FORBIDDEN = {
    "a type test (ask the object instead)": re.compile(r"type\([^()]*\)\s+is\b"),
    "an isinstance test against a concrete layer": re.compile(
        r"isinstance\([^)]*\b(Dense|Dropout|BatchNormalization|Embedding|Flatten|Activation)\b"),
    "a private name of another object": re.compile(r"(?<![\w.])(?!self\b|cls\b|mlcourse\b)[A-Za-z_]\w*\._[a-z]\w*"),
    "a private name through getattr": re.compile(r"getattr\(\s*(?!self\s*,)[\w.()]+,\s*[\"']_[a-z]"),
    "a class name used as data": re.compile(r"__name__\s*(\.lower|==|!=|\.startswith|\.endswith|\.find)|"
                                            r"__name__\)\.lower"),
    "a message searched for its text": re.compile(r"[\"'][\w ]+[\"']\s+(not\s+)?in\s+str\("),
}


def _code_lines(path: Path):
    in_doc = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if stripped.count('"""') == 1:
            in_doc = not in_doc
            continue
        if in_doc or stripped.startswith(("#", "from ", "import ", '"""')):
            continue
        yield number, line.split("  #")[0]


@pytest.mark.parametrize("name", CORE)
def test_core_modules_talk_through_public_interfaces(name):
    found = []
    for number, line in _code_lines(PACKAGE / name):
        for what, pattern in FORBIDDEN.items():
            if pattern.search(line):
                found.append(f"{name}:{number}: {what}: {line.strip()}")
    assert not found, "\n".join(found)


def test_the_checker_finds_what_it_looks_for():
    samples = {
        "a type test (ask the object instead)": "if type(layer) is Dense:",
        "an isinstance test against a concrete layer": "if isinstance(layer, _layers.Embedding):",
        "a private name of another object": "layer._param_grads(dout)",
        "a private name through getattr": 'getattr(self.loss, "_forward_checked", None)',
        "a class name used as data": "name = type(self.loss).__name__.lower()",
        "a message searched for its text": 'if "the loss is" not in str(exc):',
    }
    for what, line in samples.items():
        assert FORBIDDEN[what].search(line), what
    assert not FORBIDDEN["a private name of another object"].search("self._keyed('params')")


def test_no_package_module_is_longer_than_about_500_lines():
    files = list(PACKAGE.rglob("*.py"))
    assert len(files) > 40  # the whole package: core, data, layers, widgets, playground, exercises
    long = {str(p.relative_to(PACKAGE)): n for p in files
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 530}
    assert not long, long


def test_one_snake_case_function():
    defs = [p.name for p in PACKAGE.rglob("*.py") if re.search(r"^def _?snake", p.read_text(encoding="utf-8"), re.M)]
    assert defs == ["_checks.py"]
