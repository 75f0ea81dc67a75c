"""Callbacks: code that ``Sequential.fit`` calls at fixed points of training.

A callback is an object with methods named after the moments it wants to hear about:

- ``on_train_begin(logs)`` and ``on_train_end(logs)``, once per ``fit``;
- ``on_epoch_begin(epoch, logs)`` and ``on_epoch_end(epoch, logs)``, once per epoch;
- ``on_batch_begin(batch, logs)`` and ``on_batch_end(batch, logs)``, once per mini-batch.

``epoch`` and ``batch`` count from 0. ``logs`` is a dict of numbers: after a batch it holds
``"loss"`` (and the metrics) of that batch, after an epoch the epoch means of the loss and
the metrics and, with validation data, their ``"val_"`` twins, e.g.
``{"loss": 0.41, "acc": 0.88, "val_loss": 0.45, "val_acc": 0.86}``.

Before training starts, ``fit`` sets ``callback.model`` (the model being trained) and
``callback.params`` (``epochs``, ``steps`` per epoch, ``batch_size``, ``samples``,
``verbose``, and ``metrics``: the names the epoch logs will have). A callback stops training
by setting ``self.model.stop_training = True``; ``fit`` then ends after the current epoch.

Example
-------
>>> class PrintEvery10(Callback):
...     def on_epoch_end(self, epoch, logs=None):
...         if (epoch + 1) % 10 == 0:
...             print(epoch + 1, round(logs["loss"], 3))
"""
from __future__ import annotations

import math
import sys
from typing import Any

import numpy as np

from ._checks import MLCourseError, check_bool, check_choice, check_number, check_whole
from .i18n import N_, tr


class Callback:
    """Base class: every hook does nothing, so a subclass writes only the ones it needs."""

    def __init__(self) -> None:
        self.model: Any = None
        self.params: dict[str, Any] = {}

    def set_model(self, model: Any) -> None:
        self.model = model

    def set_params(self, params: dict[str, Any]) -> None:
        self.params = params

    def on_train_begin(self, logs: dict | None = None) -> None:
        pass

    def on_train_end(self, logs: dict | None = None) -> None:
        pass

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        pass

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        pass

    def on_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        pass

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        pass

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class History(Callback):
    """What ``fit`` returns: the epoch logs, one list per key.

    Attributes
    ----------
    history : dict of str to list of float
        ``history["loss"][e]`` is the mean training loss of epoch ``e`` (regularization
        included); metrics use the names given to ``compile`` (``"acc"`` or
        ``"accuracy"``), and validation values the same names with ``"val_"`` in front.
    epoch : list of int
        The epochs (from 0) that finished.
    diverged : bool
        Whether training stopped because the loss became NaN or infinite.
    diverged_at : tuple of int or None
        ``(epoch, batch)``, both counted from 1, where the loss first was not finite.
    """

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []
        self.diverged = False
        self.diverged_at: tuple[int, int] | None = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)

    def __repr__(self) -> str:
        flag = ", diverged=True" if self.diverged else ""
        return f"History(epochs={len(self.epoch)}, keys={list(self.history)}{flag})"


def overrides(callback: Callback, hook: str) -> bool:
    """Whether ``callback`` defines ``hook`` itself (``fit`` skips hooks that do nothing)."""
    if hook in vars(callback):
        return True
    return getattr(type(callback), hook, None) is not getattr(Callback, hook)


def _format_logs(logs: dict) -> str:
    return " - ".join(f"{k}: {v:.4f}" for k, v in logs.items() if isinstance(v, (float, int, np.floating)))


class ProgressBar(Callback):
    """Print one line per epoch, without timings, so notebook outputs stay reproducible.

    ``fit`` adds one for ``verbose=1`` and ``verbose=2``; ``verbose=0`` prints nothing.

    Parameters
    ----------
    verbose : int
        2: one line for every epoch, ``Epoch 3/10 - loss: 0.6931 - acc: 0.5000``.
        1: the same lines with a bar of the progress over the epochs, thinned out on long
        fits to about ``max_lines`` lines (the first epoch, every k-th, and the last one):
        ``Epoch  20/100 [====>...............] - loss: 0.6931 - acc: 0.5000``.
    max_lines : int
        With ``verbose=1``, the most epoch lines to print.
    width : int
        Characters in the bar.
    stream : file-like, optional
        Where to write; ``sys.stdout`` at the time of printing by default.
    """

    def __init__(self, verbose: int = 1, max_lines: int = 10, width: int = 20, stream: Any = None) -> None:
        super().__init__()
        self.verbose = check_choice(verbose, "verbose", (1, 2), where="ProgressBar")
        self.max_lines = check_whole(max_lines, "max_lines", low=1, where="ProgressBar")
        self.width = check_whole(width, "width", low=1, where="ProgressBar")
        self.stream = stream
        self.every = 1

    def __repr__(self) -> str:
        return f"ProgressBar(verbose={self.verbose}, max_lines={self.max_lines})"

    def _write(self, text: str) -> None:
        stream = self.stream if self.stream is not None else sys.stdout
        stream.write(text + "\n")

    def on_train_begin(self, logs: dict | None = None) -> None:
        epochs = int(self.params.get("epochs", 1))
        self.every = 1 if self.verbose == 2 else max(1, math.ceil(epochs / self.max_lines))

    def bar(self, done: int, total: int) -> str:
        """The text bar for ``done`` of ``total``, e.g. ``[=====>..............]``."""
        filled = self.width * done // max(total, 1)
        if filled >= self.width:
            return "[" + "=" * self.width + "]"
        return "[" + "=" * filled + ">" + "." * (self.width - filled - 1) + "]"

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        epochs = int(self.params.get("epochs", epoch + 1))
        n = epoch + 1
        if self.verbose == 1 and not (n == 1 or n % self.every == 0 or n == epochs or self._stopping()):
            return
        digits = len(str(epochs))
        head = tr("Epoch {n}/{epochs}", n=f"{n:>{digits}}", epochs=epochs)
        if self.verbose == 1:
            head += " " + self.bar(n, epochs)
        values = _format_logs(logs or {})
        self._write(head + (" - " + values if values else ""))

    def _stopping(self) -> bool:
        return bool(getattr(self.model, "stop_training", False))


class EarlyStopping(Callback):
    """Stop training when a monitored number has stopped improving.

    After each epoch the value ``logs[monitor]`` is compared with the best seen so far; it
    counts as an improvement when it beats the best by more than ``min_delta``. Training
    stops at the ``patience``-th epoch in a row without improvement (at the first one for
    ``patience`` 0 or 1, as in Keras).

    Parameters
    ----------
    monitor : str
        A key of the epoch logs, e.g. ``"val_loss"`` (needs ``validation_split`` or
        ``validation_data``), ``"loss"``, ``"val_acc"``.
    min_delta : float
        The smallest change that counts as an improvement (>= 0).
    patience : int
        Epochs in a row without improvement after which training stops.
    mode : {"auto", "min", "max"}
        Whether smaller or larger is better; ``"auto"`` picks ``"max"`` for names containing
        ``acc`` and ``"min"`` otherwise.
    restore_best_weights : bool
        At the end of training, put back the weights of the best epoch (those the model had
        when the best value was measured), whether or not training was stopped early.
    baseline : float, optional
        Training stops after ``patience`` epochs unless the value beats the baseline.
    verbose : int
        1 prints a line when training is stopped and when weights are restored.

    Attributes
    ----------
    best : float
        The best value seen.
    best_epoch : int
        The epoch (from 0) where it was seen, or -1.
    stopped_epoch : int
        The epoch (from 0) after which training was stopped, or -1.
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0.0,
        patience: int = 0,
        mode: str = "auto",
        restore_best_weights: bool = False,
        baseline: float | None = None,
        verbose: int = 0,
    ) -> None:
        super().__init__()
        where = "EarlyStopping"
        if not isinstance(monitor, str):
            raise MLCourseError(f"{where}: monitor must be a log key such as 'val_loss', received {monitor!r}.")
        self.monitor = monitor
        self.min_delta = check_number(min_delta, "min_delta", low=0.0, where=where)
        self.patience = check_whole(patience, "patience", low=0, where=where)
        mode = check_choice(mode, "mode", ("auto", "min", "max"), where=where)
        self.mode = ("max" if "acc" in monitor else "min") if mode == "auto" else mode
        if baseline is not None:
            baseline = check_number(baseline, "baseline", where=where)
        self.restore_best_weights = check_bool(restore_best_weights, "restore_best_weights", where=where)
        self.baseline = baseline
        self.verbose = check_choice(verbose, "verbose", (0, 1), where=where)
        self._reset()

    def __repr__(self) -> str:
        return (
            f"EarlyStopping(monitor={self.monitor!r}, min_delta={self.min_delta}, patience={self.patience}, "
            f"mode={self.mode!r}, restore_best_weights={self.restore_best_weights})"
        )

    def _reset(self) -> None:
        self.wait = 0
        self.best = math.inf if self.mode == "min" else -math.inf
        self.best_epoch = -1
        self.best_weights: list[np.ndarray] | None = None
        self.stopped_epoch = -1

    def _improved(self, value: float, reference: float) -> bool:
        if self.mode == "min":
            return value < reference - self.min_delta
        return value > reference + self.min_delta

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._reset()
        known = self.params.get("metrics")
        if known is not None and self.monitor not in known:
            hint = " (validation keys need validation_split or validation_data in fit)" if self.monitor.startswith("val_") else ""
            raise MLCourseError(
                f"EarlyStopping monitors {self.monitor!r}, but the logs of this fit have only "
                f"{', '.join(repr(k) for k in known)}{hint}."
            )

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        if self.monitor not in logs:
            raise MLCourseError(
                f"EarlyStopping monitors {self.monitor!r}, but the epoch logs have only "
                f"{', '.join(repr(k) for k in logs)}."
            )
        value = float(logs[self.monitor])
        if self._improved(value, self.best):
            self.best = value
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._improved(value, self.baseline):
                self.wait = 0
                return
        self.wait += 1
        if self.wait >= max(self.patience, 1):
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs: dict | None = None) -> None:
        if self.stopped_epoch >= 0 and self.verbose:
            print(tr("Epoch {epoch}: early stopping ({monitor} did not improve for {wait} epochs)",
                     epoch=self.stopped_epoch + 1, monitor=self.monitor, wait=self.wait))
        if self.restore_best_weights and self.best_weights is not None:
            self.model.set_weights(self.best_weights)
            if self.verbose:
                print(tr("Restored the weights of epoch {epoch} ({monitor}: {best:.4f})",
                         epoch=self.best_epoch + 1, monitor=self.monitor, best=self.best))


class LambdaCallback(Callback):
    """A callback made of plain functions, e.g. ``LambdaCallback(on_epoch_end=lambda e, logs: ...)``.

    Each argument is a function taking the same arguments as the hook of that name.
    """

    _HOOKS = ("on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end", "on_batch_begin", "on_batch_end")

    def __init__(self, **hooks: Any) -> None:
        super().__init__()
        for name, fn in hooks.items():
            if name not in self._HOOKS:
                raise MLCourseError(f"LambdaCallback got an unknown hook {name!r}; known hooks: {', '.join(self._HOOKS)}.")
            if not callable(fn):
                raise MLCourseError(f"LambdaCallback {name} must be a function, received {fn!r}.")
            setattr(self, name, fn)
        self._names = tuple(hooks)

    def __repr__(self) -> str:
        return f"LambdaCallback({', '.join(self._names)})"


#: Log keys that get a translated label in LiveLossPlot; any other key is shown as it is.
_LOG_LABELS = (N_("loss"), N_("val_loss"), N_("acc"), N_("val_acc"))


def log_label(key: str) -> str:
    """The axis or legend label of the log key ``key`` in the selected language."""
    return tr(key) if key in _LOG_LABELS else key


class LiveLossPlot(Callback):
    """Redraw the loss curve (and metric curves) while a notebook trains.

    Every ``every`` epochs the figure is redrawn in place in the notebook output; at the end
    of training the final figure stays as a static image. Outside a notebook nothing is shown
    while training, and the final figure is kept in ``self.fig`` for ``plt.show()`` or saving.
    matplotlib and IPython are imported only when training starts.

    Parameters
    ----------
    every : int
        Redraw after every ``every``-th epoch (and after the last one).
    metrics : list of str, optional
        Log keys to plot beside the loss (without ``"val_"``), e.g. ``["acc"]``; by default
        every metric of the fit. Each gets its own axes, with its validation twin if present.
    figsize : tuple, optional
        Figure size in inches; by default 4 inches wide per axes.
    logy : bool
        Draw the loss on a log scale.

    Attributes
    ----------
    history : dict of str to list of float
        The epoch logs seen so far.
    fig, axes
        The matplotlib figure and its axes, after training started.
    """

    def __init__(self, every: int = 1, metrics: list[str] | None = None, figsize: tuple | None = None, logy: bool = False) -> None:
        super().__init__()
        self.every = check_whole(every, "every", low=1, where="LiveLossPlot")
        self.metrics = metrics
        self.figsize = figsize
        self.logy = logy
        self.history: dict[str, list[float]] = {}
        self.fig = None
        self.axes = None
        self._handle = None

    def __repr__(self) -> str:
        return f"LiveLossPlot(every={self.every})"

    def _panels(self) -> list[str]:
        names = self.metrics
        if names is None:
            known = self.params.get("metrics") or list(self.history)
            names = [k for k in known if not k.startswith("val_") and k != "loss"]
        return ["loss"] + [n for n in names if n != "loss"]

    def on_train_begin(self, logs: dict | None = None) -> None:
        import matplotlib.pyplot as plt

        self.history = {}
        panels = self._panels()
        figsize = self.figsize or (4.0 * len(panels), 3.0)
        self.fig, axes = plt.subplots(1, len(panels), figsize=figsize, squeeze=False)
        self.axes = list(axes[0])
        plt.close(self.fig)  # shown through IPython.display only, never twice
        self._handle = None

    def draw(self) -> None:
        """Redraw every panel from ``self.history``."""
        for ax, name in zip(self.axes, self._panels()):
            ax.clear()
            for key, style in ((name, "-"), ("val_" + name, "--")):
                values = self.history.get(key)
                if values:
                    ax.plot(np.arange(1, len(values) + 1), values, style, label=log_label(key))
            ax.set_xlabel(tr("epoch"))
            ax.set_ylabel(log_label(name))
            if name == "loss" and self.logy:
                ax.set_yscale("log")
            if ax.lines:
                ax.legend(loc="best")
        self.fig.tight_layout()

    def _show(self) -> None:
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:
            return
        if get_ipython() is None:
            return
        if self._handle is None:
            self._handle = display(self.fig, display_id=True)
        else:
            self._handle.update(self.fig)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(float(value))
        epochs = int(self.params.get("epochs", 0))
        if (epoch + 1) % self.every == 0 or epoch + 1 == epochs:
            self.draw()
            self._show()

    def on_train_end(self, logs: dict | None = None) -> None:
        if self.history:
            self.draw()
            self._show()
