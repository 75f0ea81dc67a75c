"""Widgets for the notebooks.

One module per topic; each imports ipywidgets and matplotlib inside its functions, so
``import mlcourse`` stays light. Widget code only wires controls to package functions: the
plot a widget redraws is a plain function a notebook can also call for a static figure.
"""


def figure_widget(controls, fig, draw):
    """Wire ``controls`` to a matplotlib ``fig`` shown in an ``Output`` widget.

    ``draw()`` redraws ``fig`` from the controls' current values; it runs once now and again
    whenever a control's value changes. Returns an ipywidgets ``VBox`` (the controls in a row,
    then the figure) whose ``figure`` attribute is ``fig``, so code and tests can drive it.
    """
    import ipywidgets as widgets
    from IPython.display import display

    out = widgets.Output()

    def redraw(*_):
        draw()
        fig.tight_layout()
        with out:
            out.clear_output(wait=True)
            display(fig)

    for control in controls:
        control.observe(redraw, names="value")
    redraw()
    row = controls[0] if len(controls) == 1 else widgets.HBox(list(controls))
    box = widgets.VBox([row, out])
    box.figure = fig
    return box
