"""The training child (Qt-free, in-process here) trains conv networks and sends snapshots
whose statistics cover conv and max_pool layers, as it does for dense networks."""

from __future__ import annotations

import numpy as np

from bpsim import fileformat
from bpsim.gui.training.child import TrainingLoop
from bpsim.gui.training.messages import Load, Pause, Run, Snapshot

CONV = {"format": "bpsim-network", "version": 2,
        "layers": [{"shape": [1, 6, 6]},
                   {"type": "conv", "filters": 2, "kernel": [3, 3], "padding": 1,
                    "activation": "relu"},
                   {"type": "max_pool", "size": [2, 2]},
                   {"type": "dense", "size": 2, "activation": "softmax"}],
        "loss": "cross_entropy",
        "training": {"learning_rate": 0.1, "batch_size": 4, "epochs": 3,
                     "stop_after_epochs": True},
        "data": {"inputs": np.eye(36)[:8].tolist(),
                 "targets": np.eye(2)[[0, 1] * 4].tolist()}}


class Pipe:
    def __init__(self) -> None:
        self.sent: list[object] = []

    def send(self, message: object) -> None:
        self.sent.append(message)

    def poll(self) -> bool:
        return False


def test_child_trains_a_conv_network_and_reports_every_layer():
    pipe = Pipe()
    loop = TrainingLoop(pipe)
    loop.handle(Load(1, fileformat.from_dict(CONV)))
    loop.handle(Run())
    while loop.mode is not None:
        loop.train_slice()
    loop.handle(Pause("stopped"))
    snaps = [m for m in pipe.sent if isinstance(m, Snapshot)]
    assert snaps[0].reason == "loaded" and snaps[-1].final
    last = snaps[-1]
    assert last.epoch == 3 and last.step == 6
    assert [w.shape for w in last.weights] == [(2, 1, 3, 3), (0,), (2, 18)]
    assert last.grad_norms[0] > 0 and last.grad_norms[1] == 0.0
    assert [c.sum() for c in last.hist_counts] == [18, 0, 36]
    assert np.isnan(last.percentiles[1]).all() and np.isfinite(last.percentiles[0]).all()
    assert last.finished is not None and last.finished.layers[1].weights.shape == (2, 1, 3, 3)
