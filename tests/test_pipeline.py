"""pipeline: a folder of seeds becomes articles and annotations.json, safely and repeatably.

The reading side (ingest, tag) is replaced here by small fakes with the same
signatures, so these tests pin down what the writing side does with any input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from news_digest.corrections import load_corrections
from news_digest.models import AnnotatedDocument, Block, Document, Entity, Mention, SourceInfo, TaggedEntity
from news_digest.pipeline import PipelineError, Toolkit, annotate_folder
from news_digest.settings import DigestSettings


class FakeSeedError(ValueError):
    pass


def fake_ingest(name: str, data: bytes, source: SourceInfo | None, rules: object) -> Document:
    """Headline on the first line, paragraphs split at blank lines."""
    text = data.decode("utf-8")
    parts = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    if not parts:
        raise FakeSeedError("the file is empty")
    source = source or SourceInfo()
    return Document(
        seed=name,
        seed_hash="sha256:" + hashlib.sha256(data).hexdigest(),
        title=parts[0].removeprefix("Updated:").strip(),
        blocks=tuple(Block("paragraph", p) for p in parts[1:]),
        date=source.published,
        date_source="sources" if source.published else "none",
        source_url=source.url,
        updated=parts[0].startswith("Updated:"),
        warnings=("the text has an odd part",) if "ODD" in text else (),
    )


@dataclass(frozen=True)
class FakeKnowledge:
    entities: tuple[Entity, ...]
    fingerprint: str = "kb-1"

    def find(self, kind: str, name: str) -> Entity | None:
        return next((e for e in self.entities if e.kind == kind and name in (e.name, *e.aliases)), None)


def fake_tag(document: Document, kb: FakeKnowledge) -> AnnotatedDocument:
    """Every whole-word spelling of every entity, longest first, without overlaps."""
    taken: list[Mention] = []
    found: dict[str, list[Mention]] = {}
    spellings = sorted(
        ((s, e) for e in kb.entities for s in (e.name, *e.aliases, *e.demonyms)),
        key=lambda item: -len(item[0]),
    )
    for spelling, entity in spellings:
        for match in re.finditer(rf"(?<!\w){re.escape(spelling)}(?!\w)", document.text):
            if all(match.end() <= m.start or m.end <= match.start() for m in taken):
                mention = Mention(spelling, match.start(), match.end())
                taken.append(mention)
                found.setdefault(entity.key, []).append(mention)
    tagged = [
        TaggedEntity(e, tuple(sorted(found[e.key], key=lambda m: m.start)), round(len(found[e.key]) / 10, 2))
        for e in kb.entities
        if e.key in found
    ]
    return AnnotatedDocument(document, tuple(sorted(tagged, key=lambda t: (t.entity.kind, -t.relevance))))


CANADA = Entity(
    "canada", "country", "Canada", demonyms=("Canadian",), description="Country in North America."
)
SWEDEN = Entity(
    "sweden", "country", "Sweden", demonyms=("Swedish",), description="Country in Northern Europe."
)
ALLIANCE = Entity("rights-alliance", "organisation", "Rights Alliance", description="Anti-piracy group.")
SCENE = Entity("warez-scene", "organisation", "Warez Scene", aliases=("Scene",))
NORWAY = Entity("norway", "country", "Norway", description="Country in Northern Europe.")
KB = FakeKnowledge((CANADA, SWEDEN, ALLIANCE, SCENE, NORWAY))

SEEDS = {
    "000_first.txt": "Updated: Canadian Police Raid Tracker\n\nCanadian police raided a site. "
    "Rights Alliance said the Warez Scene is in Sweden.\n\nMore text about Canada.\n",
    "001_second.txt": "Cops in Europe take down <the> *Jolly* Roger\n\n"
    "Swedish police acted. The Scene shook.\n",
}
SOURCES = {"000_first.txt": SourceInfo("http://www.example.com/a", dt.date(2014, 5, 14))}


def make_seeds(folder: Path, seeds: dict[str, str] = SEEDS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in seeds.items():
        (folder / name).write_text(text, "utf-8")
    return folder


def run(seeds: Path, out: Path, kb: FakeKnowledge = KB, **settings) -> object:
    tools = Toolkit(
        kb=kb,
        rules=None,
        sources=SOURCES,
        corrections=load_corrections(seeds / "corrections.yml"),
        ingest=fake_ingest,
        tag=fake_tag,
        seed_error=FakeSeedError,
    )
    return annotate_folder(seeds, out, DigestSettings(**settings), tools=tools)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def metadata(path: Path) -> dict[str, list[str]]:
    header = path.read_text("utf-8").split("\n\n")[0]
    values: dict[str, list[str]] = {}
    for line in header.split("\n"):
        key, _, value = line.partition(": ")
        values.setdefault(key, []).append(value)
    return values


def test_every_seed_becomes_an_article_named_after_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seeds, out = make_seeds(tmp_path / "seeds"), tmp_path / "out"
    with caplog.at_level(logging.INFO):
        report = run(seeds, out)
    assert sorted(p.name for p in out.iterdir()) == ["000_first.md", "001_second.md", "annotations.json"]
    assert report.converted == ("000_first.md", "001_second.md")
    assert "converted 2, unchanged 0, skipped 0, removed 0, kept-hand-edited 0" in caplog.text
    first = metadata(out / "000_first.md")
    assert first["Title"] == ["Canadian Police Raid Tracker"]
    assert first["Date"] == ["2014-05-14"] and first["Date_source"] == ["sources"]
    assert first["Slug"] == ["canadian-police-raid-tracker"]
    assert first["Updated"] == ["yes"]
    assert first["Countries"] == ["Canada; Sweden"]
    assert first["Source_site"] == ["example.com"]
    assert first["Generator"][0].startswith("news-digest 0.1.0+")
    second = metadata(out / "001_second.md")
    assert second["Title"] == ["Cops in Europe take down &lt;the&gt; *Jolly* Roger"]
    assert "Date" not in second and second["Date_source"] == ["none"]
    body = (out / "000_first.md").read_text("utf-8").split("\n\n", 1)[1]
    assert (
        '<a class="mention" href="../entities/country/canada.html" data-name="Canada" data-kind="country" '
        'data-entity="canada" data-desc="Country in North America.">Canadian</a> police' in body
    )


def test_running_twice_changes_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    seeds, out = make_seeds(tmp_path / "seeds"), tmp_path / "out"
    run(seeds, out)
    before = snapshot(out)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    with caplog.at_level(logging.INFO):
        report = run(seeds, out)
    assert snapshot(out) == before
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps
    assert (report.converted, report.unchanged) == ((), ("000_first.md", "001_second.md"))
    assert "converted 0, unchanged 2" in caplog.text


def test_same_inputs_give_identical_bytes_anywhere(tmp_path: Path) -> None:
    run(make_seeds(tmp_path / "a" / "seeds"), tmp_path / "a" / "out")
    run(make_seeds(tmp_path / "b" / "seeds"), tmp_path / "b" / "out")
    assert snapshot(tmp_path / "a" / "out") == snapshot(tmp_path / "b" / "out")


def test_only_articles_whose_inputs_changed_are_rewritten(tmp_path: Path) -> None:
    seeds, out = make_seeds(tmp_path / "seeds"), tmp_path / "out"
    run(seeds, out)
    second = (out / "001_second.md").read_bytes()
    (seeds / "000_first.txt").write_text(SEEDS["000_first.txt"] + "\nA new paragraph.\n", "utf-8")
    report = run(seeds, out)
    assert report.converted == ("000_first.md",) and report.unchanged == ("001_second.md",)
    assert (out / "001_second.md").read_bytes() == second
    assert "A new paragraph." in (out / "000_first.md").read_text("utf-8")
    report = run(seeds, out, kb=FakeKnowledge(KB.entities, fingerprint="kb-2"))
    assert report.converted == ("000_first.md", "001_second.md"), "a knowledge change regenerates everything"


def test_shared_titles_get_distinct_stable_slugs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    seeds, out = make_seeds(tmp_path / "seeds"), tmp_path / "out"
    run(seeds, out)
    (seeds / "005_again.txt").write_text("Canadian Police Raid Tracker\n\nA second story.\n", "utf-8")
    with caplog.at_level(logging.WARNING):
        run(seeds, out)
    assert metadata(out / "000_first.md")["Slug"] == ["canadian-police-raid-tracker"]
    assert metadata(out / "005_again.md")["Slug"] == ["canadian-police-raid-tracker-005-again"]
    assert (
        "duplicate title" in caplog.text and "000_first.txt" in caplog.text and "005_again.txt" in caplog.text
    )
    (seeds / "009_third.txt").write_text("Canadian police raid tracker!\n\nA third story.\n", "utf-8")
    run(seeds, out)
    slugs = [metadata(out / name)["Slug"][0] for name in ("000_first.md", "005_again.md", "009_third.md")]
    assert slugs == [
        "canadian-police-raid-tracker",
        "canadian-police-raid-tracker-005-again",
        "canadian-police-raid-tracker-009-third",
    ]


def test_odd_seed_names_give_safe_unique_file_names(tmp_path: Path) -> None:
    names = ["My Seed.txt", "my-seed.txt", "Café déjà vu.txt", ".hidden.txt", "UPPER.txt", "upper.txt"]
    seeds = make_seeds(
        tmp_path / "seeds", {name: f"Headline {i}\n\nBody {i}.\n" for i, name in enumerate(names)}
    )
    report = run(seeds, tmp_path / "out")
    files = sorted(p.name for p in (tmp_path / "out").glob("*.md"))
    assert len(files) == len(names) == len(report.converted)
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9_-]*\.md", name) for name in files), files
    assert "my-seed.md" in files and "upper.md" in files


def test_deleting_a_seed_removes_its_article(tmp_path: Path) -> None:
    seeds, out = make_seeds(tmp_path / "seeds"), tmp_path / "out"
    run(seeds, out)
    (seeds / "001_second.txt").unlink()
    report = run(seeds, out)
    assert report.removed == ("001_second.md",)
    assert not (out / "001_second.md").exists()
    assert [a["seed"] for a in json.loads((out / "annotations.json").read_text("utf-8"))["articles"]] == [
        "000_first.txt"
    ]


def test_hand_edits_are_never_overwritten_or_deleted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seeds, out = make_seeds(tmp_path / "seeds"), tmp_path / "out"
    run(seeds, out)
    edited = (out / "000_first.md").read_text("utf-8").replace("More text", "Editor's text")
    (out / "000_first.md").write_text(edited, "utf-8")
    (out / "mine.md").write_text("Title: Mine\nDate: 2020-01-01\n\nWritten by hand.\n", "utf-8")
    with caplog.at_level(logging.WARNING):
        report = run(seeds, out, kb=FakeKnowledge(KB.entities, fingerprint="kb-2"))
        (seeds / "000_first.txt").unlink()
        second = run(seeds, out)
    assert report.kept == ("000_first.md",) and second.kept == ("000_first.md",)
    assert (out / "000_first.md").read_text("utf-8") == edited
    assert (out / "mine.md").read_text("utf-8") == "Title: Mine\nDate: 2020-01-01\n\nWritten by hand.\n"
    assert "000_first.md" in caplog.text and "edited by hand" in caplog.text


HAND_WRITTEN = {
    "title": ("my-note.md", "Title: Canadian police raid tracker!\nDate: 2020-01-01\n\nMy note.\n"),
    "slug-in-a-subfolder": (
        "notes/2014/raid.markdown",
        "Title: My notes on the raid\nSlug: canadian-police-raid-tracker\n\nMy note.\n",
    ),
    "yaml-style-hidden": (
        ".draft.md",
        "---\ntitle: Canadian Police &amp; <em>Raid</em> Tracker\n---\n\nMy note.\n",
    ),
}


@pytest.mark.parametrize("where", sorted(HAND_WRITTEN))
def test_a_hand_written_article_keeps_its_slug_and_the_generated_one_gets_another(
    where: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Pelican stops the whole build when two articles share a slug.
    seeds, out = make_seeds(tmp_path / "seeds"), tmp_path / "out"
    name, text = HAND_WRITTEN[where]
    (out / name).parent.mkdir(parents=True, exist_ok=True)
    (out / name).write_text(text, "utf-8")
    with caplog.at_level(logging.WARNING):
        run(seeds, out)
    assert metadata(out / "000_first.md")["Slug"] == ["canadian-police-raid-tracker-000-first"]
    assert metadata(out / "001_second.md")["Slug"] == ["cops-in-europe-take-down-the-jolly-roger"]
    assert (out / name).read_text("utf-8") == text
    record = json.loads((out / "annotations.json").read_text("utf-8"))["articles"][0]
    assert record["slug"] == "canadian-police-raid-tracker-000-first"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert [m for m in warnings if str(out / name) in m and str(out / "000_first.md") in m], warnings


def test_the_slug_comes_back_when_the_hand_written_article_goes(tmp_path: Path) -> None:
    seeds, out = make_seeds(tmp_path / "seeds"), tmp_path / "out"
    out.mkdir()
    (out / "my-note.md").write_text("Title: Canadian Police Raid Tracker\n\nMy note.\n", "utf-8")
    run(seeds, out)
    (out / "my-note.md").unlink()
    run(seeds, out)
    assert metadata(out / "000_first.md")["Slug"] == ["canadian-police-raid-tracker"]


def test_a_hand_edited_article_whose_seed_is_gone_keeps_its_slug(tmp_path: Path) -> None:
    seeds, out = make_seeds(tmp_path / "seeds"), tmp_path / "out"
    run(seeds, out)
    edited = (out / "000_first.md").read_text("utf-8").replace("More text", "Editor's text")
    (out / "000_first.md").write_text(edited, "utf-8")
    (seeds / "000_first.txt").rename(seeds / "006_renamed.txt")
    run(seeds, out)
    assert (out / "000_first.md").read_text("utf-8") == edited
    assert metadata(out / "006_renamed.md")["Slug"] == ["canadian-police-raid-tracker-006-renamed"]


def test_a_hand_edited_article_keeps_its_own_slug_for_its_seed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seeds, out = make_seeds(tmp_path / "seeds"), tmp_path / "out"
    run(seeds, out)
    edited = (out / "001_second.md").read_text("utf-8").replace(
        "Slug: cops-in-europe-take-down-the-jolly-roger", "Slug: canadian-police-raid-tracker"
    )
    (out / "001_second.md").write_text(edited, "utf-8")
    (seeds / "000_first.txt").write_text(SEEDS["000_first.txt"] + "\nA new paragraph.\n", "utf-8")
    with caplog.at_level(logging.WARNING):
        run(seeds, out)
    assert re.search(r"000_first.txt: .*already the slug of .*001_second.md", caplog.text)
    # The edited page now lives at the first seed's slug, so the first seed moves instead.
    assert metadata(out / "000_first.md")["Slug"] == ["canadian-police-raid-tracker-000-first"]
    slugs = [a["slug"] for a in json.loads((out / "annotations.json").read_text("utf-8"))["articles"]]
    assert slugs == ["canadian-police-raid-tracker-000-first", "canadian-police-raid-tracker"]


def test_bad_seeds_are_skipped_with_a_reason_and_the_rest_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seeds = make_seeds(tmp_path / "seeds", {**SEEDS, "003_empty.txt": "\n\n  \n"})
    (seeds / "004_binary.txt").write_bytes(b"\xff\xfe\x00bad")
    with caplog.at_level(logging.INFO):
        report = run(seeds, tmp_path / "out")
    assert [seed for seed, _ in report.skipped] == ["003_empty.txt", "004_binary.txt"]
    assert "skipped 003_empty.txt: the file is empty" in caplog.text
    assert re.search(r"skipped 004_binary.txt: .*UnicodeDecodeError", caplog.text)
    assert report.converted == ("000_first.md", "001_second.md")
    assert "skipped 2" in caplog.text


def test_ingest_warnings_are_logged_with_the_file_name(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seeds = make_seeds(tmp_path / "seeds", {"007_odd.txt": "Headline\n\nAn ODD body.\n"})
    with caplog.at_level(logging.WARNING):
        report = run(seeds, tmp_path / "out")
    assert report.converted == ("007_odd.md",)
    assert "007_odd.txt: the text has an odd part" in caplog.text


def test_strict_mode_fails_after_building_the_rest(tmp_path: Path) -> None:
    seeds = make_seeds(tmp_path / "seeds", {**SEEDS, "003_empty.txt": ""})
    with pytest.raises(PipelineError, match="003_empty.txt"):
        run(seeds, tmp_path / "out", strict=True)
    assert (tmp_path / "out" / "000_first.md").exists()
    run(make_seeds(tmp_path / "good"), tmp_path / "out2", strict=True)


def test_corrections_are_applied_and_survive_regeneration(tmp_path: Path) -> None:
    seeds, out = make_seeds(tmp_path / "seeds"), tmp_path / "out"
    (seeds / "corrections.yml").write_text(
        "articles:\n"
        "  000_first.txt:\n"
        "    title: Canadian police raid a Swedish tracker\n"
        "    date: 2014-05-15\n"
        "    add: {country: [Norway], organisation: [Sparvar]}\n"
        "    drop: [country/sweden]\n"
        "stop: [Scene, Warez Scene]\n",
        "utf-8",
    )
    for knowledge in (KB, FakeKnowledge(KB.entities, fingerprint="kb-2")):
        run(seeds, out, kb=knowledge)
        first = metadata(out / "000_first.md")
        assert first["Title"] == ["Canadian police raid a Swedish tracker"]
        assert first["Date"] == ["2014-05-15"] and first["Date_source"] == ["sources"]
        # An added entity gets a middle relevance (0.5); the fake tagger gave Canada 0.3.
        assert first["Countries"] == ["Norway; Canada"]
        assert first["Organisations"] == ["Sparvar; Rights Alliance"]
        assert "Organisations" not in metadata(out / "001_second.md"), "stop applies to every article"
    assert (seeds / "corrections.yml").read_text("utf-8").startswith("articles:\n  000_first.txt:")
    record = json.loads((out / "annotations.json").read_text("utf-8"))["articles"][0]
    assert record["title"] == "Canadian police raid a Swedish tracker" and record["date"] == "2014-05-15"


def test_a_correction_rewrites_only_its_own_article(tmp_path: Path) -> None:
    seeds, out = make_seeds(tmp_path / "seeds"), tmp_path / "out"
    run(seeds, out)
    (seeds / "corrections.yml").write_text("articles:\n  001_second.txt: {date: 2010-09-08}\n", "utf-8")
    report = run(seeds, out)
    assert (report.converted, report.unchanged) == (("001_second.md",), ("000_first.md",))


def test_bad_corrections_stop_the_run_before_writing(tmp_path: Path) -> None:
    seeds, out = make_seeds(tmp_path / "seeds"), tmp_path / "out"
    (seeds / "corrections.yml").write_text("articles:\n  000_first.txt: {dat: 2014-05-15}\n", "utf-8")
    with pytest.raises(ValueError, match="corrections.yml.*000_first.txt.*dat"):
        run(seeds, out)
    assert not out.exists()


def test_annotations_json_follows_the_contract(tmp_path: Path) -> None:
    seeds, out = make_seeds(tmp_path / "seeds"), tmp_path / "out"
    run(seeds, out)
    text = (out / "annotations.json").read_text("utf-8")
    assert text.endswith("}\n") and "<the>" in text
    data = json.loads(text)
    first = data["articles"][0]
    assert list(first) == ["seed", "slug", "title", "date", "date_source", "entities"]
    assert (first["seed"], first["slug"], first["date"]) == (
        "000_first.txt",
        "canadian-police-raid-tracker",
        "2014-05-14",
    )
    canada = first["entities"][0]
    assert list(canada) == ["kind", "id", "name", "mentions", "relevance"]
    assert (canada["kind"], canada["id"], canada["name"]) == ("country", "canada", "Canada")
    document_text = fake_ingest("000_first.txt", SEEDS["000_first.txt"].encode(), None, None).text
    for mention in canada["mentions"]:
        assert document_text[mention["start"] : mention["end"]] == mention["text"]
    assert [m["text"] for m in canada["mentions"]] == ["Canadian", "Canadian", "Canada"]
    assert data["articles"][1]["date"] is None


def test_missing_seeds_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match="does not exist"):
        run(tmp_path / "nowhere", tmp_path / "out")


def _annotate_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "--search-root", str(ROOT), "annotate", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
    )


@pytest.mark.slow
def test_annotate_command_converts_any_folder(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in (ROOT / "seeds").iterdir():
        (seeds / seed.name).write_bytes(seed.read_bytes())
    (seeds / "empty.txt").write_text("", "utf-8")
    out = tmp_path / "out"
    result = _annotate_command("--seeds", str(seeds), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "skipped empty.txt" in result.stderr
    assert "converted 2, unchanged 0, skipped 1" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "000_52cd81008fab5fa3.md",
        "002_80d39e8c1e91e9ca.md",
        "annotations.json",
    ]
    again = _annotate_command("--seeds", str(seeds), "--out", str(out))
    assert "converted 0, unchanged 2, skipped 1" in again.stderr
    strict = _annotate_command("--seeds", str(seeds), "--out", str(out), "--strict")
    assert strict.returncode != 0 and "empty.txt" in strict.stderr


def test_a_site_with_a_hand_written_article_of_a_generated_title_builds_both(project: Path) -> None:
    headline = "Canadian Police Raid BitTorrent Tracker, Confiscate Server"
    note = project / "content" / "articles" / "my-note.md"
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text(f"Title: {headline}\nDate: 2020-01-01\n\nMy own notes on the raid.\n", "utf-8")
    result = build_site(project)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    pages = project / "output" / "articles"
    mine = (pages / "canadian-police-raid-bittorrent-tracker-confiscate-server.html").read_text("utf-8")
    assert "My own notes on the raid." in mine
    generated = pages / "canadian-police-raid-bittorrent-tracker-confiscate-server-000-52cd81008fab5fa3.html"
    assert "Spavar" in generated.read_text("utf-8")
    assert "my-note.md" in log and "000_52cd81008fab5fa3.md" in log
