"""AnnotatedDocument -> Markdown text with Pelican metadata; seed text is escaped."""

from __future__ import annotations

import html
import re

from .models import AnnotatedDocument

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def escape(text: str) -> str:
    """Make seed text display literally once Markdown has converted it."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def render(annotated: AnnotatedDocument, slug: str) -> str:
    doc = annotated.document
    lines = [f"Title: {html.escape(doc.title, quote=False)}", f"Slug: {slug}"]
    if doc.date:
        lines.append(f"Date: {doc.date.isoformat()}")
    lines.append(f"Date_source: {doc.date_source}")
    if doc.source_url:
        lines.append(f"Source: {doc.source_url}")
    lines.append(f"Seed: {doc.seed}")
    body = "\n\n".join(escape(block.text) for block in doc.blocks)
    return "\n".join(lines) + "\n\n" + body + "\n"
