"""One colour per thing, in every figure of the course.

A learner who has seen Adam drawn in one colour in notebook 11 should find it in the same
colour in the race widget, the playground and every later figure. Figures take their colours
from here instead of matplotlib's cycle (``C0``, ``C1``, ...), whose order depends on what
else the figure draws.

The colours are matplotlib's "tab10" hex values, chosen so that neighbours in the list are
easy to tell apart; class colours match the playground's two-class maps.
"""
from __future__ import annotations

from mlcourse._checks import MLCourseError

__all__ = ["OPTIMIZER_COLORS", "CLASS_COLORS", "optimizer_color", "class_color"]

#: Optimizer name (as ``mlcourse.optimizers.get`` takes it) -> colour.
OPTIMIZER_COLORS: dict[str, str] = {
    "sgd": "#1f77b4",       # blue
    "momentum": "#ff7f0e",  # orange
    "nesterov": "#2ca02c",  # green
    "adagrad": "#d62728",   # red
    "rmsprop": "#9467bd",   # purple
    "adadelta": "#8c564b",  # brown
    "adam": "#e377c2",      # pink
    "adamw": "#17becf",     # cyan
}

#: Class index -> colour (class 0 orange, class 1 blue, as the playground draws them).
CLASS_COLORS: tuple[str, ...] = (
    "#f59322", "#0877bd", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)


def optimizer_color(name: str) -> str:
    """Return the course's colour for an optimizer name or class name (``"adam"``, ``"Adam"``)."""
    key = str(name).lower()
    if key not in OPTIMIZER_COLORS:
        known = ", ".join(repr(k) for k in OPTIMIZER_COLORS)
        raise MLCourseError(f"No colour for optimizer {name!r}; known optimizers: {known}.")
    return OPTIMIZER_COLORS[key]


def class_color(k: int) -> str:
    """Return the course's colour for class index ``k`` (0, 1, ...)."""
    if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k < len(CLASS_COLORS):
        raise MLCourseError(
            f"class index must be a whole number from 0 to {len(CLASS_COLORS) - 1}, received {k!r}."
        )
    return CLASS_COLORS[k]
