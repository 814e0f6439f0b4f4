"""How the window and the training child talk: framed pickles over the child's stdin/stdout.

Plain pipes work the same on Linux, macOS and Windows (no file descriptor passing, no
sockets, nothing listening). Each message is a pickle preceded by its length (8 bytes,
little-endian). The child answers on a duplicate of its real stdout and points file
descriptor 1 at stderr, so a stray ``print`` in the child can never corrupt the stream.
Qt-free: the child imports this.

:class:`StreamChannel` reads in the caller's thread (the GUI side reads in its relay
QThread); :class:`PollingChannel` reads in a thread of its own so that the training loop can
``poll()`` between slices without blocking.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import sys
import threading
from typing import BinaryIO

HEADER = 8
MAX_MESSAGE = 1 << 31  # bytes: far above any snapshot; a corrupt length fails at once


class StreamChannel:
    """Messages over two byte streams; ``recv`` raises EOFError when the other side ends."""

    def __init__(self, reader: BinaryIO, writer: BinaryIO) -> None:
        self._reader, self._writer = reader, writer
        self._send_lock = threading.Lock()

    def send(self, obj: object) -> None:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        with self._send_lock:
            self._writer.write(len(data).to_bytes(HEADER, "little"))
            self._writer.write(data)
            self._writer.flush()

    def recv(self) -> object:
        size = int.from_bytes(self._read(HEADER), "little")
        if size > MAX_MESSAGE:
            raise OSError(f"corrupt message length {size} on the training pipe")
        return pickle.loads(self._read(size))  # noqa: S301 - our own child, a private pipe

    def _read(self, n: int) -> bytes:
        parts, left = [], n
        while left:
            part = self._reader.read(left)  # a raw stream may return less
            if not part:
                raise EOFError("the other side closed the pipe")
            parts.append(part)
            left -= len(part)
        return b"".join(parts)

    def close(self) -> None:
        for stream in (self._writer, self._reader):
            with contextlib.suppress(OSError):
                stream.close()


class PollingChannel(StreamChannel):
    """A channel whose messages are read ahead by a daemon thread: ``poll`` never blocks."""

    def __init__(self, reader: BinaryIO, writer: BinaryIO) -> None:
        super().__init__(reader, writer)
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._pump, name="bpsim-channel", daemon=True).start()

    def _pump(self) -> None:
        while True:
            try:
                self._inbox.put(super().recv())
            except BaseException as exc:  # noqa: BLE001 - EOF or a broken pipe ends the inbox
                self._inbox.put(_End(exc))
                return

    def poll(self) -> bool:
        return not self._inbox.empty()

    def recv(self) -> object:
        message = self._inbox.get()
        if isinstance(message, _End):
            self._inbox.put(message)  # every later recv ends the same way
            raise EOFError("the other side closed the pipe") from message.error
        return message


class _End:
    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error


def stdio_channel() -> PollingChannel:
    """The child's end: commands on stdin, messages on (a duplicate of) stdout; fd 1 and
    ``sys.stdout`` then point at stderr."""
    out_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    if sys.platform == "win32":  # no newline translation on the channel
        import msvcrt

        for fd in (0, out_fd):
            msvcrt.setmode(fd, os.O_BINARY)
    # unbuffered: the reading thread then holds no buffer lock that would block the exit
    return PollingChannel(os.fdopen(0, "rb", buffering=0, closefd=False),
                          os.fdopen(out_fd, "wb"))
