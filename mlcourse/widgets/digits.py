"""What a digit classifier sees and says: one test image next to its predicted probabilities.

``plot_prediction`` draws an image and a bar chart of the class probabilities (the static
figure of notebook 15); ``prediction_explorer`` wires a slider over the test images (and a
checkbox to step through the mistakes only) to that same plot. The probabilities are
computed once by the notebook (``model.predict(X_test)``), so moving the slider only redraws.
matplotlib and ipywidgets are imported inside the functions.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from mlcourse._checks import MLCourseError
from mlcourse.i18n import tr

__all__ = ["plot_prediction", "mistake_indices", "prediction_explorer"]


def _square(image: Any) -> np.ndarray:
    """(H, W) stays; a flat (H*W,) square image becomes (H, W)."""
    image = np.asarray(image, dtype=np.float64)
    if image.ndim == 1:
        side = int(round(np.sqrt(image.size)))
        if side * side != image.size:
            raise MLCourseError(f"A flat image must have a square number of pixels, received {image.size}.")
        image = image.reshape(side, side)
    if image.ndim != 2:
        raise MLCourseError(f"An image must have shape (H, W) or (H*W,), received shape {image.shape}.")
    return image


def _check_probs(probs: Any) -> np.ndarray:
    p = np.asarray(probs, dtype=np.float64)
    if p.ndim != 1 or p.size < 2:
        raise MLCourseError(f"probs must be one probability per class, shape (K,), received shape {p.shape}.")
    if not np.all(np.isfinite(p)) or p.min() < 0 or p.max() > 1:
        raise MLCourseError(f"probs must lie between 0 and 1, received values from {p.min()} to {p.max()}.")
    return p


def plot_prediction(image: Any, probs: Any, label: int | None = None, *, class_names: Sequence[str] | None = None,
                    axes=None):
    """Show ``image`` and a bar chart of ``probs``.

    image: (H, W) or (H*W,); probs: (K,) class probabilities; label: the true class or None.
    The predicted class (the tallest bar) is blue when right and red when wrong; the true
    class is outlined in green. Returns the two axes ``(image_ax, bar_ax)``.
    """
    import matplotlib.pyplot as plt

    img = _square(image)
    p = _check_probs(probs)
    k = p.size
    if label is not None and not (isinstance(label, (int, np.integer)) and 0 <= label < k):
        raise MLCourseError(f"label must be a class number in 0 .. {k - 1} or None, received {label!r}.")
    names = [str(i) for i in range(k)] if class_names is None else [str(c) for c in class_names]
    if len(names) != k:
        raise MLCourseError(f"class_names must name the {k} classes, received {len(names)} names.")
    if axes is None:
        _fig, axes = plt.subplots(1, 2, figsize=(7, 2.8), gridspec_kw={"width_ratios": [1, 2.2]}, layout="constrained")
    ax_img, ax_bar = axes
    pred = int(np.argmax(p))
    right = label is None or pred == label
    ax_img.imshow(img, cmap="gray_r")
    ax_img.set_xticks([])
    ax_img.set_yticks([])
    if label is None:
        title = tr("predicted {pred}", pred=names[pred])
    else:
        title = tr("true {true}, predicted {pred}", true=names[label], pred=names[pred])
    ax_img.set_title(title, fontsize=10, color="k" if right else "tab:red")
    colors = ["lightgray"] * k
    colors[pred] = "tab:blue" if right else "tab:red"
    bars = ax_bar.bar(np.arange(k), p, color=colors)
    if label is not None:
        bars[label].set_edgecolor("tab:green")
        bars[label].set_linewidth(2.5)
    ax_bar.set(xticks=np.arange(k), xticklabels=names, ylim=(0, 1.05), xlabel=tr("class"), ylabel=tr("probability"))
    ax_bar.text(pred, min(p[pred] + 0.03, 0.98), f"{p[pred]:.2f}", ha="center", va="bottom", fontsize=9)
    return ax_img, ax_bar


def mistake_indices(probs: Any, labels: Any) -> np.ndarray:
    """Indices where ``argmax(probs, axis=1) != labels``. probs: (N, K); labels: (N,)."""
    p = np.asarray(probs)
    y = np.asarray(labels)
    if p.ndim != 2 or y.shape != (p.shape[0],):
        raise MLCourseError(f"Expected probs (N, K) and labels (N,), received shapes {p.shape} and {y.shape}.")
    return np.flatnonzero(p.argmax(axis=1) != y)


def prediction_explorer(images: Any, probs: Any, labels: Any, *, start: int = 0,
                        class_names: Sequence[str] | None = None):
    """A slider over the images (and a checkbox for mistakes only) redrawing :func:`plot_prediction`.

    images: (N, H, W) or (N, H*W); probs: (N, K), e.g. ``model.predict(X_test)``; labels: (N,).
    The image, the bars and the titles are updated in place and drawn alone over the kept
    axes. Returns an ``ipywidgets.VBox`` that also carries ``slider``, ``mistakes_box``,
    ``figure``, ``axes`` and ``current()`` (the index shown).
    """
    import ipywidgets as w
    from matplotlib.figure import Figure

    from . import figure_widget

    images = np.asarray(images)
    probs = np.asarray(probs, dtype=np.float64)
    labels = np.asarray(labels)
    if len(images) != len(probs) or len(images) == 0:
        raise MLCourseError(f"images and probs must have the same number of rows (at least 1), "
                            f"received {len(images)} and {len(probs)}.")
    mistakes = mistake_indices(probs, labels)
    slider = w.IntSlider(value=int(start), min=0, max=len(images) - 1, description=tr("test image"))
    mistakes_box = w.Checkbox(value=False, description=tr("only the {n} mistakes", n=len(mistakes)),
                              disabled=len(mistakes) == 0)
    fig = Figure(figsize=(7, 2.8), layout="constrained")
    axes = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 2.2]})
    ax_img, ax_bar = axes
    first = int(start)
    plot_prediction(images[first], probs[first], int(labels[first]), class_names=class_names, axes=axes)
    ax_bar.set_title(" ", fontsize=10)
    picture = ax_img.images[0]
    picture.set_clim(float(images.min()), float(images.max()))  # one grey scale for every image
    bars = list(ax_bar.patches)
    value = ax_bar.texts[0]
    for artist in [picture, *bars, value, ax_img.title, ax_bar.title]:
        artist.set_animated(True)
    k = probs.shape[1]
    names = [str(i) for i in range(k)] if class_names is None else [str(c) for c in class_names]

    def index() -> int:
        return int(mistakes[slider.value]) if mistakes_box.value else int(slider.value)

    def on_mode(_change=None):
        slider.max = (len(mistakes) - 1) if mistakes_box.value else len(images) - 1
        slider.description = tr("mistake") if mistakes_box.value else tr("test image")
        if mistakes_box.value and slider.value != 0:
            slider.value = 0  # redraws through the slider
        else:
            box.redraw()

    def draw():
        i = index()
        p, label = probs[i], int(labels[i])
        pred = int(np.argmax(p))
        right = pred == label
        picture.set_data(_square(images[i]))
        for j, bar in enumerate(bars):
            bar.set_height(p[j])
            bar.set_facecolor(("tab:blue" if right else "tab:red") if j == pred else "lightgray")
            bar.set_edgecolor("tab:green" if j == label else "none")
            bar.set_linewidth(2.5 if j == label else 0)
        value.set_position((pred, min(p[pred] + 0.03, 0.98)))
        value.set_text(f"{p[pred]:.2f}")
        ax_img.title.set_text(tr("true {true}, predicted {pred}", true=names[label], pred=names[pred]))
        ax_img.title.set_color("k" if right else "tab:red")
        ax_bar.title.set_text(tr("test image {i}", i=i))

    box = figure_widget([slider], fig, draw, layout="constrained", rows=[[slider, mistakes_box]])
    mistakes_box.observe(on_mode, names="value")
    box.mistakes_box, box.slider, box.axes = mistakes_box, slider, axes
    box.current = index
    return box
