"""Python source that rebuilds a playground network with mlcourse (``Playground.to_code``).

The written script makes the same data (same seed and features), the same layers with the same
initial weights, compiles with the same loss and optimizer and trains, or copies the weights
the playground has now.
"""
from __future__ import annotations

from .. import optimizers as _optimizers
from .choices import FEATURE_FUNCTIONS, GENERATORS, INIT_CHOICES
from .engine import Playground


class CodeWriter:
    """Writes :meth:`Playground.to_code` line by line."""

    def __init__(self, pg: Playground, include_weights: bool, epochs: int | None) -> None:
        self.pg, self.s = pg, pg.state
        self.include_weights = include_weights
        self.epochs = epochs if epochs is not None else (pg.epoch or 100)

    def source(self) -> str:
        pg, s = self.pg, self.s
        init_code = INIT_CHOICES[s.init][1]
        one_hot = pg.task == "classification" and pg.keras_loss == "mse" and pg.output_units > 1
        reg_used = s.regularization != "none" and s.reg_rate > 0
        core = ["Dense"] + (["Dropout"] if s.dropout > 0 and s.hidden else []) + ["Sequential"]
        core += (["initializers"] if s.init.startswith("normal") else []) + ["optimizers"]
        core += ["regularizers"] if reg_used else []
        data = ([GENERATORS[s.dataset]] if s.dataset != "custom" else []) + (["one_hot"] if one_hot else [])
        lines = ['"""A network exported from the mlcourse playground."""', "import numpy as np", "",
                 "from mlcourse import " + ", ".join(core)]
        if s.schedule != "constant" and not self.include_weights:
            lines.append("from mlcourse.callbacks import LambdaCallback")
        lines.append("from mlcourse.data import " + ", ".join(data + ["train_test_split"]))
        lines += self._data_lines()
        lines += ["", "", "def features(X):", '    """Points (N, 2) -> network inputs (N, F)."""',
                  "    x1, x2 = X[:, 0], X[:, 1]",
                  "    return np.column_stack([" + ", ".join(FEATURE_FUNCTIONS[f][1] for f in s.features) + "])", "", ""]
        lines += [f"F_train, F_test = features(X_train), features(X_test)"]
        if one_hot:
            lines += [f"T_train, T_test = one_hot(y_train, {pg.n_classes}), one_hot(y_test, {pg.n_classes})"]
        else:
            lines += ["T_train, T_test = y_train, y_test"]
        reg = "None"
        if reg_used:
            reg = f"regularizers.{s.regularization.upper()}({s.reg_rate!r})"
        lines += ["", f"init = {init_code}", f"reg = {reg}", "model = Sequential(["]
        for i, units in enumerate(s.hidden):
            dim = f", input_dim={len(s.features)}" if i == 0 else ""
            lines.append(f'    Dense({units}, activation="{s.activation}", kernel_initializer=init, kernel_regularizer=reg{dim}),')
            if s.dropout > 0:
                lines.append(f"    Dropout({s.dropout!r}),")
        dim = "" if s.hidden else f", input_dim={len(s.features)}"
        lines.append(f'    Dense({pg.output_units}, activation="{pg.output_activation}", kernel_initializer=init, '
                     f"kernel_regularizer=reg{dim}),")
        lines.append(f"], seed={s.seed})")
        cls = _optimizers.OPTIMIZERS[s.optimizer].__name__
        metrics = ', metrics=["acc"]' if pg.task == "classification" else ""
        lines.append(f'model.compile(optimizer=optimizers.{cls}(learning_rate={s.learning_rate!r}), '
                     f'loss="{pg.keras_loss}"{metrics})')
        if self.include_weights:
            lines += ["", "# the weights of the playground's network, layer by layer", "model.set_weights(["]
            for arr in pg.model.get_weights():
                lines.append(f"    np.array({arr.tolist()!r}),")
            lines.append("])")
        else:
            lines += self._fit_lines()
        return "\n".join(lines) + "\n"

    def _data_lines(self) -> list[str]:
        pg, s = self.pg, self.s
        test_size = pg.test_fraction(len(pg.X_train) + len(pg.X_test))
        if s.dataset == "custom":
            out = ["", "# your own data", f"X = np.array({[list(p) for p in s.custom_X]!r})",
                   f"y = np.array({list(s.custom_y)!r})"]
            if pg.task == "regression":
                out.append("y = y.reshape(-1, 1)")
        else:
            gen = GENERATORS[s.dataset]
            extra = f", arms={s.n_classes}" if s.dataset == "spiral" else ", n_inputs=2" if s.dataset == "sine" else ""
            out = ["",
                   f"X, y = {gen}(n={s.n_points}, noise={s.noise / 100.0!r}{extra}, seed={s.seed})"]
        out.append(f"(X_train, y_train), (X_test, y_test) = train_test_split(X, y, test_size={test_size!r}, seed={s.seed})")
        return out

    def _fit_lines(self) -> list[str]:
        s = self.s
        out = [""]
        callbacks = ""
        if s.schedule != "constant":
            lr, T = s.learning_rate, s.schedule_epochs
            formula = {
                "step": f"{lr!r} * 0.5 ** (epoch // {T})",
                "exponential": f"{lr!r} * 0.5 ** (epoch / {T})",
                "cosine": f"{lr!r} * (0.01 + 0.99 * 0.5 * (1 + np.cos(np.pi * min(epoch, {T}) / {T})))",
            }[s.schedule]
            out += [f"def learning_rate_at(epoch):  # {s.schedule} schedule",
                    f"    return max({formula}, 1e-12)", "",
                    "schedule = LambdaCallback(on_epoch_begin=lambda epoch, logs: "
                    "setattr(model.optimizer, 'learning_rate', learning_rate_at(epoch)))"]
            callbacks = ", callbacks=[schedule]"
        out.append(f"history = model.fit(F_train, T_train, batch_size={s.batch_size}, epochs={self.epochs}, "
                   f"validation_data=(F_test, T_test), seed={s.seed}, verbose=0{callbacks})")
        return out
