"""Checkers for notebook 16 (the Keras-style API)."""
import numpy as np

from mlcourse.exercises import exercise, expect
from mlcourse.i18n import N_, tr


@exercise("16.1", N_("Counting parameters"))
def _(n_params):
    expect(isinstance(n_params, (int, np.integer)) and not isinstance(n_params, bool),
           tr("Give a whole number, e.g. 12345; received {type_name} {n_params!r:.40}.",
              type_name=type(n_params).__name__, n_params=n_params))
    weights = 784 * 128 + 128 * 10           # 100,352 + 1,280
    biases = 128 + 10
    expect(n_params != weights, tr("You counted the weights only: every unit also has a bias (128 + 10 of them)."))
    expect(n_params != 784 * 128 + 128, tr("That is the first layer only; add the output layer's 128 * 10 + 10."))
    expect(n_params != 784 * 10 + 10, tr("The hidden layer sits between: 784 -> 128 -> 10, not 784 -> 10."))
    expect(n_params == weights + biases,
           tr("Received {n_params}. Each Dense layer has n_in * n_out weights plus n_out biases: (784 * 128 + 128) + (128 * 10 + 10).",
              n_params=n_params))


@exercise("16.2", N_("One SGD step, in place"))
def _(sgd_step):
    expect(callable(sgd_step), tr("Pass the function itself: check('16.2', sgd_step)."))
    params = {"0.W": np.array([[1.0, -2.0], [0.5, 0.0]]), "0.b": np.array([0.1, 0.2])}
    grads = {"0.W": np.array([[10.0, 0.0], [-5.0, 1.0]]), "0.b": np.array([1.0, -1.0])}
    held = {k: v for k, v in params.items()}          # the arrays a model's layers would hold
    grads_before = {k: v.copy() for k, v in grads.items()}
    result = sgd_step(params, grads, 0.1)
    expect(all(params[k] is held[k] for k in held),
           tr("params now holds new arrays, so the layers still see the old ones. Update in place: params[k] -= lr * grads[k]."))
    expect(all(np.array_equal(grads[k], grads_before[k]) for k in grads), tr("Do not change the gradients, only the parameters."))
    expect(not (np.array_equal(held["0.W"], [[1.0, -2.0], [0.5, 0.0]]) and np.array_equal(held["0.b"], [0.1, 0.2])),
           tr("The parameters did not change. Loop over the keys and update each array: params[k] -= lr * grads[k]."))
    want_W = np.array([[0.0, -2.0], [1.0, -0.1]])      # 1 - 0.1*10, -2 - 0, 0.5 + 0.5, 0 - 0.1
    want_b = np.array([0.0, 0.3])
    expect(not np.allclose(held["0.W"], [[11.0, -2.0], [-4.5, 1.0]]) and not np.allclose(held["0.W"], [[2.0, -2.0], [0.0, 0.1]]),
           tr("The step goes *against* the gradient: subtract lr * grad."))
    expect(not np.allclose(held["0.W"], [[-9.0, -2.0], [5.5, -1.0]]), tr("Multiply the gradient by the learning rate lr."))
    expect(np.allclose(held["0.W"], want_W) and np.allclose(held["0.b"], want_b),
           tr("Expected W = {want_W} and b = {want_b}, got W = {got_W}, b = {got_b}.",
              want_W=want_W.tolist(), want_b=want_b.tolist(), got_W=held['0.W'].tolist(), got_b=held['0.b'].tolist()))
    expect(result is None, tr("Return nothing (None): like optimizer.step, the function works by changing the arrays."))


@exercise("16.3", N_("Keras' MSE"))
def _(keras_mse):
    expect(callable(keras_mse), tr("Pass the function itself: check('16.3', keras_mse)."))
    y_pred = np.array([[0.5, 1.0, -1.0], [2.0, 0.0, 1.0]])
    t = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 1.0]])
    want = np.mean((y_pred - t) ** 2)                        # (0.25 + 0 + 1 + 1 + 0 + 0) / 6 = 0.375
    got = keras_mse(y_pred.copy(), t.copy())
    expect(got is not None, tr("Your function returned None: did you forget `return`?"))
    got_arr = np.asarray(got)
    expect(got_arr.size == 1, tr("Return one number (the mean over the batch), not an array of shape {got_arr_shape}.",
                                 got_arr_shape=got_arr.shape))
    got = float(got_arr.reshape(()))
    ours = 0.5 * np.sum((y_pred - t) ** 2) / len(y_pred)      # 0.5625 (and 2 * ours = 1.125)
    expect(not np.isclose(got, ours), tr("That is the course's convention (1/2, summed over outputs). Keras has no 1/2 and averages over outputs too."))
    expect(not np.isclose(got, want / 2), tr("Keras has no factor 1/2."))
    expect(not np.isclose(got, 2 * ours), tr("That sums over the outputs; Keras averages over them as well: the mean over all N * K entries."))
    expect(np.isclose(got, want), tr("Expected {want:.4f}, got {got:.4g}: the mean of (y_pred - t)**2 over every entry.",
                                     want=want, got=got))
