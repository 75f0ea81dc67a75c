"""The computational-graph widget of notebook 07: values and gradients, figure, sliders."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlcourse._checks import MLCourseError  # noqa: E402
from mlcourse.gradcheck import numerical_gradient, rel_error  # noqa: E402
from mlcourse.widgets import graph as wg  # noqa: E402

BILL = ("apple price", "apples", "orange price", "oranges", "tax")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _total(v):
    return (v[0] * v[1] + v[2] * v[3]) * v[4]


def test_bill_gradients_by_hand_and_by_finite_differences():
    # (100 * 2 + 150 * 3) * 1.1 = 715; d/d apple price = apples * tax = 2.2; d/d apples = 100 * 1.1 = 110;
    # d/d orange price = 3 * 1.1 = 3.3; d/d oranges = 150 * 1.1 = 165; d/d tax = subtotal = 650
    root, nodes = wg.build_graph("bill")
    assert root.data == pytest.approx(715.0)
    grads = np.array([nodes[name].grad for name in BILL])
    np.testing.assert_allclose(grads, [2.2, 110.0, 3.3, 165.0, 650.0], rtol=1e-12)
    values = {"apple price": 120.0, "apples": 4.0, "orange price": 90.0, "oranges": 1.0, "tax": 1.25}
    root, nodes = wg.build_graph("bill", **values)
    point = np.array([values[name] for name in BILL])
    numeric = numerical_gradient(lambda v: _total(v), point.copy())
    assert rel_error(np.array([nodes[name].grad for name in BILL]), numeric) < 1e-7
    assert nodes["subtotal"].grad == pytest.approx(1.25)


def test_square_of_sum():
    # z = (x + y)^2 at x = -1.5, y = 0.5: s = -1, z = 1, dz/dx = dz/dy = 2 s = -2
    root, nodes = wg.build_graph("square", x=-1.5, y=0.5)
    assert (root.data, nodes["x"].grad, nodes["y"].grad, nodes["s"].grad) == (1.0, -2.0, -2.0, -2.0)


def test_bad_example_or_input_is_named():
    with pytest.raises(MLCourseError, match="'sum'"):
        wg.build_graph("sum")
    with pytest.raises(MLCourseError, match="'z'.*x, y"):
        wg.build_graph("square", z=1.0)


def test_static_figure_shows_the_gradients():
    ax = wg.plot_graph("square", x=2.0, y=1.0)
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "grad 6" in texts and "data 9" in texts


def test_explorer_sliders_update_every_gradient():
    box = wg.graph_explorer("bill")
    assert set(box.sliders) == set(BILL)
    box.sliders["apples"].value = 5.0
    box.sliders["tax"].value = 1.2
    nodes = box.state["nodes"]
    assert nodes["total"].data == pytest.approx((100 * 5 + 150 * 3) * 1.2)
    assert nodes["apple price"].grad == pytest.approx(5 * 1.2)
    assert nodes["tax"].grad == pytest.approx(950.0)
    texts = " ".join(t.get_text() for t in box.figure.axes[0].texts)
    assert "grad 950" in texts and "grad 6" in texts


def test_bill_graph_in_korean_keeps_its_english_input_names(korean):
    box = wg.graph_explorer("bill")
    assert box.sliders["apple price"].description == "사과 가격"  # keyed by the English name
    ax = box.figure.axes[0]
    texts = " ".join(t.get_text() for t in ax.texts)
    for name in ("사과 가격", "오렌지 개수", "세금", "소계", "합계"):
        assert name in texts
    assert ax.get_title() == "각 grad는 d 합계 / d (그 상자)"
    assert box.state["nodes"]["total"].data == pytest.approx(715.0)  # the nodes keep their English labels
