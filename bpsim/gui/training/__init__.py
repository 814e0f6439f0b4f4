"""Live training: a background training thread (owning a training child process), the
controller with its actions and status bar, and the plot docks.

This package's ``__init__`` must stay Qt-free: the training child process imports
``bpsim.gui.training.child`` and with it this module. Use :func:`install`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bpsim.gui.training.controller import TrainingController


def install(window) -> TrainingController:
    """Add live training to a MainWindow: Train menu and toolbar actions, status bar fields,
    the plot docks (via ``window.add_plot_dock``) and closing on the window's Close event.
    Returns the controller (``controller.start()`` starts training)."""
    from bpsim.gui.training.controller import install as _install

    return _install(window)


__all__ = ["install"]
