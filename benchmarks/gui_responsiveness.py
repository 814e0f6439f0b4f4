"""GUI responsiveness while training runs flat out with every plot visible (offscreen).

    python benchmarks/gui_responsiveness.py [--seconds 8] [--mode process|thread|switch]

For (a) 2-8-8-1 on spirals, online, and (b) 64-32-10 on digits, batch 32, in one run:

- GUI event-loop latency: the lateness of a 16 ms precise QTimer (p50, p99, max);
- plot refreshes per second (redraw ticks of the controller that redrew something);
- training throughput in the window vs headless ``Trainer.run`` on the same spec.

``--mode`` chooses where the trainer runs: ``process`` (the shipped design: a child process
owned by the training QThread), ``thread`` (the same loop in a Python thread of the GUI
process) or ``switch`` (that thread with ``sys.setswitchinterval(0.001)``).
Targets: p99 <= 50 ms, max <= 150 ms, >= 20 refreshes/s, >= 70 % throughput.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy as np  # noqa: E402

from bpsim.spec import DataSpec, InitSpec, LayerSpec, NetworkSpec, TrainingSpec  # noqa: E402


def spirals_spec() -> NetworkSpec:
    layers = (LayerSpec(2), LayerSpec(8, "tanh"), LayerSpec(8, "tanh"), LayerSpec(1, "sigmoid"))
    return NetworkSpec(layers, "sse", TrainingSpec(learning_rate=0.1, batch_size=1,
                                                   order="shuffle", epochs=10**6),
                       InitSpec("xavier_uniform", seed=1), DataSpec(dataset="spirals"),
                       name="spirals 2-8-8-1 online")


def digits_spec() -> NetworkSpec:
    layers = (LayerSpec(64), LayerSpec(32, "tanh"), LayerSpec(10, "softmax"))
    return NetworkSpec(layers, "cross_entropy",
                       TrainingSpec(learning_rate=0.05, batch_size=32, order="shuffle",
                                    epochs=10**6, validation_split=0.2),
                       InitSpec("xavier_uniform", seed=1),
                       DataSpec(dataset="digits", preprocess="standardize"),
                       name="digits 64-32-10 batch 32")


def headless_rate(spec: NetworkSpec, seconds: float) -> float:
    """Steps per second of Trainer.run (epochs included) on ``spec``, in this process."""
    from bpsim.runner import setup

    tr = setup(spec).trainer
    t = time.perf_counter()
    tr.run(1)
    per_epoch = time.perf_counter() - t
    epochs = max(1, int(seconds / max(per_epoch, 1e-6)))
    start, t = tr.step_count, time.perf_counter()
    tr.run(epochs)
    return (tr.step_count - start) / (time.perf_counter() - t)


def headless_pair(case: str, seconds: float) -> tuple[float, float]:
    """Headless steps/s in a fresh process: (default BLAS threads, one BLAS thread)."""
    rates = []
    for threads in (None, "1"):
        env = dict(os.environ)
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env.pop(name, None)
            if threads:
                env[name] = threads
        out = subprocess.run([sys.executable, __file__, "--headless", case, "--seconds",
                              str(seconds)], env=env, capture_output=True, text=True, check=True)
        rates.append(float(out.stdout.strip()))
    return rates[0], rates[1]


def show_all_docks(window, docks) -> None:
    """Untabify the plot docks: all five side by side under the canvas."""
    from PySide6.QtCore import Qt

    for prev, dock in zip(docks[:-1], docks[1:]):
        window.splitDockWidget(prev, dock, Qt.Orientation.Horizontal)
    for dock in docks:
        dock.show()
        dock.raise_()


def gui_run(spec: NetworkSpec, seconds: float, mode: str) -> dict:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from bpsim.gui.main_window import MainWindow
    from bpsim.gui.training import install
    from bpsim.gui.training.controller import TrainingController

    app = QApplication.instance() or QApplication(["bench"])
    TrainingController.worker_options = (
        {} if mode == "process" else {"in_process": True,
                                      "switch": 0.001 if mode == "switch" else None})
    window = MainWindow(spec, restore=False)
    window.resize(1600, 1000)
    controller = install(window)
    show_all_docks(window, controller.docks)
    window.show()
    loop = QEventLoop()

    def run_for(s: float) -> None:
        QTimer.singleShot(int(s * 1000), loop.quit)
        loop.exec()

    run_for(1.0)  # the child starts and loads
    controller.start()
    run_for(1.0)  # warm up
    ticks: list[float] = []
    steps: list[tuple[float, int]] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(16)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    controller.snapshotProcessed.connect(lambda s: steps.append((time.perf_counter(), s.step)))
    redraws0 = controller.refreshes
    t0 = time.perf_counter()
    timer.start()
    run_for(seconds)
    timer.stop()
    elapsed = time.perf_counter() - t0
    redraws = controller.refreshes - redraws0
    controller.shutdown()
    window.document.undo_stack.setClean()
    window.close()
    window.deleteLater()
    app.processEvents()
    late = np.maximum(np.diff(ticks) - 0.016, 0.0) * 1000.0
    (ta, sa), (tb, sb) = steps[0], steps[-1]
    return {"p50": float(np.percentile(late, 50)), "p99": float(np.percentile(late, 99)),
            "max": float(late.max()), "refresh": redraws / elapsed,
            "rate": (sb - sa) / (tb - ta)}


CASES = {"spirals": spirals_spec, "digits": digits_spec}


def rss_mb() -> float:
    """Resident memory of this (GUI) process in MB (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def long_run(steps: int) -> None:
    """Case (a) until ``steps`` steps: latency over the last seconds and GUI memory growth."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from bpsim.gui.main_window import MainWindow
    from bpsim.gui.training import install

    app = QApplication.instance() or QApplication(["bench"])
    window = MainWindow(spirals_spec(), restore=False)
    window.resize(1600, 1000)
    controller = install(window)
    show_all_docks(window, controller.docks)
    window.show()
    loop = QEventLoop()
    controller.start()
    QTimer.singleShot(2000, loop.quit)
    loop.exec()
    rss0, t0 = rss_mb(), time.perf_counter()
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(16)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    while controller.latest.step < steps:
        QTimer.singleShot(500, loop.quit)
        loop.exec()
        ticks[:] = [t for t in ticks if t > time.perf_counter() - 5.0]
    late = np.maximum(np.diff(ticks) - 0.016, 0.0) * 1000.0
    print(f"{controller.latest.step:,} steps in {time.perf_counter() - t0 + 2:.0f} s; last 5 s: "
          f"p99 {np.percentile(late, 99):.1f} ms, max {late.max():.1f} ms; GUI memory "
          f"{rss0:.0f} MB -> {rss_mb():.0f} MB; loss curve {len(controller.docks[0].steps)} "
          f"points")
    controller.shutdown()
    window.document.undo_stack.setClean()
    window.close()
    app.processEvents()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=8.0)
    p.add_argument("--mode", choices=("process", "thread", "switch"), default="process")
    p.add_argument("--headless", choices=tuple(CASES), help=argparse.SUPPRESS)
    p.add_argument("--long", type=int, metavar="STEPS",
                   help="instead: train case (a) for STEPS steps (e.g. 1000000), report the "
                        "latency at the end and the GUI's memory growth")
    args = p.parse_args()
    if args.long:
        long_run(args.long)
        return
    if args.headless:
        print(headless_rate(CASES[args.headless](), args.seconds))
        return
    print(f"mode {args.mode}; load average {os.getloadavg()[0]:.2f} (2 cores)")
    print("headless: Trainer.run in a fresh process, before and after the GUI run (mean), with "
          "the default BLAS threads / one BLAS thread (as the training child); the ratio is "
          "against the faster of the two")
    print(f"{'case':<27}{'p50 ms':>7}{'p99 ms':>7}{'max ms':>7}{'redraw/s':>9}"
          f"{'GUI steps/s':>12}{'headless':>18}{'ratio':>7}")
    ok = True
    for case, make in CASES.items():
        spec = make()
        before = headless_pair(case, 2.0)
        r = gui_run(spec, args.seconds, args.mode)
        after = headless_pair(case, 2.0)
        head = [(a + b) / 2 for a, b in zip(before, after)]
        ratio = r["rate"] / max(head)
        print(f"{spec.name:<27}{r['p50']:>7.1f}{r['p99']:>7.1f}{r['max']:>7.1f}"
              f"{r['refresh']:>9.1f}{r['rate']:>12,.0f}{head[0]:>9,.0f}/{head[1]:<8,.0f}"
              f"{ratio:>6.0%}")
        ok &= r["p99"] <= 50 and r["max"] <= 150 and r["refresh"] >= 20 and ratio >= 0.7
    print("targets (p99 <= 50 ms, max <= 150 ms, >= 20 redraws/s, >= 70 %):",
          "met" if ok else "NOT met")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
