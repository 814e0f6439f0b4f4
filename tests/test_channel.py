"""The pipe between the window and the training child (Qt-free): framing, end of stream,
corrupt input, and a child whose stray prints cannot corrupt the stream."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from bpsim.gui.training.channel import PollingChannel, StreamChannel


def pipe_pair(polling: bool = False):
    r, w = os.pipe()
    reader = os.fdopen(r, "rb", buffering=0)
    writer = os.fdopen(w, "wb")
    return (PollingChannel if polling else StreamChannel)(reader, writer)


def test_messages_arrive_whole_and_in_order():
    ch = pipe_pair(polling=True)
    big = np.arange(2_000_000, dtype=np.float64)  # 16 MB: many pipe buffers
    assert not ch.poll()
    import threading

    t = threading.Thread(target=lambda: [ch.send(m) for m in ("a", big, {"k": (1, 2)})])
    t.start()
    got = [ch.recv() for _ in range(3)]
    t.join()
    assert got[0] == "a" and np.array_equal(got[1], big) and got[2] == {"k": (1, 2)}
    ch.close()


def test_the_end_of_the_pipe_is_eof_every_time():
    ch = pipe_pair(polling=True)
    ch.send(1)
    ch._writer.close()
    assert ch.recv() == 1
    for _ in range(2):
        with pytest.raises(EOFError):
            ch.recv()


def test_a_corrupt_length_fails_at_once():
    r, w = os.pipe()
    os.write(w, (1 << 40).to_bytes(8, "little"))
    ch = StreamChannel(os.fdopen(r, "rb"), os.fdopen(w, "wb"))
    with pytest.raises(OSError, match="corrupt message length"):
        ch.recv()


def test_a_stray_print_in_the_child_goes_to_stderr_not_into_the_stream():
    code = textwrap.dedent("""
        from bpsim.gui.training.channel import stdio_channel
        ch = stdio_channel()
        print("stray print")
        import os; os.write(1, b"stray bytes on fd 1")
        ch.send(("hello", ch.recv()))
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    ch = StreamChannel(proc.stdout, proc.stdin)
    ch.send(42)
    start = time.monotonic()
    assert ch.recv() == ("hello", 42) and time.monotonic() - start < 30
    ch.close()
    assert proc.wait(timeout=30) == 0
    err = proc.stderr.read()
    proc.stderr.close()
    assert b"stray print" in err and b"stray bytes on fd 1" in err
