"""evaluate.py: scoring against gold files, and the tagger's measured quality on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from news_digest.evaluate import GoldEntry, Score, compare, evaluate, load_gold, main
from news_digest.models import AnnotatedDocument, Document, Entity, Mention, TaggedEntity
from news_digest.yamlfiles import ConfigError

ROOT = Path(__file__).resolve().parent.parent
SEEDS_GOLD = ROOT / "tests" / "gold" / "seeds.yml"


def annotated(*entities: tuple[str, str]) -> AnnotatedDocument:
    doc = Document(seed="a.txt", seed_hash="", title="t", blocks=())
    tagged = tuple(
        TaggedEntity(Entity(id=name.lower(), kind=kind, name=name), (Mention(name, 0, 1),), 0.5)  # type: ignore[arg-type]
        for kind, name in entities
    )
    return AnnotatedDocument(doc, tagged)


def test_a_gold_entry_matches_its_name_or_any_listed_form_ignoring_case() -> None:
    entry = GoldEntry.parse("United States|the United States|US")
    assert entry.name == "United States"
    assert entry.matches("united states") and entry.matches("US") and entry.matches("The United States")
    assert not entry.matches("America")


def test_compare_counts_hits_extras_and_misses_per_kind() -> None:
    gold = {
        "country": (GoldEntry.parse("Canada"), GoldEntry.parse("Sweden")),
        "organisation": (GoldEntry.parse("Sparvar|Sparvar.org"),),
        "legal_instrument": (),
    }
    result = compare("a.txt", annotated(("country", "Canada"), ("country", "Norway"), ("organisation", "Sparvar.org")), gold)
    assert result.scores["country"] == Score(tp=1, fp=1, fn=1)
    assert result.scores["organisation"] == Score(tp=1)
    assert result.false_positives["country"] == ("Norway",)
    assert result.false_negatives["country"] == ("Sweden",)


def test_the_right_entity_under_another_name_is_reported_as_a_naming_difference() -> None:
    doc = Document(seed="a.txt", seed_hash="", title="t", blocks=())
    entity = Entity(id="conseil", kind="organisation", name="Conseil constitutionnel")
    found = AnnotatedDocument(doc, (TaggedEntity(entity, (Mention("Constitutional Council", 0, 1),), 0.5),))
    result = compare("a.txt", found, {"organisation": (GoldEntry.parse("Constitutional Council"),)})
    assert result.scores["organisation"] == Score(tp=0, fp=1, fn=1)  # still a mistake by the rule
    assert result.renamed["organisation"] == (("Conseil constitutionnel", "Constitutional Council"),)


def test_one_gold_entry_matches_one_entity_only() -> None:
    gold = {"country": (GoldEntry.parse("United States|US"),)}
    result = compare("a.txt", annotated(("country", "United States"), ("country", "US")), gold)
    assert result.scores["country"] == Score(tp=1, fp=1, fn=0)


def test_scores() -> None:
    score = Score(tp=8, fp=2, fn=8)
    assert score.precision == 0.8 and score.recall == 0.5
    assert score.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    assert Score().f1 == 1.0  # nothing expected and nothing found is perfect
    assert Score(fp=1).f1 == 0.0
    assert Score(fn=1).f1 == 0.0


def test_a_bad_gold_file_is_refused_with_its_reason(tmp_path: Path) -> None:
    bad = tmp_path / "gold.yml"
    bad.write_text("a.txt:\n  places: [Canada]\n", "utf-8")
    with pytest.raises(ConfigError, match="a.txt"):
        load_gold(bad)
    bad.write_text("a.txt:\n  countries: Canada\n", "utf-8")
    with pytest.raises(ConfigError, match="must be a list"):
        load_gold(bad)


def test_both_seeds_are_tagged_perfectly() -> None:
    evaluation = evaluate(SEEDS_GOLD, ROOT / "seeds")
    assert len(evaluation.articles) == 2
    for kind in ("country", "organisation", "legal_instrument"):
        score = evaluation.score(kind)
        assert score.f1 == 1.0, (kind, [(a.seed, a.false_positives, a.false_negatives) for a in evaluation.articles])


def test_the_command_prints_scores_and_with_verbose_each_mistake(tmp_path: Path, capsys) -> None:
    gold = tmp_path / "gold.yml"
    gold.write_text(
        SEEDS_GOLD.read_text("utf-8") + "\n# a deliberately wrong entry\n"
        "001_missing.txt:\n  countries: [Narnia]\n",
        "utf-8",
    )
    assert main(["--gold", str(gold), "--seeds", str(ROOT / "seeds"), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "001_missing.txt" in out and "Narnia" in out and "could not read" in out
    assert out.splitlines()[-5].split()[0] == "country"
    overall = next(line for line in out.splitlines() if line.startswith("overall"))
    assert overall.split()[4:7] == ["20", "0", "1"]  # tp, fp, fn


DEVSET = ROOT / "tests" / "devset"
DEVSET_TARGETS = {"country": 0.95, "organisation": 0.85, "legal_instrument": 0.85}


@pytest.mark.skipif(not (DEVSET / "gold.yml").is_file(), reason="the dev set is not in this checkout")
def test_the_dev_set_meets_the_quality_targets() -> None:
    evaluation = evaluate(DEVSET / "gold.yml", DEVSET)
    assert len(evaluation.articles) >= 30
    scores = {kind: round(evaluation.score(kind).f1, 3) for kind in DEVSET_TARGETS}
    assert all(scores[kind] >= target for kind, target in DEVSET_TARGETS.items()), scores


DEVSET2 = ROOT / "tests" / "devset2"
# Below today's scores (0.97, 0.92, 0.92) by a margin for one or two articles' worth of change;
# the Markdown page scrapes in this set still lose entities to page furniture (issue 12).
DEVSET2_TARGETS = {"country": 0.95, "organisation": 0.88, "legal_instrument": 0.85}


@pytest.mark.skipif(not (DEVSET2 / "gold.yml").is_file(), reason="the second dev set is not in this checkout")
def test_the_second_dev_set_of_page_scrapes_and_long_lists_meets_its_targets() -> None:
    evaluation = evaluate(DEVSET2 / "gold.yml", DEVSET2)
    assert len(evaluation.articles) >= 30
    scores = {kind: round(evaluation.score(kind).f1, 3) for kind in DEVSET2_TARGETS}
    assert all(scores[kind] >= target for kind, target in DEVSET2_TARGETS.items()), scores
