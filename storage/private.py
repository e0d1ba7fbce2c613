"""Files that hold people's data are the owner's alone: 0600 files in 0700 folders.

A default umask of 022 would leave them readable by every account on the machine, so
Tandem sets the mode itself wherever it creates a data file or a folder, whatever the umask.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents as 0700; folders that exist stay as they are."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another process
            path.mkdir(mode=FOLDER_MODE)
            path.chmod(FOLDER_MODE)  # mkdir's mode passes through the umask


def create_private_file(path: Path) -> None:
    """Create ``path`` empty if it is missing; either way, make it 0600."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
    path.chmod(FILE_MODE)


def ensure_private_file(path: Path) -> None:
    """If ``path`` is missing, create it empty and 0600, in 0700 folders; else leave it."""
    if not path.exists():
        make_private_folder(path.parent)
        create_private_file(path)


@contextlib.contextmanager
def replacing_privately(path: Path) -> Iterator[Path]:
    """A 0600 file to write beside ``path``, renamed onto it when the writing went well."""
    make_private_folder(path.parent)
    partial = path.with_name(path.name + ".part")
    try:
        partial.unlink(missing_ok=True)
        create_private_file(partial)
        yield partial
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
