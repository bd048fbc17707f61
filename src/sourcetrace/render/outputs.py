"""Where outputs go: every path checked before the analysis starts, every file written whole.

:func:`check_outputs` refuses, with a coded :class:`OutputError`, a folder where a file is
wanted (or a file where a folder is), a missing parent folder, a place that cannot be written
(probed by creating a file there: permissions, a read-only filesystem, a full quota), one path
given for two outputs, and an output that is one of the inputs (``analyze a.md -o a.md``).
:func:`write_atomic` writes to a temporary file in the same folder and renames it over the
target, so a failure leaves the old file or none, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sourcetrace.errors import Errors, OutputError


@dataclass(frozen=True)
class Output:
    """One output the user asked for: its option (``-o``, ``--csv``...), its path, whether it is a folder,
    and whether it is a store the run reopens (which may sit in an input folder: it is not read as an article)."""

    option: str
    path: Path
    folder: bool = False
    store: bool = False


def _same(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` name one file (through links and ``..``), or one path when neither exists."""
    try:
        return a.samefile(b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _inside(path: Path, folder: Path) -> bool:
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(folder))
    except ValueError:
        return False
    return True


def _probe(folder: Path, out: Output) -> None:
    """Create and remove a file in ``folder``: the one honest test that it can be written."""
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".sourcetrace-probe-")
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        raise OutputError.coded(Errors.E063, path=out.path, option=out.option, detail=exc.strerror or exc) from exc


def _check_one(out: Output) -> None:
    path = out.path
    if path.is_dir() and not out.folder:
        raise OutputError.coded(Errors.E060, path=path, option=out.option)
    if path.exists() and not path.is_dir() and out.folder:
        raise OutputError.coded(Errors.E061, path=path, option=out.option)
    parent = path.parent
    if not parent.is_dir():
        raise OutputError.coded(Errors.E062, path=path, option=out.option, parent=parent)
    if out.folder and path.is_dir():
        _probe(path, out)
    else:
        _probe(parent, out)
    if path.exists() and not out.folder and not os.access(path, os.W_OK):
        raise OutputError.coded(Errors.E063, path=path, option=out.option, detail="the file is read-only")


def check_outputs(outputs: Iterable[Output], inputs: Iterable[str | Path] = ()) -> None:
    """Raise :class:`OutputError` for the first output that cannot be written as asked.

    ``inputs`` are the paths given to read ('-' for stdin is ignored): an output may not be one
    of them, nor an existing file inside an input folder (the run would read it, or overwrite it).
    """
    given = [Path(p) for p in inputs if str(p) != "-"]
    seen: list[Output] = []
    for out in outputs:
        for other in seen:
            if _same(out.path, other.path):
                raise OutputError.coded(Errors.E065, path=out.path, option=other.option, other=out.option)
        seen.append(out)
        for src in given:
            inside = not out.store and src.is_dir() and out.path.is_file() and _inside(out.path, src)
            if _same(out.path, src) or inside:
                raise OutputError.coded(Errors.E064, path=out.path, option=out.option)
        _check_one(out)


def outputs_of(
    options: Mapping[str, Path | None], folders: Iterable[str] = (), stores: Iterable[str] = ()
) -> list[Output]:
    """The outputs given among ``options`` (option name to path or None); those in ``folders`` are folders,
    those in ``stores`` stores."""
    folder_opts, store_opts = set(folders), set(stores)
    return [Output(opt, Path(p), opt in folder_opts, opt in store_opts) for opt, p in options.items() if p is not None]


@contextmanager
def atomic_open(path: Path, newline: str | None = None) -> Iterator[IO[str]]:
    """A text file that replaces ``path`` only once it is closed without error."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file 0600; give it the mode a plain open() would have
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, text: str | Callable[[], str]) -> Path:
    """Write ``text`` to ``path`` whole (a callable is rendered first, so a renderer's error writes nothing)."""
    body = text() if callable(text) else text
    with atomic_open(path) as fh:
        fh.write(body)
    return path
