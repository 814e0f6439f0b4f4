"""The GUI benchmark's outside probe works on any Qt program, and its windows add up."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def bench_module():
    spec = importlib.util.spec_from_file_location("gui_responsiveness",
                                                  BENCH / "gui_responsiveness.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_probe_times_the_event_loop_from_outside(tmp_path):
    pytest.importorskip("PySide6")
    out = tmp_path / "probe.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BPSIM_PROBE_OUT=str(out),
               BPSIM_PROBE_SECONDS="0.6",
               PYTHONPATH=os.pathsep.join([str(BENCH / "probe"), os.environ.get(
                   "PYTHONPATH", "")]))
    code = ("from PySide6.QtWidgets import QApplication\n"
            "import os\n"
            "assert 'BPSIM_PROBE_OUT' not in os.environ  # children are not probed\n"
            "app = QApplication([])\n"
            "raise SystemExit(app.exec())\n")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    result = json.loads(out.read_text())
    assert result["seconds"] == 0.6 and len(result["ticks"]) >= 10
    assert len(result["cpu"]) == len(result["ticks"])
    assert np.median(np.diff(result["ticks"])) == pytest.approx(0.016, abs=0.004)


def test_lateness_follows_qt_schedule():
    bench = bench_module()
    # the loop busy in 20 ms events: each tick fires when the event it fell into ends, 4,
    # 8, 12 ms late (firing 20 ms apart: differences alone would read 4, 4, 4)
    ticks = np.array([0.0, 0.020, 0.040, 0.060])
    assert bench.lateness(ticks, 0.016) == pytest.approx([0.004, 0.008, 0.012])
    ticks = np.array([0.0, 0.016, 0.080, 0.096, 0.112])  # one stall: rescheduled after it
    assert bench.lateness(ticks, 0.016) == pytest.approx([0.0, 0.048, 0.0, 0.0])


def test_windows_report_lateness_rate_and_memory():
    bench = bench_module()
    ticks = list(np.arange(0, 40, 0.016))
    ticks = [t + (0.1 if t > 25 else 0.0) for t in ticks]  # one 100 ms stall at 25 s
    samples = [(t, 100.0 + t, int(1000 * t), int(20 * t), 0.1 * t) for t in range(41)]
    result = {"ticks": ticks, "cpu": [0.0] * len(ticks), "samples": samples, "tick_ms": 16,
              "seconds": 40.0}
    first, second = bench.windows(result)
    assert first.max < 1 and first.rate == pytest.approx(1000) and first.refresh == 20
    assert second.max == pytest.approx(100, abs=1) and second.cpu == pytest.approx(0.1)
    assert second.rss == pytest.approx(140)
    summary = bench.summarise("case", [first, second], head=1000.0)
    assert summary.ratio == pytest.approx(1.0) and summary.growth == pytest.approx(20)
    assert not summary.met()  # the 100 ms stall
