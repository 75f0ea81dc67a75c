"""The playground's matplotlib views: the notebook's static figures and the picture a reader without a kernel sees."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlcourse.playground import Playground  # noqa: E402
from mlcourse.playground import views  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")

# --------------------------------------------------------------------------- views

def test_views_draw_what_the_engine_computes():
    pg = Playground(dataset="xor", hidden=(3, 2), show_test=True)
    pg.step(2)
    ax = views.plot_output(pg, resolution=20)
    assert len(ax.collections) == 2  # train and test points
    img = ax.get_images()[0].get_array()
    np.testing.assert_allclose(img, views.output_rgb(pg, pg.predict_grid(20), False))
    ax = views.plot_network(pg)
    links = ax.collections[0]
    assert len(links.get_segments()) == 2 * 3 + 3 * 2 + 2 * 1
    widths = np.asarray(links.get_linewidths())
    w = np.concatenate([W.ravel() for W, _ in pg.weights()])
    assert np.all(np.diff(widths[np.argsort(np.abs(w))]) >= -1e-12)  # wider for larger |w|
    assert len(ax.get_images()) == sum(pg.layer_sizes)
    ax = views.plot_loss(pg)
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), pg.history["train_loss"])


def test_discretized_output_has_two_colours_only():
    pg = Playground(dataset="circle")
    rgb = views.output_rgb(pg, pg.predict_grid(30), discretize=True)
    assert len(np.unique(rgb.reshape(-1, 3), axis=0)) == 2
    multi = Playground(dataset="spiral", n_classes=3)
    rgb = views.output_rgb(multi, multi.predict_grid(30), discretize=True)
    assert len(np.unique(rgb.reshape(-1, 3), axis=0)) <= 3


def test_dashboard_renders_png_and_rebuilds_when_the_network_changes():
    pg = Playground()
    d = views.Dashboard(pg)
    png = d.to_png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(d.net.images[1]) == 4
    pg.set(hidden=(8, 2, 3))
    d.update(pg)
    assert [len(col) for col in d.net.images] == [2, 8, 2, 3, 1]
    fig = views.draw_playground(pg)
    assert len(fig.axes) == 3




def test_dashboard_legend_tells_training_from_test_points():
    def legends(fig):
        return [[t.get_text() for t in ax.get_legend().get_texts()] for ax in fig.axes if ax.get_legend()]

    points = ["training points (white edge)", "test points (black edge)"]
    assert points in legends(views.draw_playground(Playground(show_test=True)))
    assert legends(views.draw_playground(Playground(show_test=False))) == [["train", "test"]]  # the loss panel's only
