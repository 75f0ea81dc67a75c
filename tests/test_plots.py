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


def test_path_color_uses_the_course_colour_of_a_named_optimizer():
    from mlcourse.palette import optimizer_color

    assert plots.path_color("Adam") == optimizer_color("adam")
    assert plots.path_color("AdamW", 3) == optimizer_color("adamw")  # not Adam's colour
    assert plots.path_color("Adam (lr 0.01)") == optimizer_color("adam")
    assert plots.path_color("Momentum, momentum 0.9", 5) == optimizer_color("momentum")
    assert plots.path_color("lr = 0.5", 1) == "C1"  # not an optimizer: matplotlib's cycle


def test_plot_contour_colours_optimizer_paths_by_the_palette():
    from matplotlib.colors import to_hex

    from mlcourse.palette import optimizer_color

    path = np.array([[1.0, 1.0], [0.0, 0.0]])
    ax = plots.plot_contour(lambda x, y: x**2 + y**2, (-2, 2), (-2, 2), paths={"SGD": path, "Nesterov": path}, num=20)
    colors = {l.get_label(): to_hex(l.get_color()) for l in ax.get_lines()}
    assert colors == {"SGD": optimizer_color("sgd"), "Nesterov": optimizer_color("nesterov")}


def test_plot_paths_grid_draws_each_path_in_its_own_panel():
    from matplotlib.colors import to_hex

    from mlcourse.palette import optimizer_color

    paths = {"SGD": np.array([[1.0, 1.0], [0.5, 0.5]]), "Adam": np.array([[1.0, -1.0], [0.2, -0.2]]),
             "Momentum": np.array([[-1.0, 1.0], [np.nan, np.nan]])}
    axes = plots.plot_paths_grid(lambda x, y: x**2 + y**2, (-2, 2), (-2, 2), paths, ncols=2)
    assert axes.shape == (2, 2)
    assert [ax.get_title() for ax in axes.flat[:3]] == ["SGD", "Adam", "Momentum"]
    assert not axes.flat[3].axison  # the spare panel is switched off
    adam_panel = axes.flat[1]
    own = [l for l in adam_panel.get_lines() if l.get_marker() == "o"]
    assert len(own) == 1 and to_hex(own[0].get_color()) == optimizer_color("adam")
    assert np.allclose(own[0].get_xydata(), paths["Adam"])
    greys = [l for l in adam_panel.get_lines() if l.get_color() == "0.75"]
    assert len(greys) == 2  # the other two paths, for comparison
    with pytest.raises(Exception, match="at least 3 axes"):
        plots.plot_paths_grid(lambda x, y: x + y, (-1, 1), (-1, 1), paths, axes=axes.flat[:2])


def test_plot_paths_grid_series_panel_draws_one_curve_per_path():
    paths = {"SGD": np.array([[1.0, 1.0], [0.5, 0.5], [0.2, 0.2]]), "Adam": np.array([[1.0, -1.0], [0.2, -0.2], [0.0, 0.0]])}
    f = lambda x, y: x**2 + y**2
    axes = plots.plot_paths_grid(f, (-2, 2), (-2, 2), paths, ncols=3,
                                 series=lambda p: f(*p.T), series_title="f along each path", series_log=True)
    panel = axes.flat[2]
    assert panel.get_title() == "f along each path" and panel.get_yscale() == "log"
    curves = panel.get_lines()
    assert len(curves) == 2
    assert np.allclose(curves[0].get_ydata(), [2.0, 0.5, 0.08])
    with pytest.raises(Exception, match="one for the series"):
        plots.plot_paths_grid(f, (-2, 2), (-2, 2), paths, series=lambda p: p[:, 0], axes=axes.flat[:2])


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


def test_plot_paths_grid_series_legend_names_the_curves_above_them():
    paths = {"SGD": np.array([[1.0, 1.0], [0.5, 0.5], [0.2, 0.2]]), "Adam": np.array([[1.0, -1.0], [0.2, -0.2], [0.1, 0.0]])}
    f = lambda x, y: x**2 + y**2
    plain = plots.plot_paths_grid(f, (-2, 2), (-2, 2), paths, ncols=3, series=lambda p: f(*p.T), series_log=True)
    assert plain.flat[2].get_legend() is None  # no legend unless asked for
    axes = plots.plot_paths_grid(f, (-2, 2), (-2, 2), paths, ncols=3, series=lambda p: f(*p.T), series_log=True,
                                 series_legend=True)
    panel = axes.flat[2]
    assert [t.get_text() for t in panel.get_legend().get_texts()] == ["SGD", "Adam"]
    top = max(line.get_ydata().max() for line in panel.get_lines())
    assert panel.get_ylim()[1] > 2 * top  # room above the curves for the legend


def test_plots_in_korean():
    from mlcourse import set_language
    from mlcourse.i18n import tr

    set_language("ko")
    try:
        ax = plots.plot_confusion_matrix([0, 1, 1], [0, 1, 0])
        assert (ax.get_xlabel(), ax.get_ylabel()) == ("예측 클래스", "실제 클래스")
        ax = plots.plot_history({"loss": [1.0, 0.05], "val_loss": [1.1, 0.07]})
        assert ax.get_xlabel() == tr("epoch") != "epoch"
    finally:
        set_language("en")
        plt.close("all")


def test_history_legend_names_the_log_keys_in_the_selected_language():
    import mlcourse

    history = {"loss": [1.0, 0.5], "val_loss": [1.2, 0.7]}
    english = [t.get_text() for t in plots.plot_history(history).get_legend().get_texts()]
    mlcourse.set_language("ko")
    try:
        korean = [t.get_text() for t in plots.plot_history(history).get_legend().get_texts()]
    finally:
        mlcourse.set_language("en")
    assert english == ["loss", "val_loss"]
    assert korean == ["손실", "검증 손실"]
