"""Step 7: the entities, from the final candidates: each named once, with relevance, in order.

Found names of one entity are named by their most complete form (a site by its bare
name when the article uses it bare); an entity found only by a pattern gets an id made
from its name (``-unlisted`` when a listed entity has it). Relevance (0 to 1) weighs
headline and lead presence, mention count and how early the first mention is (the
weights are tuning data); entities are ordered by kind, then relevance.
"""

from __future__ import annotations

from ..models import ENTITY_KINDS, AnnotatedDocument, Entity, Mention, TaggedEntity
from ..text import slugify
from .article import Article
from .groups import Groups
from .spans import Candidate, Found, Listed, Ref
from .tokens import DOMAIN
from .tuning import Relevance


def assemble(
    article: Article, final: list[Candidate], groups: Groups, weights: Relevance
) -> AnnotatedDocument:
    """The annotated document: one tagged entity per reference, its mentions in text order."""
    by_ref: dict[Ref, list[Candidate]] = {}
    for candidate in final:
        ref = candidate.ref
        assert ref is not None
        if not isinstance(ref, Listed) or ref.key in groups.same_as:
            ref = groups.canonical(ref)
        by_ref.setdefault(ref, []).append(candidate)
    tagged = []
    lead_start, lead_end = article.lead()
    title_end = len(article.document.title)
    text = article.text
    text_length = max(len(text), 1)
    used_ids: set[str] = set()
    for ref in sorted(by_ref, key=_order):
        candidates = by_ref[ref]
        if isinstance(ref, Listed):
            entity = article.kb.get(ref.key)
            assert entity is not None
        else:
            entity = _found_entity(article, groups, ref, candidates, used_ids)
        used_ids.add(entity.key)
        # ``final`` is in text order, so each entity's candidates are too
        mentions = tuple(
            [Mention(text[c.char_start : c.char_end], c.char_start, c.char_end) for c in candidates]
        )
        first = candidates[0].char_start
        in_lead = False
        for c in candidates:
            if lead_start <= c.char_start < lead_end:
                in_lead = True
                break
        score = relevance(weights, first < title_end, in_lead, len(mentions), first / text_length)
        tagged.append(TaggedEntity(entity, mentions, score))
    merged = _merge_same_entity(tagged)
    merged.sort(
        key=lambda t: (ENTITY_KINDS.index(t.entity.kind), -t.relevance, t.entity.name.casefold(), t.entity.id)
    )
    return AnnotatedDocument(document=article.document, entities=tuple(merged))


def _order(ref: Ref) -> tuple[bool, str]:
    """Listed entities by key, then found names by group number (as text, as ever)."""
    return (True, str(ref.group)) if isinstance(ref, Found) else (False, ref.key)


def relevance(weights: Relevance, in_title: bool, in_lead: bool, mentions: int, first: float) -> float:
    """Headline, lead paragraph, mentions (up to a cap) and how early the first is, weighted.

    ``first`` is where the first mention starts, as a fraction of the text.
    """
    count = min(mentions, weights.mentions_cap) / weights.mentions_cap
    score = (
        weights.headline * in_title
        + weights.lead * in_lead
        + weights.mentions * count
        + weights.early * (1 - first)
    )
    return round(min(max(score, 0.0), 1.0), 3)


def _found_entity(
    article: Article, groups: Groups, ref: Found, candidates: list[Candidate], used: set[str]
) -> Entity:
    group = groups.groups[ref.group]
    tokens = article.tokens
    name = None
    if group.site:
        bare: dict[str, int] = {}
        for c in candidates:
            if c.source in ("local", "near") and c.end - c.start == 1 and tokens.keys[c.start] in group.keys:
                bare[tokens.texts[c.start]] = bare.get(tokens.texts[c.start], 0) + 1
        if bare:
            name = max(bare, key=bare.__getitem__)  # the commonest, the first seen of a tie
    if name is None:
        naming = [c for c in candidates if c.source == "pattern"] or candidates
        if group.secondary:
            naming = [c for c in naming if groups.key(c) not in group.secondary] or naming
        written: dict[str, int] = {}
        order: dict[str, tuple[int, int]] = {}
        for c in naming:
            text = " ".join(article.text[c.char_start : c.char_end].split())
            if group.site and tokens.classes[c.start] == DOMAIN:
                text = text.removeprefix("www.")
            written[text] = written.get(text, 0) + 1
            if text not in order:
                order[text] = (sum(1 for k in tokens.keys[c.start : c.end] if k[:1].isalnum()), -c.start)
        # of a bill and the act it became, the act's name ("Copyright (Amendment) Act 2030")
        enacted = {t: group.kind != "legal_instrument" or " Bill" not in t for t in written}
        name = max(written, key=lambda t: (order[t][0], enacted[t], written[t], len(t), order[t][1]))
    slug = slugify(name)
    entity_id = slug
    if article.kb.get(f"{group.kind}/{slug}") is not None or f"{group.kind}/{slug}" in used:
        entity_id = f"{slug}-unlisted"
    return Entity(id=entity_id, kind=group.kind, name=name, description=group.description, known=False)


def _merge_same_entity(tagged: list[TaggedEntity]) -> list[TaggedEntity]:
    """Two found groups that ended up with one name are one entity."""
    by_key: dict[str, TaggedEntity] = {}
    for item in tagged:
        previous = by_key.get(item.entity.key)
        if previous is None:
            by_key[item.entity.key] = item
            continue
        mentions = tuple(sorted({*previous.mentions, *item.mentions}, key=lambda m: m.start))
        by_key[item.entity.key] = TaggedEntity(
            previous.entity, mentions, max(previous.relevance, item.relevance)
        )
    return list(by_key.values())
