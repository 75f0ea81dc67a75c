"""The shared input checks of mlcourse._checks: one home for numbers, whole numbers, choices,
seeds, booleans, names and registries."""
from __future__ import annotations

import numpy as np
import pytest

from mlcourse import losses, optimizers
from mlcourse._checks import (MLCourseError, check_array, check_bool, check_choice, check_labels, check_number,
                              check_seed, check_whole, known_names, resolve, show, snake_case)


def test_check_number_accepts_numbers_in_range_and_names_the_bad_value():
    assert check_number(0.5, "rate", low=0, high=1, high_open=True) == 0.5
    assert isinstance(check_number(np.float32(2), "x"), float)
    with pytest.raises(MLCourseError, match=r"Dropout: rate must be a number in \[0, 1\), received rate=1.5\."):
        check_number(np.float64(1.5), "rate", low=0, high=1, high_open=True, where="Dropout")
    with pytest.raises(MLCourseError, match=r"learning_rate must be a finite number > 0, received learning_rate=0\."):
        check_number(0, "learning_rate", low=0, low_open=True)
    for bad in (True, "0.1", None, [0.1], np.array([0.1])):
        with pytest.raises(MLCourseError, match="must be a number"):
            check_number(bad, "x")
    for bad in (float("nan"), float("inf")):
        with pytest.raises(MLCourseError, match="finite"):
            check_number(bad, "x", low=0)


def test_check_whole_refuses_floats_bools_and_out_of_range():
    assert check_whole(np.int64(3), "epochs", low=0) == 3
    for bad in (3.0, True, "3", None):
        with pytest.raises(MLCourseError, match="must be a whole number"):
            check_whole(bad, "epochs")
    with pytest.raises(MLCourseError, match=r"units must be a whole number >= 1, received units=-3\."):
        check_whole(-3, "units", low=1)
    with pytest.raises(MLCourseError, match=r"in \[1, 6\]"):
        check_whole(7, "k", low=1, high=6)


def test_check_choice_seed_and_bool():
    assert check_choice("auto", "verbose", (0, 1, 2, "auto")) == "auto"
    with pytest.raises(MLCourseError, match=r"verbose must be 0, 1, 2 or 'auto', received 3\."):
        check_choice(3, "verbose", (0, 1, 2, "auto"))
    with pytest.raises(MLCourseError, match="received True"):
        check_choice(True, "verbose", (0, 1, 2))  # True == 1, but it is not a verbosity
    assert check_seed(None) is None and check_seed(np.int32(4)) == 4
    for bad in (-1, 1.5, "0", True):
        with pytest.raises(MLCourseError, match="whole number >= 0 or None"):
            check_seed(bad)
    assert check_bool(np.bool_(True), "shuffle") is True
    with pytest.raises(MLCourseError, match="must be True or False, received str 'no'"):
        check_bool("no", "from_logits")


def test_show_prints_numpy_scalars_as_python_numbers():
    assert show(np.float64(1.5)) == "1.5" and show(np.int64(3)) == "3" and show("a") == "'a'"


@pytest.mark.parametrize("name, snake", [
    ("Dense", "dense"), ("BatchNormalization", "batch_normalization"), ("MyMLPLayer", "my_mlp_layer"),
    ("MLP", "mlp"), ("Layer2D", "layer2_d"),
])
def test_snake_case_is_the_keras_layer_name(name, snake):
    assert snake_case(name) == snake


def test_resolve_names_unknown_names_and_unknown_settings():
    assert isinstance(resolve("ADAM", optimizers.OPTIMIZERS, "optimizer"), optimizers.Adam)
    with pytest.raises(MLCourseError) as err:
        resolve("msee", losses.LOSSES, "loss")
    assert "Unknown loss 'msee'. Known names: " in str(err.value) and "losss" not in str(err.value)
    with pytest.raises(MLCourseError, match=r"The optimizer 'adam' has no setting 'lr'; it takes: learning_rate"):
        resolve("adam", optimizers.OPTIMIZERS, "optimizer", lr=0.1)
    assert known_names({"b": 1, "a": 2}) == "'a', 'b'"


def test_messages_use_the_right_article_and_number():
    with pytest.raises(MLCourseError, match="must have an integer or unsigned integer dtype"):
        check_array(np.ones(3), "ids", dtype_kind="iu")
    with pytest.raises(MLCourseError, match=r"there is only 1 class \(label 0\)"):
        check_labels([0, 1], n_classes=1)
    with pytest.raises(MLCourseError, match=r"there are only 3 classes \(labels 0 to 2\)"):
        check_labels([0, 5], n_classes=3)
    with pytest.raises(MLCourseError, match=r"received 0.5\.") as err:
        check_labels(np.array([0.5]))
    assert "np.float64" not in str(err.value)
