"""Train → Pre-train layer by layer: the GUI side (the work runs in the training child, see
:mod:`bpsim.gui.training.pretraining`). Progress goes to a :class:`PretrainView`; the
pre-trained weights become ONE undoable edit of the document."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction

from bpsim.gui.runs.variants import DEFAULT_PRETRAIN_EPOCHS
from bpsim.gui.training import specs
from bpsim.gui.training.messages import Pause
from bpsim.gui.training.pretrain_view import PretrainView
from bpsim.gui.training.pretraining import Pretrain, PretrainDone, PretrainProgress


class Pretraining(QObject):
    """Owned by the TrainingController (``training``), which hands it the messages."""

    def __init__(self, training) -> None:
        super().__init__(training)
        self.training = training
        self.view: PretrainView | None = None
        self.base = None  # the document's spec when pre-training started
        window = training.window
        self.action = QAction(self.tr("Pre-train Layer by &Layer…"), window)
        self.action.setToolTip(self.tr(
            "Pre-train the hidden layers one by one as autoencoders (lecture §10), then "
            "fine-tune with Train; one undoable edit"))
        self.action.triggered.connect(self.start)
        menu = getattr(window, "train_menu", None)
        if menu is not None:
            menu.addAction(self.action)

    @Slot()
    def start(self) -> None:
        t = self.training
        spec = t.document.spec
        if not any(layer.kind == "dense" for layer in spec.layers[1:-1]):
            t.status.message(self.tr("Cannot pre-train: the network has no dense hidden layer."))
            return
        if t.running:
            t._pause_sync("stopped")
        thread = t._ensure_thread()
        epochs = 0 if spec.pretraining.epochs > 0 else DEFAULT_PRETRAIN_EPOCHS
        if self.view is not None:
            self.view.close()
        self.view = PretrainView(spec, t.window)
        self.view.stopRequested.connect(self.stop)
        self.view.show()
        self.base = spec
        thread.send(Pretrain(t.generation, epochs))

    @Slot()
    def stop(self) -> None:
        if self.training.thread is not None:
            self.training.thread.send(Pause("stopped"))  # any command ends pre-training

    def receive(self, message: object) -> bool:
        """Handle a pre-training message; False if it is not one."""
        if isinstance(message, PretrainProgress):
            if self.view is not None:
                self.view.progress(message)
            return True
        if not isinstance(message, PretrainDone):
            return False
        if self.view is not None:
            self.view.finish(message)
        doc = self.training.document
        if message.spec is not None and self.base is not None and (
                doc.spec.layers is self.base.layers):
            new = specs.trained_spec(doc.spec, message.spec)
            new = replace(new, pretraining=message.spec.pretraining)
            layers = len(message.results)
            doc.edit(new, self.tr("Pre-train {0} hidden layer(s)").format(layers))
        self.base = None
        return True
