"""The `annotate` step: a folder of seeds -> Markdown articles and annotations.json.

ingest -> editorial headline/date -> tag -> editorial entities -> slug -> render
-> sync. Configuration problems (settings, knowledge, corrections) raise at
once; a seed that cannot be converted is skipped with one logged line, and the
rest still build. Slugs already taken by articles this run does not write
(written by hand, or generated and edited since) are left to them.

A seeds folder may come from an untrusted archive: a seed that is a symbolic
link to a file outside the folder, or that is not a regular file (a named
pipe would stall the build), is skipped with its reason, never read.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import posixpath
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import boilerplate, ingest, knowledge, sources, tag
from .annotations import FILE_NAME as ANNOTATIONS_FILE
from .annotations import join_records, record_text
from .corrections import Corrections, apply_corrections, correct_document, load_corrections
from .models import AnnotatedDocument, Document, Entity, SourceInfo
from .render import clean_text, render
from .settings import DigestSettings
from .slugs import article_filename, assign_slugs, handwritten_slug, title_slug
from .sync import Planned, State, converter_version, inspect, stamp, sync_articles, write_if_changed

logger = logging.getLogger(__name__)

SOURCES_FILE = "sources.yml"
# Folders smaller than this finish before a progress bar would be any use.
PROGRESS_THRESHOLD = 50
# Folders at least this large are converted in one process per core (forked, so the
# loaded knowledge base is shared, not copied); smaller ones are done before that pays.
PARALLEL_THRESHOLD = 200
# The annotation cache's name, in Pelican's CACHE_PATH (or the project's cache/ folder).
CACHE_FILE = "news-digest-annotations.pickle"
CACHE_FORMAT = 1
# The file name extensions Pelican's Markdown reader reads (matched exactly, as Pelican does).
MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mkd", ".mdown"})


class PipelineError(RuntimeError):
    """The run cannot start, or (strict mode) did not convert every seed."""


@dataclass(frozen=True)
class Toolkit:
    """What the run converts with; tests pass their own, the defaults load the real ones."""

    kb: Any
    rules: Any
    sources: Mapping[str, SourceInfo]
    corrections: Corrections
    ingest: Callable[..., Document]
    tag: Callable[[Document, Any], AnnotatedDocument]
    seed_error: type[Exception]


def default_toolkit(seeds: Path, settings: DigestSettings) -> Toolkit:
    """Load knowledge, boilerplate rules, sources and corrections once, failing fast."""
    sources_path = seeds / SOURCES_FILE
    return Toolkit(
        kb=knowledge.load_knowledge(settings.knowledge),
        rules=boilerplate.load_rules(settings.boilerplate),
        sources=sources.load_sources(sources_path) if sources_path.is_file() else {},
        corrections=load_corrections(seeds / settings.corrections),
        ingest=ingest.ingest,
        tag=tag.tag,
        seed_error=ingest.SeedError,
    )


@dataclass(frozen=True)
class Report:
    """What one run did; file names are those in the articles folder, seeds by seed name."""

    converted: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()
    removed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()

    def summary(self) -> str:
        return (
            f"converted {len(self.converted)}, unchanged {len(self.unchanged)}, skipped {len(self.skipped)}, "
            f"removed {len(self.removed)}, kept-hand-edited {len(self.kept)}"
        )


def entity_href_from(entity_url: str, article_dir: str = "articles") -> Callable[[Entity], str]:
    """Relative link from an article page in ``article_dir`` to an entity page."""

    def entity_href(entity: Entity) -> str:
        return posixpath.relpath(entity_url.format(kind=entity.kind, id=entity.id), article_dir or ".")

    return entity_href


def _fingerprint(value: Any) -> str:
    """A knowledge base or rule set's own fingerprint, or a hash of its data."""
    own = getattr(value, "fingerprint", None)
    if isinstance(own, str):
        return own
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


def _hash(data: Mapping[str, Any]) -> str:
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def seed_files(seeds: Path) -> list[Path]:
    """Every ``.txt`` entry of the folder that is not a folder or a dangling link, in name order.

    Folders and dangling links (an editor's lock file, ``.#x.txt``) hold no
    text and are passed over quietly; links and special files are kept, so
    that _seed_target can name each that must not be read.
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


def _seed_target(path: Path, root: Path, seed_error: type[Exception]) -> Path:
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


def _progress(items: Iterable[Any], total: int) -> Iterator[Any]:
    """A progress bar on stderr for large folders, only when someone is watching."""
    if total <= PROGRESS_THRESHOLD or not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    with logging_redirect_tqdm():
        yield from tqdm(items, total=total, desc="annotate", unit="seed", file=sys.stderr)


def _convert(path: Path, root: Path, tools: Toolkit, max_bytes: int) -> AnnotatedDocument:
    if _undecodable_name(path.name):
        # Such a name cannot be written into the article's metadata or hashed into its file name.
        raise tools.seed_error("its file name is not valid UTF-8 text (rename the file)")
    target = _seed_target(path, root, tools.seed_error)
    # A scraped page of many megabytes is no article, and would stall the build for minutes.
    size = target.stat().st_size
    if size > max_bytes:
        raise tools.seed_error(
            f"too large ({size / 1e6:.1f} MB; a seed may have at most {max_bytes // 1000} kB, "
            "NEWS_DIGEST['max_seed_kb'])"
        )
    data = target.read_bytes()
    document = tools.ingest(path.name, data, tools.sources.get(path.name), tools.rules)
    document = correct_document(document, tools.corrections)
    if not clean_text(document.title):
        raise tools.seed_error("it has no headline")
    return apply_corrections(tools.tag(document, tools.kb), tools.corrections, tools.kb)


def _undecodable_name(name: str) -> bool:
    """File names that were not UTF-8 on disk reach Python holding lone surrogates."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _convert_one(path: Path, root: Path, tools: Toolkit, max_bytes: int) -> tuple[AnnotatedDocument | None, str]:
    """One seed -> (its annotation, "") or (None, why it was skipped); never raises for a bad seed."""
    try:
        return _convert(path, root, tools, max_bytes), ""
    except tools.seed_error as error:
        return None, str(error)
    except OSError as error:
        return None, f"cannot be read: {error.strerror or error}"
    except Exception as error:  # noqa: BLE001 - one broken seed must not stop the others
        logger.debug("converting %s failed", path.name, exc_info=True)
        return None, f"could not be converted ({type(error).__name__}: {error})"


def _annotate_serial(paths: Iterable[Path], root: Path, tools: Toolkit, max_bytes: int) -> Iterator[tuple[Path, Any]]:
    for path in paths:
        yield path, _convert_one(path, root, tools, max_bytes)


def _worker(paths: list[Path], root: Path, tools: Toolkit, max_bytes: int, connection: Any) -> None:
    """In a forked process: convert ``paths``, sending each (index in ``paths``, result) as it is done."""
    try:
        for index, path in enumerate(paths):
            connection.send((index, _convert_one(path, root, tools, max_bytes)))
    finally:
        connection.close()


def _annotate_parallel(
    paths: list[Path], root: Path, tools: Toolkit, max_bytes: int, workers: int
) -> Iterator[tuple[Path, Any]]:
    """Convert ``paths`` in ``workers`` forked processes; yields (path, result) as results arrive.

    Forked workers inherit the loaded toolkit instead of unpickling a copy each;
    only the results travel back. A worker that dies (killed, out of memory)
    leaves its remaining seeds to be converted here, one after the other.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    chunks = [paths[start::workers] for start in range(workers)]
    done: set[Path] = set()
    readers: dict[Any, list[Path]] = {}
    processes = []
    try:
        for chunk in chunks:
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_worker, args=(chunk, root, tools, max_bytes, sender), daemon=True)
            process.start()
            sender.close()
            readers[receiver] = chunk
            processes.append(process)
        while readers:
            for receiver in wait(list(readers)):
                try:
                    index, result = receiver.recv()
                except EOFError:
                    del readers[receiver]
                    continue
                path = readers[receiver][index]
                done.add(path)
                yield path, result
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
    missing = [path for path in paths if path not in done]
    if missing:
        logger.debug("%d seed(s) converted here after a worker stopped", len(missing))
        yield from _annotate_serial(missing, root, tools, max_bytes)


@dataclass(frozen=True)
class AnnotationCache:
    """Annotations of earlier runs, each under the key of everything it was made from.

    A seed whose key is unchanged (same bytes, sources.yml entry, corrections,
    knowledge base, boilerplate rules, converter code) is not read and tagged
    again: its annotation is taken from here. The file is written atomically, and
    one that cannot be read (missing, damaged, of an older format) is ignored.
    """

    path: Path
    entries: Mapping[str, tuple[str, AnnotatedDocument]]
    # seed -> (key, slug, its annotations.json piece)
    records: Mapping[str, tuple[str, str, str]] = dataclasses.field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> AnnotationCache:
        import pickle

        try:
            with path.open("rb") as handle:
                version, entries, records = pickle.load(handle)
            if version != CACHE_FORMAT or not isinstance(entries, dict) or not isinstance(records, dict):
                entries, records = {}, {}
        except Exception:  # noqa: BLE001 - a missing, old or damaged cache is only slower
            entries, records = {}, {}
        return cls(path, entries, records)

    def get(self, seed: str, key: str | None) -> AnnotatedDocument | None:
        entry = self.entries.get(seed)
        return entry[1] if key is not None and entry is not None and entry[0] == key else None

    def record(self, seed: str, key: str | None, slug: str) -> str | None:
        entry = self.records.get(seed)
        return entry[2] if key is not None and entry is not None and entry[:2] == (key, slug) else None

    def save(self, entries: Mapping[str, tuple[str, AnnotatedDocument]], records: Mapping[str, tuple[str, str, str]]) -> None:
        """Keep this run's annotations; the file is rewritten only when they changed."""
        import pickle

        if self.path.is_file() and entries.keys() == self.entries.keys() and records == self.records and all(
            entries[seed][0] == self.entries[seed][0] for seed in entries
        ):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        with partial.open("wb") as handle:
            pickle.dump((CACHE_FORMAT, dict(entries), dict(records)), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, self.path)


def _seed_key(path: Path, root: Path, tools: Toolkit, shared: str, max_bytes: int) -> str | None:
    """The hash of everything seed ``path``'s annotation is made from; None if it cannot be read."""
    try:
        target = _seed_target(path, root, tools.seed_error)
        if target.stat().st_size > max_bytes or _undecodable_name(path.name):
            return None
        data = target.read_bytes()
    except Exception:  # noqa: BLE001 - converting it will say what is wrong
        return None
    digest = hashlib.sha256(shared.encode("utf-8"))
    source = tools.sources.get(path.name)
    for part in (path.name, repr(dataclasses.asdict(source)) if dataclasses.is_dataclass(source) else repr(source),
                 tools.corrections.fingerprint(path.name)):
        digest.update(b"\0" + part.encode("utf-8"))
    digest.update(b"\0" + data)
    return digest.hexdigest()


def _unchanged_article(path: Path, inputs_hash: str) -> str | None:
    """The text of ``path`` if it is our intact article made from ``inputs_hash``, else None."""
    info = inspect(path)
    if info.state is not State.INTACT or info.inputs != inputs_hash:
        return None
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def annotate_workers(count: int) -> int:
    """How many processes convert ``count`` seeds: one per usable core for a large folder, else 1."""
    if count < PARALLEL_THRESHOLD or sys.platform == "win32":
        return 1
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(usable, count // (PARALLEL_THRESHOLD // 2)))


def _annotate_all(
    paths: list[Path],
    root: Path,
    tools: Toolkit,
    max_bytes: int,
    workers: int | None = 1,
    cache: AnnotationCache | None = None,
    keys: dict[Path, str | None] | None = None,
) -> tuple[dict[str, AnnotatedDocument], list[tuple[str, str]]]:
    """Convert every seed (in ``workers`` processes); the result is the same for any number of workers.

    With a ``cache``, seeds whose inputs are unchanged are taken from it; ``keys``
    receives each seed's cache key.
    """
    keys = {} if keys is None else keys
    by_path: dict[Path, tuple[AnnotatedDocument | None, str]] = {}
    if cache is not None:
        shared = "\0".join((converter_version(), _fingerprint(tools.kb), _fingerprint(tools.rules), str(max_bytes)))
        for path in paths:
            keys[path] = key = _seed_key(path, root, tools, shared, max_bytes)
            hit = cache.get(path.name, key)
            if hit is not None:
                by_path[path] = (hit, "")
    todo = [path for path in paths if path not in by_path]
    count = annotate_workers(len(todo)) if workers is None else workers
    results = (
        _annotate_parallel(todo, root, tools, max_bytes, count)
        if count > 1
        else _annotate_serial(todo, root, tools, max_bytes)
    )
    by_path.update(_progress(results, len(todo)))
    converted: dict[str, AnnotatedDocument] = {}
    skipped: list[tuple[str, str]] = []
    # Warnings and the result in seed order, however the work was shared out.
    for path in paths:
        annotated, reason = by_path[path]
        if annotated is None:
            skipped.append((path.name, reason))
            continue
        converted[path.name] = annotated
        for warning in annotated.document.warnings:
            logger.warning("%s: %s", path.name, warning)
    return converted, skipped


def _warn_duplicates(
    converted: Mapping[str, AnnotatedDocument], slugs: Mapping[str, str], article_dir: str
) -> None:
    by_title: dict[str, list[str]] = {}
    for seed, annotated in converted.items():
        by_title.setdefault(clean_text(annotated.document.title).casefold(), []).append(seed)
    for seeds in by_title.values():
        if len(seeds) > 1:
            logger.warning(
                "duplicate title %r in %s; their pages are %s",
                clean_text(converted[seeds[0]].document.title),
                ", ".join(seeds),
                ", ".join(posixpath.join(article_dir, f"{slugs[s]}.html") for s in seeds),
            )


@dataclass(frozen=True)
class KeptArticles:
    """Slugs of the Markdown articles in the articles folder that this run leaves as they are.

    ``reserved`` maps each slug to the file that takes it; ``in_place`` maps a
    seed to the slug of the file kept where its own article would go (edited
    by hand, or not ours), so that only that seed may use it.
    """

    reserved: Mapping[str, Path]
    in_place: Mapping[str, str]


def kept_articles(folder: Path, names: Mapping[str, str]) -> KeptArticles:
    """The slugs of ``folder``'s articles that sync will neither write nor remove.

    ``names`` maps each seed of this run to its article file name. Pelican
    reads every Markdown file under the folder (hidden ones too), and two of
    them with one slug stop its build.
    """
    seed_of = {name: seed for seed, name in names.items()}
    reserved: dict[str, Path] = {}
    in_place: dict[str, str] = {}
    paths = sorted(folder.rglob("*")) if folder.is_dir() else []
    for path in paths:
        if path.suffix not in MARKDOWN_EXTENSIONS or not path.is_file():
            continue
        top = path.parent == folder
        state = inspect(path).state
        # sync rewrites our intact articles, and removes those whose seed is gone.
        if top and state is State.INTACT and (path.name in seed_of or path.suffix == ".md"):
            continue
        try:
            slug = handwritten_slug(path.read_text("utf-8"), path.stem)
        except (OSError, UnicodeDecodeError):
            continue  # Pelican cannot read it either, so it takes no slug
        if top and path.name in seed_of:
            in_place[seed_of[path.name]] = slug
        else:
            reserved.setdefault(slug, path)
    return KeptArticles(reserved, in_place)


def _warn_taken(wanted: Mapping[str, str], slugs: Mapping[str, str], kept: KeptArticles, out: Path) -> None:
    owners = dict(kept.reserved)
    for seed, slug in kept.in_place.items():
        owners.setdefault(slug, out / article_filename(seed))
    for seed, slug in sorted(wanted.items()):
        owner = owners.get(slug)
        if owner is not None and slugs[seed] != slug and owner != out / article_filename(seed):
            logger.warning(
                "%s: its slug %r is already the slug of %s, which news-digest leaves as it is; "
                "its article %s gets the slug %r instead",
                seed,
                slug,
                owner,
                out / article_filename(seed),
                slugs[seed],
            )


def annotate_folder(
    seeds: Path,
    out: Path,
    settings: DigestSettings | None = None,
    *,
    tools: Toolkit | None = None,
    article_dir: str = "articles",
    workers: int | None = None,
    cache_file: Path | None = None,
) -> Report:
    """Convert every seed of ``seeds`` into ``out``; see the module docstring.

    ``workers`` processes convert the seeds (default: one per core for a folder of
    PARALLEL_THRESHOLD seeds or more, else 1); the output is the same for any number.
    With ``cache_file``, annotations of unchanged seeds are kept there between runs.
    Raises PipelineError when the seeds folder is missing, or, with
    ``settings.strict``, after writing, when any seed was skipped.
    """
    settings = settings or DigestSettings()
    if not seeds.is_dir():
        raise PipelineError(f"seeds folder {seeds} does not exist")
    own_tools = tools is None
    tools = tools or default_toolkit(seeds, settings)
    paths = seed_files(seeds)
    for seed in tools.corrections.articles:
        if not (seeds / seed).is_file():
            logger.warning("%s: there is no seed %s to correct", tools.corrections.source, seed)

    # Fakes a test passes in are not cached: the cache is keyed on the real converter's code.
    cache = AnnotationCache.load(cache_file) if own_tools and cache_file is not None else None
    path_keys: dict[Path, str | None] = {}
    converted, skipped = _annotate_all(paths, seeds, tools, settings.max_seed_kb * 1000, workers, cache, path_keys)
    keys = {path.name: key for path, key in path_keys.items()}
    names: dict[str, str] = {}
    owners: dict[str, str] = {}
    for seed in list(converted):
        name = article_filename(seed)
        if name in owners:
            skipped.append((seed, f"its article file name {name} is already used by {owners[name]}"))
            del converted[seed]
        else:
            names[seed] = name
            owners[name] = seed
    for seed, reason in skipped:
        logger.warning("skipped %s: %s", seed, reason)

    kept = kept_articles(out, names)
    pinned = {seed: c.slug for seed, c in tools.corrections.articles.items() if c.slug and seed in converted}
    # A kept file holds its seed's page at its own slug; an editorial correction still wins.
    pinned = {**kept.in_place, **pinned}
    titles = {seed: annotated.document.title for seed, annotated in converted.items()}
    slugs = assign_slugs(titles, pinned, kept.reserved)
    wanted = {seed: pinned.get(seed) or title_slug(title) for seed, title in titles.items()}
    _warn_taken(wanted, slugs, kept, out)
    _warn_duplicates(converted, slugs, article_dir)

    version = converter_version()
    shared = {
        "converter": version,
        "knowledge": _fingerprint(tools.kb),
        "boilerplate": _fingerprint(tools.rules),
        "entity_url": settings.entity_url,
        "article_dir": article_dir,
        "summary_words": settings.summary_words,
    }
    href = entity_href_from(settings.entity_url, article_dir)
    planned = []
    for seed, annotated in converted.items():
        source = tools.sources.get(seed)
        inputs = {
            **shared,
            "seed": annotated.document.seed_hash,
            "source": dataclasses.asdict(source) if dataclasses.is_dataclass(source) else repr(source),
            "corrections": tools.corrections.fingerprint(seed),
            "slug": slugs[seed],
        }
        inputs_hash = _hash(inputs)
        # An intact article made from exactly these inputs is what rendering would give again.
        text = _unchanged_article(out / names[seed], inputs_hash)
        if text is None:
            text = stamp(render(annotated, slugs[seed], href, summary_words=settings.summary_words), inputs_hash, version)
        planned.append(Planned(names[seed], seed, text))

    result = sync_articles(out, planned)
    records = {}
    for seed, annotated in converted.items():
        key = keys.get(seed)
        piece = cache.record(seed, key, slugs[seed]) if cache is not None else None
        records[seed] = (key, slugs[seed], piece if piece is not None else record_text(slugs[seed], annotated))
    write_if_changed(
        out / ANNOTATIONS_FILE,
        join_records((annotated.document.seed, records[seed][2]) for seed, annotated in converted.items()),
    )
    if cache is not None:
        cache.save(
            {seed: (key, annotated) for seed, annotated in converted.items() if (key := keys.get(seed)) is not None},
            {seed: record for seed, record in records.items() if record[0] is not None},
        )
    report = Report(result.written, result.unchanged, tuple(sorted(skipped)), result.removed, result.kept)
    logger.info("annotated %s into %s: %s", seeds, out, report.summary())
    if settings.strict and report.skipped:
        raise PipelineError(
            f"strict mode: {len(report.skipped)} seed(s) skipped: "
            + "; ".join(f"{seed} ({reason})" for seed, reason in report.skipped)
        )
    return report
