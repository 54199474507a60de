"""Seed bytes -> Document: decode, split into headline and paragraphs.

First version: headline and paragraphs only; boilerplate, datelines and
subheadings come with the ingestion issue.
"""

from __future__ import annotations

import hashlib
import unicodedata

from .models import Block, Document, SourceInfo


class SeedError(ValueError):
    """A seed that cannot become an article; the message says why."""


def ingest(name: str, data: bytes, source: SourceInfo | None = None) -> Document:
    """Read one seed; raise SeedError when it holds no article."""
    text = unicodedata.normalize("NFC", data.decode("utf-8-sig"))
    paragraphs = [" ".join(part.split()) for part in text.replace("\r\n", "\n").split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise SeedError("the file is empty")
    source = source or SourceInfo()
    return Document(
        seed=name,
        seed_hash="sha256:" + hashlib.sha256(data).hexdigest(),
        title=paragraphs[0].removeprefix("Updated:").strip(),
        blocks=tuple(Block("paragraph", p) for p in paragraphs[1:]),
        date=source.published,
        date_source="sources" if source.published else "none",
        source_url=source.url,
    )
