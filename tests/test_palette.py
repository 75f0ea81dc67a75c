import pytest

from mlcourse import optimizers, palette
from mlcourse._checks import MLCourseError


def test_every_optimizer_has_its_own_colour():
    assert set(palette.OPTIMIZER_COLORS) == set(optimizers.OPTIMIZERS)
    colours = list(palette.OPTIMIZER_COLORS.values())
    assert len(set(colours)) == len(colours)


def test_optimizer_color_takes_names_and_class_names():
    assert palette.optimizer_color("adam") == palette.optimizer_color("Adam") == palette.OPTIMIZER_COLORS["adam"]


def test_unknown_optimizer_names_the_known_ones():
    with pytest.raises(MLCourseError, match=r"'adamax'.*'sgd'"):
        palette.optimizer_color("adamax")


def test_class_colours_are_distinct_and_checked():
    assert len(set(palette.CLASS_COLORS)) == len(palette.CLASS_COLORS)
    assert palette.class_color(1) == palette.CLASS_COLORS[1]
    for bad in (-1, len(palette.CLASS_COLORS), 1.0, True):
        with pytest.raises(MLCourseError, match=repr(bad)):
            palette.class_color(bad)
