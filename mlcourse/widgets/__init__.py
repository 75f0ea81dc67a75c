"""Widgets for the notebooks.

One module per topic; each imports ipywidgets and matplotlib inside its functions, so
``import mlcourse`` stays light. Widget code only wires controls to package functions: the
plot a widget redraws is a plain function a notebook can also call for a static figure.
"""
