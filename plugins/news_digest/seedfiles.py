"""Which entries of a seeds folder are seeds, and which of them may be read.

A seeds folder may come from an untrusted archive: a seed that is a symbolic link
to a file outside the folder, or that is not a regular file (a named pipe would
stall the build), must be skipped with its reason, never read.
"""

from __future__ import annotations

import stat
from pathlib import Path


def seed_files(seeds: Path) -> list[Path]:
    """Every ``.txt`` entry of the folder that is not a folder or a dangling link, in name order.

    Folders and dangling links (an editor's lock file, ``.#x.txt``) hold no
    text and are passed over quietly; links and special files are kept, so
    that seed_target can name each that must not be read.
    """
    return sorted(
        (p for p in seeds.iterdir() if p.suffix.lower() == ".txt" and p.exists() and not p.is_dir()),
        key=lambda p: p.name,
    )


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def seed_target(path: Path, root: Path, seed_error: type[Exception]) -> Path:
    """The file to read for seed ``path`` of folder ``root``; raises ``seed_error`` if it must not be read.

    A link is followed only to a file inside the folder, so that an unpacked
    archive cannot publish a file of the machine (``x.txt -> /etc/passwd``).
    """
    target = path.resolve(strict=True)
    if path.is_symlink() and not target.is_relative_to(root.resolve()):
        raise seed_error(f"it is a symbolic link to a file outside the seeds folder ({target}); not read")
    mode = target.stat().st_mode
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _NOT_REGULAR if test(mode)), "a special file")
        raise seed_error(f"it is {kind}, not a regular file")
    return target


def undecodable_name(name: str) -> bool:
    """File names that were not UTF-8 on disk reach Python holding lone surrogates."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
