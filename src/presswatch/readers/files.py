"""Walking input folders and opening input files, so that nothing a folder holds stops,
hangs or misleads a batch.

* Only regular files are read. A FIFO, socket or device inside a folder (or named
  directly) is a :class:`~presswatch.model.Rejection` ("not a regular file: fifo"), and a
  file is opened non-blocking and checked again after opening, so a name swapped for a
  FIFO between the check and the read cannot block either.
* Symbolic links are followed, every folder at most once (so ``up -> ..`` and other loops
  end), and never into the files of the database being written: those are skipped.
* Folders are walked iteratively (no recursion limit), down to :data:`MAX_DEPTH` levels;
  a folder deeper than that is one Rejection and the rest of the walk goes on.
* Names are reported losslessly: a name that is not valid UTF-8 keeps its undecodable
  bytes as ``\\xNN`` escapes (``bad\\xff.txt``), so it can be stored and shown.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from presswatch.model import Rejection

MAX_DEPTH = 64
_KINDS = (
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
)


class InputError(Exception):
    """A file that cannot be taken as input; the message is the rejection reason."""


def printable(name: str) -> str:
    """``name`` as storable text: undecodable bytes of a file name (surrogate escapes)
    become ``\\xNN``; other text is returned unchanged."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "folder"
    for test, name in _KINDS:
        if test(mode):
            return name
    return "special file"


def not_regular(mode: int) -> str:
    return f"not a regular file: {kind(mode)}"


def too_large(size: int, limit: int) -> str:
    return f"file too large: {size} bytes > limit {limit}"


def oserror(exc: OSError) -> str:
    return f"unreadable: {exc.strerror or exc}"


def open_regular(path: str | Path) -> int:
    """A file descriptor of the regular file at ``path`` (non-blocking open, checked with
    fstat after opening). Raises :class:`InputError`."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket, or a FIFO without writer on some systems
            raise InputError(not_regular(stat.S_IFSOCK)) from exc
        raise InputError(oserror(exc)) from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(not_regular(st.st_mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them. Raises
    :class:`InputError` for anything else (a FIFO, a folder, too large, unreadable)."""
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise InputError(too_large(size, limit))
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise InputError(oserror(exc)) from exc
    if len(data) > limit:  # grew since the check
        raise InputError(too_large(len(data), limit))
    return data


@dataclass(slots=True)
class Excluded:
    """Files never read as input: the database being written and its journals, by
    identity (device, inode) and by absolute path (a journal may appear later)."""

    identities: set[tuple[int, int]] = field(default_factory=set)
    paths: set[str] = field(default_factory=set)

    @classmethod
    def database(cls, db: str | Path | None) -> Excluded:
        out = cls()
        if db is None or str(db) == ":memory:":
            return out
        base = os.path.realpath(db)
        for suffix in ("", "-wal", "-shm", "-journal"):
            name = base + suffix
            out.paths.add(name)
            try:
                st = os.stat(name)
            except OSError:
                continue
            out.identities.add((st.st_dev, st.st_ino))
        return out

    def __contains__(self, item: tuple[Path, os.stat_result]) -> bool:
        path, st = item
        if (st.st_dev, st.st_ino) in self.identities:
            return True
        return bool(self.paths) and os.path.realpath(path) in self.paths


NO_EXCLUSIONS = Excluded()


def walk(
    root: Path, excluded: Excluded = NO_EXCLUSIONS, max_depth: int = MAX_DEPTH
) -> Iterator[tuple[Path, os.stat_result] | Rejection]:
    """Every regular file under the folder ``root`` as (path, stat), sorted by name at
    every level, hidden names (``.``) skipped; Rejections for what cannot be read."""
    from presswatch.readers.text import display_path

    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Iterator[str], Path, int]] = []

    def enter(folder: Path, st: os.stat_result, depth: int) -> Rejection | None:
        key = (st.st_dev, st.st_ino)
        if key in seen:
            return None
        seen.add(key)
        try:
            with os.scandir(folder) as it:
                names = sorted(entry.name for entry in it)
        except OSError as exc:
            return Rejection(display_path(folder), oserror(exc))
        stack.append((iter(names), folder, depth))
        return None

    try:
        root_st = root.stat()
    except OSError as exc:
        yield Rejection(display_path(root), oserror(exc))
        return
    failed = enter(root, root_st, 0)
    if failed:
        yield failed
    while stack:
        names, folder, depth = stack[-1]
        name = next(names, None)
        if name is None:
            stack.pop()
            continue
        if name.startswith("."):
            continue
        child = folder / name
        try:
            st = child.stat()
        except OSError as exc:
            yield Rejection(display_path(child), oserror(exc))
            continue
        if (child, st) in excluded:
            continue
        if stat.S_ISDIR(st.st_mode):
            if depth + 1 > max_depth:
                yield Rejection(display_path(child), f"folder nested too deep: over "
                                f"{max_depth} levels below {display_path(root)}")
                continue
            failed = enter(child, st, depth + 1)
            if failed:
                yield failed
        elif stat.S_ISREG(st.st_mode):
            yield child, st
        else:
            yield Rejection(display_path(child), not_regular(st.st_mode))


def count_files(paths: Iterable[str | Path], excluded: Excluded = NO_EXCLUSIONS) -> int:
    """How many regular files the paths name (folders walked as :func:`walk` does)."""
    total = 0
    for path in paths:
        p = Path(path)
        if p.is_dir():
            total += sum(1 for found in walk(p, excluded) if not isinstance(found, Rejection))
        else:
            total += 1
    return total
