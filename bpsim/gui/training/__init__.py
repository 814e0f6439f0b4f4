"""Live training: a background training thread (owning a training child process), the
controller with its actions and status bar, and the plot docks.

This package's ``__init__`` must stay Qt-free: the training child process imports
``bpsim.gui.training.child`` and with it this module. Use :func:`install`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bpsim.gui.training.controller import TrainingController


def install(window, *, train: bool = False, run_seconds: float = 0.0) -> TrainingController:
    """Add live training to a MainWindow: Train menu and toolbar actions, status bar fields,
    the plot docks (via ``window.add_plot_dock``), stopping on the window's Close event.

    ``train``: start training at once (``bpsim FILE --train``); ``run_seconds``: then keep
    the event loop running that long and redraw, so that a screenshot taken next shows the
    training (``--train --screenshot PNG --seconds N``). Returns the controller.
    """
    from bpsim.gui.training.controller import TrainingController

    controller = TrainingController(window)
    if train:
        controller.start()
        if run_seconds > 0:
            controller.run_for(run_seconds)
    return controller


__all__ = ["install"]
