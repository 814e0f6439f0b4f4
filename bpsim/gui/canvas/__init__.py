"""The network-editor canvas: layers as columns, neurons, weighted edges, legend.

``layout`` is a pure (Qt-free) function of the layer sizes; ``items``, ``scene`` and ``view``
draw it. The public API is :class:`NetworkCanvas` and :class:`Annotations`.
"""

from bpsim.gui.canvas.model import Annotations
from bpsim.gui.canvas.view import NetworkCanvas

__all__ = ["Annotations", "NetworkCanvas"]
