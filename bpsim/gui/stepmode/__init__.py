"""The Step mode: one example walked through backpropagation in the seed's order, on the canvas.

Wiring (one line in the main window): ``bpsim.gui.stepmode.install(window)`` adds the toolbar
toggle, the Step menu entries, the shortcuts (F9 toggles; → ← next / previous; Shift+→ end of
phase; Home / End; Ctrl+Return applies) and the "Step by step" dock, and returns the
:class:`StepController`.
"""

from bpsim.gui.stepmode.controller import StepController, install
from bpsim.gui.stepmode.session import StepSession

__all__ = ["StepController", "StepSession", "install"]
