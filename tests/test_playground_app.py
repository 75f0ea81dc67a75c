"""The playground widget from Python: the arrays of a frame, the messages the browser sends,
play and pause, hidden controls, the PNG for readers without a kernel, and the front end's files.

The browser side is driven in tests/browser/test_lab_playground.py.
"""
import base64
import time
from pathlib import Path

import numpy as np
import pytest

from mlcourse._checks import MLCourseError
from mlcourse.playground import Playground, PlaygroundState, playground
from mlcourse.playground import app as papp
from mlcourse.playground import views


def send(app, **content):
    """What the front end does: a custom message to the kernel."""
    app._on_message(app, content, [])


def test_frame_buffers_hold_the_maps_weights_and_history_in_order():
    app = playground(dataset="xor", hidden=(3, 2))
    app.pg.step(5)
    maps, numbers = app.frame_buffers()
    res, out = papp.UNIT_RES, papp.OUT_RES
    n_maps = 2 + 3 + 2 + 1  # inputs x1, x2; the hidden units; the output
    assert len(maps) == (n_maps * res * res + out * out) * 3
    rgb = np.frombuffer(maps, dtype=np.uint8)
    big = rgb[n_maps * res * res * 3:].reshape(out, out, 3)
    expected = views.output_rgb(app.pg, app.pg.predict_grid(out), False)
    np.testing.assert_allclose(big / 255, expected, atol=1 / 255)
    hidden0 = rgb[2 * res * res * 3:3 * res * res * 3].reshape(res, res, 3)
    unit = app.pg.hidden_unit_outputs(res)[0][0]
    np.testing.assert_allclose(hidden0 / 255, views.value_rgb((unit + 1) / 2), atol=1 / 255)  # tanh: [-1, 1]
    f = np.frombuffer(numbers, dtype=np.float32)
    weights = np.concatenate([a.ravel() for W, b in app.pg.weights() for a in (W, b)])
    np.testing.assert_allclose(f[:len(weights)], weights, rtol=1e-6)
    history = f[len(weights):].reshape(3, -1)
    np.testing.assert_array_equal(history[0], np.arange(6))
    np.testing.assert_allclose(history[1], app.pg.history["train_loss"], rtol=1e-6)


def test_long_histories_are_thinned_to_a_fixed_number_of_points():
    app = playground()
    app.pg.step(papp.HISTORY_POINTS + 100)
    f = np.frombuffer(app.frame_buffers()[1], dtype=np.float32)
    n_weights = sum(W.size + b.size for W, b in app.pg.weights())
    epochs = f[n_weights:].reshape(3, -1)[0]
    assert len(epochs) == papp.HISTORY_POINTS and epochs[0] == 0 and epochs[-1] == app.pg.epoch


def test_points_and_layout_are_sent_when_the_data_or_network_changes():
    app = playground(show_test=True)
    pts = np.frombuffer(app.points, dtype=np.float32).reshape(-1, 6)
    assert len(pts) == 500 and pts[:, 5].sum() == len(app.pg.X_test)
    np.testing.assert_allclose(pts[:len(app.pg.X_train), :2], app.pg.X_train, rtol=1e-6)
    assert app.layout_info["sizes"] == [2, 4, 4, 1] and len(app.layout_info["feature_maps"]) == 7
    send(app, type="set", changes={"hidden": [3]})
    assert app.layout_info["sizes"] == [2, 3, 1] and app.settings["hidden"] == [3]


def test_plus_and_minus_for_layers_and_units():
    app = playground()
    send(app, type="units", layer=1, delta=1)
    assert app.pg.state.hidden == (4, 5)
    send(app, type="layers", delta=1)
    assert app.pg.state.hidden == (4, 5, 5)  # a new layer copies the width of the one before
    send(app, type="layers", delta=-1)
    send(app, type="layers", delta=-1)
    send(app, type="layers", delta=-1)
    assert app.pg.state.hidden == ()
    send(app, type="layers", delta=-1)  # nothing left to remove: refused, shown
    assert app.status["error"] == "There is no hidden layer to remove."
    send(app, type="layers", delta=1)
    assert app.pg.state.hidden == (4,) and app.status["error"] == ""
    for _ in range(10):
        app.change_units(0, 1)
    assert app.pg.state.hidden == (8,) and "1 to 8 units" in app.status["error"]
    for _ in range(8):
        app.add_layer()
    assert len(app.pg.state.hidden) == 6 and "At most 6" in app.status["error"]


def test_features_toggle_and_keep_one():
    app = playground()
    send(app, type="feature", name="sin(x1)")
    assert app.pg.state.features == ("x1", "x2", "sin(x1)")
    send(app, type="feature", name="x1")
    send(app, type="feature", name="x2")
    send(app, type="feature", name="sin(x1)")
    assert app.pg.state.features == ("sin(x1)",) and "at least one" in app.status["error"]
    assert set(papp.FEATURE_HELP) == set(papp._st.FEATURES)
    assert all(text.startswith(name + ":") for name, text in papp.FEATURE_HELP.items())


def test_a_weight_typed_in_the_browser_changes_the_model():
    app = playground()
    send(app, type="weight", layer=0, i=1, j=2, value=1.75)
    assert app.pg.weights()[0][0][1, 2] == 1.75
    reference = Playground().set_weight(0, 1, 2, 1.75)
    assert app.status["train_loss"] == pytest.approx(reference.train_loss)
    send(app, type="bias", layer=2, j=0, value="-0.5")
    assert app.pg.weights()[2][1][0] == -0.5
    send(app, type="weight", layer=0, i=9, j=0, value=1.0)
    assert "i must be a whole number from 0 to 1, received i=9" in app.status["error"]


def test_settings_and_errors_from_the_browser():
    app = playground()
    send(app, type="set", changes={"dataset": "xor", "learning_rate": 0.1})
    assert app.pg.state.dataset == "xor" and app.settings["learning_rate"] == 0.1
    send(app, type="set", changes={"learning_rate": 100})
    assert "learning_rate must be a number from 1e-05 to 10, received learning_rate=100" in app.status["error"]
    assert app.pg.state.learning_rate == 0.1
    send(app, type="speed", value=5)
    assert app.speed == 5 and app.status["speed"] == 5
    send(app, type="speed", value=4)
    assert "speed must be one of" in app.status["error"]


def test_state_string_and_json_in_the_share_panel_and_back():
    app = playground("dataset=xor&hidden=2")
    assert app.pg.state == PlaygroundState(dataset="xor", hidden=(2,))
    assert app.share["string"] == "dataset=xor&hidden=2"
    assert PlaygroundState.from_json(app.share["json"]) == app.pg.state
    assert "model = Sequential([" in app.share["code"] and app.share["code"] == app.pg.to_code()
    app.pg.step(3)
    send(app, type="load", text="dataset=spiral&n_classes=3&activation=relu")
    assert app.pg.epoch == 0 and app.pg.state.n_classes == 3 and app.settings["activation"] == "relu"
    send(app, type="load", text=PlaygroundState(dataset="moons").to_json())
    assert app.pg.state.dataset == "moons"
    send(app, type="load", text="speed=3")
    assert "Unknown playground setting 'speed'" in app.status["error"] and app.pg.state.dataset == "moons"
    X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [-1.0, -1.5]])
    app.pg.set_data(X, [0, 1, 0, 1])
    app.refresh()
    assert app.share["string"] == "" and "to_json" in app.share["string_note"]  # own data: says why


def test_hide_and_show_controls_travel_with_the_state():
    app = playground()
    app.hide("optimizer", "loss")
    assert app.settings["hidden_controls"] == ["optimizer", "loss"]
    other = playground(app.pg.to_string())
    assert other.settings["hidden_controls"] == ["optimizer", "loss"]
    app.show("loss")
    assert app.pg.state.hidden_controls == ("optimizer",)
    app.show()
    assert app.pg.state.hidden_controls == ()
    with pytest.raises(MLCourseError, match="Unknown control"):
        app.hide("colour")


def test_play_trains_in_the_background_and_pause_stops_it():
    app = playground(dataset="xor", learning_rate=0.1)
    assert not app.is_running and app.pg.epoch == 0  # starts paused
    send(app, type="play")
    assert app.is_running and app.status["running"]
    deadline = time.monotonic() + 20
    while app.pg.epoch < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    send(app, type="set", changes={"learning_rate": 0.3})  # controls still answer while it runs
    send(app, type="pause")
    assert not app.is_running and not app.status["running"]
    epoch = app.pg.epoch
    assert epoch >= 10 and app.status["epoch"] == epoch
    time.sleep(0.2)
    assert app.pg.epoch == epoch
    send(app, type="step")
    assert app.pg.epoch == epoch + 1
    send(app, type="reset")
    assert app.pg.epoch == 0 and app.status["epoch"] == 0


def test_play_waits_for_the_browser_once_it_answers():
    silent = papp.PlaygroundApp(Playground(), frame_interval=0.0)
    send(silent, type="ack", frame=silent.frames_sent)  # a browser was there, then stopped drawing
    alone = papp.PlaygroundApp(Playground(), frame_interval=0.0)  # no browser ever answered: no waiting
    for app in (silent, alone):
        start = app.frames_sent
        app.play()
        time.sleep(1.5)
        app.pause()
        app.sent_while_playing = app.frames_sent - start
    # IN_FLIGHT frames, then one frame per 0.5 s wait (and the last one of pause)
    assert silent.sent_while_playing <= papp.IN_FLIGHT + 3 + 2
    assert alone.sent_while_playing > 2 * silent.sent_while_playing


def test_the_divergence_and_oscillation_messages_reach_the_page():
    app = playground(dataset="plane", learning_rate=3.0)
    app.step(50)
    assert app.status["diverged"] and app.status["advice"].startswith("Training diverged")
    assert app.status["train_loss"] is None or np.isfinite(app.status["train_loss"])
    app = playground(dataset="xor", learning_rate=10.0)
    app.step(60)
    assert app.status["oscillating"] and "smaller learning rate" in app.status["advice"]


def test_a_reader_without_a_kernel_gets_a_png():
    app = playground(dataset="xor")
    bundle = app._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data
    png = base64.b64decode(data["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert data["text/plain"].startswith("PlaygroundApp(Playground(xor")


def test_the_front_end_ships_inside_the_package_and_loads_nothing():
    static = Path(papp.__file__).with_name("static")
    js = (static / "playground.js").read_text(encoding="utf-8")
    assert "export default" in js and "render" in js
    code = js.replace('"http://www.w3.org/2000/svg"', "")  # a name, not an address
    for remote in ("http://", "https://", "import(", "import ", "fetch("):
        assert remote not in code, f"the front end must not load anything ({remote!r})"
    assert (static / "playground.css").exists()
    # every class the browser tests and instructors rely on is made by the front end
    for cls in ("mlcourse-playground", "mlcourse-play", "mlcourse-step", "mlcourse-reset", "mlcourse-epoch",
                "mlcourse-train-loss", "mlcourse-test-loss", "mlcourse-message", "mlcourse-add-layer",
                "mlcourse-remove-layer", "mlcourse-add-unit", "mlcourse-remove-unit", "mlcourse-unit",
                "mlcourse-link", "mlcourse-bias", "mlcourse-zoom", "mlcourse-weight-input", "mlcourse-state-string"):
        assert cls in js, cls
    for name in papp.CONTROL_NAMES:
        assert f'"{name}"' in js or f"{name}:" in js or f'"data-control": "{name}"' in js, name


@pytest.mark.parametrize("state", [
    PlaygroundState(dataset="spiral", n_classes=3, hidden=(5,)),
    PlaygroundState(dataset="sine", hidden=(), features=("x1", "sin(x1)"), discretize=True),
    PlaygroundState(dataset="moons", hidden=(8, 8, 8, 8, 8, 8), activation="relu", loss="mse"),
], ids=["three-classes", "regression-no-hidden", "six-relu-layers"])
def test_every_kind_of_network_makes_a_frame_of_the_size_the_page_expects(state):
    app = papp.PlaygroundApp(Playground(state))
    app.pg.step(1)
    maps, numbers = app.frame_buffers()
    sizes = app.layout_info["sizes"]
    res, out = papp.UNIT_RES, papp.OUT_RES
    # what playground.js reads: inputs and hidden units, one small output map, the large output map
    assert len(maps) == ((sum(sizes) - sizes[-1] + 1) * res * res + out * out) * 3
    n_params = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
    assert (len(numbers) // 4 - n_params) % 3 == 0 and len(numbers) // 4 > n_params


def test_the_front_end_receives_its_texts_in_the_selected_language():
    from mlcourse import set_language

    english = papp.PlaygroundApp(Playground())
    assert english.texts["texts"]["play"] == "Play" and english.texts["labels"]["dataset"] == "data"
    assert english.texts["names"]["circle"] == "circle"
    assert english.texts["feature_help"]["x1"] == papp.FEATURE_HELP["x1"]
    set_language("ko")
    try:
        app = papp.PlaygroundApp(Playground())
        t = app.texts
        assert t["texts"]["play"] == "재생" and t["texts"]["hidden_layers"] == "은닉층 {n}개"
        assert t["labels"]["n_points"] == "데이터 수" and t["names"]["none"] == "없음"
        assert t["names"]["adam"] == "Adam"  # names of optimizers stay
        assert t["feature_help"]["x1"] == "x1: 가로 좌표"
        assert set(t["texts"]) == set(english.texts["texts"])
        app.toggle_feature("x2")
        app.toggle_feature("x1")  # the last feature stays on, and the page says why in Korean
        assert app.status["error"] == "입력 특성을 하나 이상 켜 두세요."
        app.close()
    finally:
        set_language("en")
        english.close()


def test_the_front_end_has_no_text_of_its_own():
    """Every text of static/playground.js comes from the table the kernel sends."""
    import re

    js = (Path(papp.__file__).parent / "static" / "playground.js").read_text()
    keys = set(re.findall(r'\bT\("(\w+)"', js))
    from mlcourse.playground.texts import TEXTS

    assert keys and keys <= set(TEXTS), keys - set(TEXTS)
    for english in ("Play", "Pause", "Share & export", "hidden layer", "bias of", "accuracy:", "Enter sets"):
        assert f'"{english}' not in js and f"`{english}" not in js
