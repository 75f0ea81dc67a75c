"""The playground's settings: checks, JSON and the short state string."""
import json

import numpy as np
import pytest

from mlcourse import optimizers
from mlcourse._checks import MLCourseError
from mlcourse.playground import Playground, PlaygroundState

# --------------------------------------------------------------------------- state and JSON

def _unusual_state():
    return PlaygroundState(dataset="spiral", n_classes=4, n_points=300, noise=12.5, train_ratio=70, batch_size=7,
                           seed=42, features=("x1", "x2", "sin(x1)"), hidden=(8, 1, 3), activation="leaky_relu",
                           init="he", optimizer="adam", learning_rate=0.003, schedule="cosine", schedule_epochs=40,
                           regularization="l1", reg_rate=0.001, dropout=0.2, loss="mse", show_test=True,
                           discretize=True, hidden_controls=("loss", "optimizer"))


def test_json_round_trips_exactly():
    for s in (PlaygroundState(), _unusual_state()):
        text = s.to_json()
        back = PlaygroundState.from_json(text)
        assert back == s and back.to_json() == text
        assert json.loads(text)["seed"] == s.seed
    rng = np.random.default_rng(1)
    X = rng.normal(size=(10, 2)) / 3  # floats that need all 17 digits
    own = PlaygroundState(dataset="custom", custom_X=X, custom_y=X[:, 0] * np.pi)
    back = PlaygroundState.from_json(own.to_json())
    assert back == own
    np.testing.assert_array_equal(np.array(back.custom_X), X)


def test_a_playground_rebuilt_from_json_trains_identically():
    pg = Playground(_unusual_state())
    twin = Playground.from_json(pg.to_json())
    pg.step(3)
    twin.step(3)
    assert pg.history == twin.history


@pytest.mark.parametrize("bad, match", [
    (dict(dataset="swirl"), "dataset must be one of"),
    (dict(hidden=(4, 9)), r"hidden\[1\] must be a whole number from 1 to 8"),
    (dict(hidden=(1,) * 7), "at most 6"),
    (dict(features=()), "features must be a non-empty"),
    (dict(features=("x3",)), "features must be names from"),
    (dict(learning_rate=100), "learning_rate must be a number from 1e-05 to 10"),
    (dict(noise=-1), "noise"),
    (dict(train_ratio=95), "train_ratio"),
    (dict(batch_size=0), "batch_size"),
    (dict(activation="gelu"), "activation must be one of"),
    (dict(show_test="yes"), "show_test must be True or False"),
    (dict(dataset="custom"), "custom_X and custom_y"),
])
def test_bad_settings_are_refused_with_the_value(bad, match):
    with pytest.raises(MLCourseError, match=match):
        PlaygroundState(**bad)


def test_unknown_settings_and_bad_json_are_refused():
    with pytest.raises(MLCourseError, match="Unknown playground setting.*'layers'"):
        Playground(layers=(4,))
    with pytest.raises(MLCourseError, match="not valid JSON"):
        PlaygroundState.from_json("{not json")
    with pytest.raises(MLCourseError, match="Unknown playground setting"):
        PlaygroundState.from_json('{"dataset": "xor", "speed": 3}')




# --------------------------------------------------------------------------- the short state string

def test_optimizer_names_are_the_packages_one_list():
    assert PlaygroundState.__dataclass_fields__ and tuple(optimizers.OPTIMIZERS) == __import__(
        "mlcourse.playground.state", fromlist=["OPTIMIZERS"]).OPTIMIZERS
    assert PlaygroundState(optimizer="adamw").optimizer == "adamw"


def test_state_string_lists_only_what_differs_and_round_trips():
    assert PlaygroundState().to_string() == ""
    s = PlaygroundState(dataset="xor", hidden=(2,), learning_rate=0.1, show_test=True)
    assert s.to_string() == "dataset=xor&hidden=2&learning_rate=0.1&show_test=1"
    assert PlaygroundState(hidden=()).to_string() == "hidden="
    for state in (PlaygroundState(), s, PlaygroundState(hidden=()), _unusual_state(),
                  PlaygroundState(learning_rate=1 / 3, noise=12.345678901234567)):
        text = state.to_string()
        assert PlaygroundState.from_string(text) == state
        assert PlaygroundState.parse(text) == state and PlaygroundState.parse(state.to_json()) == state
        assert len(text) < len(state.to_json())
    assert "train_ratio=70&" in _unusual_state().to_string()  # no needless ".0"
    # the string opens the same playground as the JSON
    a, b = Playground(_unusual_state().to_string()), Playground(_unusual_state().to_json())
    a.step(2)
    b.step(2)
    assert a.history == b.history


@pytest.mark.parametrize("text, match", [
    ("dataset=xor&speed=3", "Unknown playground setting 'speed'"),
    ("dataset", "not of the form name=value"),
    ("hidden=4,x", r"hidden must be a whole number, received hidden='x'"),
    ("show_test=yes", "show_test must be 0 or 1"),
    ("learning_rate=fast", "learning_rate must be a number"),
    ("hidden=4,9", r"hidden\[1\] must be a whole number from 1 to 8"),
])
def test_bad_state_strings_are_refused_with_the_value(text, match):
    with pytest.raises(MLCourseError, match=match):
        PlaygroundState.from_string(text)


def test_own_data_has_no_state_string():
    X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [-1.0, -1.5]])
    with pytest.raises(MLCourseError, match="to_json"):
        Playground().set_data(X, [0, 1, 0, 1]).to_string()
