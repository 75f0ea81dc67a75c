"""The digit prediction plot and its explorer: the right bars are coloured, the slider and the mistakes box redraw."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlcourse._checks import MLCourseError  # noqa: E402
from mlcourse.widgets import digits as dg  # noqa: E402


def _data():
    rng = np.random.default_rng(0)
    images = rng.random((5, 8, 8))
    logits = rng.normal(size=(5, 10))
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    labels = probs.argmax(axis=1).copy()
    labels[[1, 3]] = (labels[[1, 3]] + 1) % 10  # two mistakes
    return images, probs, labels


def test_mistake_indices_are_where_argmax_differs():
    images, probs, labels = _data()
    np.testing.assert_array_equal(dg.mistake_indices(probs, labels), [1, 3])


def test_bars_show_the_probabilities_and_colour_the_prediction():
    import matplotlib.colors as mc
    import matplotlib.pyplot as plt

    images, probs, labels = _data()
    ax_img, ax_bar = dg.plot_prediction(images[1], probs[1], int(labels[1]))
    heights = [b.get_height() for b in ax_bar.patches]
    np.testing.assert_allclose(heights, probs[1])
    pred = int(probs[1].argmax())
    assert mc.to_hex(ax_bar.patches[pred].get_facecolor()) == mc.to_hex("tab:red")      # wrong: red
    assert mc.to_hex(ax_bar.patches[labels[1]].get_edgecolor()) == mc.to_hex("tab:green")  # true class outlined
    assert "true" in ax_img.get_title() and str(pred) in ax_img.get_title()
    plt.close(ax_img.figure)
    _, ax_bar = dg.plot_prediction(images[0].ravel(), probs[0], int(labels[0]))   # flat image, right answer
    assert mc.to_hex(ax_bar.patches[int(probs[0].argmax())].get_facecolor()) == mc.to_hex("tab:blue")
    plt.close(ax_bar.figure)


def test_bad_inputs_name_the_value():
    images, probs, labels = _data()
    with pytest.raises(MLCourseError, match="63"):
        dg.plot_prediction(np.zeros(63), probs[0])
    with pytest.raises(MLCourseError, match="label"):
        dg.plot_prediction(images[0], probs[0], 10)
    with pytest.raises(MLCourseError, match="between 0 and 1"):
        dg.plot_prediction(images[0], probs[0] * 5)
    with pytest.raises(MLCourseError, match="same number of rows"):
        dg.prediction_explorer(images[:3], probs, labels)


def test_explorer_follows_the_slider_and_the_mistakes_box():
    images, probs, labels = _data()
    box = dg.prediction_explorer(images, probs, labels)
    bars = lambda: [b.get_height() for b in box.axes[1].patches]  # noqa: E731
    np.testing.assert_allclose(bars(), probs[0])
    box.slider.value = 4
    assert box.current() == 4
    np.testing.assert_allclose(bars(), probs[4])
    box.mistakes_box.value = True
    assert box.slider.max == 1 and box.current() == 1
    np.testing.assert_allclose(bars(), probs[1])
    box.slider.value = 1
    assert box.current() == 3
    np.testing.assert_allclose(bars(), probs[3])
    box.mistakes_box.value = False
    assert box.slider.max == 4


def test_prediction_explorer_in_korean(korean):
    images = np.zeros((3, 16))
    probs = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])
    box = dg.prediction_explorer(images, probs, np.array([0, 0, 1]))
    ax_img, ax_bar = box.axes
    assert box.slider.description == "테스트 이미지" and box.mistakes_box.description == "틀린 2개만"
    assert ax_img.get_title() == "정답 0, 예측 0" and ax_bar.get_title() == "테스트 이미지 0"
    box.mistakes_box.value = True
    assert box.slider.description == "틀린 예" and ax_img.get_title() == "정답 0, 예측 1"
    assert (ax_bar.get_xlabel(), ax_bar.get_ylabel()) == ("클래스", "확률")
