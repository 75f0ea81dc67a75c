"""The base class of every layer and the checks layers share.

See the package docstring (``mlcourse.layers``) for the protocol every layer follows.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .._checks import MLCourseError, check_whole, show, snake_case

__all__ = ["Layer", "shape_str", "check_input_shape", "check_float_input", "check_features", "build_from",
           "check_dtype", "layer_rng", "float_dtype"]


def shape_str(shape) -> str:
    return "(" + ", ".join("None" if s is None else str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def check_input_shape(input_shape: Any, input_dim: Any, owner: str) -> tuple[int, ...] | None:
    """Keras' ``input_dim=3`` or ``input_shape=(3,)`` as a tuple of whole numbers >= 1."""
    if input_dim is not None:
        if input_shape is not None:
            raise MLCourseError(f"{owner}: give input_dim or input_shape, not both.")
        return (check_whole(input_dim, "input_dim", low=1, where=owner),)
    if input_shape is None:
        return None
    if not isinstance(input_shape, (tuple, list)):
        raise MLCourseError(
            f"{owner}: input_shape must be a tuple of sizes such as (3,) (the shape of one sample), "
            f"received {type(input_shape).__name__} {show(input_shape)}; for one axis write "
            f"input_shape=({show(input_shape)},) or input_dim={show(input_shape)}."
        )
    return tuple(check_whole(s, f"input_shape[{i}]", low=1, where=owner) for i, s in enumerate(input_shape))


class Layer:
    """Base class: a layer with no parameters that passes its input through.

    Attributes
    ----------
    params, grads : dict of str -> ndarray
        Parameters and their gradients, same keys.
    regularizers, constraints : dict of str -> object
        The regularizer and constraint of a parameter, by key (only those that have one).
    state : dict of str -> ndarray
        Arrays that are saved with the weights but not trained (running statistics).
    activation : ActivationFunction or None
        The activation the layer applies last, if any.
    name : str
    built : bool
    index : int or None
        Position in a model, set by the model; used in error messages.
    """

    activation: Any = None
    #: what the layer takes as input: "floats", or "ids" (integer ids, Embedding)
    input_kind = "floats"

    def __init__(self, name: str | None = None, input_shape: Any = None, input_dim: Any = None):
        if name is not None and not isinstance(name, str):
            raise MLCourseError(f"{type(self).__name__}: name must be a string, received {show(name)}.")
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.regularizers: dict[str, Any] = {}
        self.constraints: dict[str, Any] = {}
        self.state: dict[str, np.ndarray] = {}
        self.name = name or snake_case(type(self).__name__)
        self.built = False
        self.index: int | None = None
        # Per-sample input shape (without the batch axis), Keras' ``input_shape=``.
        self.input_shape = check_input_shape(input_shape, input_dim, type(self).__name__)

    # -- protocol --
    def build(self, input_shape: tuple, rng: Any = None, dtype: Any = None) -> None:
        """Create the parameters for inputs of ``input_shape`` (batch axis included)."""
        self.built = True

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        """x: (N, ...) -> out: (N, ...)."""
        return x

    def backward(self, dout: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        """dout: d loss / d out, shape of out -> d loss / d x, shape of x.

        ``need_input_grad=False`` allows a layer to skip ``dx`` (and return None) when
        nobody uses it, as for the first layer of a model in training.
        """
        return dout

    def output_shape(self, input_shape: tuple) -> tuple:
        """Shape of the output for an input of ``input_shape`` (batch axis included)."""
        return tuple(input_shape)

    def reseed(self, rng: np.random.Generator) -> None:
        """Take randomness used while training (dropout masks) from ``rng``; a layer with a
        seed of its own keeps it. Layers without randomness ignore this."""

    def __call__(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        return self.forward(x, training=training)

    # -- declaring what the layer owns --
    def add_weight(self, key: str, value: np.ndarray, regularizer: Any = None, constraint: Any = None) -> np.ndarray:
        """Make ``value`` the trained parameter ``params[key]`` (gradient ``grads[key]``, zeros),
        with an optional regularizer (penalty added to the loss) and constraint (applied
        after every step)."""
        self.params[key] = value
        self.grads[key] = np.zeros_like(value)
        self.regularizers.pop(key, None)
        self.constraints.pop(key, None)
        if regularizer is not None:
            self.regularizers[key] = regularizer
        if constraint is not None:
            self.constraints[key] = constraint
        return value

    def add_state(self, key: str, value: np.ndarray) -> np.ndarray:
        """Make ``value`` an array the layer keeps and saves but does not train (``state[key]``)."""
        self.state[key] = value
        return value

    # -- helpers --
    def where(self) -> str:
        """How error messages refer to this layer: ``Dense(4) (layer 0)``."""
        return f"{self!r}" + ("" if self.index is None else f" (layer {self.index})")

    def count_params(self) -> int:
        return int(sum(v.size for v in self.params.values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def float_dtype(x: np.ndarray) -> np.dtype:
    return x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)


def layer_rng(seed: int | None) -> np.random.Generator:
    return np.random.default_rng(0 if seed is None else seed)


def check_float_input(layer: Layer, x: Any) -> np.ndarray:
    x = np.asarray(x)
    if x.dtype.kind != "f":
        hint = " (convert with x.astype(np.float64))" if x.dtype.kind in "iub" else ""
        raise MLCourseError(f"{layer.where()} expected float input, received dtype {x.dtype}{hint}.")
    return x


def check_features(layer: Layer, x: Any, n_features: int | None) -> np.ndarray:
    """``x`` as a float array whose last axis has ``n_features`` features.

    Cheap when all is well (an ndarray of floats): this runs on every batch.
    """
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        x = check_float_input(layer, x)
    if x.ndim < 2 or x.shape[-1] != n_features:
        raise MLCourseError(
            f"{layer.where()} expected input with {n_features} features, shape (N, {n_features}), "
            f"received shape {shape_str(x.shape)}."
        )
    return x


def build_from(layer: Layer, x: Any) -> np.ndarray:
    """Build ``layer`` from its first batch (float ``x``) when nobody built it yet."""
    x = check_float_input(layer, x)
    if x.ndim < 2:
        raise MLCourseError(f"{layer.where()} expected input of shape (N, features), received shape {shape_str(x.shape)}.")
    layer.build((None,) + tuple(x.shape[1:]), rng=layer_rng(getattr(layer, "seed", None)),
                dtype=getattr(layer, "dtype", None) or float_dtype(x))
    return x


def check_dtype(dtype: Any, owner: str) -> np.dtype | None:
    if dtype is None:
        return None
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt is None or dt.kind != "f":
        raise MLCourseError(f"{owner}: dtype must be a float dtype such as np.float32, received {show(dtype)}.")
    return dt
