"""Seeds folder -> generated Markdown articles: the `annotate` step."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import yaml

from .ingest import SeedError, ingest
from .models import SourceInfo
from .render import render
from .tag import tag

logger = logging.getLogger(__name__)


def _slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "article"


def annotate_folder(seeds: Path, out: Path) -> None:
    sources_file = seeds / "sources.yml"
    sources = yaml.safe_load(sources_file.read_text("utf-8")) if sources_file.exists() else {}
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(seeds.glob("*.txt")):
        entry = (sources or {}).get(path.name) or {}
        source = SourceInfo(url=entry.get("source"), published=entry.get("published"))
        try:
            document = ingest(path.name, path.read_bytes(), source)
        except SeedError as error:
            logger.warning("skipped %s: %s", path.name, error)
            continue
        target = out / (path.stem + ".md")
        target.write_text(render(tag(document), _slugify(document.title)), "utf-8")
