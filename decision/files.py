"""Reading a user-named file safely: a regular file, under a size limit, never blocking.

``parameters = "/dev/zero"`` in a case file would read until memory runs out, a FIFO would block
for ever, and a file of several gigabytes is no case anyone wrote by hand (issue 17, finding 5).
Every reader of a file a user names goes through :func:`open_bounded`, which refuses anything
but a regular file and anything larger than the limit, with one line naming the file.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from copilote.decision.errors import InputError

#: Largest input file read [bytes]: case files, scenario files, parameter and performance tables
#: are kilobytes; 64 MiB leaves room for a table of a million rows and none for /dev/zero.
MAX_INPUT_BYTES = 64 * 2**20


def read_bounded_bytes(
    path: str | os.PathLike[str], limit: int = MAX_INPUT_BYTES, what: str = "file"
) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes, else InputError.

    Opened without following into a device or a pipe: ``O_NONBLOCK`` keeps a FIFO from blocking
    the open, and the type is checked on the opened descriptor (no race with a swap).
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(f"{what} '{path}' does not exist") from None
    except OSError as err:
        raise InputError(f"{what} '{path}' cannot be read ({err.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise InputError(f"{what} '{path}' is {kind}: expected a regular file")
        if info.st_size > limit:
            raise InputError(
                f"{what} '{path}' is {info.st_size:,} bytes, more than the {limit:,} accepted"
            )
        chunks = []
        total = 0
        while True:  # the file may grow while read: stop at the limit all the same
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise InputError(f"{what} '{path}' is more than the {limit:,} bytes accepted")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as err:
        raise InputError(f"{what} '{path}' cannot be read ({err.strerror})") from None
    finally:
        os.close(fd)


def read_bounded_text(
    path: str | os.PathLike[str],
    limit: int = MAX_INPUT_BYTES,
    what: str = "file",
    encoding: str = "utf-8",
) -> str:
    """:func:`read_bounded_bytes` decoded; a file in another encoding is bad input."""
    data = read_bounded_bytes(path, limit, what)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            f"{what} '{path}' is not {encoding} text (byte {err.start}); save it as UTF-8"
        ) from None


def check_input_file(path: str | os.PathLike[str], limit: int = MAX_INPUT_BYTES) -> None:
    """Refuse (InputError) ``path`` if it exists but is not a regular file or is over ``limit``.

    For readers that keep their own messages for a missing file or a folder: call this first,
    then read as before. A device (``/dev/zero``) or a FIFO is refused before it is opened, so
    nothing blocks and nothing reads without end.
    """
    try:
        info = os.stat(path)
    except RuntimeError:
        raise InputError(f"'{path}' is a loop of symbolic links") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise InputError(f"'{path}' is a loop of symbolic links") from None
        return  # missing or unreadable: the caller says so in its own words
    if stat.S_ISDIR(info.st_mode):
        return
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"'{path}' is not a regular file (a device or a pipe): expected a file")
    if info.st_size > limit:
        raise InputError(f"'{path}' is {info.st_size:,} bytes, more than the {limit:,} accepted")


def resolve_path(path: Path, what: str = "path") -> Path:
    """``path.resolve()``, with a loop of symbolic links reported as bad input."""
    try:
        return path.resolve()
    except (RuntimeError, OSError) as err:  # Python 3.11: RuntimeError("Symlink loop from ...")
        raise InputError(f"{what} '{path}' cannot be resolved ({err})") from None
