"""Layers: one class each, with ``forward`` and ``backward``.

The protocol every layer follows (see docs/architecture.md):

- ``layer.params`` and ``layer.grads`` are dicts of arrays with the same keys
  (``"W"``, ``"b"``, ``"gamma"``, ``"beta"``); layers without parameters have empty dicts.
- A layer declares what it owns, so a model asks instead of inspecting it:
  :meth:`Layer.add_weight` creates a parameter with its regularizer and constraint
  (``layer.regularizers[key]``, ``layer.constraints[key]``); :meth:`Layer.add_state`
  creates an array that is saved but not trained (``layer.state``, e.g. BatchNormalization's
  running statistics); :meth:`Layer.reseed` gives a layer that draws random numbers while
  training (Dropout) a new stream.
- ``layer.build(input_shape, rng, dtype=None)`` creates the parameters. ``input_shape``
  includes the batch axis, which may be ``None``: ``(None, 3)``, as in Keras.
  ``layer.output_shape(input_shape)`` maps such shapes, e.g. ``(None, 3) -> (None, 4)``.
  A layer that was not built builds itself on its first ``forward`` (parameters then take
  the dtype of that batch, and the random numbers come from the layer's ``seed``, else
  from ``numpy.random.default_rng(0)``).
- ``layer.forward(x, training=False) -> out`` caches only what ``backward`` needs.
- ``layer.backward(dout, need_input_grad=True) -> dx`` fills ``layer.grads`` and never
  changes ``params``, ``dout`` or the cached input. With ``need_input_grad=False`` (the first
  layer of a model in training) it may skip computing ``dx`` and return ``None``.
- ``layer.index`` (``None`` by default) is set by a model; error messages then say
  ``Dense(4) (layer 0)``.

Fusing softmax/sigmoid with cross-entropy: ``layer.activation`` names the activation a
layer applies last (``None`` for layers without one). ``Dense`` and ``Activation`` also
have ``backward_from_logits(dz, need_input_grad=True)``, where ``dz`` is the gradient with
respect to the input of that activation (for example ``loss.fused_backward()`` of a
cross-entropy loss, see ``mlcourse.losses``): the activation's own derivative is skipped.
"""
from __future__ import annotations

from .base import Layer
from .core import Activation, Dense, Embedding, Flatten
from .regularization import BatchNormalization, Dropout

__all__ = ["Layer", "Dense", "Activation", "Dropout", "BatchNormalization", "Embedding", "Flatten"]
