"""The calculus widgets (notebook 02): finite differences, tangent and error plots, sliders that redraw."""
import matplotlib

matplotlib.use("Agg")
import numpy as np
import pytest

from mlcourse._checks import MLCourseError
from mlcourse.widgets import calculus


def test_central_difference_error_shrinks_like_h_squared_forward_like_h():
    # f = x^3 - 3x at 1.5: f'' = 9, f''' = 6, so forward error ~ 9h/2 and central error = 6h^2/6 = h^2 exactly
    for h in [0.1, 0.01]:
        fwd, cen = calculus.difference_errors(1.5, [h])
        assert fwd[0] == pytest.approx(4.5 * h + h ** 2, rel=1e-6)   # (3x^2 h + 3x h^2 + h^3 - 3h) / h - (3x^2 - 3)
        assert cen[0] == pytest.approx(h ** 2, rel=1e-6)


def test_round_off_makes_tiny_steps_worse():
    fwd, cen = calculus.difference_errors(1.5, [1e-5, 1e-13])
    assert cen[1] > 100 * cen[0]


def test_bad_step_is_refused_with_the_value():
    with pytest.raises(MLCourseError, match="h=-0.1"):
        calculus.central_difference(np.sin, 0.0, -0.1)


def test_tangent_plot_draws_the_tangent_through_the_point():
    ax = calculus.plot_tangent(0.5)
    tangent = [l for l in ax.get_lines() if l.get_label() == "tangent line"][0]
    x, y = tangent.get_data()
    slope = (y[-1] - y[0]) / (x[-1] - x[0])
    assert slope == pytest.approx(calculus.cubic_grad(0.5))
    assert np.interp(0.5, x, y) == pytest.approx(calculus.cubic(0.5))


def test_error_plot_and_secants_return_axes():
    assert calculus.plot_difference_errors(1.5, h_mark=1e-3).get_xscale() == "log"
    assert "h = 0.1" in calculus.plot_secants(1.5, 0.1).get_title()


def test_sliders_redraw():
    box = calculus.tangent_explorer(0.5)
    box.slider.value = -1.0
    assert "slope f'(x0) = 0.00" in box.figure.axes[0].get_title()
    box = calculus.step_size_explorer(log10_h=-1.0)
    box.slider.value = -3.0
    shown = [ax for ax in box.figure.axes if ax.get_visible()]
    assert len(shown) == 2  # one zoom of the secants (each zoom has its own axes) and the error curve
    (secants,) = [ax for ax in shown if ax.get_xscale() == "linear"]  # the error curve is log-log
    assert "h = 0.001" in secants.get_title()


def test_tangent_explorer_in_korean(korean):
    box = calculus.tangent_explorer(0.5)
    ax = box.figure.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["f(x)", "접선"]
    assert ax.get_title() == "x0 = 0.50: 기울기 f'(x0) = -2.25"
