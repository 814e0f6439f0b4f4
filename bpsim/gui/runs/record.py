"""Runs: what one training run of the window keeps (settings, colour, name, curves).

A :class:`Run` is one training run: the live run of the document, a twin training beside it
(*Compare…*), or a finished run kept for comparison. Its :class:`RunCurves` hold the per-epoch
rows the training child reports (train loss, validation loss, train accuracy, validation
accuracy, learning rate) in a bounded :class:`~bpsim.gui.plots.series.SampledSeries`; a run
that ends keeps a decimated copy of at most ``KEPT_POINTS`` rows, and a window keeps at most
``MAX_RUNS`` runs, so the memory and the redraw cost of the overlaid curves stay bounded
whatever the length of the runs.

A run is named by what differs from the other runs of its comparison (:func:`run_names`):
"η = 0.5", "α = 0.9", "Leaky ReLU", "pre-trained".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bpsim.gui.i18n import tr as _tr  # the empty context: lupdate reads _tr as tr
from bpsim.gui.plots.series import SampledSeries
from bpsim.spec import NetworkSpec

COLUMNS = ("train_loss", "validation_loss", "train_accuracy", "validation_accuracy",
           "learning_rate")
KEPT_POINTS = 512  # epoch rows a finished run keeps (the plot is at most ~2000 px wide)
LIVE_CAPACITY = 4096  # epoch rows a live run keeps (then every other one)
GRAD_CAPACITY = 2048  # gradient-norm samples a live run keeps (then every other one)
MAX_RUNS = 8  # runs a window keeps: the oldest finished run goes first
RUN_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
              "#17becf", "#bcbd22", "#7f7f7f")




class RunCurves:
    """The per-epoch rows of one run (x = the step at the end of the epoch)."""

    def __init__(self, capacity: int = LIVE_CAPACITY) -> None:
        self.series = SampledSeries(len(COLUMNS), capacity=capacity)
        self.epochs = 0  # epochs reported (the rows kept may be fewer)
        self.grads: SampledSeries | None = None  # ||dE/dW_l|| per layer, sampled (not saved)

    def __len__(self) -> int:
        return len(self.series)

    @property
    def x(self) -> np.ndarray:
        return self.series.x

    @property
    def rows(self) -> np.ndarray:
        return self.series.rows

    def add(self, snap) -> bool:
        """Append a snapshot's finished epochs (and gradient norms); True if any epoch."""
        history = snap.grad_history
        if history is not None and len(history):
            if self.grads is None or self.grads.columns != history.shape[1]:
                self.grads = SampledSeries(history.shape[1], capacity=GRAD_CAPACITY)
            self.grads.extend(snap.grad_steps, history)
        if len(snap.epoch_steps) == 0:
            return False
        self.extend(snap.epoch_steps, snap.epoch_rows[:, : len(COLUMNS)])
        return True

    def extend(self, x: np.ndarray, rows: np.ndarray) -> None:
        self.series.extend(np.asarray(x, float), np.asarray(rows, float))
        self.epochs += len(x)

    def decimated(self, points: int = KEPT_POINTS) -> RunCurves:
        """A copy with at most ``points`` rows, evenly spread, the first and last kept."""
        n = len(self)
        keep = np.unique(np.linspace(0, n - 1, points).round().astype(int)) if n > points \
            else np.arange(n)
        out = RunCurves(capacity=max(4, len(keep) + 2))
        out.extend(self.x[keep], self.rows[keep])
        out.epochs = self.epochs
        if self.grads is not None and len(self.grads):
            g = self.grads
            pick = np.unique(np.linspace(0, len(g) - 1, points).round().astype(int))
            out.grads = SampledSeries(g.columns, capacity=max(4, len(pick) + 2))
            out.grads.extend(g.x[pick], g.rows[pick])
        return out

    def final(self) -> np.ndarray:
        """The last row (NaN where none)."""
        return self.rows[-1] if len(self) else np.full(len(COLUMNS), np.nan)


@dataclass(eq=False)
class Run:
    """One training run (see the module docstring). ``spec`` holds the settings it started
    with; ``pretrained``: its hidden layers were pre-trained as autoencoders first."""

    spec: NetworkSpec
    color: str
    curves: RunCurves = field(default_factory=RunCurves)
    name: str = ""
    shown: bool = True
    live: bool = True
    pretrained: bool = False
    twin: bool = False  # trains beside the document (Compare…), not the document itself
    comparison: int = 0  # runs of one comparison are named against each other
    fixed_name: bool = False  # read from a file: keeps its name
    note: str = ""  # "diverged at step 812", "cannot train: ..."

    def finish(self) -> None:
        """The run ended: keep a decimated copy of its curves."""
        if self.live:
            self.live = False
            self.curves = self.curves.decimated()

    def figures(self) -> str:
        """Its final figures, e.g. "loss 0.012 / 0.034, accuracy 97 % / 93 %"."""
        row = self.final_row()
        parts = []
        if np.isfinite(row[0]):
            loss = f"{row[0]:.3g}" + (f" / {row[1]:.3g}" if np.isfinite(row[1]) else "")
            parts.append(_tr("loss {0}").format(loss))
        if np.isfinite(row[2]):
            acc = f"{100 * row[2]:.0f} %" + (
                f" / {100 * row[3]:.0f} %" if np.isfinite(row[3]) else "")
            parts.append(_tr("accuracy {0}").format(acc))
        if len(self.curves):
            parts.append(_tr("{0} epochs").format(self.curves.epochs))
        if self.note:
            parts.append(self.note)
        return ", ".join(parts)

    def final_row(self) -> np.ndarray:
        return self.curves.final()


# -- names ---------------------------------------------------------------------------------
def _activation_name(name: str) -> str:
    return {"sigmoid": _tr("sigmoid"), "tanh": _tr("tanh"), "relu": _tr("ReLU"),
            "leaky_relu": _tr("Leaky ReLU"), "linear": _tr("linear"),
            "softmax": _tr("softmax")}.get(name, name)


def _init_name(spec: NetworkSpec) -> str:
    kind = spec.init.kind
    if kind == "uniform":
        return _tr("uniform ±{0:g}").format(spec.init.scale)
    return {"xavier_normal": _tr("Xavier (normal)"), "xavier_uniform": _tr("Xavier (uniform)"),
            "he_normal": _tr("He (normal)")}.get(kind, kind)


def settings(spec: NetworkSpec, pretrained: bool = False) -> dict[str, str]:
    """The settings a run is named by, each as the words a name uses."""
    t = spec.training
    hidden = spec.layers[1:-1]
    acts = "/".join(dict.fromkeys(_activation_name(layer.activation) for layer in hidden))
    drops = sorted({layer.dropout for layer in hidden if layer.kind == "dense"})
    order = {"sequential": _tr("sequential order"), "shuffle": _tr("shuffled order"),
             "error_emphasis": _tr("error emphasis")}.get(t.order, t.order)
    out = {
        "structure": "-".join(str(s) for s in spec.sizes),
        "activation": acts or _activation_name(spec.layers[-1].activation),
        "learning_rate": _tr("η = {0:g}").format(t.learning_rate),
        "schedule": _tr("constant η") if t.schedule.kind == "constant"
        else _tr("η schedule: {0}").format(t.schedule.kind.replace("_", " ")),
        "momentum": _tr("α = {0:g}").format(t.momentum),
        "batch_size": _tr("batch size {0}").format(t.batch_size),
        "order": order,
        "init": _init_name(spec),
        "dropout": _tr("no dropout") if drops in ([], [0.0])
        else _tr("dropout {0}").format("/".join(f"{d:g}" for d in drops)),
        "weight_decay": _tr("weight decay {0:g}").format(t.weight_decay),
        "pretraining": _tr("pre-trained") if pretrained else _tr("random initial weights"),
        "seed": _tr("seed {0}").format(t.seed),
    }
    return out


def run_names(runs: list[Run]) -> list[str]:
    """Each run's name: the first run of a comparison by its values of every setting in which
    the runs differ ("η = 0.001"), each other run by its values of the settings in which it
    differs from the first ("η = 0.5"); "run k" where nothing differs; unique."""
    all_settings = [settings(r.spec, r.pretrained) for r in runs]
    if not all_settings:
        return []
    first = all_settings[0]
    keys = [k for k in first if len({s[k] for s in all_settings}) > 1]
    names, seen = [], {}
    for n, s in enumerate(all_settings):
        own = keys if n == 0 else [k for k in keys if s[k] != first[k]]
        name = ", ".join(s[key] for key in own) or _tr("run {0}").format(n + 1)
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names
