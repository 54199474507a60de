"""The only writer of the articles folder: write if changed, keep hand edits, prune orphans.

Every generated file carries a ``Generator`` line at the end of its metadata:

    Generator: news-digest 0.1.0+<code>; inputs sha256:<hex>; body sha256:<hex>

``inputs`` hashes everything the article was made from; ``body`` hashes the
file's text without that line. A file whose text no longer matches its body
hash was edited by hand and is never overwritten or deleted; a file without a
Generator line is not ours and is never touched.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

VERSION = "0.1.0"
GENERATOR_KEY = "Generator"
_GENERATOR = re.compile(
    r"^Generator: news-digest (?P<version>\S+); inputs sha256:(?P<inputs>[0-9a-f]{64}); "
    r"body sha256:(?P<body>[0-9a-f]{64})$"
)


# What decides a generated article's text: the converter's modules and the tagger's own data (the
# knowledge files and boilerplate rules are fingerprinted with each article's inputs). The site's
# modules (pages, catalogue, events, search_index, export, the theme) only read the articles, so
# editing them regenerates nothing. tests/test_sync.py checks that every module the pipeline
# imports is listed here.
CONVERTER_FILES = (
    "annotate_cache.py", "annotations.py", "atomic.py", "corrections.py",
    "kept_articles.py", "knowledge.py", "models.py", "parallel.py", "pipeline.py", "render.py",
    "seedfiles.py", "settings.py", "slugs.py",
    "sync.py", "text.py", "yamlfiles.py", "reading/*.py", "tagger/*.py", "tagger/*.yml",
)  # fmt: skip


def converter_version(package: Path | None = None, files: Sequence[str] = CONVERTER_FILES) -> str:
    """``0.1.0+<hash of the converter's code and data>``: a change there regenerates every article."""
    package = package or Path(__file__).resolve().parent
    digest = hashlib.sha256()
    paths = sorted({path for pattern in files for path in package.glob(pattern) if path.is_file()})
    for path in paths:
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        # Line endings differ between checkouts of the same code; the hash must not.
        digest.update(path.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return f"{VERSION}+{digest.hexdigest()[:12]}"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stamp(text: str, inputs_hash: str, version: str) -> str:
    """Add the Generator line as the last metadata line of rendered article ``text``."""
    header_end = text.find("\n\n")
    if header_end < 0:
        header_end = len(text.rstrip("\n"))
    line = f"{GENERATOR_KEY}: news-digest {version}; inputs sha256:{inputs_hash}; body sha256:{_sha256(text)}"
    return text[:header_end] + "\n" + line + text[header_end:]


class State(enum.Enum):
    MISSING = "missing"
    FOREIGN = "foreign"  # no Generator line: written by someone else
    INTACT = "intact"  # generated and unchanged since
    EDITED = "edited"  # generated, then changed by hand


@dataclass(frozen=True)
class FileInfo:
    state: State
    inputs: str | None = None


def inspect(path: Path) -> FileInfo:
    """Whether ``path`` is ours, and if so whether someone edited it since we wrote it."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return FileInfo(State.MISSING)
    except (OSError, UnicodeDecodeError):
        return FileInfo(State.FOREIGN)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            break
        match = _GENERATOR.match(line)
        if match:
            rest = "\n".join(lines[:index] + lines[index + 1 :])
            state = State.INTACT if _sha256(rest) == match["body"] else State.EDITED
            return FileInfo(state, match["inputs"])
    return FileInfo(State.FOREIGN)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes owner-only files; give the usual mode, or keep the replaced file's.
        os.fchmod(handle, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless the file already holds exactly it; True when written."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return True


@dataclass(frozen=True)
class Planned:
    """One article file the run wants in the folder."""

    name: str
    seed: str
    text: str


@dataclass(frozen=True)
class SyncResult:
    written: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()


def sync_articles(folder: Path, planned: Sequence[Planned]) -> SyncResult:
    """Make ``folder`` hold the planned articles, touching only files that are ours and intact."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    unchanged: list[str] = []
    removed: list[str] = []
    kept: list[str] = []
    wanted = {item.name for item in planned}
    for item in sorted(planned, key=lambda p: p.name):
        path = folder / item.name
        info = inspect(path)
        if info.state is State.FOREIGN:
            logger.warning(
                "kept %s: it was not generated by news-digest (no Generator line), so %s is "
                "not written there",
                path,
                item.seed,
            )
            kept.append(item.name)
        elif info.state is State.EDITED:
            logger.warning(
                "kept %s: edited by hand since it was generated; delete it to regenerate it from %s",
                path,
                item.seed,
            )
            kept.append(item.name)
        elif write_if_changed(path, item.text):
            written.append(item.name)
        else:
            unchanged.append(item.name)

    for path in sorted(folder.glob("*.md")):
        if path.name in wanted or not path.is_file():
            continue
        info = inspect(path)
        if info.state is State.INTACT:
            path.unlink()
            logger.info("removed %s: its seed is gone or was skipped", path)
            removed.append(path.name)
        elif info.state is State.EDITED:
            logger.warning("kept %s: its seed is gone or was skipped, but it was edited by hand", path)
            kept.append(path.name)
    return SyncResult(tuple(written), tuple(unchanged), tuple(removed), tuple(kept))
