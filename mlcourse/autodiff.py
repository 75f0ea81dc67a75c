"""A tiny reverse-mode automatic differentiation engine for scalars.

Every arithmetic operation on ``Value`` objects makes a new ``Value`` that remembers its
inputs *and the local derivative of the result with respect to each input*, e.g. for
``z = x * y`` it stores ``(x, y.data)`` and ``(y, x.data)``. ``z.backward()`` then applies
the chain rule once per edge, from the output back to the leaves::

    input.grad += local_derivative * output.grad

visiting nodes in reverse topological order, so a node passes its gradient on only after
every path through it has been added up (``x * x`` gives ``x.grad == 2 * x.data``).

``draw_graph(z)`` draws the computational graph (matplotlib only).

Example
-------
>>> x, y = Value(2.0, "x"), Value(3.0, "y")
>>> z = (x + y) ** 2
>>> z.backward()
>>> x.grad, y.grad      # dz/dx = 2 (x + y) = 10
(10.0, 10.0)
"""
from __future__ import annotations

import math
from typing import Any, Iterable

from mlcourse._checks import MLCourseError
from mlcourse.i18n import tr

__all__ = ["Value", "topological_order", "draw_graph"]

Number = (int, float)


def _as_number(x: Any, what: str) -> float:
    if isinstance(x, bool) or not isinstance(x, Number):
        try:
            import numpy as np
            if isinstance(x, (np.integer, np.floating)) or (isinstance(x, np.ndarray) and x.ndim == 0):
                return float(x)
        except ImportError:  # pragma: no cover
            pass
        raise MLCourseError(f"{what} must be a real number (int or float), received {type(x).__name__} {x!r}.")
    return float(x)


class Value:
    """A scalar that records how it was computed, so gradients can flow back to it.

    Parameters
    ----------
    data : float
    label : str, optional
        A name shown by ``draw_graph`` and ``repr``.

    Attributes
    ----------
    data : float
    grad : float
        d(root)/d(this node) after ``root.backward()``; 0.0 before.
    inputs : tuple of (Value, float)
        The inputs of the operation that made this node and the local derivative with
        respect to each; empty for a leaf.
    op : str
        The operation that made this node ("+", "*", "tanh", ...); "" for a leaf.
    """

    __slots__ = ("data", "grad", "label", "op", "inputs")

    def __init__(self, data: Any, label: str = "", *, _op: str = "",
                 _inputs: tuple[tuple["Value", float], ...] = ()) -> None:
        self.data = _as_number(data, "Value data")
        self.grad = 0.0
        self.label = str(label)
        self.op = _op
        self.inputs = _inputs

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={float(f'{self.data:.6g}')!r}, grad={float(f'{self.grad:.6g}')!r}{label})"

    # -- building the graph ----------------------------------------------------------------
    @staticmethod
    def _wrap(other: Any) -> "Value":
        return other if isinstance(other, Value) else Value(_as_number(other, "The other operand"))

    def __add__(self, other: Any) -> "Value":
        other = Value._wrap(other)
        return Value(self.data + other.data, _op="+", _inputs=((self, 1.0), (other, 1.0)))

    def __sub__(self, other: Any) -> "Value":
        other = Value._wrap(other)
        return Value(self.data - other.data, _op="-", _inputs=((self, 1.0), (other, -1.0)))

    def __mul__(self, other: Any) -> "Value":
        other = Value._wrap(other)
        return Value(self.data * other.data, _op="*", _inputs=((self, other.data), (other, self.data)))

    def __truediv__(self, other: Any) -> "Value":
        other = Value._wrap(other)
        if other.data == 0.0:
            raise MLCourseError(f"Division by a Value with data 0.0 ({other!r}).")
        q = self.data / other.data
        return Value(q, _op="/", _inputs=((self, 1.0 / other.data), (other, -q / other.data)))

    def __pow__(self, n: Any) -> "Value":
        if isinstance(n, Value):
            raise MLCourseError("The exponent of ** must be a plain number, not a Value (use exp and log for x ** y).")
        n = _as_number(n, "The exponent of **")
        a = self.data
        if a == 0.0 and n < 1.0 and n != 0.0:
            raise MLCourseError(f"0.0 ** {n:g}: the value or its derivative is infinite at 0.")
        if a < 0.0 and not n.is_integer():
            raise MLCourseError(f"({a:g}) ** {n:g} is not a real number: a negative base needs a whole exponent.")
        local = n * a ** (n - 1) if n != 0.0 else 0.0
        return Value(a**n, _op=f"**{n:g}", _inputs=((self, local),))

    def __neg__(self) -> "Value":
        return Value(-self.data, _op="neg", _inputs=((self, -1.0),))

    def __radd__(self, other: Any) -> "Value":
        return Value._wrap(other) + self

    def __rsub__(self, other: Any) -> "Value":
        return Value._wrap(other) - self

    def __rmul__(self, other: Any) -> "Value":
        return Value._wrap(other) * self

    def __rtruediv__(self, other: Any) -> "Value":
        return Value._wrap(other) / self

    def exp(self) -> "Value":
        """e**x; d/dx = e**x."""
        e = math.exp(self.data)
        return Value(e, _op="exp", _inputs=((self, e),))

    def log(self) -> "Value":
        """Natural logarithm; d/dx = 1/x. Needs x > 0."""
        if self.data <= 0.0:
            raise MLCourseError(f"log needs a positive number, received {self!r}.")
        return Value(math.log(self.data), _op="log", _inputs=((self, 1.0 / self.data),))

    def tanh(self) -> "Value":
        """tanh(x); d/dx = 1 - tanh(x)**2."""
        t = math.tanh(self.data)
        return Value(t, _op="tanh", _inputs=((self, 1.0 - t * t),))

    def sigmoid(self) -> "Value":
        """1 / (1 + e**-x); d/dx = s (1 - s). Computed without overflow for large |x|."""
        x = self.data
        if x >= 0:
            s = 1.0 / (1.0 + math.exp(-x))
        else:
            e = math.exp(x)
            s = e / (1.0 + e)
        return Value(s, _op="sigmoid", _inputs=((self, s * (1.0 - s)),))

    def relu(self) -> "Value":
        """max(0, x); d/dx = 1 for x > 0, else 0 (the value chosen at the kink x = 0)."""
        positive = self.data > 0.0
        return Value(self.data if positive else 0.0, _op="relu", _inputs=((self, 1.0 if positive else 0.0),))

    # -- gradients -------------------------------------------------------------------------
    def backward(self) -> None:
        """Fill ``.grad`` of every node this one depends on with d(self)/d(node).

        Gradients of the whole graph are set to 0 first, so calling ``backward`` twice gives
        the same numbers (PyTorch instead adds to ``.grad`` on every call).
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):  # outputs before the nodes they were made from
            for parent, local in node.inputs:
                parent.grad += local * node.grad


def topological_order(root: Value) -> list[Value]:
    """Every node ``root`` depends on (itself included), each after all of its inputs."""
    order: list[Value] = []
    seen: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:  # iterative depth-first search: long chains do not hit the recursion limit
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for parent, _ in reversed(node.inputs):
            if id(parent) not in seen:
                stack.append((parent, False))
    return order


# -- drawing -----------------------------------------------------------------------------------

_DX, _DY = 3.2, 1.35       # distance between value columns / rows
_BW, _BH = 1.9, 0.95       # value box width / height
_R = 0.3                   # op circle radius


def _layout(order: list[Value]) -> dict[int, tuple[float, float]]:
    """(x, y) of each value node: columns by depth, rows placed near the nodes they feed."""
    consumers: dict[int, list[tuple[Value, int]]] = {id(n): [] for n in order}
    depth: dict[int, int] = {}
    for node in order:
        depth[id(node)] = 1 + max((depth[id(p)] for p, _ in node.inputs), default=-1)
        for slot, (parent, _) in enumerate(node.inputs):
            consumers[id(parent)].append((node, slot))
    # A leaf sits just left of the first node that uses it, not far away in column 0.
    for node in reversed(order):
        if not node.inputs and consumers[id(node)]:
            depth[id(node)] = min(depth[id(c)] for c, _ in consumers[id(node)]) - 1
    columns: dict[int, list[Value]] = {}
    for node in order:
        columns.setdefault(depth[id(node)], []).append(node)
    pos: dict[int, tuple[float, float]] = {}
    for d in sorted(columns, reverse=True):  # right to left, from the root
        wanted = []
        for k, node in enumerate(columns[d]):
            cons = [(pos[id(c)][1], slot, len(c.inputs)) for c, slot in consumers[id(node)] if id(c) in pos]
            # first input above, second below its consumer
            y = sum(cy + _DY * ((n - 1) / 2 - slot) for cy, slot, n in cons) / len(cons) if cons else 0.0
            wanted.append((y, -k, node))
        wanted.sort(key=lambda t: (t[0], t[1]), reverse=True)
        ys = [wanted[0][0]]
        for y, _, _ in wanted[1:]:
            ys.append(min(y, ys[-1] - _DY))
        shift = sum(w[0] for w in wanted) / len(wanted) - sum(ys) / len(ys)
        for (_, _, node), y in zip(wanted, ys):
            pos[id(node)] = (d * _DX, y + shift)
    return pos


def _box_text(node: Value) -> str:
    head = node.label if node.label else ("" if node.inputs else tr("const"))
    lines = [head] if head else []
    return "\n".join(lines + [f"data {node.data:.4g}", f"grad {node.grad:.4g}"])


def draw_graph(root: Value, ax: Any = None, *, fontsize: float = 9) -> Any:
    """Draw the computational graph that produced ``root``, inputs on the left.

    Value nodes are boxes showing label, data and grad; each operation is a circle between
    its inputs and its result. Call ``root.backward()`` first to see gradients.

    Parameters
    ----------
    root : Value
    ax : matplotlib Axes, optional
        Drawn into; a new figure sized to the graph is made when omitted.
    fontsize : float, default 9

    Returns
    -------
    matplotlib Axes
        Box patches have gid "value", circle patches gid "op".
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, FancyBboxPatch

    if not isinstance(root, Value):
        raise MLCourseError(f"draw_graph expects a Value, received {type(root).__name__} {root!r}.")
    order = topological_order(root)
    pos = _layout(order)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    if ax is None:
        width = (max(xs) - min(xs) + _DX) * 0.95
        height = (max(ys) - min(ys) + _DY) * 0.95
        _, ax = plt.subplots(figsize=(max(3.0, width), max(1.6, height)))

    def edge(start: tuple[float, float], end: tuple[float, float], rad: float = 0.0) -> None:
        ax.annotate("", xy=end, xytext=start, arrowprops=dict(
            arrowstyle="-|>", color="0.35", lw=1.0, shrinkA=0, shrinkB=0, mutation_scale=11,
            connectionstyle=f"arc3,rad={rad}"))

    for node in order:
        x, y = pos[id(node)]
        face = "#cfe3f7" if not node.inputs else ("#d5efd0" if node is root else "#eeeeee")
        ax.add_patch(FancyBboxPatch((x - _BW / 2, y - _BH / 2), _BW, _BH, boxstyle="round,pad=0.02,rounding_size=0.12",
                                    fc=face, ec="0.3", lw=1.0, gid="value"))
        # monospace for the numbers; the families after it supply what it lacks (Hangul labels)
        ax.text(x, y, _box_text(node), ha="center", va="center", fontsize=fontsize,
                family=["monospace", *plt.rcParams["font.family"]])
        if not node.inputs:
            continue
        cx, cy = x - _DX / 2, y
        ax.add_patch(Circle((cx, cy), _R, fc="#fde2b8", ec="0.3", lw=1.0, gid="op"))
        # an operation is a symbol or a function name: the same font in every language
        ax.text(cx, cy, node.op, ha="center", va="center", fontsize=fontsize, weight="bold", family="DejaVu Sans")
        edge((cx + _R, cy), (x - _BW / 2, y))
        counts: dict[int, int] = {}
        for parent, _ in node.inputs:
            counts[id(parent)] = counts.get(id(parent), 0) + 1
        drawn: dict[int, int] = {}
        for parent, _ in node.inputs:
            px, py = pos[id(parent)]
            k, n = drawn.get(id(parent), 0), counts[id(parent)]
            drawn[id(parent)] = k + 1
            # x * x: the same box feeds the op twice; the arrows leave it apart and bend apart
            spread = 0.0 if n == 1 else (2 * k / (n - 1) - 1)
            start = (px + _BW / 2, py + 0.3 * _BH * spread)
            dx, dy = start[0] - cx, start[1] - cy
            dist = math.hypot(dx, dy)
            angle = math.atan2(dy, dx) - 0.6 * spread
            end = (cx + _R * math.cos(angle), cy + _R * math.sin(angle))
            edge(start, end, 0.3 * spread)

    ax.set_xlim(min(xs) - _BW / 2 - 0.2, max(xs) + _BW / 2 + 0.2)
    ax.set_ylim(min(ys) - _BH / 2 - 0.2, max(ys) + _BH / 2 + 0.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
