"""The softmax widgets (notebook 03): temperature, bars, class-probability map, sliders that redraw."""
import matplotlib

matplotlib.use("Agg")
import numpy as np
import pytest

from mlcourse._checks import MLCourseError
from mlcourse.widgets import softmax as sw


def test_temperature_one_is_softmax_and_large_temperature_flattens():
    # e^1, e^2, e^0 = 2.718, 7.389, 1 over 11.107 -> 0.245, 0.665, 0.090
    assert np.allclose(sw.softmax_with_temperature([1.0, 2.0, 0.0]), [0.2447, 0.6652, 0.0900], atol=1e-4)
    assert np.allclose(sw.softmax_with_temperature([1.0, 2.0, 0.0], 1e6), 1 / 3, atol=1e-6)
    assert sw.softmax_with_temperature([1.0, 2.0, 0.0], 0.01)[1] == pytest.approx(1.0)


def test_bad_temperature_echoes_the_value():
    with pytest.raises(MLCourseError, match="temperature=0"):
        sw.softmax_with_temperature([1.0, 2.0], 0)


def test_bars_show_the_probabilities():
    ax = sw.plot_softmax([1.0, 2.0, 0.0])
    heights = [p.get_height() for p in ax.patches]
    assert np.allclose(heights, sw.softmax_with_temperature([1.0, 2.0, 0.0]))


def test_class_map_checks_shapes_and_draws():
    with pytest.raises(MLCourseError, match=r"\(3, 2\)"):
        sw.plot_class_probabilities(np.zeros((3, 2)), np.zeros(3))
    ax = sw.plot_class_probabilities(np.eye(2, 3), np.zeros(3), X=np.zeros((2, 2)), y=np.array([0, 2]), num=20)
    assert ax.images[0].get_array().shape == (20, 20, 3)


def test_sliders_redraw():
    box = sw.softmax_explorer()
    box.temperature.value = 10.0
    assert "T = 10" in box.figure.axes[0].get_title()
    box.sliders[0].value = 5.0
    heights = [p.get_height() for p in box.figure.axes[0].patches]
    assert np.allclose(heights, sw.softmax_with_temperature([5.0, 2.0, 0.0], 10.0))


def test_softmax_explorer_in_korean(korean):
    box = sw.softmax_explorer((1.0, 2.0, 0.0))
    assert [s.description for s in box.sliders] == ["점수 0", "점수 1", "점수 2"]
    assert box.ax.get_title() == "소프트맥스, 온도 T = 1" and box.ax.get_ylabel() == "확률"
    assert "클래스 1\n점수 2" in [t.get_text() for t in box.ax.texts]
