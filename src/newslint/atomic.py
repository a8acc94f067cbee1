"""Writing a file whole or not at all (baselines, fixed articles)."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsync,
    then rename over it: a reader sees the old bytes or the new ones, never a
    truncated file, and on any error (disk full, file size limit, permissions) the
    old file is left as it was and the temporary file removed. Keeps an existing
    file's mode (and owner, when allowed); through a symlink the target is replaced,
    not the link. An existing file the user may not write (read-only) is refused
    with ``PermissionError``, as a plain write would be, although the rename could
    replace it. A path that exists and is not a regular file (``/dev/stdout``, a
    pipe) is written straight into: there is nothing to rename over."""
    target = Path(os.path.realpath(path))
    try:
        old = target.stat()
    except FileNotFoundError:
        old = None
    if old is not None and not stat.S_ISREG(old.st_mode):
        with open(target, "wb") as out:
            out.write(data)
            out.flush()
        return
    if old is not None and not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "Permission denied (the file is read-only)", str(path))
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    mode = stat.S_IMODE(old.st_mode) if old is not None else 0o666  # the umask applies to a new file
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if old is not None:
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
            try:
                os.chown(tmp, old.st_uid, old.st_gid)
            except OSError:
                pass  # not ours to give away: the file becomes the writer's
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
