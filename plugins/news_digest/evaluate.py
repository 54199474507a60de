"""Measure the tagger against a gold file: precision, recall and F1 per entity kind.

``./dev evaluate --gold FILE --seeds DIR [--verbose]`` ingests and tags every seed the
gold file lists (no Pelican, no editorial corrections: the tagger alone) and counts,
per kind and micro-averaged over the articles, the entities it got right (a tagged
entity matches a gold entry when its name equals the entry's canonical name or one of
its listed forms, ignoring case; each entry matches at most one entity), the ones it
added and the ones it missed.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .models import ENTITY_KINDS, AnnotatedDocument, EntityKind
from .yamlfiles import ConfigError, load_yaml

logger = logging.getLogger(__name__)

GOLD_FIELDS: Mapping[str, EntityKind] = {
    "countries": "country",
    "organisations": "organisation",
    "legal_instruments": "legal_instrument",
}


@dataclass(frozen=True)
class GoldEntry:
    """One expected entity: its canonical name and the other forms that count as it."""

    name: str
    forms: frozenset[str]

    @classmethod
    def parse(cls, text: str) -> GoldEntry:
        parts = [part.strip() for part in text.split("|") if part.strip()]
        return cls(parts[0], frozenset(part.casefold() for part in parts))

    def matches(self, name: str) -> bool:
        return name.casefold() in self.forms


@dataclass(frozen=True)
class Score:
    """Counts for one kind (or all kinds) and the measures made from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float(self.fn == 0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class ArticleResult:
    """One article's comparison: per kind, the score and the names it got wrong."""

    seed: str
    scores: Mapping[EntityKind, Score]
    false_positives: Mapping[EntityKind, tuple[str, ...]]
    false_negatives: Mapping[EntityKind, tuple[str, ...]]
    error: str | None = None
    # (tagged name, gold name) pairs among the mistakes where the tagged entity's mentions
    # use a gold form: the right entity under another canonical name
    renamed: Mapping[EntityKind, tuple[tuple[str, str], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Evaluation:
    """Every article's result and the totals."""

    articles: tuple[ArticleResult, ...] = ()
    unlisted: tuple[str, ...] = field(default=())  # seeds in the folder the gold file does not list

    def score(self, kind: EntityKind | None = None) -> Score:
        total = Score()
        for article in self.articles:
            for article_kind, score in article.scores.items():
                if kind is None or article_kind == kind:
                    total = total + score
        return total


def load_gold(path: Path) -> dict[str, dict[EntityKind, tuple[GoldEntry, ...]]]:
    """The gold file: seed name -> kind -> expected entries."""
    try:
        data = load_yaml(path)
    except ConfigError as error:
        raise ConfigError(
            str(path), "", f"cannot read the gold file: {error.__cause__ or error.reason}"
        ) from error
    if not isinstance(data, dict):
        raise ConfigError(str(path), "", "the gold file must map seed names to their entities")
    gold: dict[str, dict[EntityKind, tuple[GoldEntry, ...]]] = {}
    for seed, fields in data.items():
        fields = fields or {}
        if not isinstance(fields, dict) or set(fields) - set(GOLD_FIELDS):
            raise ConfigError(str(path), str(seed), f"expected only {', '.join(GOLD_FIELDS)}")
        entries: dict[EntityKind, tuple[GoldEntry, ...]] = {}
        for field_name, kind in GOLD_FIELDS.items():
            values = fields.get(field_name) or []
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                raise ConfigError(str(path), str(seed), f"{field_name} must be a list of names")
            entries[kind] = tuple(GoldEntry.parse(v) for v in values)
        gold[str(seed)] = entries
    return gold


def compare(seed: str, annotated: AnnotatedDocument, gold: Mapping[EntityKind, Sequence[GoldEntry]]) -> ArticleResult:
    """Score one article's tagged entities against its gold entries, kind by kind."""
    scores: dict[EntityKind, Score] = {}
    false_positives: dict[EntityKind, tuple[str, ...]] = {}
    false_negatives: dict[EntityKind, tuple[str, ...]] = {}
    renamed: dict[EntityKind, tuple[tuple[str, str], ...]] = {}
    for kind in ENTITY_KINDS:
        tagged_here = annotated.by_kind(kind)
        unmatched = list(gold.get(kind, ()))
        extra = []
        for tagged in tagged_here:
            hit = next((entry for entry in unmatched if entry.matches(tagged.entity.name)), None)
            if hit is None:
                extra.append(tagged)
            else:
                unmatched.remove(hit)
        pairs = []
        for tagged in extra:
            same = next((e for e in unmatched if any(e.matches(m.text) for m in tagged.mentions)), None)
            if same is not None:
                pairs.append((tagged.entity.name, same.name))
        scores[kind] = Score(len(tagged_here) - len(extra), len(extra), len(unmatched))
        false_positives[kind] = tuple(t.entity.name for t in extra)
        false_negatives[kind] = tuple(entry.name for entry in unmatched)
        renamed[kind] = tuple(pairs)
    return ArticleResult(seed, scores, false_positives, false_negatives, renamed=renamed)


def evaluate(gold_path: Path, seeds: Path, kb=None, knowledge: Sequence[Path] = ()) -> Evaluation:  # noqa: ANN001
    """Ingest and tag every seed the gold file lists, and compare with the gold entries."""
    from . import reading, tagger
    from .knowledge import load_knowledge
    from .reading import boilerplate, sources

    gold = load_gold(gold_path)
    kb = kb or load_knowledge(knowledge)
    rules = boilerplate.load_rules()
    sources_file = seeds / "sources.yml"
    known_sources = sources.load_sources(sources_file) if sources_file.is_file() else {}
    results = []
    for seed in sorted(gold):
        path = seeds / seed
        try:
            document = reading.ingest(seed, path.read_bytes(), known_sources.get(seed), rules)
        except (OSError, reading.SeedError) as error:
            # An article the gold lists but we cannot read: every entity is missed.
            missed = {kind: Score(fn=len(entries)) for kind, entries in gold[seed].items()}
            names = {kind: tuple(e.name for e in entries) for kind, entries in gold[seed].items()}
            empty: dict[EntityKind, tuple[str, ...]] = {kind: () for kind in ENTITY_KINDS}
            results.append(ArticleResult(seed, missed, empty, names, error=str(error)))
            continue
        results.append(compare(seed, tagger.tag(document, kb), gold[seed]))
    unlisted = tuple(sorted(p.name for p in seeds.glob("*.txt") if p.name not in gold))
    return Evaluation(tuple(results), unlisted)


def format_report(evaluation: Evaluation, verbose: bool = False) -> str:
    """The scores as a table, and with ``verbose`` every article's mistakes."""
    lines = []
    if verbose:
        for article in evaluation.articles:
            wrong = [
                f"  {kind}: {label} {', '.join(names)}"
                for kind in ENTITY_KINDS
                for label, names in (
                    ("extra (false positive):", article.false_positives[kind]),
                    ("missed (false negative):", article.false_negatives[kind]),
                )
                if names
            ]
            wrong.extend(
                f"  {kind}: same entity, other name: tagged {tagged!r}, gold {expected!r}"
                for kind in ENTITY_KINDS
                for tagged, expected in article.renamed.get(kind, ())
            )
            if article.error:
                wrong.insert(0, f"  could not read: {article.error}")
            if wrong:
                lines.append(article.seed)
                lines.extend(wrong)
        if lines:
            lines.append("")
    lines.append(f"{'kind':<18}{'precision':>10}{'recall':>10}{'F1':>10}{'tp':>6}{'fp':>6}{'fn':>6}")
    for label, kind in [*((k, k) for k in ENTITY_KINDS), ("overall", None)]:
        score = evaluation.score(kind)
        lines.append(
            f"{label:<18}{score.precision:>10.3f}{score.recall:>10.3f}{score.f1:>10.3f}"
            f"{score.tp:>6}{score.fp:>6}{score.fn:>6}"
        )
    renamed = {kind: sum(len(a.renamed.get(kind, ())) for a in evaluation.articles) for kind in ENTITY_KINDS}
    if any(renamed.values()):
        counts = ", ".join(f"{kind} {count}" for kind, count in renamed.items() if count)
        lines.append(
            f"naming differences (counted above as one extra and one missed): {counts}; "
            "the tagged entity is mentioned by a gold form but its canonical name differs"
        )
    lines.append(f"articles: {len(evaluation.articles)}")
    if evaluation.unlisted:
        lines.append(f"not in the gold file (not scored): {', '.join(evaluation.unlisted)}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the scores; exit 0 (errors in the inputs exit 2)."""
    parser = argparse.ArgumentParser(prog="evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True, help="gold YAML file")
    parser.add_argument("--seeds", type=Path, required=True, help="folder of seed .txt files")
    parser.add_argument("--verbose", action="store_true", help="list every article's mistakes")
    parser.add_argument("--knowledge", type=Path, action="append", default=[], help="extra knowledge file or folder")
    args = parser.parse_args(argv)
    try:
        evaluation = evaluate(args.gold, args.seeds, knowledge=args.knowledge)
    except ValueError as error:
        print(f"evaluate: {error}", file=sys.stderr)
        return 2
    print(format_report(evaluation, args.verbose))
    return 0
