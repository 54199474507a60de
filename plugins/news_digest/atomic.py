"""Atomic site output: build into a fresh sibling folder and swap it in only when the build succeeded.

A reader (or a web server, or ``ghp-import``) looking at ``output/`` sees
either the whole previous site or the whole new one, never a half-written
mix. A build that fails part-way leaves ``output/`` exactly as it was and
removes its own staging folder.

    with staged_output(Path("output")) as staging:
        run_the_build(into=staging)   # any exception: output/ untouched

The swap is two renames in the same parent folder (``output`` ->
``output.old-XXXX``, staging -> ``output``), which the operating system does
without copying; the old tree is deleted afterwards. Names listed in
``retain`` (Pelican's ``OUTPUT_RETENTION``, e.g. ``.git`` of a gh-pages
checkout) are carried over from the old output when the new build did not
make them. Folders left behind by a build that was killed are found by
``leftovers`` and removed by ``remove_leftovers`` (the ``clean`` task).

Pure filesystem code: no Pelican here.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

STAGING_MARK = ".tmp-"
RETIRED_MARK = ".old-"


class OutputError(RuntimeError):
    """The output folder cannot be staged or swapped; the message says which folder and why."""


def _sibling(output: Path, mark: str) -> Path:
    """A new, empty, uniquely named folder next to ``output`` (same filesystem, so renames are atomic).

    Made with os.mkdir rather than tempfile.mkdtemp: mkdtemp's private 0700 mode
    would become the published folder's mode and hide the site from a web server.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    for _attempt in range(100):
        candidate = output.parent / f"{output.name}{mark}{secrets.token_hex(4)}"
        try:
            candidate.mkdir()
        except FileExistsError:
            continue
        return candidate
    raise OutputError(f"could not make a temporary folder next to {output}")


def leftovers(output: Path) -> list[Path]:
    """Staging and retired folders of ``output`` left behind by builds that were interrupted."""
    output = Path(os.path.realpath(output))
    if not output.parent.is_dir():
        return []
    prefixes = (output.name + STAGING_MARK, output.name + RETIRED_MARK)
    return sorted(
        path for path in output.parent.iterdir()
        if path.name.startswith(prefixes) and path.is_dir() and not path.is_symlink()
    )


def remove_leftovers(output: Path) -> list[Path]:
    """Delete what ``leftovers`` finds; returns the folders removed."""
    found = leftovers(output)
    for path in found:
        shutil.rmtree(path, ignore_errors=True)
        logger.info("removed %s, left behind by an interrupted build", path)
    return found


def _carry_over(retired: Path, output: Path, retain: Sequence[str]) -> None:
    """Move each retained name from the old tree into the new one, unless the build made it anew."""
    for name in retain:
        old, new = retired / name, output / name
        if (old.exists() or old.is_symlink()) and not (new.exists() or new.is_symlink()):
            os.replace(old, new)


def keep_unchanged(staging: Path, output: Path) -> int:
    """Give each file of ``staging`` whose bytes equal the same file in ``output`` the old file itself.

    The old file is hard-linked into the staging tree in place of the new copy, so
    after the swap a page whose bytes did not change keeps its inode and its
    modification time: only what changed looks written (to rsync, a web server's
    caches, ``ghp-import``, a reader's browser). ``output`` is not touched. Returns
    how many files were kept; a filesystem without hard links keeps none.
    """
    if not output.is_dir():
        return 0
    kept = 0
    for folder, _dirs, files in os.walk(staging):
        for name in files:
            new = Path(folder) / name
            old = output / new.relative_to(staging)
            try:
                if old.is_symlink() or not old.is_file() or old.stat().st_size != new.stat().st_size:
                    continue
                if old.read_bytes() != new.read_bytes():
                    continue
                link = new.with_name(f"{STAGING_MARK}{name}")
                os.link(old, link)
                os.replace(link, new)
                kept += 1
            except OSError:
                continue
    return kept


def swap_in(staging: Path, output: Path, retain: Sequence[str] = ()) -> None:
    """Make the finished ``staging`` folder the new ``output``; the old output is deleted.

    Raises OutputError, with ``output`` as it was, when the new tree cannot be moved in.
    """
    if output.is_symlink() or (output.exists() and not output.is_dir()):
        raise OutputError(f"{output} is not a folder; not replacing it")
    retired: Path | None = None
    if output.exists():
        retired = _sibling(output, RETIRED_MARK)
        # mkdtemp made the name unique; os.replace needs it free (an empty folder is replaced on POSIX).
        retired.rmdir()
        os.replace(output, retired)
    try:
        os.replace(staging, output)
    except OSError as error:
        if retired is not None:
            os.replace(retired, output)
        raise OutputError(f"could not move the new site into {output}: {error}") from error
    if retired is not None:
        _carry_over(retired, output, retain)
        shutil.rmtree(retired, ignore_errors=True)


def remove_output(output: Path) -> bool:
    """Delete ``output`` as one step for its readers: renamed aside first, then removed. True if it existed.

    When ``output`` is a symbolic link, the folder it points to is removed and the link kept.
    """
    output = Path(os.path.realpath(output))
    if not output.is_dir():
        return False
    retired = _sibling(output, RETIRED_MARK)
    retired.rmdir()
    os.replace(output, retired)
    shutil.rmtree(retired, ignore_errors=True)
    return True


@contextmanager
def staged_output(output: Path, retain: Sequence[str] = ()) -> Iterator[Path]:
    """Yield an empty staging folder next to ``output``; swap it in only if the block succeeds.

    On any exception (including KeyboardInterrupt and SystemExit) the staging
    folder is removed, ``output`` is left untouched and the exception propagates.
    When ``output`` is a symbolic link (to a web server's folder, say), the folder it
    points to is the one replaced, and the link stays.
    """
    output = Path(os.path.realpath(output))
    staging = _sibling(output, STAGING_MARK)
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        if output.is_dir() and not output.is_symlink():
            keep_unchanged(staging, output)
        swap_in(staging, output, retain)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
