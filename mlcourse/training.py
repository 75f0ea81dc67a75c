"""Training a model: ``compile``, ``fit``, ``train_step``, ``evaluate``, ``predict``.

:class:`Trainer` is the half of ``Sequential`` that trains (``Sequential`` inherits it, as
a Keras model inherits its trainer); the network itself (layers, ``forward``, ``backward``,
``params``, weights) lives in :mod:`mlcourse.model`. A trainer talks to the network only
through that public interface, and to the loss through the loss's own methods:

- ``loss.check_targets(y, output_shape)`` checks the targets once per ``fit``;
- ``loss.forward_checked(out, y)`` then skips checking every batch again;
- a loss whose ``fuses_with`` names the last layer's activation (softmax or sigmoid with
  cross-entropy) gives ``loss.fused_backward() = (p - y) / N`` at the logits, which the
  model backpropagates with ``skip_last_activation=True``: the same numbers as the chain
  rule through the activation, without dividing by probabilities near 0;
- a loss that is NaN or infinite raises :class:`mlcourse.losses.NonFiniteLossError`, which
  ``fit`` reports as a divergence (:class:`TrainingDivergedWarning`).

Speed, kept here and out of the layers' textbook code (a test checks that ``fit`` and the
by-hand loop in the ``mlcourse.model`` docstring give the same weights):

- the first layer is asked for no gradient with respect to the data (``need_input_grad=False``);
- BLAS runs on :data:`BLAS_THREADS` threads inside ``fit``;
- small training sets are shuffled by one copy per epoch, large ones batch by batch.
"""
from __future__ import annotations

import contextlib
import math
import warnings
from typing import Any, Callable, NamedTuple, Sequence

import numpy as np

from . import losses as _losses
from . import metrics as _metrics
from . import optimizers as _optimizers
from ._checks import MLCourseError, check_choice, check_number, check_seed, check_whole
from .callbacks import Callback, History, ProgressBar, overrides
from .i18n import tr

__all__ = ["Trainer", "TrainingDivergedWarning", "BLAS_THREADS"]

#: Threads numpy's BLAS may use inside ``fit`` (None: leave as is). The matrices of a course
#: model are small: one thread is as fast, and much faster on a busy machine, where waiting
#: BLAS threads compete for the cores.
BLAS_THREADS: int | None = 1

#: ``fit`` shuffles training sets up to this size (bytes of x) by copying them in the new
#: order once per epoch; larger ones (MNIST: 188 MB) by taking each batch's rows.
_COPY_LIMIT = 16 * 2**20


def _blas_threads(n: int | None) -> Any:
    if n is None:
        return contextlib.nullcontext()
    try:
        from threadpoolctl import threadpool_limits  # installed with scikit-learn
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=n, user_api="blas")


class TrainingDivergedWarning(RuntimeWarning):
    """The loss became NaN or infinite, so ``fit`` stopped early."""


class _StepPlan(NamedTuple):
    params: dict[str, np.ndarray]
    grad_slots: list[tuple[str, dict, str]]
    fused: bool
    penalized: bool
    constrained: bool
    loss_forward: Callable[[np.ndarray, np.ndarray], float]


class Trainer:
    """Training for a network with ``layers``, ``forward``, ``backward``, ``params``, ``grads``,
    ``penalty`` and ``apply_constraints`` (see :class:`mlcourse.model.Sequential`).

    Attributes
    ----------
    optimizer, loss : objects
        Set by :meth:`compile` (resolved from names).
    metrics : list of (name, function)
    fuse_gradients : bool
        Whether training may use the fused gradient ``(p - y) / N`` at the logits (default
        True); set False to backpropagate through the output activation instead.
    stop_training : bool
        Set it to True from a callback to end ``fit`` after the current epoch.
    """

    def __init__(self) -> None:
        self.optimizer: Any = None
        self.loss: Any = None
        self.metrics: list[tuple[str, Any]] = []
        self.fuse_gradients = True
        self.stop_training = False
        self._fit_calls = 0

    # -- compile ------------------------------------------------------------------------------
    def compile(self, optimizer: Any = "rmsprop", loss: Any = None, metrics: Sequence[Any] | None = None) -> None:
        """Choose how to train.

        Parameters
        ----------
        optimizer : str, Optimizer class or Optimizer
            ``"sgd"``, ``"adam"``, ``"rmsprop"``, ..., a class such as ``Adam`` (made with its
            defaults) or an object such as ``SGD(learning_rate=0.1)``.
        loss : str or Loss
            ``"mse"``, ``"binary_crossentropy"``, ``"categorical_crossentropy"``,
            ``"sparse_categorical_crossentropy"``, ... or a loss object.
        metrics : list, optional
            ``"acc"``/``"accuracy"``, ``"mse"``, ``"mae"``, or functions ``f(y_true, y_pred) -> float``.
            The History uses the names as written.
        """
        if loss is None:
            raise MLCourseError("compile needs a loss, e.g. loss='sparse_categorical_crossentropy' or loss='mse'.")
        if metrics is None:
            metrics = []
        if isinstance(metrics, str) or callable(metrics):
            metrics = [metrics]
        if not isinstance(metrics, (list, tuple)):
            raise MLCourseError(f"compile: metrics must be a list such as ['acc'], received {metrics!r}.")
        resolved = [_metrics.get(m) for m in metrics]
        names = [n for n, _ in resolved]
        if "loss" in names or len(set(names)) != len(names):
            raise MLCourseError(f"Metric names must be distinct and not 'loss', received {names}.")
        self.optimizer = _optimizers.get(optimizer)
        self.loss = _losses.get(loss)
        self.metrics = resolved

    def _require_compiled(self, what: str) -> None:
        if self.loss is None:
            raise MLCourseError(
                f"Call model.compile(optimizer=..., loss=...) before model.{what}(...), e.g. "
                "model.compile(optimizer='sgd', loss='sparse_categorical_crossentropy', metrics=['acc'])."
            )

    @property
    def fused(self) -> bool:
        """Whether training backpropagates ``loss.fused_backward()`` from the logits: the last
        layer applies the activation the loss fuses with (softmax or sigmoid), and the loss
        takes probabilities."""
        last = self.layers[-1] if self.layers else None
        activation = getattr(last, "activation", None)
        return (
            self.fuse_gradients
            and activation is not None
            and getattr(activation, "name", None) == getattr(self.loss, "fuses_with", None)
            and not getattr(self.loss, "from_logits", False)
            and callable(getattr(self.loss, "fused_backward", None))
        )

    def _check_y(self, y: Any, n: int, where: str) -> np.ndarray:
        """The targets, checked by the loss itself against the model's output shape."""
        check_targets = getattr(self.loss, "check_targets", None)
        if check_targets is None:  # a loss object of the learner's own, without the method
            y = _losses.Loss().check_targets(y, self.output_shape, where)
        else:
            y = check_targets(y, self.output_shape, where)
        if len(y) != n:
            raise MLCourseError(f"{where}: x has {n} samples but y has {len(y)}; they must match.")
        return y

    # -- one step -------------------------------------------------------------------------------
    def _backward_loss(self, need_input_grad: bool = True) -> None:
        """Backpropagate the last loss computed, fused with the output activation when possible."""
        if self.fused:
            self.backward(self.loss.fused_backward(), skip_last_activation=True, need_input_grad=need_input_grad)
        else:
            self.backward(self.loss.backward(), need_input_grad=need_input_grad)

    def _plan(self) -> _StepPlan:
        """What every step of one ``fit`` needs, asked from the model and the loss once."""
        params = self.params  # the layers' own arrays: the same objects for the whole fit
        grad_slots = [(f"{layer.index}.{key}", layer.grads, key) for layer in self.layers for key in layer.params]
        return _StepPlan(
            params=params,
            grad_slots=grad_slots,
            fused=self.fused,
            penalized=any(layer.regularizers for layer in self.layers),
            constrained=any(layer.constraints for layer in self.layers),
            loss_forward=getattr(self.loss, "forward_checked", self.loss.forward),
        )

    def _train_batch(self, x: np.ndarray, y: np.ndarray, plan: _StepPlan | None = None) -> tuple[float, np.ndarray]:
        """One step on checked arrays: forward, loss, backward, optimizer step, constraints.

        The same as the by-hand loop of the ``mlcourse.model`` docstring, with what does not
        change between steps (``plan``) looked up once per ``fit``.
        """
        plan = plan or self._plan()
        out = x
        for layer in self.layers:
            out = layer.forward(out, True)
        try:
            loss = plan.loss_forward(out, y)
        except _losses.NonFiniteLossError:
            return (math.inf if np.isfinite(out).all() else math.nan), out
        if plan.penalized:
            loss += self.penalty()
        if not math.isfinite(loss):
            return loss, out  # no update: fit reports the divergence
        # nothing uses d loss / d data: the first layer may skip it
        if plan.fused:
            self.backward(self.loss.fused_backward(), skip_last_activation=True, need_input_grad=False)
        else:
            self.backward(self.loss.backward(), need_input_grad=False)
        grads = {k: layer_grads[key] for k, layer_grads, key in plan.grad_slots}
        self.optimizer.step(plan.params, grads)
        if plan.constrained:
            self.apply_constraints()
        return loss, out

    def train_step(self, x: Any, y: Any) -> float:
        """One gradient step on one batch; returns its loss (regularization included).

        forward (training=True) -> loss -> backward -> ``optimizer.step(params, grads)`` -> constraints.
        """
        self._require_compiled("train_step")
        x = self._check_x(x, "Sequential.train_step")
        y = self._check_y(y, len(x), "Sequential.train_step")
        return self._train_batch(x, y)[0]

    def compute_loss(self, x: Any, y: Any, training: bool = False) -> float:
        """Loss on (x, y) plus the regularization penalty, without changing anything.

        ``training=False`` (default) runs Dropout and BatchNormalization in inference mode,
        so the value depends on the weights only (what a gradient check needs).
        """
        self._require_compiled("compute_loss")
        x = self._check_x(x, "Sequential.compute_loss")
        y = self._check_y(y, len(x), "Sequential.compute_loss")
        out = x
        for layer in self.layers:
            out = layer.forward(out, training)
        return float(self.loss.forward(out, y)) + self.penalty()

    def compute_gradients(self, x: Any, y: Any, training: bool = False) -> dict[str, np.ndarray]:
        """Gradient of :meth:`compute_loss` for every parameter: a dict keyed like ``params`` (copies)."""
        self.compute_loss(x, y, training)
        self._backward_loss()
        return {k: np.array(g, copy=True) for k, g in self.grads.items()}

    # -- fit ---------------------------------------------------------------------------------------
    def fit(
        self,
        x: Any,
        y: Any,
        batch_size: int = 32,
        epochs: int = 1,
        verbose: int | str = "auto",
        callbacks: Sequence[Callback] | Callback | None = None,
        validation_split: float = 0.0,
        validation_data: tuple | None = None,
        shuffle: bool = True,
        seed: int | None = None,
        initial_epoch: int = 0,
    ) -> History:
        """Train with mini-batch gradient descent; return the :class:`History`.

        Parameters
        ----------
        x : array, (N, *input_shape)
        y : array
            What the loss takes (``loss.targets`` says it): class labels (N,) for
            ``sparse_categorical_crossentropy``, otherwise targets shaped like the output,
            (N, *output_shape) ((N,) is accepted for one output).
        batch_size : int
            Samples per gradient step; the last batch of an epoch may be smaller.
        epochs : int
            Passes over the training data.
        verbose : 0, 1, 2 or "auto"
            0 silent; 2 one line per epoch; 1 (= "auto") a line with a progress bar for
            about ten of the epochs. No timings are printed, so outputs are reproducible.
        callbacks : Callback or list of Callback
        validation_split : float in [0, 1)
            Keep this fraction of the samples, taken from the end of x and y before any
            shuffling, out of training and report ``val_`` logs on it.
        validation_data : tuple (x_val, y_val), optional
            Validation data given directly (overrides ``validation_split``).
        shuffle : bool
            Shuffle the training samples at the start of every epoch.
        seed : int, optional
            Seeds shuffling and dropout (and the weights, if this call builds the model and
            the model has no seed).
        initial_epoch : int
            Epoch to start counting from (to continue an earlier fit).

        Returns
        -------
        History
            ``history.history["loss"]``, ``["acc"]``, ``["val_loss"]``, ... one value per epoch.
            If the loss becomes NaN or infinite, training stops at once with a
            :class:`TrainingDivergedWarning`, and the epochs finished so far are kept.
        """
        self._require_compiled("fit")
        where = "Sequential.fit"
        batch_size = check_whole(batch_size, "batch_size", low=1)
        epochs = check_whole(epochs, "epochs", low=0)
        initial_epoch = check_whole(initial_epoch, "initial_epoch", low=0)
        verbose = 1 if check_choice(verbose, "verbose", (0, 1, 2, "auto")) == "auto" else verbose
        seed = check_seed(seed, "fit seed")
        validation_split = check_number(validation_split, "validation_split", low=0.0, high=1.0, high_open=True)
        if not isinstance(shuffle, (bool, np.bool_)):
            raise MLCourseError(f"{where}: shuffle must be True or False, received {shuffle!r}.")
        cbs = _check_callbacks(callbacks, where)

        x = self._check_x(x, where, seed=seed)
        y = self._check_y(y, len(x), where)
        x, y, val = self._validation_arrays(x, y, validation_data, validation_split, where)
        if len(x) == 0:
            raise MLCourseError(f"{where}: x has no samples.")

        if seed is not None:
            rng = np.random.default_rng(seed)
        else:
            rng = np.random.default_rng([self._init_seed(), self._fit_calls])
        self._fit_calls += 1
        for layer in self.layers:
            layer.reseed(rng)

        history = History()
        cbs.append(history)
        if verbose:
            cbs.append(ProgressBar(verbose))
        log_keys = ["loss"] + [name for name, _ in self.metrics]
        if val is not None:
            log_keys += ["val_" + k for k in log_keys]
        params = {"epochs": epochs, "steps": math.ceil(len(x) / batch_size), "batch_size": batch_size,
                  "samples": len(x), "verbose": verbose, "metrics": log_keys}
        for cb in cbs:
            cb.set_model(self)
            cb.set_params(params)
        self.stop_training = False
        # overflow on the way to a NaN loss is reported once, as a divergence, not as numpy warnings
        with _blas_threads(BLAS_THREADS), np.errstate(over="ignore", invalid="ignore"):
            self._run_epochs(x, y, val, rng, cbs, history, batch_size, epochs, initial_epoch, shuffle)
        return history

    def _validation_arrays(self, x: np.ndarray, y: np.ndarray, validation_data: Any, validation_split: float,
                           where: str) -> tuple[np.ndarray, np.ndarray, tuple | None]:
        """``(x, y, val)``: the training arrays and the checked validation pair (or None)."""
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise MLCourseError(f"{where}: validation_data must be a pair (x_val, y_val), received {type(validation_data).__name__}.")
            xv = self._check_x(validation_data[0], where + " (validation_data)")
            if len(xv) == 0:
                raise MLCourseError(f"{where} (validation_data): x_val has no samples.")
            return x, y, (xv, self._check_y(validation_data[1], len(xv), where + " (validation_data)"))
        if validation_split > 0.0:
            n_val = int(len(x) * validation_split)
            if n_val == 0 or n_val == len(x):
                raise MLCourseError(
                    f"{where}: validation_split={validation_split} of {len(x)} samples leaves "
                    f"{n_val} for validation and {len(x) - n_val} for training; both must be at least 1."
                )
            return x[:-n_val], y[:-n_val], (x[-n_val:], y[-n_val:])
        return x, y, None

    def _run_epochs(self, x: np.ndarray, y: np.ndarray, val: tuple | None, rng: np.random.Generator,
                    cbs: list[Callback], history: History, batch_size: int, epochs: int,
                    initial_epoch: int, shuffle: bool) -> None:
        """The training loop of :meth:`fit`, on checked arrays."""
        n = len(x)
        steps = math.ceil(n / batch_size)
        names = [name for name, _ in self.metrics]
        metric_fns = [fn for _, fn in self.metrics]
        plan = self._plan()
        epoch_begin = [cb for cb in cbs if overrides(cb, "on_epoch_begin")]
        batch_begin = [cb for cb in cbs if overrides(cb, "on_batch_begin")]
        batch_end = [cb for cb in cbs if overrides(cb, "on_batch_end")]
        for cb in cbs:
            cb.on_train_begin({})
        for epoch in range(initial_epoch, epochs):
            for cb in epoch_begin:
                cb.on_epoch_begin(epoch, {})
            xs, ys, order = x, y, None
            if shuffle and steps > 1:  # one batch holds every sample whatever the order
                order = rng.permutation(n)
                if x.nbytes <= _COPY_LIMIT:
                    xs, ys = x[order], y[order]  # the shuffled set in two calls; slices below
                    order = None
            loss_sum = 0.0
            metric_sums = [0.0] * len(metric_fns)
            for b in range(steps):
                start = b * batch_size
                if order is None:
                    xb, yb = xs[start:start + batch_size], ys[start:start + batch_size]
                else:  # a large set: take each batch's rows rather than copy it all every epoch
                    rows = order[start:start + batch_size]
                    xb, yb = x[rows], y[rows]
                for cb in batch_begin:
                    cb.on_batch_begin(b, {"batch": b, "size": len(xb)})
                loss, out = self._train_batch(xb, yb, plan)
                if not math.isfinite(loss):
                    self._report_divergence(history, epoch, b, loss)
                    break
                loss_sum += loss * len(xb)
                values = [fn(yb, out) for fn in metric_fns]
                for j, v in enumerate(values):
                    metric_sums[j] += v * len(xb)
                if batch_end:
                    logs = {"batch": b, "size": len(xb), "loss": float(loss), **dict(zip(names, values))}
                    for cb in batch_end:
                        cb.on_batch_end(b, logs)
            if history.diverged:
                break
            logs = {"loss": float(loss_sum / n)}
            for name, total in zip(names, metric_sums):
                logs[name] = float(total / n)
            if val is not None:
                for key, value in self._evaluate_arrays(*val, batch_size=None).items():
                    logs["val_" + key] = value
            for cb in cbs:
                cb.on_epoch_end(epoch, logs)
            if self.stop_training:
                break
        for cb in cbs:
            cb.on_train_end({})

    def _report_divergence(self, history: History, epoch: int, batch: int, loss: float) -> None:
        history.diverged = True
        history.diverged_at = (epoch + 1, batch + 1)
        self.stop_training = True
        lr = getattr(self.optimizer, "learning_rate", None)
        kept = len(history.epoch)
        if isinstance(lr, (int, float)):
            advice = tr("Try a smaller learning rate (now {lr:g}), or scale the inputs.", lr=lr)
        else:
            advice = tr("Try a smaller learning rate, or scale the inputs.")
        if kept == 1:
            stopped = tr("Training stopped; the History keeps the {kept} finished epoch.", kept=kept)
        else:
            stopped = tr("Training stopped; the History keeps the {kept} finished epochs.", kept=kept)
        warnings.warn(
            tr("Training diverged at epoch {epoch}, batch {batch}: the loss became {loss}.",
               epoch=epoch + 1, batch=batch + 1, loss=loss) + " " + advice + " " + stopped,
            TrainingDivergedWarning,
            stacklevel=4,  # points at the user's call to fit
        )

    # -- evaluate / predict -----------------------------------------------------------------------
    def _evaluate_arrays(self, x: np.ndarray, y: np.ndarray, batch_size: int | None) -> dict[str, float]:
        n = len(x)
        size = batch_size or max(n, 1)
        loss_sum = 0.0
        sums = [0.0] * len(self.metrics)
        for start in range(0, n, size):
            xb, yb = x[start:start + size], y[start:start + size]
            out = xb
            for layer in self.layers:
                out = layer.forward(out, False)
            loss_sum += float(self.loss.forward(out, yb)) * len(xb)
            for j, (_, fn) in enumerate(self.metrics):
                sums[j] += fn(yb, out) * len(xb)
        logs = {"loss": float(loss_sum / n + self.penalty())}
        for (name, _), total in zip(self.metrics, sums):
            logs[name] = float(total / n)
        return logs

    def evaluate(self, x: Any, y: Any, batch_size: int | None = None, verbose: int = 0,
                 return_dict: bool = False) -> float | list[float] | dict[str, float]:
        """Loss (regularization included) and metrics on (x, y), in inference mode.

        Returns the loss alone when there are no metrics, else ``[loss, metric1, ...]``
        (or a dict with ``return_dict=True``). ``batch_size`` only limits memory use.
        """
        self._require_compiled("evaluate")
        x = self._check_x(x, "Sequential.evaluate")
        y = self._check_y(y, len(x), "Sequential.evaluate")
        if len(x) == 0:
            raise MLCourseError("Sequential.evaluate: x has no samples.")
        if batch_size is not None:
            batch_size = check_whole(batch_size, "batch_size", low=1)
        check_choice(verbose, "verbose", (0, 1, 2))
        logs = self._evaluate_arrays(x, y, batch_size)
        if verbose:
            print(" - ".join(f"{k}: {v:.4f}" for k, v in logs.items()))
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    def predict(self, x: Any, batch_size: int | None = None, verbose: int = 0) -> np.ndarray:
        """Outputs for x in inference mode: (N, *input_shape) -> (N, *output_shape)."""
        x = self._check_x(x, "Sequential.predict")
        if batch_size is not None:
            batch_size = check_whole(batch_size, "batch_size", low=1)
        if batch_size is None or len(x) <= batch_size:
            return self.forward(x, training=False)
        return np.concatenate([self.forward(x[s:s + batch_size], training=False) for s in range(0, len(x), batch_size)])


def _check_callbacks(callbacks: Any, where: str) -> list[Callback]:
    """A list of Callback objects from None, one Callback, or a list or tuple of them."""
    if callbacks is None:
        return []
    if isinstance(callbacks, Callback):
        return [callbacks]
    if not isinstance(callbacks, (list, tuple)):
        raise MLCourseError(f"{where}: callbacks must be a Callback or a list of them, received {type(callbacks).__name__} {callbacks!r}.")
    for cb in callbacks:
        if not isinstance(cb, Callback):
            raise MLCourseError(f"{where}: callbacks must be Callback objects, received {type(cb).__name__} {cb!r}.")
    return list(callbacks)

