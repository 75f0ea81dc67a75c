"""figure_widget: the figure is PNG bytes in an Image widget, changes made while a redraw runs
are coalesced into one more redraw of the newest values, and a redraw of animated artists alone gives
the same picture as drawing the whole figure."""
import io

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

import mlcourse.widgets as mw  # noqa: E402
from mlcourse.widgets import calculus, learning_rate  # noqa: E402


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def full_picture(fig) -> np.ndarray:
    """The figure drawn whole by savefig (animated artists included), as RGB pixels."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi)
    return pixels(buf.getvalue())


def slider_box():
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    slider = widgets.FloatSlider(value=1.0, min=0.0, max=5.0)
    fig = Figure(figsize=(3, 2))
    ax = fig.subplots()
    (line,) = ax.plot([0, 1], [0, 1], animated=True)
    ax.set(xlim=(0, 1), ylim=(0, 5))
    seen = []

    def draw():
        seen.append(slider.value)
        line.set_ydata([0, slider.value])
        return f"value {slider.value:g}"

    box = mw.figure_widget([slider], fig, draw, text=True)
    return box, slider, line, seen


def test_the_figure_is_png_bytes_in_an_image_widget_replaced_on_change():
    import ipywidgets as widgets

    box, slider, line, seen = slider_box()
    assert isinstance(box.image, widgets.Image) and box.image.format == "png"
    first = box.image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert pixels(first).shape[:2] == (200, 300)  # 3 x 2 inches at the figure's 100 dpi
    slider.value = 4.0  # set from Python: drawn at once
    assert seen == [1.0, 4.0] and box.draws == 2
    assert box.image.value != first and box.last_text == "value 4"
    assert "value 4" in box.text.value


def test_changes_during_a_redraw_are_coalesced_and_the_last_wins():
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    a = widgets.IntSlider(value=0)
    b = widgets.IntSlider(value=0)
    fig = Figure(figsize=(2, 2))
    ax = fig.subplots()
    title = ax.set_title("")
    seen = []

    def draw():
        seen.append((a.value, b.value))
        if a.value == 1 and b.value == 0:
            for value in (1, 2, 3):  # three changes while this redraw runs
                b.value = value
        title.set_text(f"{a.value} {b.value}")

    box = mw.figure_widget([a, b], fig, draw)
    a.value = 1
    # one redraw for a's change, then exactly one more for the three changes of b,
    # showing the last of them
    assert seen == [(0, 0), (1, 0), (1, 3)]
    assert box.draws == 3 and not box.pending
    assert title.get_text() == "1 3"


def test_a_redraw_of_the_animated_artists_alone_matches_the_whole_figure():
    box, slider, line, seen = slider_box()
    slider.value = 2.0
    assert box.frames.fast_draws >= 1
    fast = pixels(box.image.value)
    whole = full_picture(box.figure)
    assert fast.shape == whole.shape
    assert np.mean(np.abs(fast - whole)) < 0.5  # same picture (up to antialiasing order)


def test_a_change_of_the_axes_redraws_the_whole_figure():
    box = calculus.step_size_explorer(log10_h=-1.0)
    before = box.frames.full_draws
    box.slider.value = -0.5
    assert box.frames.full_draws == before + 1  # a new step size zooms the left panel: the axes changed
    tangent = calculus.tangent_explorer(x0=0.5)
    full = tangent.frames.full_draws
    tangent.slider.value = 1.0
    assert tangent.frames.full_draws == full and tangent.frames.fast_draws == 1  # only the tangent moved
    assert np.mean(np.abs(pixels(tangent.image.value) - full_picture(tangent.figure))) < 0.5


def test_learning_rate_moves_are_fast_draws_and_match_the_whole_figure():
    box = learning_rate.learning_rate_explorer(lr=0.2)
    full = box.frames.full_draws
    for rate in (0.05, 0.45, 0.9):
        box.lr_slider.value = rate
    assert box.frames.full_draws == full  # the parabola and the axes stayed
    assert np.mean(np.abs(pixels(box.image.value) - full_picture(box.figure))) < 0.5


def test_a_scene_drawn_before_is_restored_without_a_full_draw():
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    slider = widgets.FloatSlider(value=1.0, min=0.0, max=4.0)
    fig = Figure(figsize=(3, 2))
    ax = fig.subplots()
    (line,) = ax.plot([0, 1], [0, 1], animated=True)

    def draw():
        top = 2.0 if slider.value <= 2 else 5.0  # two backgrounds: the y range follows the value
        mw.set_scene(fig, top)
        if ax.get_ylim() != (0.0, top):
            ax.set_ylim(0, top)
        line.set_ydata([0, slider.value])

    box = mw.figure_widget([slider], fig, draw)
    slider.value = 3.0  # new scene: drawn whole
    assert box.frames.full_draws == 2
    slider.value = 1.5  # back to the first scene, though the axes changed: its picture is kept
    assert box.frames.full_draws == 2 and box.frames.fast_draws == 1
    assert np.mean(np.abs(pixels(box.image.value) - full_picture(fig))) < 0.5
    slider.value = 3.5
    assert box.frames.full_draws == 2 and box.frames.fast_draws == 2
    assert np.mean(np.abs(pixels(box.image.value) - full_picture(fig))) < 0.5


def test_korean_widgets_show_korean_labels(korean):
    box = calculus.step_size_explorer()
    ax_secants, ax_errors = box.figure.axes[:2]
    assert ax_errors.get_xlabel() == "간격 h" and "유한 차분의 오차" in ax_errors.get_title()
    assert "부근" in ax_secants.get_title()
    assert [t.get_text() for t in ax_secants.get_legend().get_texts()][1].startswith("접선, 기울기")
    lr = learning_rate.learning_rate_explorer(0.2)
    assert lr.start_slider.description == "시작점 x0"
    assert lr.last_line.startswith("학습률 0.2: 20단계 뒤 f(x) =")
    assert lr.axes[1].get_xlabel() == "단계 k"
