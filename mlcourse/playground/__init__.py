"""The course playground: a live network on 2-D data, in JupyterLab.

- :mod:`~mlcourse.playground.state`: :class:`PlaygroundState`, every setting, to and from JSON.
- :mod:`~mlcourse.playground.engine`: :class:`Playground`, data + features + network +
  training, numpy only, testable without widgets.
- :mod:`~mlcourse.playground.views`: matplotlib drawings of a playground (heat maps, the
  network, loss curves); the static figures of the notebook and the frames of the widget.
- :mod:`~mlcourse.playground.app`: :class:`PlaygroundApp` / :func:`playground`, the ipywidgets UI.

matplotlib and ipywidgets are imported only by ``views`` and ``app`` functions, so
``import mlcourse.playground`` stays numpy-only.
"""
from .engine import LIVE, Playground, expand_features, scheduled_rate
from .state import PlaygroundState


def playground(state=None, **controls):
    """The playground widget (see :class:`mlcourse.playground.app.PlaygroundApp`); starts paused."""
    from .app import PlaygroundApp

    return PlaygroundApp(Playground(state, **controls))


__all__ = ["Playground", "PlaygroundState", "playground", "expand_features", "scheduled_rate", "LIVE"]
