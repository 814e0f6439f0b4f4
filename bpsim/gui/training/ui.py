"""The training controls of the main window: actions (Train menu, toolbar) and status fields."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStyle

from bpsim.gui.i18n import N_, translate


@dataclass(slots=True)
class TrainingActions:
    train: QAction
    step_batch: QAction
    step_epoch: QAction
    reset: QAction
    stop: QAction

    def all(self) -> tuple[QAction, ...]:
        return (self.train, self.step_batch, self.step_epoch, self.reset, self.stop)


@dataclass(slots=True)
class StatusFields:
    epoch: QLabel
    step: QLabel
    loss: QLabel
    accuracy: QLabel
    rate: QLabel

    def all(self) -> tuple[QLabel, ...]:
        return (self.epoch, self.step, self.loss, self.accuracy, self.rate)


def _action(window: QMainWindow, text: str, tip: str, shortcut: str | None,
            icon: QStyle.StandardPixmap) -> QAction:
    action = QAction(window.tr(text), window)
    action.setToolTip(window.tr(tip))
    action.setStatusTip(window.tr(tip))
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setIcon(window.style().standardIcon(icon))
    return action


def create_actions(window: QMainWindow) -> TrainingActions:
    """The five training actions, added to the Train menu and the toolbar (when present)."""
    sp = QStyle.StandardPixmap
    actions = TrainingActions(
        train=_action(window, N_("MainWindow", "&Train"),
                      N_("MainWindow", "Train / pause (Space): the network learns live"),
                      "Space", sp.SP_MediaPlay),
        step_batch=_action(window, N_("MainWindow", "Step one &Mini-batch"),
                           N_("MainWindow", "Present one mini-batch and update"),
                           "Ctrl+.", sp.SP_MediaSeekForward),
        step_epoch=_action(window, N_("MainWindow", "Step one &Epoch"),
                           N_("MainWindow", "Train to the end of the current epoch"),
                           "Ctrl+Shift+.", sp.SP_MediaSkipForward),
        reset=_action(window, N_("MainWindow", "&Reset Training"),
                      N_("MainWindow", "Back to the weights training started from (undoable)"),
                      "Ctrl+Shift+R", sp.SP_MediaSkipBackward),
        stop=_action(window, N_("MainWindow", "St&op"),
                     N_("MainWindow", "Stop training (the next Train starts a new run)"),
                     None, sp.SP_MediaStop),
    )
    menu = getattr(window, "train_menu", None)
    if not isinstance(menu, QMenu):
        menu = window.menuBar().addMenu(translate("MainWindow", "&Train"))
        window.train_menu = menu
    for action in list(menu.actions()):
        if not action.isEnabled() and not action.menu():  # the "(coming)" placeholder
            menu.removeAction(action)
    menu.addActions([actions.train, actions.step_batch, actions.step_epoch, actions.stop])
    menu.addSeparator()
    menu.addAction(actions.reset)
    # short toolbar labels, so that the Step mode's button still fits at 1024 pixels
    actions.step_batch.setIconText(translate("MainWindow", "Mini-batch"))
    actions.step_epoch.setIconText(translate("MainWindow", "Epoch"))
    actions.reset.setIconText(translate("MainWindow", "Reset"))
    toolbar = getattr(window, "toolbar", None)
    if toolbar is not None:
        toolbar.addSeparator()
        toolbar.addActions([actions.train, actions.step_batch, actions.step_epoch,
                            actions.reset])
    return actions


def create_status(window: QMainWindow) -> StatusFields:
    """Permanent status-bar fields: epoch, step, loss, accuracy, steps per second."""
    fields = StatusFields(*(QLabel(window) for _ in range(5)))
    tips = (N_("MainWindow", "Epochs trained"), N_("MainWindow", "Mini-batch steps trained"),
            N_("MainWindow", "Mean training loss (last epoch, else the last mini-batches)"),
            N_("MainWindow", "Training accuracy of the last epoch"),
            N_("MainWindow", "Training speed"))
    for label, tip in zip(fields.all(), tips):
        label.setToolTip(window.tr(tip))
        label.setMinimumWidth(60)
        window.statusBar().addPermanentWidget(label)
    return fields
