"""Every text the playground's front end shows, in English; :func:`front_end_texts` translates them.

The front end (``static/playground.js``) has no texts of its own: it receives the table of
:func:`front_end_texts` (the synced trait ``texts`` of :class:`~mlcourse.playground.app.PlaygroundApp`)
in the language selected with :func:`mlcourse.set_language` when the widget was made, and fills
the ``{name}`` fields itself (numbers, unit and layer indices).
"""
from __future__ import annotations

from ..i18n import N_, tr

__all__ = ["TEXTS", "CONTROL_LABELS", "OPTION_NAMES", "FEATURE_HELP", "front_end_texts"]

#: The front end's texts by key.
TEXTS = {
    "reset": N_("↺ Reset"),
    "reset_help": N_("Start again from the same initial weights"),
    "play": N_("Play"),
    "pause": N_("Pause"),
    "play_help": N_("Train in the background / stop"),
    "step": N_("Step"),
    "step_help": N_("Train one more epoch"),
    "speed": N_("epochs per frame"),
    "speed_help": N_("Epochs trained per frame while playing"),
    "epoch": N_("epoch {n}"),
    "train_loss": N_("train loss {value}"),
    "test_loss": N_("test loss {value}"),
    "data": N_("Data"),
    "regenerate": N_("⟳ Regenerate"),
    "regenerate_help": N_("New random points (the seed goes up by one)"),
    "output_heading": N_("Output"),
    "show_test": N_("show test data"),
    "discretize": N_("discretize output"),
    "share": N_("Share & export"),
    "string_help": N_("State string (pass it to playground(...); edit it and press Enter to load):"),
    "string_name": N_("state string"),
    "json_heading": N_("State JSON:"),
    "json_name": N_("state JSON"),
    "load_json": N_("Load JSON"),
    "code_heading": N_("The network as mlcourse code (to_code()):"),
    "code_name": N_("code"),
    "new_value": N_("new value"),
    "editor_help": N_("Enter sets it, Esc closes"),
    "not_a_number": N_("{title}: \"{value}\" is not a number"),
    "remove_layer": N_("Remove the last hidden layer"),
    "add_layer": N_("Add a hidden layer as wide as the last one"),
    "one_hidden_layer": N_("1 hidden layer"),
    "hidden_layers": N_("{n} hidden layers"),
    "input_feature": N_("input {name}"),
    "inputs_short": N_("in"),
    "inputs": N_("inputs"),
    "layer": N_("layer {l}"),
    "hidden_layer": N_("hidden layer {l}"),
    "output_short": N_("out"),
    "output": N_("output"),
    "output_unit": N_("output {j}"),
    "unit": N_("layer {l}, unit {j}"),
    "bias_of": N_("bias of {name}"),
    "bias": N_("bias {value}"),
    "bias_help": N_("bias {value} (click to edit)"),
    "weight": N_("weight from {source} to {target}"),
    "unit_less": N_("One unit less in layer {l}"),
    "unit_more": N_("One unit more in layer {l}"),
    "loss": N_("loss"),
    "train_curve": N_("— train {value}"),
    "test_curve": N_("- - test {value}"),
    "untrained": N_("Epoch 0: the loss of the untrained network. Press Play."),
    "accuracy": N_("accuracy: train {train}, test {test}"),
    "rate_now": N_("learning rate now {value}"),
}

#: The label above each setting.
CONTROL_LABELS = {
    "dataset": N_("data"), "n_classes": N_("classes"), "n_points": N_("points"), "noise": N_("noise %"),
    "train_ratio": N_("train %"), "batch_size": N_("batch size"), "activation": N_("activation"),
    "init": N_("initialization"), "optimizer": N_("optimizer"), "learning_rate": N_("learning rate"),
    "schedule": N_("schedule"), "schedule_epochs": N_("schedule epochs"), "regularization": N_("regularization"),
    "reg_rate": N_("regularization rate"), "dropout": N_("dropout"), "loss": N_("loss"),
}

#: How a menu shows a value of a setting (values not listed are shown as they are).
OPTION_NAMES = {
    "relu": "ReLU", "tanh": "tanh", "sigmoid": "sigmoid", "linear": N_("linear"), "leaky_relu": "leaky ReLU",
    "zeros": N_("zeros"), "normal_0.01": N_("normal 0.01"), "normal_1": N_("normal 1"), "xavier": "Xavier",
    "he": "He", "sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "adagrad": "Adagrad",
    "rmsprop": "RMSprop", "adadelta": "Adadelta", "adam": "Adam", "adamw": "AdamW", "auto": N_("auto"),
    "mse": "MSE", "binary_crossentropy": N_("binary cross-entropy"),
    "softmax_crossentropy": N_("softmax cross-entropy"), "none": N_("none"), "l1": "L1", "l2": "L2",
    "circle": N_("circle"), "xor": "xor", "gaussian": N_("gaussian"), "spiral": N_("spiral"), "moons": N_("moons"),
    "plane": N_("plane"), "sine": N_("sine"), "custom": N_("custom"), "constant": N_("constant"), "step": N_("step"),
    "exponential": N_("exponential"), "cosine": N_("cosine"),
}
#: Names that are names in every language (functions, optimizers, people).
_KEPT = {"relu", "tanh", "sigmoid", "leaky_relu", "xavier", "he", "sgd", "momentum", "nesterov", "adagrad",
         "rmsprop", "adadelta", "adam", "adamw", "mse", "l1", "l2", "xor"}

#: The tooltip of each input feature button.
FEATURE_HELP = {
    "x1": N_("x1: the horizontal coordinate"),
    "x2": N_("x2: the vertical coordinate"),
    "x1^2": N_("x1^2: x1 squared (large far left and far right)"),
    "x2^2": N_("x2^2: x2 squared (large far up and far down)"),
    "x1*x2": N_("x1*x2: the product (positive in the 1st and 3rd quadrants)"),
    "sin(x1)": N_("sin(x1): the sine of x1 (stripes across x1)"),
    "sin(x2)": N_("sin(x2): the sine of x2 (stripes across x2)"),
}


def front_end_texts() -> dict[str, dict[str, str]]:
    """The tables the front end shows, in the selected language: ``texts``, ``labels`` (of the
    settings), ``names`` (of menu values) and ``feature_help``."""
    return {
        "texts": {key: tr(text) for key, text in TEXTS.items()},
        "labels": {key: tr(text) for key, text in CONTROL_LABELS.items()},
        "names": {key: text if key in _KEPT else tr(text) for key, text in OPTION_NAMES.items()},
        "feature_help": {key: tr(text) for key, text in FEATURE_HELP.items()},
    }
