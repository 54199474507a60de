"""Document -> AnnotatedDocument. First version: no entities yet."""

from __future__ import annotations

from .models import AnnotatedDocument, Document


def tag(document: Document) -> AnnotatedDocument:
    return AnnotatedDocument(document=document)
