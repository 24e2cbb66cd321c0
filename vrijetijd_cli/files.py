"""Files with personal data: owner-only, written whole or not at all (docs/architecture.md, "Privacy").

Every file the program writes may hold names of people in poverty: the database and its WAL,
back-ups, exports, rejects files, reports. They are created 0600 in folders the program makes
0700 (POSIX permissions; on Windows the user's own profile folder does that work). A file is
first written under a temporary name of its own in the target folder — the process id and a
random part in the name, so two commands never share one — and put in place by a rename: a full
disk or a kill leaves the old file whole. What a killed command left behind is swept by the next
one (`sweep`).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from pathlib import Path

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
# '.<name>.<pid>.<random>.<kind>', with SQLite's '-journal' beside a temporary database
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.(part|restore|tmp)(-journal|-wal|-shm)?$")
# where a process cannot be asked whether it still runs, a leftover this old is swept
_STALE_SECONDS = 24 * 3600


def private_folder(folder: Path) -> None:
    """Make `folder` and its missing parents, owner-only; an existing folder is left as it is."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)


def create_private(path: Path) -> None:
    """Create an empty owner-only file; an existing file is left alone."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass


def temporary(folder: Path, name: str, kind: str) -> Path:
    """A new, empty, owner-only file in `folder` with a name no other command uses."""
    private_folder(folder)
    while True:
        path = folder / f".{name}.{os.getpid()}.{os.urandom(4).hex()}.{kind}"
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
            return path
        except FileExistsError:
            continue


def remove(*paths: Path) -> None:
    """Delete these files and SQLite's companions of each, quietly."""
    for path in paths:
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                path.with_name(path.name + suffix).unlink()
            except (FileNotFoundError, IsADirectoryError):
                pass
            except OSError:
                pass  # a read-only folder: the next sweep tries again


def place(temporary_file: Path, target: Path) -> None:
    """Give a finished temporary file its name; never over an existing file (FileExistsError).

    A hard link refuses an existing name atomically, so two commands choosing the same name in
    the same second never overwrite each other; where links are not possible (some USB sticks),
    the name is checked first.
    """
    try:
        os.link(temporary_file, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists() or target.is_symlink():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from None
        os.replace(temporary_file, target)
        return
    temporary_file.unlink()


def sweep(folder: Path) -> list[Path]:
    """Delete the temporary files in `folder` whose command is gone (killed, or the power failed)."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if match is None or not _abandoned(int(match.group(1)), entry):
            continue
        try:
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def _abandoned(pid: int, entry: os.DirEntry) -> bool:
    if pid == os.getpid():
        return False
    if os.name == "posix":
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False  # it runs, as another user
        return False
    try:
        return time.time() - entry.stat().st_mtime > _STALE_SECONDS
    except OSError:
        return False


def write_whole(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file and a rename, owner-only.

    Refuses a symbolic link (it could point anywhere, also at a file of someone else). A device
    or a pipe (/dev/null, /dev/full, a FIFO) cannot be renamed over: it is written directly.
    Raises InvalidInput naming the file; nothing is left behind on failure.
    """
    if target.is_symlink():
        raise InvalidInput(_("uitvoerbestand {path!r} is een symbolische koppeling; daar schrijft vrijetijd niet"
                             " door (er is niets geschreven)").format(path=str(target)))
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise not_written(target, exc) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise InvalidInput(_("uitvoerbestand {path!r} is een map").format(path=str(target)))
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_device(target, data)
        return
    partial = None
    try:
        private_folder(target.parent)
        partial = temporary(target.parent, target.name, "tmp")
        with open(partial, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as exc:
        if partial is not None:
            remove(partial)
        raise not_written(target, exc) from None


def _write_device(target: Path, data: bytes) -> None:
    try:
        with open(target, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise not_written(target, exc) from None


def not_written(target: Path, exc: OSError) -> InvalidInput:
    """The error for a file that could not be written, in the user's words when the disk is full."""
    if exc.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)):
        reason = _("de schijf is vol")
    else:
        reason = exc.strerror or str(exc)
    return InvalidInput(_("uitvoerbestand {path!r} kan niet geschreven worden: {reason}; er is niets geschreven")
                        .format(path=str(target), reason=reason))
