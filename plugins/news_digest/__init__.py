"""News Digest: the Pelican plugin's entry module; register() connects signals (hooks.py holds them)."""

from __future__ import annotations

from pelican import signals

from . import hooks
from .publishing import get_generators as publishing_generators


def register() -> None:
    signals.initialized.connect(hooks.annotate_seeds)
    signals.article_generator_context.connect(hooks.date_undated)
    signals.article_generator_finalized.connect(hooks.enrich_articles)
    signals.get_generators.connect(hooks.get_generators)
    signals.get_generators.connect(publishing_generators)
