"""The playground's engine (training, divergence, oscillation, weight editing) and its export as code."""
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from mlcourse import optimizers  # noqa: E402
from mlcourse._checks import MLCourseError  # noqa: E402
from mlcourse.playground import Playground, PlaygroundState, expand_features, scheduled_rate  # noqa: E402
from mlcourse.playground import state as pstate  # noqa: E402
from mlcourse.playground import views  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")

# --------------------------------------------------------------------------- training

@pytest.mark.parametrize("dataset", ["xor", "circle"])
def test_loss_falls_when_controls_are_set_and_the_network_steps(dataset):
    pg = Playground(dataset=dataset)
    pg.set(hidden=(6, 4), activation="tanh", learning_rate=0.03, batch_size=10)
    start = pg.train_loss
    pg.step(60)
    assert pg.epoch == 60
    assert pg.train_loss < 0.3 * start
    assert pg.test_loss < 0.5 * start
    assert pg.history["test_acc"][-1] > 0.9



def test_training_is_deterministic_for_a_state():
    a, b = Playground(dataset="moons", dropout=0.1), Playground(dataset="moons", dropout=0.1)
    a.step(5)
    b.step(5)
    assert a.history == b.history
    np.testing.assert_array_equal(a.predict_grid(20), b.predict_grid(20))
    c = Playground(dataset="moons", dropout=0.1, seed=1)
    c.step(5)
    assert c.history != a.history


def test_live_settings_keep_training_and_structural_ones_reset():
    pg = Playground()
    pg.step(3)
    pg.set(learning_rate=0.1, batch_size=20, show_test=True)
    assert pg.epoch == 3 and pg.model.optimizer.learning_rate == 0.1
    pg.step(1)
    assert pg.history["learning_rate"][-1] == 0.1
    pg.set(activation="relu")
    assert pg.epoch == 0 and pg.history["epoch"] == [0]
    assert pg.model.layers[0].activation.name == "relu"


def test_reset_starts_from_the_same_weights_and_regenerate_changes_the_data():
    pg = Playground()
    w0 = pg.model.get_weights()
    pg.step(2)
    pg.reset()
    for a, b in zip(w0, pg.model.get_weights()):
        np.testing.assert_array_equal(a, b)
    X = pg.X_train.copy()
    pg.regenerate()
    assert pg.state.seed == 1 and not np.array_equal(X, pg.X_train)


def test_network_shape_follows_the_settings():
    pg = Playground(features=("x1", "x2", "x1^2"), hidden=(3, 5, 2), dropout=0.2, regularization="l2", reg_rate=0.01)
    assert pg.layer_sizes == (3, 3, 5, 2, 1)
    kinds = [type(layer).__name__ for layer in pg.model.layers]
    assert kinds == ["Dense", "Dropout", "Dense", "Dropout", "Dense", "Dropout", "Dense"]
    assert all(d.kernel_regularizer.l2 == 0.01 for d in pg.model.layers if type(d).__name__ == "Dense")
    assert Playground(hidden=()).layer_sizes == (2, 1)


def test_initializations_and_the_symmetry_of_zeros():
    spreads = {}
    for init in pstate.INITIALIZERS:
        W = Playground(init=init, hidden=(8, 8)).model.layers[1].params["W"]
        spreads[init] = float(W.std())
    assert spreads["zeros"] == 0.0
    assert spreads["normal_0.01"] == pytest.approx(0.01, rel=0.3)
    assert spreads["normal_1"] == pytest.approx(1.0, rel=0.3)
    assert spreads["he"] == pytest.approx(math.sqrt(2 / 8), rel=0.3)
    # zero weights: every hidden unit of a layer computes the same thing, before and after training
    pg = Playground(init="zeros", hidden=(4,), activation="tanh")
    pg.step(5)
    units = pg.hidden_unit_outputs(10)[0]
    np.testing.assert_allclose(units, np.broadcast_to(units[:1], units.shape), atol=1e-12)


@pytest.mark.parametrize("optimizer", pstate.OPTIMIZERS)
def test_every_optimizer_trains_with_its_class_from_mlcourse(optimizer):
    from mlcourse import optimizers

    pg = Playground(dataset="gaussian", optimizer=optimizer, learning_rate=0.01)
    assert isinstance(pg.model.optimizer, optimizers.OPTIMIZERS[optimizer])
    start = pg.train_loss
    pg.step(5)
    assert pg.train_loss < start


def test_loss_follows_the_problem_and_notes_a_misfit():
    assert Playground(dataset="circle").model.loss.__class__.__name__ == "BinaryCrossentropy"
    spiral = Playground(dataset="spiral", n_classes=3)
    assert spiral.layer_sizes[-1] == 3 and spiral.loss_name == "softmax_crossentropy"
    spiral = Playground(dataset="spiral", n_classes=3, loss="binary_crossentropy")
    assert spiral.loss_name == "softmax_crossentropy" and "needs 2 classes" in spiral.notes[0]
    sine = Playground(dataset="sine", loss="softmax_crossentropy")
    assert sine.loss_name == "mse" and sine.layer_sizes[-1] == 1 and sine.notes
    mse3 = Playground(dataset="spiral", n_classes=3, loss="mse")
    assert mse3.T_train.shape == (len(mse3.X_train), 3)  # one-hot targets
    mse3.step(2)
    assert np.isfinite(mse3.train_loss)


def test_schedules_by_hand():
    s = PlaygroundState(learning_rate=0.1, schedule_epochs=10)
    assert scheduled_rate(s, 25) == 0.1
    step = s.replace(schedule="step")
    assert [scheduled_rate(step, e) for e in (0, 9, 10, 25)] == pytest.approx([0.1, 0.1, 0.05, 0.025])
    expo = s.replace(schedule="exponential")
    assert scheduled_rate(expo, 10) == pytest.approx(0.05) and scheduled_rate(expo, 5) == pytest.approx(0.1 / 2 ** 0.5)
    cos = s.replace(schedule="cosine")
    # 0.1 * (0.01 + 0.99 * (1 + cos(pi * 5 / 10)) / 2) = 0.1 * (0.01 + 0.495) = 0.0505
    assert [scheduled_rate(cos, e) for e in (0, 5, 10, 50)] == pytest.approx([0.1, 0.0505, 0.001, 0.001])
    pg = Playground(learning_rate=0.1, schedule="step", schedule_epochs=2)
    pg.step(5)
    # entry e is the rate the optimizer held when epoch e ended (entry 0: before training)
    assert pg.history["learning_rate"] == pytest.approx([0.1, 0.1, 0.1, 0.05, 0.05, 0.025])


def test_features_by_hand():
    X = np.array([[1.0, 2.0], [-3.0, 0.5]])
    F = expand_features(X, pstate.FEATURES)
    expected = [[1, 2, 1, 4, 2, np.sin(1), np.sin(2)], [-3, 0.5, 9, 0.25, -1.5, np.sin(-3), np.sin(0.5)]]
    np.testing.assert_allclose(F, expected)
    # the state keeps features in the canonical order, whatever order they were given in
    assert PlaygroundState(features=["sin(x2)", "x1"]).features == ("x1", "sin(x2)")


def test_circle_is_separable_with_squares_and_no_hidden_layer():
    pg = Playground(dataset="circle", features=("x1^2", "x2^2"), hidden=(), learning_rate=0.03)
    pg.step(30)
    assert pg.history["test_acc"][-1] > 0.97
    plain = Playground(dataset="circle", hidden=(), learning_rate=0.03)
    plain.step(30)
    assert plain.history["test_acc"][-1] < 0.8


def test_own_data_classes_and_regression():
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(60, 2))
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0).astype(int)  # classes 0, 1, 2
    pg = Playground().set_data(X, y)
    assert pg.task == "classification" and pg.n_classes == 3 and pg.layer_sizes[-1] == 3
    assert len(pg.X_train) + len(pg.X_test) == 60
    x0, x1, y0, y1 = pg.extent
    assert x0 < X[:, 0].min() and x1 > X[:, 0].max() and y0 < X[:, 1].min()
    pg.step(3)
    assert pg.predict_grid(16).shape == (16, 16, 3)
    reg = Playground().set_data(X, X[:, 0] * 0.5)
    assert reg.task == "regression" and reg.y_train.shape[1] == 1 and reg.predict_grid(8).shape == (8, 8)
    with pytest.raises(MLCourseError, match="custom_X"):
        Playground().set_data(X[:, :1], y)


def test_divergence_is_reported_not_raised():
    pg = Playground(dataset="plane", learning_rate=3.0)
    pg.step(50)
    assert pg.diverged
    assert pg.message.startswith("Training diverged at epoch ")
    assert "Try a smaller learning rate (now 3)" in pg.message
    epoch = pg.epoch
    pg.step(5)  # nothing more happens
    assert pg.epoch == epoch
    d = views.Dashboard(pg)
    assert d.warning.get_visible() and "diverged" in d.warning.get_text()
    pg.set(learning_rate=0.01)
    assert pg.diverged  # a live change does not clear it; reset does
    pg.reset()
    assert not pg.diverged and pg.message == ""
    d.update(pg)
    assert not d.warning.get_visible()


# --------------------------------------------------------------------------- export as code

def _run_code(pg, **kwargs):
    ns = {}
    exec(compile(pg.to_code(**kwargs), "<playground>", "exec"), ns)
    return ns


@pytest.mark.parametrize("state", [
    PlaygroundState(),
    PlaygroundState(dataset="xor", hidden=(), features=("x1*x2",)),
    PlaygroundState(dataset="spiral", n_classes=3, hidden=(5, 3), dropout=0.1, regularization="l2", reg_rate=0.01,
                    init="normal_0.01", optimizer="momentum", schedule="exponential", schedule_epochs=5),
    PlaygroundState(dataset="spiral", n_classes=3, loss="mse", init="zeros", schedule="cosine"),
    PlaygroundState(dataset="sine", hidden=(6,), activation="relu", optimizer="adadelta", schedule="step"),
    PlaygroundState(dataset="moons", loss="mse", regularization="l1", reg_rate=0.001, init="normal_1"),
], ids=["default", "xor-no-hidden", "spiral-dropout", "spiral-mse", "sine", "moons-mse"])
def test_exported_code_runs_and_rebuilds_the_same_network(state):
    pg = Playground(state)
    pg.step(2)
    ns = _run_code(pg, epochs=2)
    model = ns["model"]
    assert [w.shape for w in model.get_weights()] == [w.shape for w in pg.model.get_weights()]
    assert [type(layer).__name__ for layer in model.layers] == [type(layer).__name__ for layer in pg.model.layers]
    np.testing.assert_array_equal(ns["X_train"], pg.X_train)
    np.testing.assert_array_equal(ns["F_test"], pg.F_test)
    assert type(model.optimizer) is type(pg.model.optimizer) and type(model.loss) is type(pg.model.loss)
    assert len(ns["history"].history["loss"]) == 2


def test_exported_code_with_weights_is_the_network_on_screen():
    pg = Playground(dataset="spiral", n_classes=3, hidden=(5,))
    pg.step(4)
    model = _run_code(pg, include_weights=True)["model"]
    P = np.array([[0.5, -1.0], [3.0, 2.0], [-4.0, 0.0]])
    np.testing.assert_allclose(model.predict(expand_features(P, pg.state.features)), pg.predict(P), rtol=1e-12)


def test_exported_code_for_own_data_runs():
    X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [-1.0, -1.5], [0.5, 0.25], [1.5, -0.5]])
    pg = Playground().set_data(X, [0, 1, 0, 1, 1, 0])
    ns = _run_code(pg, epochs=1)
    np.testing.assert_array_equal(ns["X"], X)
    assert [w.shape for w in ns["model"].get_weights()] == [w.shape for w in pg.model.get_weights()]


def test_fresh_exported_model_starts_from_the_playgrounds_initial_weights():
    pg = Playground(dataset="xor")
    ns = {}
    code = pg.to_code().split("history = model.fit")[0]
    exec(code, ns)
    for a, b in zip(ns["model"].get_weights(), pg.model.get_weights()):
        np.testing.assert_array_equal(a, b)


# --------------------------------------------------------------------------- random settings

_states = st.builds(
    PlaygroundState,
    dataset=st.sampled_from(pstate.CLASSIFICATION + pstate.REGRESSION),
    n_classes=st.integers(2, 6),
    n_points=st.integers(20, 80),
    noise=st.integers(0, 50),
    train_ratio=st.integers(10, 90),
    batch_size=st.integers(1, 64),
    seed=st.integers(0, 1000),
    features=st.lists(st.sampled_from(pstate.FEATURES), min_size=1, max_size=7, unique=True).map(tuple),
    hidden=st.lists(st.integers(1, 8), min_size=0, max_size=6).map(tuple),
    activation=st.sampled_from(pstate.ACTIVATIONS),
    init=st.sampled_from(pstate.INITIALIZERS),
    optimizer=st.sampled_from(pstate.OPTIMIZERS),
    learning_rate=st.sampled_from(pstate.LEARNING_RATES),
    schedule=st.sampled_from(pstate.SCHEDULES),
    regularization=st.sampled_from(pstate.REGULARIZATIONS),
    reg_rate=st.sampled_from(pstate.REG_RATES),
    dropout=st.sampled_from(pstate.DROPOUT_RATES),
    loss=st.sampled_from(pstate.LOSSES),
    show_test=st.booleans(),
    discretize=st.booleans(),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(state=_states)
def test_random_settings_never_raise(state):
    pg = Playground(state)
    pg.step(1)
    grid = pg.predict_grid(12)
    assert grid.shape[:2] == (12, 12)
    units = pg.hidden_unit_outputs(6)
    assert [u.shape[0] for u in units] == list(state.hidden)
    d = views.Dashboard(pg, resolution=12)
    d.to_png()
    plt.close("all")
    losses = pg.history["train_loss"] + pg.history["test_loss"]
    if not all(np.isfinite(losses)):
        assert pg.diverged and pg.message  # a divergence is reported
    assert PlaygroundState.from_json(pg.to_json()) == state


# --------------------------------------------------------------------------- oscillation and editing

def test_oscillation_is_reported_with_advice():
    pg = Playground(dataset="xor", learning_rate=10.0)
    pg.step(60)
    assert pg.oscillating and not pg.diverged
    assert "smaller learning rate (now 10)" in pg.advice
    calm = Playground(dataset="xor", learning_rate=0.3)
    calm.step(60)
    assert not calm.oscillating and calm.advice == ""
    pg.reset()
    assert not pg.oscillating


def test_oscillation_rule_by_hand():
    window = 20
    falling = [1.0 / (k + 1) for k in range(window + 1)]
    swinging = [0.7 + 0.3 * (-1) ** k for k in range(window + 1)]  # 1.0, 0.4, 1.0, ...
    noisy_but_falling = [1.0 - 0.04 * k + 0.01 * (-1) ** k for k in range(window + 1)]
    assert not Playground._oscillates(falling)
    assert Playground._oscillates(swinging)
    assert not Playground._oscillates(noisy_but_falling)  # rises, but a small spread and a falling trend
    assert not Playground._oscillates(swinging[:window])  # too short to tell


def test_a_weight_and_a_bias_set_by_hand_change_the_output():
    pg = Playground(dataset="xor", hidden=(3,))
    pg.step(2)
    before = pg.predict(np.array([[1.0, 2.0]]))
    pg.set_weight(0, 1, 2, 0.5)   # x2 -> unit 3 of the hidden layer
    pg.set_bias(1, 0, -0.25)      # the output unit
    W, b = pg.weights()[0]
    assert W[1, 2] == 0.5 and pg.weights()[1][1][0] == -0.25
    # the forward pass by hand: tanh hidden layer, sigmoid output
    x = np.array([[1.0, 2.0]])
    hidden = np.tanh(x @ W + b)
    W2, b2 = pg.weights()[1]
    expected = 1 / (1 + np.exp(-(hidden @ W2 + b2)))
    np.testing.assert_allclose(pg.predict(x), expected, rtol=1e-12)
    assert not np.allclose(pg.predict(x), before)
    assert pg.epoch == 2 and len(pg.history["epoch"]) == 3  # the current epoch's losses were recomputed
    direct = float(pg.model.loss.forward(pg.model.forward(pg.F_train, training=False), pg.T_train))
    assert pg.train_loss == pytest.approx(direct, rel=1e-12)


@pytest.mark.parametrize("call, match", [
    (lambda pg: pg.set_weight(2, 0, 0, 1.0), "layer must be a whole number from 0 to 1"),
    (lambda pg: pg.set_weight(0, 2, 0, 1.0), "i must be a whole number from 0 to 1"),
    (lambda pg: pg.set_weight(0, 0, 3, 1.0), "j must be a whole number from 0 to 2"),
    (lambda pg: pg.set_weight(0, 0, 0, float("nan")), "value must be a finite number"),
    (lambda pg: pg.set_bias(1, 0, "big"), "value must be a finite number, received value='big'"),
])
def test_bad_weight_edits_are_refused_with_the_value(call, match):
    with pytest.raises(MLCourseError, match=match):
        call(Playground(hidden=(3,)))


def test_exported_code_uses_the_optimizer_class_of_the_registry():
    for name, cls in optimizers.OPTIMIZERS.items():
        assert f"optimizers.{cls.__name__}(learning_rate=" in Playground(optimizer=name).to_code()


def test_messages_and_dashboard_in_korean():
    from mlcourse import set_language

    set_language("ko")
    try:
        pg = Playground(dataset="plane", learning_rate=3.0)
        pg.step(50)
        import re

        assert pg.diverged and re.match(r"\d+번째 에폭(, \d+번째 배치)?에서 학습이 발산했습니다 ?\(손실 ", pg.message)
        assert pg.message.endswith("학습률을 줄여 보세요(현재 3).")
        d = views.Dashboard(pg)
        assert d.warning.get_visible() and "발산" in d.warning.get_text()
        assert d.title.get_text().startswith("에폭 ") and d.ax_loss.get_ylabel() == "손실"
        assert [t.get_text() for t in d.ax_loss.get_legend().get_texts()] == ["훈련", "테스트"]
        spiral = Playground(dataset="spiral", n_classes=3, loss="binary_crossentropy")
        assert spiral.notes[0].startswith("이진 교차 엔트로피에는 클래스 2개가 필요한데 데이터에는 3개가 있습니다.")
    finally:
        set_language("en")
