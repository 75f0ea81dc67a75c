"""Self-checking exercises for the notebooks.

Every exercise has an id such as ``"05.2"`` (notebook 05, exercise 2). In a notebook the
learner writes a function or a value and calls::

    from mlcourse.exercises import check
    check("05.2", my_answer)

``check`` prints ``Correct!`` or a hint that points at the mistake, and never raises, so a
notebook whose exercises are not solved yet still runs top to bottom. It returns nothing
(so no stray ``True``/``False`` appears under the message); the tests use :func:`verify`,
which raises instead of printing.

The checkers of notebook NN live in ``mlcourse/exercises/nbNN.py`` and register themselves
with the :func:`exercise` decorator::

    @exercise("05.2", N_("The derivative of sigmoid at 0"))
    def _(answer):
        expect(np.isclose(answer, 0.25), tr("sigmoid'(0) = sigmoid(0) * (1 - sigmoid(0))."))

A checker raises :class:`Hint` (through :func:`expect`) when the answer is wrong. Titles are
marked with ``N_`` and hints written with ``tr`` (:mod:`mlcourse.i18n`), so that with Korean
selected ``check`` shows them in Korean; the hint's values are named fields of ``tr``.
"""
from __future__ import annotations

import importlib
from typing import Any, Callable

from mlcourse.i18n import tr

__all__ = ["check", "verify", "exercise", "expect", "is_number", "Hint", "EXERCISES"]

EXERCISES: dict[str, tuple[str, Callable[[Any], None]]] = {}


class Hint(AssertionError):
    """Raised by a checker when the answer is not right yet; its message is the hint."""


def exercise(ex_id: str, title: str) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
    """Register the decorated function as the checker of exercise ``ex_id``."""

    def register(fn: Callable[[Any], None]) -> Callable[[Any], None]:
        EXERCISES[ex_id] = (title, fn)
        return fn

    return register


def expect(condition: Any, hint: str) -> None:
    """Raise :class:`Hint` with ``hint`` unless ``condition`` holds."""
    if not condition:
        raise Hint(hint)


def is_number(x: Any) -> bool:
    """True for a single int or float (numpy scalars too), False for bools, arrays and text."""
    import numpy as np

    return isinstance(x, (int, float, np.number)) and not isinstance(x, (bool, np.bool_))


def _load(ex_id: str) -> tuple[str, Callable[[Any], None]]:
    notebook = ex_id.split(".", 1)[0]
    if ex_id not in EXERCISES:
        try:
            importlib.import_module(f"mlcourse.exercises.nb{notebook}")
        except ModuleNotFoundError:
            pass
    if ex_id not in EXERCISES:
        known = ", ".join(sorted(k for k in EXERCISES if k.startswith(notebook + "."))) or "none"
        raise KeyError(f"Unknown exercise {ex_id!r}. Exercises of notebook {notebook}: {known}.")
    return EXERCISES[ex_id]


def verify(ex_id: str, answer: Any) -> None:
    """Run the checker of ``ex_id`` on ``answer``; raise :class:`Hint` when it is wrong."""
    _title, checker = _load(ex_id)
    if answer is None or answer is Ellipsis:
        raise Hint(tr("No answer yet: replace the `...` or `None` with your code, then run the cell again."))
    checker(answer)


def check(ex_id: str, answer: Any) -> None:
    """Check ``answer`` for exercise ``ex_id``; print ``Correct!`` or a hint. Never raises on a wrong answer."""
    title, _checker = _load(ex_id)
    title = tr(title)
    try:
        verify(ex_id, answer)
    except Hint as hint:
        print(tr("Exercise {ex_id} ({title}): not yet. {hint}", ex_id=ex_id, title=title, hint=hint))
        return
    except NotImplementedError:
        print(tr("Exercise {ex_id} ({title}): not yet. Fill in the function body (it still raises NotImplementedError).",
                 ex_id=ex_id, title=title))
        return
    except Exception as exc:  # the learner's code crashed inside the checker
        print(tr("Exercise {ex_id} ({title}): not yet. Your code raised {error}: {exc}",
                 ex_id=ex_id, title=title, error=type(exc).__name__, exc=exc))
        return
    print(tr("Exercise {ex_id} ({title}): Correct!", ex_id=ex_id, title=title))
