"""The thumbtack likelihood widget: its curve peaks at heads / (heads + tails), and follows the sliders."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlcourse._checks import MLCourseError  # noqa: E402
from mlcourse.widgets import likelihood as lk  # noqa: E402


def _peak_of_first_line(ax):
    line = ax.get_lines()[0]
    x, y = line.get_xdata(), line.get_ydata()
    return x[np.nanargmax(y)]


def test_curve_is_the_bernoulli_likelihood():
    p, L = lk.likelihood_curve(7, 3, num=11, relative=False)
    np.testing.assert_allclose(L, p**7 * (1 - p) ** 3, rtol=1e-12, atol=1e-300)


def test_relative_curve_peaks_at_one_at_the_mle():
    p, L = lk.likelihood_curve(70, 30, num=1001)
    assert L.max() == pytest.approx(1.0)
    assert p[np.argmax(L)] == pytest.approx(0.7)


def test_zero_counts_are_handled_at_the_ends():
    # 0 heads: L(p) = (1 - p)^5, largest at p = 0, and log(0) must not produce NaN there.
    p, L = lk.likelihood_curve(0, 5, num=101)
    assert np.all(np.isfinite(L)) and p[np.argmax(L)] == 0.0
    assert lk.log_likelihood(0.0, 3, 0) == -np.inf


def test_bad_counts_and_probabilities_are_refused_with_the_value():
    with pytest.raises(MLCourseError, match="-1"):
        lk.likelihood_curve(-1, 3)
    with pytest.raises(MLCourseError, match="2.5"):
        lk.mle(2.5, 3)
    with pytest.raises(MLCourseError, match="between 0 and 1"):
        lk.log_likelihood(1.5, 1, 1)
    with pytest.raises(MLCourseError, match="0 throws"):
        lk.mle(0, 0)


def test_static_plot_marks_the_maximum():
    import matplotlib.pyplot as plt

    ax = lk.plot_likelihood(3, 7)
    assert _peak_of_first_line(ax) == pytest.approx(0.3)
    marker = ax.get_lines()[-1]
    assert marker.get_xdata()[0] == pytest.approx(0.3) and marker.get_ydata()[0] == pytest.approx(1.0)
    plt.close(ax.figure)


def test_hollow_peak_leaves_a_filled_peak_at_the_same_place_visible():
    import matplotlib.pyplot as plt

    ax = lk.plot_likelihood(7, 3)
    lk.plot_likelihood(70, 30, ax=ax, hollow_peak=True)
    filled, ring = ax.get_lines()[2], ax.get_lines()[-1]
    assert ring.get_xdata()[0] == pytest.approx(filled.get_xdata()[0]) == pytest.approx(0.7)
    assert ring.get_markerfacecolor() == "none" and ring.get_markersize() > filled.get_markersize()
    assert ax.get_lines()[-2].get_zorder() < filled.get_zorder()
    plt.close(ax.figure)


def test_log_plot_peaks_at_the_same_place():
    import matplotlib.pyplot as plt

    ax = lk.plot_likelihood(7, 3, log=True)
    assert _peak_of_first_line(ax) == pytest.approx(0.7)
    plt.close(ax.figure)


def test_widget_redraws_when_the_counts_change():
    box = lk.likelihood_explorer(heads=7, tails=3)
    assert _peak_of_first_line(box.ax) == pytest.approx(0.7)
    box.heads_slider.value = 2
    box.tails_slider.value = 8
    assert _peak_of_first_line(box.ax) == pytest.approx(0.2)
    assert "2/10" in box.ax.get_title()
    box.heads_slider.value = 45
    box.tails_slider.value = 15
    assert _peak_of_first_line(box.ax) == pytest.approx(0.75)
    box.log_box.value = True
    assert _peak_of_first_line(box.ax) == pytest.approx(0.75)
    assert len(box.ax.get_lines()) == 3  # curve, dotted line at p_hat, marker: the old curves are gone


def test_widget_survives_zero_throws():
    box = lk.likelihood_explorer(heads=0, tails=0)
    assert "no throws" in box.ax.get_title()
    box.tails_slider.value = 4
    assert _peak_of_first_line(box.ax) == pytest.approx(0.0)


def test_import_mlcourse_does_not_import_ipywidgets():
    import subprocess
    import sys

    code = "import sys, mlcourse.widgets.likelihood; print('ipywidgets' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_likelihood_explorer_in_korean(korean):
    box = lk.likelihood_explorer(7, 3)
    assert (box.heads_slider.description, box.tails_slider.description) == ("앞면", "뒷면")
    assert box.log_box.description == "로그 우도"
    assert box.ax.get_title() == "10번 중 7번 앞면: 최댓값은 p = 7/10 = 0.700"
    box.heads_slider.value = box.tails_slider.value = 0
    assert box.ax.get_title() == "아직 던지지 않음: 모든 p의 가능성이 같다"
    ax = lk.plot_likelihood(2, 8)
    assert ax.get_legend().get_texts()[0].get_text() == "앞면 2번, 뒷면 8번: p_hat = 0.20"
