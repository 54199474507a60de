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
import posixpath
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import boilerplate, ingest, knowledge, sources, tagger
from .annotations import FILE_NAME as ANNOTATIONS_FILE
from .annotations import dumps as annotations_json
from .corrections import Corrections, apply_corrections, correct_document, load_corrections
from .models import AnnotatedDocument, Document, Entity, SourceInfo
from .render import clean_text, render
from .seedfiles import seed_files, seed_target, undecodable_name
from .settings import DigestSettings
from .slugs import article_filename, assign_slugs, handwritten_slug, title_slug
from .sync import Planned, State, converter_version, inspect, stamp, sync_articles, write_if_changed

logger = logging.getLogger(__name__)

SOURCES_FILE = "sources.yml"
# Folders smaller than this finish before a progress bar would be any use.
PROGRESS_THRESHOLD = 50
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


def default_toolkit(seeds: Path, settings: DigestSettings, kb: Any = None) -> Toolkit:
    """Load knowledge (unless the build has), boilerplate rules, sources and corrections once; fail fast."""
    sources_path = seeds / SOURCES_FILE
    return Toolkit(
        kb=kb or knowledge.load_knowledge(settings.knowledge),
        rules=boilerplate.load_rules(settings.boilerplate),
        sources=sources.load_sources(sources_path) if sources_path.is_file() else {},
        corrections=load_corrections(seeds / settings.corrections),
        ingest=ingest.ingest,
        tag=tagger.tag,
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


def _progress(paths: list[Path]) -> Iterator[Path]:
    """A progress bar on stderr for large folders, only when someone is watching."""
    if len(paths) <= PROGRESS_THRESHOLD or not sys.stderr.isatty():
        yield from paths
        return
    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    with logging_redirect_tqdm():
        yield from tqdm(paths, desc="annotate", unit="seed", file=sys.stderr)


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


def _annotate_all(
    paths: Iterable[Path], root: Path, tools: Toolkit, max_bytes: int
) -> tuple[dict[str, AnnotatedDocument], list[tuple[str, str]]]:
    converted: dict[str, AnnotatedDocument] = {}
    skipped: list[tuple[str, str]] = []
    for path in paths:
        try:
            converted[path.name] = annotated = _convert(path, root, tools, max_bytes)
            for warning in annotated.document.warnings:
                logger.warning("%s: %s", path.name, warning)
        except tools.seed_error as error:
            skipped.append((path.name, str(error)))
        except OSError as error:
            skipped.append((path.name, f"cannot be read: {error.strerror or error}"))
        except Exception as error:  # noqa: BLE001 - one broken seed must not stop the others
            logger.debug("converting %s failed", path.name, exc_info=True)
            skipped.append((path.name, f"could not be converted ({type(error).__name__}: {error})"))
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
    kb: Any = None,
) -> Report:
    """Convert every seed of ``seeds`` into ``out``; see the module docstring.

    ``kb``: the build's knowledge base, when it has loaded it already. Raises
    PipelineError when the seeds folder is missing, or, with ``settings.strict``,
    after writing, when any seed was skipped.
    """
    settings = settings or DigestSettings()
    if not seeds.is_dir():
        raise PipelineError(f"seeds folder {seeds} does not exist")
    tools = tools or default_toolkit(seeds, settings, kb)
    paths = seed_files(seeds)
    for seed in tools.corrections.articles:
        if not (seeds / seed).is_file():
            logger.warning("%s: there is no seed %s to correct", tools.corrections.source, seed)

    converted, skipped = _annotate_all(_progress(paths), seeds, tools, settings.max_seed_kb * 1000)
    names = _file_names(converted, skipped)
    for seed, reason in skipped:
        logger.warning("skipped %s: %s", seed, reason)
    slugs = _slugs(converted, names, out, tools, article_dir)
    planned = _planned(converted, names, slugs, tools, settings, article_dir)

    result = sync_articles(out, planned)
    write_if_changed(
        out / ANNOTATIONS_FILE,
        annotations_json((slugs[seed], annotated) for seed, annotated in converted.items()),
    )
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
    _warn_taken(wanted, slugs, kept, out)
    _warn_duplicates(converted, slugs, article_dir)
    return slugs


def _planned(
    converted: Mapping[str, AnnotatedDocument],
    names: Mapping[str, str],
    slugs: Mapping[str, str],
    tools: Toolkit,
    settings: DigestSettings,
    article_dir: str,
) -> list[Planned]:
    """Each article's Markdown, stamped with the hash of everything it was made from."""
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
        text = render(annotated, slugs[seed], href, summary_words=settings.summary_words)
        planned.append(Planned(names[seed], seed, stamp(text, _hash(inputs), version)))
    return planned
