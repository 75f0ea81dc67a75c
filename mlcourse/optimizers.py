"""Optimizers: turn gradients into parameter updates.

Every optimizer has one interface::

    opt.step(params, grads)

``params`` and ``grads`` are dicts of arrays with the same keys (``"W"``, ``"b"``, or
``"0.W"``, ``"0.b"``, ... for a model). ``step`` changes every array of ``params`` in place,
so the layers that hold those arrays see the new values. State (velocity, moments) is
created the first time a key is seen, in the dtype of that parameter, and kept in
``opt.state[key]``; ``opt.reset()`` forgets it. ``opt.learning_rate`` may be changed
between steps (schedules, widgets).

In the formulas below ``p`` is a parameter, ``g`` its gradient, ``lr`` the learning rate and
``t`` the number of steps taken for that key (1 on the first step).

Default hyper-parameters here and in two frameworks
---------------------------------------------------
=========  ==================================  ==================================  ===================================
class      mlcourse                            Keras 3                             PyTorch
=========  ==================================  ==================================  ===================================
SGD        lr=0.01, momentum=0                 learning_rate=0.01, momentum=0      lr=1e-3 in recent releases
                                                                                   (older releases required lr)
Momentum   lr=0.01, momentum=0.9               (SGD with momentum=...)             (SGD with momentum=...)
Nesterov   lr=0.01, momentum=0.9               (SGD with nesterov=True)            (SGD with nesterov=True)
Adagrad    lr=0.01, eps=1e-7, acc0=0           lr=0.001, eps=1e-7, acc0=0.1        lr=0.01, eps=1e-10, acc0=0
RMSprop    lr=0.001, rho=0.9, eps=1e-7         lr=0.001, rho=0.9, eps=1e-7         lr=0.01, alpha=0.99, eps=1e-8
Adadelta   lr=1.0, rho=0.95, eps=1e-6          lr=0.001, rho=0.95, eps=1e-7        lr=1.0, rho=0.9, eps=1e-6
Adam       lr=0.001, betas 0.9/0.999, eps=1e-7 same as mlcourse                    lr=0.001, betas 0.9/0.999, eps=1e-8
AdamW      as Adam, weight_decay=0.01          as Adam, weight_decay=0.004         as Adam (eps=1e-8), weight_decay=0.01
=========  ==================================  ==================================  ===================================

``acc0`` is Adagrad's initial accumulator value. PyTorch's RMSprop calls the decay rate
``alpha``; Keras calls it ``rho``.

Weight decay: the classic optimizers accept ``weight_decay`` as *coupled* L2 decay, added to
the gradient before the update (``g <- g + weight_decay * p``), as PyTorch's ``SGD``/``Adam``
do. ``AdamW`` decays *decoupled* from the gradient (``p <- p - lr * weight_decay * p``), as
PyTorch's ``AdamW`` and every Keras 3 optimizer's ``weight_decay`` argument do.
"""
from __future__ import annotations

import math
from typing import Any, Mapping

import numpy as np

from mlcourse._checks import MLCourseError, check_number, known_names, resolve, show

__all__ = ["Optimizer", "SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adadelta", "Adam", "AdamW", "get",
           "OPTIMIZERS"]


def _check_number(value: Any, name: str, owner: str, low: float = 0.0, high: float = math.inf, **bounds: bool) -> float:
    """``low <= value < high`` unless ``bounds`` say otherwise (``mlcourse._checks.check_number``)."""
    return check_number(value, name, low=low, high=high, **{"high_open": True, **bounds}, where=owner)


class Optimizer:
    """Base class: loops over the keys and calls ``_update`` for each parameter.

    Subclasses set their hyper-parameters in ``__init__``, list them in ``_config_names``,
    create per-key state in ``_new_state(p)`` and change ``p`` in place in
    ``_update(p, g, state)``.

    Attributes
    ----------
    learning_rate : float
        Read on every step, so it may be changed between steps.
    state : dict
        ``state[key]`` holds the arrays (and step count) the optimizer keeps for ``params[key]``.
    iterations : int
        Number of calls to ``step`` since creation or the last ``reset``.
    """

    _config_names: tuple[str, ...] = ("learning_rate",)
    _coupled_decay = True  # weight_decay added to the gradient; AdamW decays the weights itself

    def __init__(self, learning_rate: float, weight_decay: float = 0.0) -> None:
        self.learning_rate = learning_rate  # checked by the property below
        self.weight_decay = _check_number(weight_decay, "weight_decay", type(self).__name__)
        self.state: dict[str, dict[str, Any]] = {}
        self.iterations = 0

    @property
    def learning_rate(self) -> float:
        """The step size, a number > 0; checked whenever it is set (schedules, widgets)."""
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self._learning_rate = _check_number(value, "learning_rate", type(self).__name__, low_open=True)

    # -- the one public operation -------------------------------------------------------
    def step(self, params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> None:
        """Update every array of ``params`` in place using ``grads[key]``.

        Parameters
        ----------
        params : dict of str to ndarray
            Float arrays, changed in place.
        grads : dict of str to ndarray
            Same keys and shapes as ``params``; not changed.
        """
        if not isinstance(params, (dict, Mapping)) or not isinstance(grads, (dict, Mapping)):
            raise MLCourseError(f"{type(self).__name__}.step takes two dicts of arrays with the same keys, "
                                f"step(params, grads); received {type(params).__name__} and {type(grads).__name__}.")
        if params.keys() != grads.keys():
            self._raise_key_mismatch(params, grads)
        state = self.state
        decay = self.weight_decay if self._coupled_decay else 0.0
        for key, p in params.items():
            g = grads[key]
            if not isinstance(g, np.ndarray):
                raise MLCourseError(f"{type(self).__name__}.step: grads[{key!r}] must be a numpy array, "
                                    f"received {type(g).__name__}.")
            s = state.get(key)
            if s is None:
                s = state[key] = self._first_sight(key, p)
            if g.shape != p.shape or s["shape"] != p.shape:
                self._raise_shape_mismatch(key, p, g, s)
            if g.dtype != p.dtype:  # state and steps keep the parameter's dtype (float32 stays float32)
                g = g.astype(p.dtype)
            if decay:
                g = g + decay * p  # coupled L2 decay; never changes grads[key]
            s["t"] += 1
            self._update(p, g, s)
        self.iterations += 1

    def reset(self) -> None:
        """Forget all state (velocities, moments, step counts)."""
        self.state.clear()
        self.iterations = 0

    def get_config(self) -> dict[str, Any]:
        """Hyper-parameters as a dict, e.g. for saving or ``type(opt)(**config)``."""
        return {name: getattr(self, name) for name in self._config_names}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"

    # -- for subclasses -------------------------------------------------------------------
    def _new_state(self, p: np.ndarray) -> dict[str, Any]:
        return {}

    def _update(self, p: np.ndarray, g: np.ndarray, s: dict[str, Any]) -> None:
        raise NotImplementedError

    # -- checks, run once per key or only when something is wrong -------------------------
    def _first_sight(self, key: str, p: Any) -> dict[str, Any]:
        if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
            what = f"an array of dtype {p.dtype}" if isinstance(p, np.ndarray) else type(p).__name__
            raise MLCourseError(
                f"{type(self).__name__}.step: params[{key!r}] must be a float numpy array "
                f"(updated in place), received {what}."
            )
        s = self._new_state(p)
        s["shape"] = p.shape
        s["t"] = 0
        return s

    def _raise_key_mismatch(self, params: Mapping, grads: Mapping) -> None:
        missing, no_grad = [k for k in grads if k not in params], [k for k in params if k not in grads]
        parts = [f"grads has key(s) {missing} that params does not have"] if missing else []
        parts += [f"params has key(s) {no_grad} with no gradient in grads"] if no_grad else []
        raise MLCourseError(
            f"{type(self).__name__}.step: params and grads must have the same keys; "
            + "; ".join(parts) + f". params keys: {list(params)}, grads keys: {list(grads)}."
        )

    def _raise_shape_mismatch(self, key: str, p: np.ndarray, g: Any, s: dict) -> None:
        name = type(self).__name__
        if getattr(g, "shape", None) != p.shape:
            raise MLCourseError(
                f"{name}.step: grads[{key!r}] has shape {getattr(g, 'shape', None)} but "
                f"params[{key!r}] has shape {p.shape}; they must match."
            )
        raise MLCourseError(
            f"{name}.step: params[{key!r}] now has shape {p.shape}, but the optimizer's state "
            f"for that key was made for shape {s['shape']}. Call reset() after rebuilding a model."
        )


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum or Nesterov momentum.

    Update rule (velocity ``v`` starts at 0)::

        momentum = 0:            p <- p - lr * g
        momentum > 0:            v <- momentum * v - lr * g
                                 p <- p + v
        nesterov=True:           v <- momentum * v - lr * g
                                 p <- p + momentum * v - lr * g

    This is the Keras formulation (the velocity includes the learning rate). PyTorch keeps
    ``b <- momentum * b + g`` and steps ``p <- p - lr * b`` (Nesterov: ``p <- p - lr * (g +
    momentum * b)``); with a constant learning rate the two give the same parameters.

    Parameters
    ----------
    learning_rate : float, default 0.01
        Keras default 0.01; recent PyTorch 1e-3.
    momentum : float in [0, 1), default 0.0
    nesterov : bool, default False
        Needs ``momentum > 0``.
    weight_decay : float, default 0.0
        Coupled L2 decay: ``g <- g + weight_decay * p`` before the update.
    """

    _config_names = ("learning_rate", "momentum", "nesterov", "weight_decay")

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0, nesterov: bool = False,
                 weight_decay: float = 0.0) -> None:
        super().__init__(learning_rate, weight_decay)
        name = type(self).__name__
        self.momentum = _check_number(momentum, "momentum", name, high=1.0)
        self.nesterov = bool(nesterov)
        if self.nesterov and self.momentum == 0.0:
            raise MLCourseError(f"{name}: nesterov=True needs momentum > 0, received momentum={momentum!r}.")

    def _new_state(self, p: np.ndarray) -> dict[str, Any]:
        return {"velocity": np.zeros_like(p)} if self.momentum else {}

    def _update(self, p: np.ndarray, g: np.ndarray, s: dict[str, Any]) -> None:
        lr = self.learning_rate
        if not self.momentum:
            p -= lr * g
            return
        v = s.get("velocity")
        if v is None:  # momentum switched on after the first step
            v = np.zeros_like(p)
        v = s["velocity"] = self.momentum * v - lr * g
        if self.nesterov:
            p += self.momentum * v - lr * g
        else:
            p += v


class Momentum(SGD):
    """SGD with (heavy-ball) momentum; ``SGD(momentum=0.9)``.

    Update rule (``v`` starts at 0)::

        v <- momentum * v - lr * g
        p <- p + v
    """

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.9, weight_decay: float = 0.0) -> None:
        super().__init__(learning_rate, momentum=momentum, nesterov=False, weight_decay=weight_decay)

    _config_names = ("learning_rate", "momentum", "weight_decay")


class Nesterov(SGD):
    """Nesterov accelerated gradient (NAG); ``SGD(momentum=0.9, nesterov=True)``.

    Update rule, in the Keras form that needs the gradient at ``p`` only (``v`` starts at 0)::

        v <- momentum * v - lr * g
        p <- p + momentum * v - lr * g

    It equals "take the momentum step, then correct with the gradient there" after a change
    of variables (Sutskever et al., 2013; Bengio et al., 2012).
    """

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.9, weight_decay: float = 0.0) -> None:
        super().__init__(learning_rate, momentum=momentum, nesterov=True, weight_decay=weight_decay)

    _config_names = ("learning_rate", "momentum", "weight_decay")


class Adagrad(Optimizer):
    """Adagrad: each parameter entry gets a step size that shrinks with its gradient history.

    Update rule (``h`` starts at ``initial_accumulator_value``)::

        h <- h + g * g
        p <- p - lr * g / (sqrt(h) + epsilon)

    Epsilon sits outside the square root, as in PyTorch. Keras 3 puts it inside,
    ``g / sqrt(h + epsilon)``; the two differ only while ``h`` is about as small as
    ``epsilon`` (with Keras' default ``initial_accumulator_value=0.1``, never).

    Parameters
    ----------
    learning_rate : float, default 0.01
        Keras default 0.001, PyTorch 0.01.
    epsilon : float, default 1e-7
        Keras 1e-7, PyTorch 1e-10.
    initial_accumulator_value : float, default 0.0
        Keras 0.1, PyTorch 0.
    weight_decay : float, default 0.0
        Coupled L2 decay.
    """

    _config_names = ("learning_rate", "epsilon", "initial_accumulator_value", "weight_decay")

    def __init__(self, learning_rate: float = 0.01, epsilon: float = 1e-7,
                 initial_accumulator_value: float = 0.0, weight_decay: float = 0.0) -> None:
        super().__init__(learning_rate, weight_decay)
        name = type(self).__name__
        self.epsilon = _check_number(epsilon, "epsilon", name)
        self.initial_accumulator_value = _check_number(initial_accumulator_value, "initial_accumulator_value", name)

    def _new_state(self, p: np.ndarray) -> dict[str, Any]:
        return {"h": np.full_like(p, self.initial_accumulator_value)}

    def _update(self, p: np.ndarray, g: np.ndarray, s: dict[str, Any]) -> None:
        h = s["h"] = s["h"] + g * g
        p -= self.learning_rate * g / (np.sqrt(h) + self.epsilon)


class RMSprop(Optimizer):
    """RMSprop: Adagrad with a leaky (exponentially decaying) average of squared gradients.

    Update rule (``v`` starts at 0)::

        v <- rho * v + (1 - rho) * g * g
        p <- p - lr * g / (sqrt(v) + epsilon)

    Epsilon sits outside the square root, as in PyTorch. Keras 3 puts it inside,
    ``g / sqrt(v + epsilon)``, which limits the first steps more: a gradient much smaller
    than ``sqrt(epsilon)`` (3e-4 for 1e-7) gets a step below ``lr`` there, but a step of
    about ``lr / sqrt(1 - rho)`` here.

    Parameters
    ----------
    learning_rate : float, default 0.001
        Keras 0.001, PyTorch 0.01.
    rho : float in [0, 1), default 0.9
        Keras ``rho=0.9``; PyTorch calls it ``alpha`` and defaults to 0.99.
    epsilon : float, default 1e-7
        Keras 1e-7, PyTorch 1e-8.
    weight_decay : float, default 0.0
        Coupled L2 decay.
    """

    _config_names = ("learning_rate", "rho", "epsilon", "weight_decay")

    def __init__(self, learning_rate: float = 0.001, rho: float = 0.9, epsilon: float = 1e-7,
                 weight_decay: float = 0.0) -> None:
        super().__init__(learning_rate, weight_decay)
        name = type(self).__name__
        self.rho = _check_number(rho, "rho", name, high=1.0)
        self.epsilon = _check_number(epsilon, "epsilon", name)

    def _new_state(self, p: np.ndarray) -> dict[str, Any]:
        return {"v": np.zeros_like(p)}

    def _update(self, p: np.ndarray, g: np.ndarray, s: dict[str, Any]) -> None:
        v = s["v"] = self.rho * s["v"] + (1.0 - self.rho) * g * g
        p -= self.learning_rate * g / (np.sqrt(v) + self.epsilon)


class Adadelta(Optimizer):
    """Adadelta (Zeiler, 2012): step sizes from running RMS of gradients and of past steps.

    Update rule (``Eg2`` and ``Edx2`` start at 0)::

        Eg2  <- rho * Eg2 + (1 - rho) * g * g
        dx   <- sqrt(Edx2 + epsilon) / sqrt(Eg2 + epsilon) * g
        Edx2 <- rho * Edx2 + (1 - rho) * dx * dx
        p    <- p - lr * dx

    The paper has no learning rate (``lr = 1``) and uses ``rho = 0.95, epsilon = 1e-6``; those
    are the defaults here. Keras and PyTorch add ``lr`` the same way (``Edx2`` accumulates the
    step *before* it is scaled by ``lr``) but default to Keras ``lr=0.001, rho=0.95,
    epsilon=1e-7`` and PyTorch ``lr=1.0, rho=0.9, epsilon=1e-6``. Because epsilon sits in the
    numerator too, the first steps are about ``lr * sqrt(epsilon) / sqrt(1 - rho)`` in size:
    small, whatever the gradient's scale.

    Parameters
    ----------
    learning_rate : float, default 1.0
    rho : float in [0, 1), default 0.95
    epsilon : float, default 1e-6
    weight_decay : float, default 0.0
        Coupled L2 decay.
    """

    _config_names = ("learning_rate", "rho", "epsilon", "weight_decay")

    def __init__(self, learning_rate: float = 1.0, rho: float = 0.95, epsilon: float = 1e-6,
                 weight_decay: float = 0.0) -> None:
        super().__init__(learning_rate, weight_decay)
        name = type(self).__name__
        self.rho = _check_number(rho, "rho", name, high=1.0)
        self.epsilon = _check_number(epsilon, "epsilon", name, low_open=True)

    def _new_state(self, p: np.ndarray) -> dict[str, Any]:
        return {"Eg2": np.zeros_like(p), "Edx2": np.zeros_like(p)}

    def _update(self, p: np.ndarray, g: np.ndarray, s: dict[str, Any]) -> None:
        rho, eps = self.rho, self.epsilon
        Eg2 = s["Eg2"] = rho * s["Eg2"] + (1.0 - rho) * g * g
        dx = np.sqrt(s["Edx2"] + eps) / np.sqrt(Eg2 + eps) * g
        s["Edx2"] = rho * s["Edx2"] + (1.0 - rho) * dx * dx
        p -= self.learning_rate * dx


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2015): momentum plus RMSprop, with bias correction.

    Update rule (``m``, ``v`` start at 0; ``t`` counts this key's steps from 1)::

        m <- beta_1 * m + (1 - beta_1) * g
        v <- beta_2 * v + (1 - beta_2) * g * g
        m_hat = m / (1 - beta_1**t)
        v_hat = v / (1 - beta_2**t)
        p <- p - lr * m_hat / (sqrt(v_hat) + epsilon)

    This is the paper's form, which PyTorch uses. Keras adds epsilon to ``sqrt(v)`` before
    the bias correction (the paper's "epsilon hat" variant); the two differ only in how much
    epsilon counts during the first steps.

    Parameters
    ----------
    learning_rate : float, default 0.001
    beta_1 : float in [0, 1), default 0.9
    beta_2 : float in [0, 1), default 0.999
    epsilon : float, default 1e-7
        The Keras default; PyTorch uses 1e-8.
    weight_decay : float, default 0.0
        Coupled L2 decay (PyTorch ``Adam(weight_decay=...)``); for decoupled decay use AdamW.
    """

    _config_names = ("learning_rate", "beta_1", "beta_2", "epsilon", "weight_decay")

    def __init__(self, learning_rate: float = 0.001, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7, weight_decay: float = 0.0) -> None:
        super().__init__(learning_rate, weight_decay)
        name = type(self).__name__
        self.beta_1 = _check_number(beta_1, "beta_1", name, high=1.0)
        self.beta_2 = _check_number(beta_2, "beta_2", name, high=1.0)
        self.epsilon = _check_number(epsilon, "epsilon", name)

    def _new_state(self, p: np.ndarray) -> dict[str, Any]:
        return {"m": np.zeros_like(p), "v": np.zeros_like(p)}

    def _update(self, p: np.ndarray, g: np.ndarray, s: dict[str, Any]) -> None:
        beta_1, beta_2, t = self.beta_1, self.beta_2, s["t"]
        m = s["m"] = beta_1 * s["m"] + (1 - beta_1) * g
        v = s["v"] = beta_2 * s["v"] + (1 - beta_2) * g * g
        m_hat = m / (1 - beta_1**t)
        v_hat = v / (1 - beta_2**t)
        p -= self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter, 2019).

    Update rule: first shrink the weights, then take the Adam step of the plain gradient::

        p <- p - lr * weight_decay * p
        p <- Adam update of p with g     (see ``Adam``)

    The decay does not pass through ``m`` and ``v``, so every weight shrinks by the same
    factor ``(1 - lr * weight_decay)`` per step, unlike coupled L2 decay in Adam.

    Parameters
    ----------
    learning_rate : float, default 0.001
    weight_decay : float, default 0.01
        PyTorch default 0.01, Keras 0.004.
    beta_1, beta_2, epsilon :
        As in ``Adam`` (epsilon 1e-7 here and in Keras, 1e-8 in PyTorch).
    """

    def __init__(self, learning_rate: float = 0.001, weight_decay: float = 0.01, beta_1: float = 0.9,
                 beta_2: float = 0.999, epsilon: float = 1e-7) -> None:
        super().__init__(learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon, weight_decay=weight_decay)

    _coupled_decay = False
    _config_names = ("learning_rate", "weight_decay", "beta_1", "beta_2", "epsilon")

    def _update(self, p: np.ndarray, g: np.ndarray, s: dict[str, Any]) -> None:
        if self.weight_decay:
            p *= 1.0 - self.learning_rate * self.weight_decay
        super()._update(p, g, s)


OPTIMIZERS: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "momentum": Momentum,
    "nesterov": Nesterov,
    "adagrad": Adagrad,
    "rmsprop": RMSprop,
    "adadelta": Adadelta,
    "adam": Adam,
    "adamw": AdamW,
}


def get(name: Any, **kwargs: Any) -> Optimizer:
    """Return an optimizer from a name such as ``"adam"`` or a class such as ``Adam`` (kwargs
    go to the class), or pass an optimizer object through.

    Examples
    --------
    >>> get("sgd", learning_rate=0.1)
    SGD(learning_rate=0.1, momentum=0.0, nesterov=False, weight_decay=0.0)
    """
    if isinstance(name, type):
        if issubclass(name, Optimizer):
            return name(**kwargs)
        raise MLCourseError(f"optimizer must be a name ({known_names(OPTIMIZERS)}), an Optimizer class or object, "
                            f"received the class {name.__name__}.")
    opt = resolve(name, OPTIMIZERS, "optimizer", **kwargs)
    if not isinstance(name, str):
        if kwargs:
            raise MLCourseError(f"Keyword arguments {sorted(kwargs)} only apply to an optimizer name, not to {name!r}.")
        if not callable(getattr(opt, "step", None)):
            raise MLCourseError(
                f"optimizer must be a name ({known_names(OPTIMIZERS)}) or an object with a step(params, grads) method, "
                f"received {type(name).__name__} {show(name)}."
            )
    return opt
