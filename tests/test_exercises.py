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
from mlcourse.i18n import set_language, tr

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


HANGUL = re.compile("[\uac00-\ud7a3]")


def test_check_speaks_korean_when_korean_is_selected(korean, capsys):
    ex.check("00.1", 0.5)
    assert capsys.readouterr().out == "연습 문제 00.1 (sigmoid(0)의 값): 정답입니다!\n"
    ex.check("00.1", 1.0)
    assert capsys.readouterr().out == ("연습 문제 00.1 (sigmoid(0)의 값): 아직 아닙니다. "
                                       "1 / (1 + e^(-x))에 x = 0을 넣어 보세요. e^0은 얼마인가요?\n")
    ex.check("01.2", None)
    assert "답이 비어 있습니다" in capsys.readouterr().out


def test_korean_hints_keep_the_values_of_the_answer(korean):
    # the values of a hint are fields of tr: the Korean shows the same numbers as the English
    with pytest.raises(ex.Hint) as caught:
        ex.verify("09.1", lambda x, g, lr: x - g)
    assert str(caught.value) == "기울기 전체를 뺐습니다. 먼저 학습률을 곱하세요."
    with pytest.raises(ex.Hint) as caught:
        ex.verify("09.1", lambda x, g, lr: x - lr * g + 1)
    assert str(caught.value) == "x = 10, grad = 20, lr = 0.2이면 10 - 0.2 * 20 = 6이어야 하는데 받은 값은 7.0입니다."


@pytest.mark.parametrize("ex_id, wrong", _wrong_answers())
def test_every_typical_mistake_gets_a_korean_hint(korean, ex_id, wrong):
    with pytest.raises(ex.Hint) as caught:
        ex.verify(ex_id, wrong)
    assert HANGUL.search(str(caught.value)), f"{ex_id}: hint not translated: {caught.value}"


@pytest.mark.parametrize("ex_id", sorted(CHECKERS))
def test_every_title_has_korean(korean, ex_id):
    title = CHECKERS[ex_id][0]
    assert tr(title) != title and HANGUL.search(tr(title)), f"{ex_id}: title not translated: {title}"


def test_english_is_back_after_korean(capsys):
    set_language("ko")
    set_language("en")
    ex.check("00.1", 0.5)
    assert capsys.readouterr().out == "Exercise 00.1 (sigmoid(0)): Correct!\n"
