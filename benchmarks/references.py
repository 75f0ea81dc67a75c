"""The references the package is measured against, for one multilayer perceptron.

A network is described by :class:`Net`: layer sizes, the hidden activation ("relu" or
"tanh"), the output ("softmax" with cross-entropy on integer labels, or "sigmoid" with
binary cross-entropy), plain SGD with one learning rate, a batch size and a number of
epochs. Every runner trains that same network on the same data, shuffling every epoch,
and returns the seconds the training took:

- :func:`run_mlcourse`: ``Sequential(...).compile(...).fit(...)``, the package's way.
- :func:`run_floor`: only the matrix products of the same training (forward, weight
  gradients, input gradients), into preallocated arrays: no activation, no loss, no
  update, no shuffling. Nothing that trains this network can be faster.
- :func:`run_handwritten`: a minimal vectorized numpy loop, written the way a course
  would write it: the cost of no abstraction at all.
- :func:`run_sklearn`: scikit-learn's ``MLPClassifier`` with the same architecture,
  optimizer (SGD, no momentum, no L2) and batch size.
- :func:`run_torch`: the same network in PyTorch on the CPU (one thread), when PyTorch is
  importable.
"""
from __future__ import annotations

import time
import warnings
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Net:
    sizes: tuple[int, ...]              # (inputs, hidden..., outputs)
    hidden: str = "relu"                # "relu" or "tanh"
    output: str = "softmax"             # "softmax" (integer labels) or "sigmoid" (0/1 targets)
    learning_rate: float = 0.1
    batch_size: int = 32
    epochs: int = 1
    seed: int = 0

    def steps(self, n_samples: int) -> int:
        """Gradient steps in one run on ``n_samples`` samples."""
        return -(-n_samples // self.batch_size) * self.epochs


def _glorot(rng: np.random.Generator, n_in: int, n_out: int, dtype) -> np.ndarray:
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out)).astype(dtype)


# --- the package --------------------------------------------------------------------------

def run_mlcourse(net: Net, X: np.ndarray, y: np.ndarray) -> float:
    """Build, compile and fit with ``mlcourse``; the time includes building the model."""
    from mlcourse import SGD, Dense, Sequential

    start = time.perf_counter()
    layers = [Dense(net.sizes[1], activation=net.hidden, input_dim=net.sizes[0])]
    layers += [Dense(units, activation=net.hidden) for units in net.sizes[2:-1]]
    layers.append(Dense(net.sizes[-1], activation=net.output))
    model = Sequential(layers, seed=net.seed)
    loss = "sparse_categorical_crossentropy" if net.output == "softmax" else "binary_crossentropy"
    model.compile(optimizer=SGD(learning_rate=net.learning_rate), loss=loss)
    model.fit(X, y, batch_size=net.batch_size, epochs=net.epochs, verbose=0, seed=net.seed)
    return time.perf_counter() - start


# --- the matrix products alone --------------------------------------------------------------

def run_floor(net: Net, X: np.ndarray, y: np.ndarray) -> float:
    """Only the matrix products of the same training, into preallocated arrays."""
    rng = np.random.default_rng(net.seed)
    dtype = X.dtype
    sizes = net.sizes
    Ws = [_glorot(rng, a, b, dtype) for a, b in zip(sizes[:-1], sizes[1:])]
    n, bs = len(X), net.batch_size
    # one set of buffers for full batches and one for the smaller last batch, if any
    buffers = {}
    for m in {bs, n - (n // bs) * bs} - {0}:
        buffers[m] = (
            [np.empty((m, s), dtype) for s in sizes[1:]],          # layer outputs
            [np.empty((m, s), dtype) for s in sizes[1:-1]],        # input gradients
        )
    dWs = [np.empty_like(W) for W in Ws]
    start = time.perf_counter()
    for _ in range(net.epochs):
        for s in range(0, n, bs):
            xb = X[s:s + bs]
            outs, dxs = buffers[len(xb)]
            a = xb
            for W, out in zip(Ws, outs):
                np.matmul(a, W, out=out)
                a = out
            dz = outs[-1]
            for i in range(len(Ws) - 1, -1, -1):
                a_in = xb if i == 0 else outs[i - 1]
                np.matmul(a_in.T, dz, out=dWs[i])
                if i > 0:
                    np.matmul(dz, Ws[i].T, out=dxs[i - 1])
                    dz = dxs[i - 1]
    return time.perf_counter() - start


# --- a minimal hand-written numpy loop -------------------------------------------------------

def run_handwritten(net: Net, X: np.ndarray, y: np.ndarray) -> float:
    """The same training written directly in numpy, as plainly as a course would write it."""
    start = time.perf_counter()
    rng = np.random.default_rng(net.seed)
    dtype = X.dtype
    sizes = net.sizes
    Ws = [_glorot(rng, a, b, dtype) for a, b in zip(sizes[:-1], sizes[1:])]
    bs_ = [np.zeros(b, dtype) for b in sizes[1:]]
    lr = dtype.type(net.learning_rate)
    n, batch = len(X), net.batch_size
    relu = net.hidden == "relu"
    softmax = net.output == "softmax"
    if not softmax:
        y = y.reshape(-1, 1).astype(dtype)
    losses = []
    for _ in range(net.epochs):
        order = rng.permutation(n)
        total = 0.0
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            xb, yb = X[idx], y[idx]
            m = len(xb)
            # forward
            acts = [xb]
            a = xb
            for W, b in zip(Ws[:-1], bs_[:-1]):
                z = a @ W + b
                a = np.maximum(z, 0) if relu else np.tanh(z)
                acts.append(a)
            z = a @ Ws[-1] + bs_[-1]
            # loss and its gradient at the logits: (p - y) / m
            if softmax:
                z -= z.max(axis=1, keepdims=True)
                e = np.exp(z)
                total_e = e.sum(axis=1, keepdims=True)
                rows = np.arange(m)
                total += float(np.sum(np.log(total_e[:, 0]) - z[rows, yb]))
                dz = e / total_e
                dz[rows, yb] -= 1
            else:
                p = 1 / (1 + np.exp(-z))
                total += float(np.sum(np.maximum(z, 0) - z * yb + np.log1p(np.exp(-np.abs(z)))))
                dz = p - yb
            dz /= m
            # backward and update
            for i in range(len(Ws) - 1, -1, -1):
                dW = acts[i].T @ dz
                db = dz.sum(axis=0)
                if i > 0:
                    da = dz @ Ws[i].T
                    dz = da * (acts[i] > 0) if relu else da * (1 - acts[i] * acts[i])
                Ws[i] -= lr * dW
                bs_[i] -= lr * db
        losses.append(total / n)
    return time.perf_counter() - start


# --- scikit-learn -------------------------------------------------------------------------------

def run_sklearn(net: Net, X: np.ndarray, y: np.ndarray) -> float:
    """``MLPClassifier``: same layers, SGD without momentum or L2, same batch size and epochs."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    start = time.perf_counter()
    clf = MLPClassifier(
        hidden_layer_sizes=net.sizes[1:-1], activation=net.hidden, solver="sgd",
        learning_rate_init=net.learning_rate, learning_rate="constant", momentum=0.0,
        nesterovs_momentum=False, alpha=0.0, batch_size=net.batch_size, max_iter=net.epochs,
        shuffle=True, random_state=net.seed, tol=0.0, n_iter_no_change=net.epochs + 1,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter reached: wanted here
        clf.fit(X, y.ravel())
    return time.perf_counter() - start


# --- PyTorch (optional) ---------------------------------------------------------------------------

def torch_available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def run_torch(net: Net, X: np.ndarray, y: np.ndarray) -> float:
    """The same network and loop in PyTorch on the CPU, one thread."""
    import torch

    torch.set_num_threads(1)
    start = time.perf_counter()
    torch.manual_seed(net.seed)
    sizes = net.sizes
    mods = []
    for a, b in zip(sizes[:-2], sizes[1:-1]):
        mods += [torch.nn.Linear(a, b), torch.nn.ReLU() if net.hidden == "relu" else torch.nn.Tanh()]
    mods.append(torch.nn.Linear(sizes[-2], sizes[-1]))
    model = torch.nn.Sequential(*mods)
    dtype = torch.float32 if X.dtype == np.float32 else torch.float64
    model.to(dtype)
    xt = torch.from_numpy(X)
    if net.output == "softmax":
        yt = torch.from_numpy(y.astype(np.int64))
        criterion = torch.nn.CrossEntropyLoss()
    else:
        yt = torch.from_numpy(y.reshape(-1, 1).astype(X.dtype))
        criterion = torch.nn.BCEWithLogitsLoss()
    opt = torch.optim.SGD(model.parameters(), lr=net.learning_rate)
    gen = torch.Generator().manual_seed(net.seed)
    n, batch = len(X), net.batch_size
    for _ in range(net.epochs):
        order = torch.randperm(n, generator=gen)
        total = 0.0
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            xb, yb = xt[idx], yt[idx]
            opt.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
    return time.perf_counter() - start
