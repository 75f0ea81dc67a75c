"""Every exercise in the notebooks has a checker, and every checker has a reference solution that passes it.

Reference solutions live in tests/exercise_solutions/nbNN.py as a dict ``SOLUTIONS`` mapping an
exercise id to the answer a learner would give; an optional dict ``WRONG`` maps ids to typical
mistakes that the checker must refuse with a hint, and an optional dict ``ALSO_RIGHT`` maps ids
to other forms of a right answer that the checker must accept.
"""
import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest

import mlcourse.exercises as ex

ROOT = Path(__file__).resolve().parents[1]
CHECK_CALL = re.compile(r"""check\(\s*["'](\d\d\.\d+)["']""")


def _load_all_checkers():
    for info in pkgutil.iter_modules(ex.__path__):
        if info.name.startswith("nb"):
            importlib.import_module(f"mlcourse.exercises.{info.name}")
    return dict(ex.EXERCISES)


def _solutions():
    found = {}
    for path in sorted((ROOT / "tests" / "exercise_solutions").glob("nb*.py")):
        mod = importlib.import_module(f"tests.exercise_solutions.{path.stem}")
        found.update({k: (v, path.stem) for k, v in getattr(mod, "SOLUTIONS", {}).items()})
    return found


def _wrong_answers():
    found = []
    for path in sorted((ROOT / "tests" / "exercise_solutions").glob("nb*.py")):
        mod = importlib.import_module(f"tests.exercise_solutions.{path.stem}")
        found += [(k, v) for k, vs in getattr(mod, "WRONG", {}).items() for v in (vs if isinstance(vs, list) else [vs])]
    return found


def _also_right():
    """Other forms of a right answer (optional dict ``ALSO_RIGHT``: id -> list of answers)."""
    found = []
    for path in sorted((ROOT / "tests" / "exercise_solutions").glob("nb*.py")):
        mod = importlib.import_module(f"tests.exercise_solutions.{path.stem}")
        found += [(k, v) for k, vs in getattr(mod, "ALSO_RIGHT", {}).items() for v in vs]
    return found


CHECKERS = _load_all_checkers()
SOLUTIONS = _solutions()


def _notebook_exercise_ids():
    ids = {}
    for nb_path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                for m in CHECK_CALL.finditer("".join(cell["source"])):
                    ids[m.group(1)] = nb_path.name
    return ids


def test_every_checker_has_a_reference_solution():
    missing = sorted(set(CHECKERS) - set(SOLUTIONS))
    assert not missing, f"exercises without a reference solution in tests/exercise_solutions/: {missing}"


@pytest.mark.parametrize("ex_id", sorted(SOLUTIONS))
def test_reference_solution_passes_its_checker(ex_id):
    answer, _module = SOLUTIONS[ex_id]
    ex.verify(ex_id, answer)


@pytest.mark.parametrize("ex_id, answer", _also_right())
def test_another_form_of_the_right_answer_passes(ex_id, answer):
    ex.verify(ex_id, answer)


@pytest.mark.parametrize("ex_id, wrong", _wrong_answers())
def test_typical_mistake_gets_a_hint(ex_id, wrong):
    with pytest.raises(ex.Hint):
        ex.verify(ex_id, wrong)


@pytest.mark.parametrize("ex_id", sorted(CHECKERS))
def test_an_empty_answer_gets_a_hint_not_a_crash(ex_id, capsys):
    ex.check(ex_id, None)
    assert "not yet" in capsys.readouterr().out


def test_check_prints_correct_for_a_right_answer(capsys):
    ex.check("00.1", 0.5)
    assert capsys.readouterr().out.endswith("Correct!\n")


def test_every_exercise_in_the_notebooks_has_a_checker():
    used = _notebook_exercise_ids()
    unknown = {k: v for k, v in used.items() if k not in CHECKERS}
    assert not unknown, f"notebooks call check() with unknown exercise ids: {unknown}"


def test_unknown_exercise_id_lists_the_known_ones():
    with pytest.raises(KeyError, match="Exercises of notebook 99"):
        ex.check("99.1", 1)


def test_is_number_accepts_one_number_only():
    import numpy as np

    assert all(ex.is_number(v) for v in (3, 0.5, np.float32(1.5), np.int64(2)))
    assert not any(ex.is_number(v) for v in (True, np.bool_(False), "0.5", [1.0], np.array([1.0]), None))


@pytest.mark.parametrize("wrong, says", [(33, "weights only"), (38, "last hidden layer"), (37, "2 inputs")])
def test_parameter_count_hints_name_the_mistake(wrong, says):
    # 18.1: inputs x1, x2, x1*x2 -> 5 -> 3 -> 1 has 42 parameters; 37 is what 2 inputs give
    with pytest.raises(ex.Hint, match=says):
        ex.verify("18.1", wrong)
