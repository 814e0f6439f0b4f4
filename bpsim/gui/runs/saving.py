"""Runs to and from the file's ``runs`` key (:class:`~bpsim.spec.SavedRun`): what the window
keeps of a run (name, colour, settings, decimated curves) is what it saves and reads back."""

from __future__ import annotations

from bpsim.gui.runs.record import Run, RunCurves
from bpsim.gui.runs.variants import Changes, twin_spec
from bpsim.spec import RUN_SETTINGS, NetworkSpec, SavedRun


def run_settings(spec: NetworkSpec) -> tuple[tuple[str, object], ...]:
    """The settings a saved run records (RUN_SETTINGS)."""
    t = spec.training
    hidden = [layer for layer in spec.layers[1:-1] if layer.kind == "dense"]
    values = {"learning_rate": t.learning_rate, "momentum": t.momentum,
              "batch_size": t.batch_size, "order": t.order, "init": spec.init.kind}
    if hidden:
        values["activation"] = hidden[0].activation
        values["dropout"] = hidden[0].dropout
    return tuple((key, values[key]) for key in RUN_SETTINGS if key in values)


def to_saved(run: Run) -> SavedRun | None:
    """The run as the file keeps it (its decimated curves); None without an epoch."""
    curves = run.curves.decimated()
    if len(curves) == 0:
        return None
    return SavedRun(run.name, run.color, curves.x.copy(), curves.rows.copy(),
                    run_settings(run.spec), run.pretrained, curves.epochs)


def from_saved(saved: SavedRun, document: NetworkSpec) -> Run:
    """A finished run read from the file (its settings applied to the document's spec)."""
    s = dict(saved.settings)
    spec, _ = twin_spec(document, Changes(
        learning_rate=s.get("learning_rate"), momentum=s.get("momentum"),
        activation=s.get("activation"), init=s.get("init"), batch_size=s.get("batch_size"),
        order=s.get("order"), dropout=s.get("dropout"), pretrain=False))
    curves = RunCurves(capacity=max(4, len(saved.steps) + 2))
    curves.extend(saved.steps, saved.rows)
    curves.epochs = saved.epochs
    return Run(spec, saved.color, curves, name=saved.name, live=False,
               pretrained=saved.pretrained, fixed_name=True)
