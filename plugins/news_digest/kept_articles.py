"""Which Markdown files already in the articles folder a run leaves as they are, and the slugs they keep.

Files written by hand, generated files edited since, and files under
sub-folders are never rewritten or removed by the annotate step; Pelican reads
them all, so their slugs are taken, and a seed whose title would give one of
them gets another.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .slugs import article_filename, handwritten_slug
from .sync import State, inspect

logger = logging.getLogger(__name__)

# The file name extensions Pelican's Markdown reader reads (matched exactly, as Pelican does).
MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mkd", ".mdown"})


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


def warn_taken(wanted: Mapping[str, str], slugs: Mapping[str, str], kept: KeptArticles, out: Path) -> None:
    """Log each seed that wanted a slug a kept file holds, and the slug it got instead."""
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
