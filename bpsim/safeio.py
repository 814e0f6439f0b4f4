"""Files bpsim reads and writes, handled so that a hostile path cannot hang or hurt it.

Qt-free (stdlib only); used by the network file code, the CSV reader and the CLI.

Reading (:func:`open_regular`, :func:`read_limited`): only regular files. A FIFO or a device
is refused before anything blocks on it (``mkfifo f.bpsim`` would otherwise hang, ``/dev/zero``
read until memory runs out), and the size limit is enforced while reading, not taken from
``st_size`` (which ``/proc`` files and growing files get wrong).

Writing (:func:`check_target`, :func:`atomic_write`): the target must be a regular file or
not exist yet, in an existing folder; a read-only target is refused unless the caller allows
it (the CLI refuses, the window asks). The data goes to a temporary file next to the target,
is flushed to disk and then replaces the target in one rename, so a crash or a kill leaves
the old file intact. Temporaries that killed saves left behind (bpsim's own naming only) are
removed by the next save into that folder.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import sys
import time
from pathlib import Path
from typing import BinaryIO

_NO_BLOCK = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_BINARY = getattr(os, "O_BINARY", 0)
#: bpsim's temporaries: ".NAME.PID-HEX.tmp" (and ".NAME.HEX.tmp" of older versions).
_TEMP = re.compile(r"\..+\.(?:(\d+)-)?[0-9a-f]{12}\.tmp\Z", re.DOTALL)
STALE_AGE = 3600.0  # seconds: a temporary this old is stale whoever made it
_MAX_TEMP_NAME = 120  # characters of the target's name kept in a temporary's name


class UnsafeFileError(OSError):
    """A path bpsim will not read or write (not a regular file, no such folder)."""


class ReadOnlyError(UnsafeFileError):
    """The target exists and is read-only; writing it needs the user's explicit consent."""


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _not_regular(path: str | os.PathLike[str], mode: int, action: str) -> UnsafeFileError:
    return UnsafeFileError(f"{Path(path).name or path} is {_kind(mode)}, not a regular file; "
                           f"bpsim {action} only regular files")


# -- reading ------------------------------------------------------------------------------------
def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for binary reading, or UnsafeFileError if it is not a regular file.

    The type is checked before opening (opening a FIFO blocks, opening some devices has side
    effects) and again on the open descriptor, which is opened non-blocking in case the path
    was swapped in between. Missing files raise the usual FileNotFoundError.
    """
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(path, st.st_mode, "reads")
    fd = os.open(path, os.O_RDONLY | _NO_BLOCK | _BINARY)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(path, st.st_mode, "reads")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes | bytearray:
    """The bytes of the regular file ``path``, at most ``limit + 1`` of them.

    A result longer than ``limit`` means the file is too large (the caller says so in its own
    words); reading stops there, whatever ``st_size`` claimed.
    """
    with open_regular(path) as f:
        size = os.fstat(f.fileno()).st_size
        want = min(size, limit) + 1
        data = f.read(want)
        if len(data) < want or len(data) > limit:
            return data  # the whole file (the usual case: one read), or proof it is too large
        buf = bytearray(data)  # longer than st_size said: read on, still bounded
        del data
        while len(buf) <= limit:
            chunk = f.read(min(1 << 20, limit + 1 - len(buf)))
            if not chunk:
                break
            buf += chunk
        return buf


def inside_folder(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> bool:
    """True if ``path`` (absolute, or relative to ``folder``) lies in ``folder`` or below it,
    with symbolic links resolved (a link inside pointing outside is outside)."""
    root = os.path.realpath(folder)
    full = os.path.realpath(os.path.join(root, path))
    try:
        return os.path.commonpath([full, root]) == root
    except ValueError:  # another drive (Windows)
        return False


# -- writing ------------------------------------------------------------------------------------
def is_read_only(path: str | os.PathLike[str], st: os.stat_result | None = None) -> bool:
    """True if the file has no write permission bit, or this user may not write it."""
    st = os.stat(path) if st is None else st
    return not st.st_mode & 0o222 or not os.access(path, os.W_OK)


def check_target(path: str | os.PathLike[str], *, allow_read_only: bool = False) -> Path:
    """The real path that writing ``path`` would replace, after checking it can be written.

    Raises UnsafeFileError when the folder is missing or the target exists and is not a
    regular file (a FIFO, a device such as /dev/null, a folder), ReadOnlyError when it is
    read-only and ``allow_read_only`` is false. Call it before long work whose result goes
    there, so a bad path fails at once, not after the work.
    """
    shown = os.fspath(path)
    target = Path(os.path.realpath(path))
    folder = target.parent
    if not folder.is_dir():
        raise UnsafeFileError(f"cannot write {shown}: the folder {folder} does not exist")
    try:
        st = os.stat(target)
    except FileNotFoundError:
        if not os.access(folder, os.W_OK):
            raise UnsafeFileError(f"cannot write {shown}: no permission to create files in "
                                  f"{folder}") from None
        return target
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(shown, st.st_mode, "writes")
    if not allow_read_only and is_read_only(target, st):
        raise ReadOnlyError(f"{shown} is read-only; make it writable first, or write to "
                            "another file")
    return target


def _pid_alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # no permission: it exists
        return True
    return True


def remove_stale_temps(folder: Path, now: float | None = None) -> int:
    """Remove bpsim temporaries in ``folder`` whose writing process is gone (or that are
    older than STALE_AGE); returns how many. Never follows links, never raises."""
    now = time.time() if now is None else now
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        match = _TEMP.match(entry.name)
        if match is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            pid = match.group(1)
            dead = pid is not None and int(pid) != os.getpid() and not _pid_alive(int(pid))
            if stat.S_ISREG(st.st_mode) and (dead or now - st.st_mtime > STALE_AGE):
                os.unlink(entry.path)
                removed += 1
        except (OSError, ValueError):
            continue
    return removed


def _temp_name(target: Path) -> str:
    return f".{target.name[:_MAX_TEMP_NAME]}.{os.getpid()}-{secrets.token_hex(6)}.tmp"


def _write_temp(target: Path, data: bytes, mode: int | None) -> Path:
    """A new temp file next to ``target`` holding ``data``, flushed to disk."""
    temp = target.parent / _temp_name(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(temp, mode)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); silently skipped where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: str | os.PathLike[str], data: bytes, *,
                 allow_read_only: bool = False) -> None:
    """Replace ``path`` by ``data`` atomically (see the module docstring).

    A symlink is followed (the file it points to is replaced); an existing file keeps its
    permission bits. On any failure the previous file is untouched and the temporary removed.
    """
    target = check_target(path, allow_read_only=allow_read_only)
    remove_stale_temps(target.parent)
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    temp = _write_temp(target, data, mode)
    try:
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)
