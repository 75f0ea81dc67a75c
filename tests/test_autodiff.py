"""Scalar autodiff: gradients against central differences, shared nodes, errors, drawing."""
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mlcourse._checks import MLCourseError
from mlcourse.autodiff import Value, draw_graph, topological_order

H = 1e-6


def close(analytic, numeric):
    """|a - b| <= 1e-7 * max(1, |a| + |b|): relative for large gradients, absolute near 0."""
    return abs(analytic - numeric) <= 1e-7 * max(1.0, abs(analytic) + abs(numeric))


def check_expression(f, *xs):
    """Compare Value gradients of f at xs with central differences of f on plain floats."""
    leaves = [Value(x) for x in xs]
    out = f(*leaves)
    out.backward()
    for i, leaf in enumerate(leaves):
        up = list(xs)
        down = list(xs)
        up[i] += H
        down[i] -= H
        numeric = (f(*[Value(v) for v in up]).data - f(*[Value(v) for v in down]).data) / (2 * H)
        assert close(leaf.grad, numeric), f"input {i}: autodiff {leaf.grad}, finite differences {numeric}"


EXPRESSIONS = {
    "poly": lambda x, y: x * y + x**2 - 3 * y + 1,
    "quotient": lambda x, y: (x - y) / (1 + y**2) + 2 / (x**2 + 1),
    "exp_log": lambda x, y: (x * 0.5).exp() * (y**2 + 1).log() - (1 - x) * y,
    "neuron_tanh": lambda x, y: (0.7 * x - 1.3 * y + 0.2).tanh() * x,
    "neuron_sigmoid": lambda x, y: (x * y - x).sigmoid() + (-y).sigmoid() ** 3,
    "reused": lambda x, y: (x * x * x + x * y) / (x * x + 2),
}

coord = st.floats(min_value=-2.0, max_value=2.0, allow_nan=False)


@pytest.mark.parametrize("name", sorted(EXPRESSIONS))
@settings(max_examples=40, deadline=None)
@given(x=coord, y=coord)
def test_gradients_match_finite_differences(name, x, y):
    check_expression(EXPRESSIONS[name], x, y)


@settings(max_examples=40, deadline=None)
@given(x=coord, y=coord)
def test_relu_gradients_away_from_the_kink(x, y):
    assume(abs(x - y) > 1e-3 and abs(x + 2 * y) > 1e-3)
    check_expression(lambda a, b: (a - b).relu() * 2 + (a + 2 * b).relu() * a, x, y)


def test_by_hand_square_of_sum():
    # z = (x + y)^2 at x = 2, y = 3: z = 25, dz/dx = dz/dy = 2 (x + y) = 10
    x, y = Value(2.0, "x"), Value(3.0, "y")
    z = (x + y) ** 2
    z.backward()
    assert (z.data, x.grad, y.grad, z.grad) == (25.0, 10.0, 10.0, 1.0)


def test_by_hand_shopping_bill():
    # total = apple * count * tax = 100 * 2 * 1.1 = 220
    # d/d apple = count * tax = 2.2, d/d count = apple * tax = 110, d/d tax = apple * count = 200
    apple, count, tax = Value(100.0), Value(2.0), Value(1.1)
    total = apple * count * tax
    total.backward()
    assert total.data == pytest.approx(220.0)
    assert (apple.grad, count.grad, tax.grad) == pytest.approx((2.2, 110.0, 200.0))


def test_reused_node_accumulates():
    # y = x * x at x = 3: both inputs of * are x, each edge brings 3, dy/dx = 3 + 3 = 6
    x = Value(3.0)
    y = x * x
    y.backward()
    assert x.grad == 6.0
    # a node used by two later nodes: a = 2x, b = a + a * a at x = 1: db/da = 1 + 2a = 5, db/dx = 10
    x = Value(1.0)
    a = 2 * x
    b = a + a * a
    b.backward()
    assert (a.grad, x.grad) == (5.0, 10.0)


def test_backward_twice_gives_the_same_gradients():
    x = Value(1.5)
    y = (x * x).tanh()
    y.backward()
    first = x.grad
    y.backward()
    assert x.grad == first


def test_reverse_operators_and_neg():
    x = Value(4.0)
    assert (1 + x).data == 5.0 and (1 - x).data == -3.0 and (2 * x).data == 8.0 and (2 / x).data == 0.5
    assert (-x).data == -4.0
    y = 2 / x  # dy/dx = -2 / x^2 = -0.125
    y.backward()
    assert x.grad == -0.125


def test_long_chain_does_not_hit_recursion_limit():
    x = Value(0.5)
    y = x
    for _ in range(5000):
        y = y * 1.0
    y.backward()
    assert x.grad == 1.0
    assert len(topological_order(y)) == 1 + 2 * 5000  # x, then a constant and a product per step


def test_repr():
    x = Value(2.0, "x")
    assert repr(x) == "Value(data=2.0, grad=0.0, label='x')"
    assert repr(Value(1 / 3)) == "Value(data=0.333333, grad=0.0)"


@pytest.mark.parametrize("make, match", [
    (lambda: Value("3"), "real number"),
    (lambda: Value(-1.0).log(), "positive"),
    (lambda: Value(1.0) / Value(0.0), "0.0"),
    (lambda: Value(-8.0) ** 0.5, "whole exponent"),
    (lambda: Value(2.0) ** Value(2.0), "plain number"),
    (lambda: Value(2.0) + "a", "real number"),
])
def test_errors_name_the_problem(make, match):
    with pytest.raises(MLCourseError, match=match):
        make()


def test_sigmoid_does_not_overflow():
    assert Value(-800.0).sigmoid().data == 0.0
    assert Value(800.0).sigmoid().data == 1.0
    assert math.isclose(Value(0.0).sigmoid().data, 0.5)


def _count(ax, gid):
    return sum(1 for p in ax.patches if p.get_gid() == gid)


def test_draw_graph_draws_every_node():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x, y = Value(2.0, "x"), Value(3.0, "y")
    z = (x + y) ** 2
    z.backward()
    fig, ax = plt.subplots()
    assert draw_graph(z, ax=ax) is ax
    assert _count(ax, "value") == 4 and _count(ax, "op") == 2  # x, y, x+y, z; ops + and **2
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "grad 10" in texts and "**2" in texts
    plt.close(fig)

    apple, count, tax = Value(100.0, "apple"), Value(2.0, "count"), Value(1.1, "tax")
    total = apple * count * tax
    total.backward()
    ax = draw_graph(total)  # makes its own figure
    assert _count(ax, "value") == 5 and _count(ax, "op") == 2
    # every value box lies inside the axes limits
    x0, x1 = ax.get_xlim()
    for p in ax.patches:
        if p.get_gid() == "value":
            assert x0 <= p.get_x() and p.get_x() + p.get_width() <= x1
    plt.close(ax.figure)

    # a node used twice is drawn once, with one op node for x * x
    v = Value(3.0, "v")
    ax = draw_graph(v * v)
    assert _count(ax, "value") == 2 and _count(ax, "op") == 1
    plt.close(ax.figure)


def test_draw_graph_in_korean_names_constants_and_keeps_operators():
    from mlcourse import set_language

    set_language("ko")
    try:
        ax = draw_graph(Value(2.0, "x") * 3)
        texts = {t.get_text(): t for t in ax.texts}
        assert any(text.startswith("상수\ndata 3") for text in texts)
        assert texts["*"].get_fontname() == "DejaVu Sans"  # an operator is a symbol in every language
    finally:
        set_language("en")
