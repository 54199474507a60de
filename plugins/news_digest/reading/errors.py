"""The one error of reading a seed: ``SeedError``, a seed that cannot become an article."""

from __future__ import annotations


class SeedError(ValueError):
    """A seed that cannot become an article; the message says why, in a few lower-case words."""
