"""mlcourse.paths records what the package's optimizers do to one point."""
import numpy as np
import pytest

from mlcourse import optimizers
from mlcourse._checks import MLCourseError
from mlcourse.data import get_surface
from mlcourse.paths import descend, race, values_along


def test_sgd_on_a_parabola_multiplies_by_one_minus_two_lr():
    # x <- x - 0.2 * 2x = 0.6 x: 10, 6, 3.6, 2.16
    path = descend(lambda x: 2 * x, [10.0], optimizers.SGD(0.2), steps=3)
    assert path.shape == (4, 1)
    np.testing.assert_allclose(path[:, 0], [10.0, 6.0, 3.6, 2.16])


def test_two_dimensional_path_by_hand():
    # bowl gradient (x/10, 2y); from (-7, 2) with lr 0.5: (-7 + 0.35, 2 - 2) = (-6.65, 0),
    # then (-6.65 + 0.3325, 0) = (-6.3175, 0)
    bowl = get_surface("bowl")
    path = descend(bowl.gradient, (-7.0, 2.0), optimizers.SGD(0.5), steps=2)
    np.testing.assert_allclose(path, [[-7.0, 2.0], [-6.65, 0.0], [-6.3175, 0.0]])


def test_momentum_path_matches_the_optimizer_stepped_by_hand():
    # Momentum(0.1, 0.9) on x^2 from 1: v1 = -0.2, x1 = 0.8; v2 = -0.18 - 0.16 = -0.34, x2 = 0.46
    path = descend(lambda x: 2 * x, [1.0], optimizers.Momentum(0.1), steps=2)
    np.testing.assert_allclose(path[:, 0], [1.0, 0.8, 0.46])


def test_names_resolve_and_start_is_not_changed():
    start = np.array([-7.0, 2.0])
    path = descend(get_surface("bowl").gradient, start, "adam", steps=5)
    np.testing.assert_array_equal(start, [-7.0, 2.0])
    assert path.shape == (6, 2) and np.all(np.isfinite(path))


def test_divergence_fills_the_rest_with_nan():
    # lr 10 on x^2: x <- -19 x, passes 1e8 at the 7th step (19^7 ~ 9e8)
    path = descend(lambda x: 2 * x, [1.0], optimizers.SGD(10.0), steps=10)
    assert np.all(np.isfinite(path[:7])) and np.all(np.isnan(path[7:]))


def test_race_resets_objects_so_it_repeats():
    opts = {"m": optimizers.Momentum(0.1), "a": optimizers.Adam(0.3)}
    grad = get_surface("bowl").gradient
    first = race(grad, (-7, 2), opts, 10)
    second = race(grad, (-7, 2), opts, 10)
    for k in opts:
        np.testing.assert_array_equal(first[k], second[k])


def test_values_along_a_path():
    bowl = get_surface("bowl")
    path = np.array([[-7.0, 2.0], [0.0, 0.0], [np.nan, np.nan]])
    v = values_along(bowl.f, path)
    assert v[0] == pytest.approx(49 / 20 + 4) and v[1] == 0 and np.isnan(v[2])


def test_bad_input_is_refused_with_the_value():
    with pytest.raises(MLCourseError, match="-1"):
        descend(lambda x: 2 * x, [1.0], "sgd", steps=-1)
    with pytest.raises(MLCourseError, match=r"\(3,\)"):
        descend(lambda x: np.zeros(3), [1.0, 2.0], "sgd", steps=1)
    with pytest.raises(MLCourseError, match="nan"):
        descend(lambda x: 2 * x, [np.nan], "sgd", steps=1)
    with pytest.raises(MLCourseError, match="Unknown optimizer"):
        descend(lambda x: 2 * x, [1.0], "adamm", steps=1)
