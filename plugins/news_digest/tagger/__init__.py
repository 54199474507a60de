"""Document + KnowledgeBase -> AnnotatedDocument: which entities an article names, and where.

``tag()`` is the list of steps; each step is a module that explains its rules, and
nothing here knows any entity by name. The knowledge base is compiled once
(``index.build_index``: how names are found) and each article is cut into tokens once
(``article.Article``); each step takes what it needs and returns new candidates, which
are frozen. Overlaps resolve by one rule, the longest then the leftmost
(``spans.resolve``). ``Groups`` is the one piece of per-article state later steps
update: which found names turned out to be one entity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import AnnotatedDocument, Document
from . import assemble, country, discovery, listed, local_names, near, parts, titles
from .article import Article
from .groups import Groups
from .spans import Listed, resolve

if TYPE_CHECKING:
    from ..knowledge import KnowledgeBase

__all__ = ["tag"]


def tag(document: Document, kb: KnowledgeBase) -> AnnotatedDocument:
    """Find the article's entities, each with its mentions (offsets into ``document.text``)."""
    if kb.matcher is None:
        raise ValueError("the knowledge base has no compiled matcher; load it with load_knowledge()")
    article = Article(document, kb, kb.matcher)
    tuning = article.index.tuning
    # listed names, the article's countries, then listed names judged in context
    names = listed.find(article)
    countries = country.count(article, names.known, tuning.max_top_countries)
    known = country.without_other_countries(article, names.known, countries)
    marked = discovery.mark_listed(article, known, names.languages)
    unchecked, known = known, listed.with_context(article, known, tuning.list_window)
    in_full = frozenset(c.ref.key for c in known if isinstance(c.ref, Listed))
    named = country.Named(countries, in_full, parts.hinted(article, unchecked))
    # names nobody listed; overlaps; what each found name is; "Senate", "Copyright Act"
    found = discovery.find(article, marked, named, tuning.max_reference_tokens, names.contextual)
    groups = Groups(article)
    first = country.name_found(article, resolve([*known, *found], article.size), groups, named)
    first = country.add_contextual(article, first, names.contextual, named)
    first = country.redated(article, first, named)  # "the 2019 Copyright Directive"
    first = parts.with_parts_of_named_laws(article, first, unchecked)  # "Article 13" of a found law
    # names the article equates, defines or shortens, and near-spellings of them all
    groups.link_pairs(first)
    groups.link_tails(first)
    titles.join_cut_titles(article, first, groups)  # "the Online Safety for Children Act"
    shorts = listed.shorts_of_listed(article, marked.spans)
    reach = (tuning.nickname_reach, tuning.alias_tokens)
    local, local_found = local_names.learn(article, first, shorts, groups, reach)
    near.merge_found(article, groups, tuning.near_group_limit)
    listed_keys = near.listed_keys(first)
    near.redirect_to_listed(article, groups, listed_keys)
    covered = local_names.covered(article, [*first, *local_found])
    typos = near.find(article, first, local, covered, groups, listed_keys)
    kept = [c for c in first if c.source != "stop" and c.ref is not None]
    # the final overlaps; then each entity named once, with its relevance
    final = resolve([*kept, *local_found, *typos], article.size)
    final = parts.without_parts_of_other_laws(article, final)  # "Section 115A of the Copyright Act"
    return assemble.assemble(article, final, groups, tuning.relevance)
