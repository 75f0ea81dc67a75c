"""mlcourse: deep learning from scratch with numpy."""
__version__ = "0.1.0"
from . import activations, initializers, layers
from .layers import Activation, BatchNormalization, Dense, Dropout, Embedding, Flatten, Layer
from . import gradcheck, losses
from .gradcheck import check_layer, check_loss, check_model, numerical_gradient, rel_error
from . import callbacks, metrics, model, training
from .callbacks import Callback, EarlyStopping, History, LambdaCallback, LiveLossPlot, ProgressBar
from .model import Sequential
from .training import TrainingDivergedWarning
from . import autodiff, constraints, optimizers, perceptron, regularizers
from .optimizers import SGD, Adadelta, Adagrad, Adam, AdamW, Momentum, Nesterov, Optimizer, RMSprop
from .regularizers import L1, L1L2, L2
from .constraints import MaxNorm, NonNeg, UnitNorm
from .perceptron import AND, NAND, OR, XOR, Perceptron
from .autodiff import Value, draw_graph
from . import i18n
from .i18n import get_language, set_language, tr
