"""Data and models shared by the model and training tests."""
from __future__ import annotations

import numpy as np

from mlcourse import Dense, Sequential


def blobs(n=200, d=32, k=5, seed=0):
    """k Gaussian clusters in d dimensions: (n, d) float64 and labels (n,)."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(scale=2.0, size=(k, d))
    y = rng.integers(0, k, size=n)
    return centers[y] + rng.normal(size=(n, d)), y


def keras_snippet_model():
    return Sequential([
        Dense(64, activation="sigmoid", input_dim=32),
        Dense(256, activation="sigmoid"),
        Dense(5, activation="softmax"),
    ])
