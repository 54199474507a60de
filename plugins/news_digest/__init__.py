"""News Digest: the Pelican plugin's entry module; register() connects signals."""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from .pipeline import annotate_folder
from .settings import parse_settings


def annotate_seeds(pelican) -> None:
    """Before Pelican reads content, turn the seeds into Markdown articles."""
    settings = parse_settings(pelican.settings.get("NEWS_DIGEST"))
    if settings.annotate_on_build:
        annotate_folder(settings.seeds, Path(pelican.settings["PATH"]) / settings.articles_dir)


def register() -> None:
    signals.initialized.connect(annotate_seeds)
