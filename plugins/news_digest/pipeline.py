"""The `annotate` step: a folder of seeds -> Markdown articles and annotations.json.

ingest -> editorial headline/date -> tag -> editorial entities -> slug -> render
-> sync. Configuration problems (settings, knowledge, corrections) raise at
once; a seed that cannot be converted is skipped with one logged line, and the
rest still build. Large folders are converted in one forked process per core
(parallel.py); with a cache file, unchanged seeds are not converted again
(annotate_cache.py). Slugs already taken by articles this run does not write
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
import posixpath
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import knowledge, reading, tagger
from .annotate_cache import AnnotationCache, records_for, seed_key, unchanged_article
from .annotations import FILE_NAME as ANNOTATIONS_FILE
from .annotations import join_records
from .corrections import Corrections, apply_corrections, correct_document, load_corrections
from .kept_articles import kept_articles, warn_taken
from .models import AnnotatedDocument, Document, Entity, SourceInfo
from .parallel import annotate_workers, convert_parallel, convert_serial
from .reading import boilerplate, sources
from .render import clean_text, render
from .seedfiles import seed_files, seed_target, undecodable_name
from .settings import DigestSettings
from .slugs import article_filename, assign_slugs, title_slug
from .sync import Planned, converter_version, stamp, sync_articles, write_if_changed

logger = logging.getLogger(__name__)

SOURCES_FILE = "sources.yml"
# Folders smaller than this finish before a progress bar would be any use.
PROGRESS_THRESHOLD = 50


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


def default_toolkit(seeds: Path, settings: DigestSettings, kb: Any = None) -> Toolkit:
    """Load knowledge (unless the build has), boilerplate rules, sources and corrections once; fail fast."""
    sources_path = seeds / SOURCES_FILE
    return Toolkit(
        kb=kb or knowledge.load_knowledge(settings.knowledge),
        rules=boilerplate.load_rules(settings.boilerplate),
        sources=sources.load_sources(sources_path) if sources_path.is_file() else {},
        corrections=load_corrections(seeds / settings.corrections),
        ingest=reading.ingest,
        tag=tagger.tag,
        seed_error=reading.SeedError,
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
    if undecodable_name(path.name):
        # Such a name cannot be written into the article's metadata or hashed into its file name.
        raise tools.seed_error("its file name is not valid UTF-8 text (rename the file)")
    target = seed_target(path, root, tools.seed_error)
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


def _convert_one(
    path: Path, root: Path, tools: Toolkit, max_bytes: int
) -> tuple[AnnotatedDocument | None, str]:
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


def _cache_keys(paths: list[Path], root: Path, tools: Toolkit, max_bytes: int) -> dict[str, str | None]:
    """Each seed's annotation cache key; it covers all converter_version covers, and the data."""
    shared = "\0".join(
        (converter_version(), _fingerprint(tools.kb), _fingerprint(tools.rules), str(max_bytes))
    )
    return {path.name: seed_key(path, root, tools, shared, max_bytes) for path in paths}


def _annotate_all(
    paths: list[Path],
    root: Path,
    tools: Toolkit,
    max_bytes: int,
    workers: int | None = 1,
    cache: AnnotationCache | None = None,
    keys: Mapping[str, str | None] | None = None,
) -> tuple[dict[str, AnnotatedDocument], list[tuple[str, str]]]:
    """Convert every seed (in ``workers`` processes); the result is the same for any number of workers.

    With a ``cache``, seeds whose ``keys`` are unchanged are taken from it.
    """
    by_path: dict[Path, tuple[AnnotatedDocument | None, str]] = {}
    if cache is not None and keys is not None:
        hits = ((path, cache.get(path.name, keys.get(path.name))) for path in paths)
        by_path.update((path, (hit, "")) for path, hit in hits if hit is not None)
    todo = [path for path in paths if path not in by_path]
    count = annotate_workers(len(todo)) if workers is None else workers

    def convert(path: Path) -> tuple[AnnotatedDocument | None, str]:
        return _convert_one(path, root, tools, max_bytes)

    results = convert_parallel(todo, convert, count) if count > 1 else convert_serial(todo, convert)
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


def annotate_folder(
    seeds: Path,
    out: Path,
    settings: DigestSettings | None = None,
    *,
    tools: Toolkit | None = None,
    article_dir: str = "articles",
    kb: Any = None,
    workers: int | None = None,
    cache_file: Path | None = None,
) -> Report:
    """Convert every seed of ``seeds`` into ``out``; see the module docstring.

    ``kb``: the build's knowledge base, when it has loaded it already. ``workers``
    processes convert the seeds (default: one per core for a folder of
    PARALLEL_THRESHOLD seeds or more, else 1); the output is the same for any number.
    With ``cache_file``, annotations of unchanged seeds are kept there between runs.
    Raises PipelineError when the seeds folder is missing, or, with
    ``settings.strict``, after writing, when any seed was skipped.
    """
    settings = settings or DigestSettings()
    if not seeds.is_dir():
        raise PipelineError(f"seeds folder {seeds} does not exist")
    # Fakes a test passes in are not cached: the cache is keyed on the real converter's code.
    cache = AnnotationCache.load(cache_file) if tools is None and cache_file is not None else None
    tools = tools or default_toolkit(seeds, settings, kb)
    paths = seed_files(seeds)
    for seed in tools.corrections.articles:
        if not (seeds / seed).is_file():
            logger.warning("%s: there is no seed %s to correct", tools.corrections.source, seed)

    max_bytes = settings.max_seed_kb * 1000
    keys = _cache_keys(paths, seeds, tools, max_bytes) if cache is not None else {}
    converted, skipped = _annotate_all(paths, seeds, tools, max_bytes, workers, cache, keys)
    names = _file_names(converted, skipped)
    for seed, reason in skipped:
        logger.warning("skipped %s: %s", seed, reason)
    slugs = _slugs(converted, names, out, tools, article_dir)
    planned = _planned(converted, names, slugs, tools, settings, article_dir, out)

    result = sync_articles(out, planned)
    records = records_for(cache, converted, slugs, keys)
    pieces = ((seed, record[2]) for seed, record in records.items())
    write_if_changed(out / ANNOTATIONS_FILE, join_records(pieces))
    if cache is not None:
        cache.save(converted, keys, records)
    report = Report(result.written, result.unchanged, tuple(sorted(skipped)), result.removed, result.kept)
    logger.info("annotated %s into %s: %s", seeds, out, report.summary())
    if settings.strict and report.skipped:
        raise PipelineError(
            f"strict mode: {len(report.skipped)} seed(s) skipped: "
            + "; ".join(f"{seed} ({reason})" for seed, reason in report.skipped)
        )
    return report


def _file_names(converted: dict[str, AnnotatedDocument], skipped: list[tuple[str, str]]) -> dict[str, str]:
    """Each converted seed's article file name; a seed whose name another took is skipped (both updated)."""
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
    return names


def _slugs(
    converted: Mapping[str, AnnotatedDocument],
    names: Mapping[str, str],
    out: Path,
    tools: Toolkit,
    article_dir: str,
) -> dict[str, str]:
    """Each article's slug: pinned by an editor or a kept file, else from its title, never one taken."""
    kept = kept_articles(out, names)
    pinned = {seed: c.slug for seed, c in tools.corrections.articles.items() if c.slug and seed in converted}
    # A kept file holds its seed's page at its own slug; an editorial correction still wins.
    pinned = {**kept.in_place, **pinned}
    titles = {seed: annotated.document.title for seed, annotated in converted.items()}
    slugs = assign_slugs(titles, pinned, kept.reserved)
    wanted = {seed: pinned.get(seed) or title_slug(title) for seed, title in titles.items()}
    warn_taken(wanted, slugs, kept, out)
    _warn_duplicates(converted, slugs, article_dir)
    return slugs


def _planned(
    converted: Mapping[str, AnnotatedDocument],
    names: Mapping[str, str],
    slugs: Mapping[str, str],
    tools: Toolkit,
    settings: DigestSettings,
    article_dir: str,
    out: Path,
) -> list[Planned]:
    """Each article's Markdown, stamped with the hash of everything it was made from.

    An intact article in ``out`` made from exactly these inputs is what rendering
    would give again, so it is kept as it is.
    """
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
        text = unchanged_article(out / names[seed], inputs_hash)
        if text is None:
            rendered = render(annotated, slugs[seed], href, summary_words=settings.summary_words)
            text = stamp(rendered, inputs_hash, version)
        planned.append(Planned(names[seed], seed, text))
    return planned
