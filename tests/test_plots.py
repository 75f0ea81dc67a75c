"""The shared plot helpers draw what they promise and return their axes."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlcourse import plots  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_confusion_matrix_counts_by_hand():
    # true 0,0,1,2 predicted 0,1,1,2: (0,0)=1, (0,1)=1, (1,1)=1, (2,2)=1
    cm = plots.confusion_matrix([0, 0, 1, 2], [0, 1, 1, 2])
    assert cm.tolist() == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
    assert cm.sum() == 4


def test_plot_function_draws_function_and_derivative():
    ax = plots.plot_function(np.tanh, derivative=lambda x: 1 - np.tanh(x) ** 2, label="tanh")
    lines = [l for l in ax.get_lines() if l.get_label() in ("tanh", "d/dx tanh")]
    assert len(lines) == 2
    x, y = lines[1].get_data()
    assert np.isclose(y[np.argmin(abs(x))], 1.0)


def test_decision_boundary_accepts_function_and_multiclass_output():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    ax = plots.plot_decision_boundary(lambda g: (g[:, 0] > 0.5).astype(float), X, [0, 1, 1], resolution=20)
    assert ax.collections, "nothing was drawn"
    probs = lambda g: np.column_stack([g[:, 0], g[:, 1], 1 - g[:, 0]])
    ax = plots.plot_decision_boundary(probs, X, [0, 1, 2], resolution=20)
    assert ax.get_xlabel() == "x1"


def test_plot_history_draws_loss_and_val_loss():
    ax = plots.plot_history({"loss": [3, 2, 1], "val_loss": [3.5, 2.5, 2.0]})
    assert [l.get_label() for l in ax.get_lines()] == ["loss", "val_loss"]
    assert list(ax.get_lines()[0].get_xdata()) == [1, 2, 3]


def test_plot_contour_with_paths_and_images_grid():
    path = np.array([[1.0, 1.0], [0.5, 0.5], [0.0, 0.0]])
    ax = plots.plot_contour(lambda x, y: x**2 + y**2, (-2, 2), (-2, 2), paths={"gd": path}, num=30)
    assert ax.get_legend().get_texts()[0].get_text() == "gd"
    axes = plots.plot_images(np.zeros((3, 64)), labels=[1, 2, 3], predictions=[1, 0, 3], ncols=3)
    assert [a.get_title() for a in axes] == ["1 → 1", "2 → 0", "3 → 3"]
    assert axes[1].title.get_color() == "tab:red"


def test_label_points_places_labels_without_overlaps_in_a_dense_cluster():
    import matplotlib
    import matplotlib.pyplot as plt

    matplotlib.use("Agg")
    rng = np.random.default_rng(0)
    points = np.vstack([rng.normal(0, 0.02, size=(12, 2)), rng.normal(1, 0.3, size=(8, 2))])
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.scatter(points[:, 0], points[:, 1])
    ax.set(xlim=(-0.5, 2), ylim=(-0.5, 2))
    words = [f"word{i}" for i in range(len(points))]
    plots.label_points(points, words, ax=ax)
    texts = [t for t in ax.texts if t.get_text() in words]
    assert sorted(t.get_text() for t in texts) == sorted(words)          # every label once
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    # the text's own box (an Annotation's extent would include its leader line)
    boxes = [matplotlib.text.Text.get_window_extent(t, renderer) for t in texts]
    overlapping = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.overlaps(b)]
    assert overlapping == []
    plt.close(fig)


def test_label_points_names_a_shape_mismatch():
    with pytest.raises(ValueError, match="3 labels"):
        plots.label_points(np.zeros((2, 2)), ["a", "b", "c"])
