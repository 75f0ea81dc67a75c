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


def test_mistyped_inputs_are_refused_with_a_message():
    from mlcourse import plots
    from mlcourse._checks import MLCourseError

    with pytest.raises(MLCourseError, match="takes the History that fit returns"):
        plots.plot_history(5)
    with pytest.raises(MLCourseError, match="no key 'accc' in the history; it has 'loss'"):
        plots.plot_history({"loss": [1.0, 0.5]}, keys=["accc"])
    with pytest.raises(MLCourseError, match="y_pred must hold whole class numbers, received 0.7"):
        plots.confusion_matrix([0, 1], [0.7, 1.0])  # no silent truncation to 0
    with pytest.raises(MLCourseError, match="y_true has 2 labels but y_pred has 3"):
        plots.confusion_matrix([0, 1], [0, 1, 1])
    with pytest.raises(MLCourseError, match="resolution must be a whole number >= 2"):
        plots.grid_over(np.ones((3, 2)), resolution=0)
    with pytest.raises(MLCourseError, match="images must be 2-D or 3-D"):
        plots.plot_images(np.ones(5))
