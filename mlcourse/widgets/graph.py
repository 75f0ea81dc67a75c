"""Computational graphs you can change (notebook 07): pick the inputs of a small computation
and see every node's value and gradient on its graph.

Two examples, each built from :class:`mlcourse.autodiff.Value` and differentiated by its
``backward()``:

- ``"square"``: ``z = (x + y)^2`` with inputs ``x``, ``y``;
- ``"bill"``: the shopping bill ``total = (apple price * apples + orange price * oranges) * tax``.

- :func:`build_graph` builds one example for given inputs and runs ``backward()``.
- :func:`plot_graph` draws it with :func:`mlcourse.autodiff.draw_graph` (the static figure).
- :func:`graph_explorer` puts one slider per input in front of :func:`plot_graph`.

matplotlib and ipywidgets are imported inside the functions.
"""
from __future__ import annotations

from ..autodiff import Value, draw_graph
from .._checks import MLCourseError
from ..i18n import N_, tr
from . import figure_widget

#: example -> ((input name, default, slider min, slider max, slider step), ...)
EXAMPLES = {
    "square": (("x", 1.0, -3.0, 3.0, 0.5), ("y", 2.0, -3.0, 3.0, 0.5)),
    "bill": (("apple price", 100.0, 0.0, 300.0, 10.0), ("apples", 2.0, 0.0, 10.0, 1.0),
             ("orange price", 150.0, 0.0, 300.0, 10.0), ("oranges", 3.0, 0.0, 10.0, 1.0),
             ("tax", 1.1, 1.0, 1.3, 0.01)),
}
FIGSIZE = {"square": (9.5, 2.7), "bill": (11.5, 4.9)}
#: The names of the bill's inputs and results, as the graph and the sliders show them.
NAMES = (N_("apple price"), N_("apples"), N_("orange price"), N_("oranges"), N_("tax"), N_("apple cost"),
         N_("orange cost"), N_("subtotal"), N_("total"))


def _shown(name: str) -> str:
    """``name`` in the selected language (a name of :data:`NAMES`; others, like ``x``, stay)."""
    return tr(name) if name in NAMES else name


def _inputs(example: str, values: dict) -> dict:
    if example not in EXAMPLES:
        raise MLCourseError(f"Unknown example {example!r}. Choose one of: {', '.join(EXAMPLES)}.")
    names = [spec[0] for spec in EXAMPLES[example]]
    unknown = [k for k in values if k not in names]
    if unknown:
        raise MLCourseError(f"The {example!r} graph has no input {unknown[0]!r}. Its inputs: {', '.join(names)}.")
    return {spec[0]: float(values.get(spec[0], spec[1])) for spec in EXAMPLES[example]}


def build_graph(example: str = "bill", **values) -> tuple[Value, dict[str, Value]]:
    """Build ``example`` with the given inputs (defaults for the others) and call ``backward()``.

    Input names with a space are passed through a dict: ``build_graph("bill", **{"apple price": 120})``.
    Returns ``(root, nodes)``: the output ``Value`` and every labelled node by its label.
    """
    v = _inputs(example, values)
    leaves = {name: Value(x, name) for name, x in v.items()}
    if example == "square":
        s = leaves["x"] + leaves["y"];  s.label = "s"
        root = s ** 2;                  root.label = "z"
        inner = [s]
    else:
        apple_cost = leaves["apple price"] * leaves["apples"];      apple_cost.label = "apple cost"
        orange_cost = leaves["orange price"] * leaves["oranges"];   orange_cost.label = "orange cost"
        subtotal = apple_cost + orange_cost;                        subtotal.label = "subtotal"
        root = subtotal * leaves["tax"];                            root.label = "total"
        inner = [apple_cost, orange_cost, subtotal]
    root.backward()
    nodes = {**leaves, **{n.label: n for n in inner}, root.label: root}
    return root, nodes


def plot_graph(example: str = "bill", ax=None, fontsize: float = 8, **values):
    """Draw the graph of ``example`` for the given inputs, with every value and gradient.

    Returns the axes (see :func:`mlcourse.autodiff.draw_graph`).
    """
    root, nodes = build_graph(example, **values)
    for node in nodes.values():  # the labels drawn; the graph is this function's own
        node.label = _shown(node.label)
    if ax is None:
        import matplotlib.pyplot as plt

        _fig, ax = plt.subplots(figsize=FIGSIZE[example])
    draw_graph(root, ax=ax, fontsize=fontsize)
    output = "z" if example == "square" else "total"
    ax.set_title(tr("every grad is d {output} / d (that box)", output=_shown(output)), fontsize=fontsize + 1)
    return ax


def graph_explorer(example: str = "bill", fontsize: float = 8):
    """One slider per input of ``example``; the graph is rebuilt and redrawn on every change.

    Returns an ipywidgets ``VBox``; its attributes ``sliders`` (input name -> slider),
    ``figure`` and ``state`` (``state["nodes"]``: label -> ``Value`` of the graph drawn last)
    let code and tests drive it.
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    _inputs(example, {})
    sliders = {}
    for name, default, lo, hi, step in EXAMPLES[example]:
        sliders[name] = widgets.FloatSlider(value=default, min=lo, max=hi, step=step, description=_shown(name),
                                            readout_format=".2f" if step < 1 else ".0f",
                                            style={"description_width": "initial"},
                                            layout=widgets.Layout(width="310px"))
    fig = Figure(figsize=FIGSIZE[example])
    ax = fig.add_subplot()
    state: dict = {}

    def draw():
        ax.clear()
        values = {name: s.value for name, s in sliders.items()}
        plot_graph(example, ax=ax, fontsize=fontsize, **values)
        state["nodes"] = build_graph(example, **values)[1]

    box = figure_widget(list(sliders.values()), fig, draw)
    row = box.children[0]
    if isinstance(row, widgets.HBox):  # five sliders do not fit one row: let them wrap
        row.layout.flex_flow = "row wrap"
    box.sliders, box.state = sliders, state
    return box
