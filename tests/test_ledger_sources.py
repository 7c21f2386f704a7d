"""Sources: role-only sources are kept, duplicates merge, aliases are data applied at every ingest."""

from __future__ import annotations

import json

import pytest
from ledger_support import cli_app, db, ledger_url, make_claim  # noqa: F401
from typer.testing import CliRunner

from armsledger.ledger import ClaimFilter, list_claims, list_sources
from armsledger.ledger.errors import AmbiguousNameError, InvalidQueryError, NotFoundError
from armsledger.ledger.migrate import current_revision, head_revision, run_downgrade, run_upgrade
from armsledger.ledger.store import Ledger
from armsledger.model import Document, Source

runner = CliRunner()
SENTENCE = "North Korea sent 1,000 shells to Russia."


def _store(db, name: str, *sources: Source) -> None:
    text = " ".join(f"{SENTENCE[:-1]} ({name} {i})." for i in range(len(sources)))
    claims = [make_claim(name, SENTENCE, source=s) for s in sources]
    Ledger(db).store(Document(name=name, text=text), claims, extractor_version="v")


def _by_label(db) -> dict[str, dict]:
    return {s["label"]: s for s in list_sources(db, limit=0)}


def test_a_source_known_only_by_its_role_is_stored_and_shown(db):
    _store(
        db,
        "a.txt",
        Source(role="Western officials"),
        Source(role="officials", country="KOR"),
        Source(role="officials", country="USA"),
    )
    sources = _by_label(db)
    assert sources["Western officials"]["claims"] == 1 and sources["Western officials"]["name"] is None
    assert sorted(s["country"] for s in list_sources(db, limit=0) if s["label"] == "officials") == ["KOR", "USA"]
    claim = list_claims(db, ClaimFilter(source="western officials"))[0]
    assert claim["source"] == {"name": None, "role": "Western officials", "org": None, "country": None}


def test_show_names_a_role_only_source_instead_of_the_documents_voice(db, ledger_url):
    _store(db, "a.txt", Source(role="Western officials"))
    shown = runner.invoke(cli_app(), ["show", "1", "--db", ledger_url])
    assert "source 1: Western officials · ungraded" in shown.stdout
    assert "document's own voice" not in shown.stdout


def test_merge_moves_claims_keeps_grade_and_records_aliases(db):
    _store(
        db,
        "a.txt",
        Source(org="National Intelligence Service", country="KOR"),
        Source(org="NIS"),
        Source(org="South Korea's spy agency"),
    )
    ledger = Ledger(db)
    ledger.grade_source("NIS", "B")
    result = ledger.merge_sources("National Intelligence Service", ["NIS", "South Korea's spy agency"])
    assert result.claims_moved == 2 and result.merged == ["NIS", "South Korea's spy agency"]
    assert result.aliases == ["nis", "south korea's spy agency"]
    sources = list_sources(db, limit=0)
    assert len(sources) == 1
    kept = sources[0]
    assert (kept["label"], kept["claims"], kept["grade"], kept["country"]) == (
        "National Intelligence Service",
        3,
        "B",
        "KOR",
    )


def test_aliases_apply_to_later_ingests(db):
    _store(db, "a.txt", Source(org="National Intelligence Service"), Source(org="NIS"))
    ledger = Ledger(db)
    ledger.merge_sources("National Intelligence Service", ["NIS"])
    ledger.add_source_alias("National Intelligence Service", "Seoul's spy agency")
    _store(db, "b.txt", Source(org="NIS"), Source(org="Seoul's Spy  Agency"))
    sources = list_sources(db, limit=0)
    assert [(s["label"], s["claims"]) for s in sources] == [("National Intelligence Service", 4)]
    assert sources[0]["aliases"] == ["nis", "seoul's spy agency"]
    # a name or alias finds the source (grading by an alias grades the source it names)
    assert ledger.grade_source("nis", "C").org == "National Intelligence Service"


def test_an_alias_naming_a_stored_source_merges_it(db):
    _store(db, "a.txt", Source(name="Shin Won-sik"), Source(name="Shin"))
    result = Ledger(db).add_source_alias("Shin Won-sik", "Shin")
    assert result.claims_moved == 1 and [s["label"] for s in list_sources(db, limit=0)] == ["Shin Won-sik"]


@pytest.mark.parametrize(
    "keep, others, error, message",
    [
        ("Nobody", ["NIS"], NotFoundError, "no source named 'Nobody'"),
        ("NIS", ["NIS"], InvalidQueryError, "is the source kept"),
        ("NIS", [], InvalidQueryError, "at least one source"),
        ("Service", ["NIS"], AmbiguousNameError, "matches several sources"),
    ],
)
def test_merge_refuses_unclear_requests_and_changes_nothing(db, keep, others, error, message):
    _store(
        db,
        "a.txt",
        Source(org="National Intelligence Service"),
        Source(org="NIS"),
        Source(org="Foreign Intelligence Service"),
    )
    with pytest.raises(error, match=message):
        Ledger(db).merge_sources(keep, others)
    assert len(list_sources(db, limit=0)) == 3


def test_source_merge_and_alias_commands(db, ledger_url):
    _store(db, "a.txt", Source(org="National Intelligence Service"), Source(org="NIS"))
    merged = runner.invoke(cli_app(), ["source", "merge", "National Intelligence Service", "NIS", "--db", ledger_url])
    assert merged.exit_code == 0
    assert "merged NIS into source 1 (National Intelligence Service); 1 claim(s) moved" in merged.stderr
    alias = runner.invoke(cli_app(), ["source", "alias", "1", "Seoul's spy agency", "--db", ledger_url])
    assert alias.exit_code == 0 and "also known as: nis, seoul's spy agency" in alias.stderr
    listed = [
        json.loads(x)
        for x in runner.invoke(cli_app(), ["sources", "--db", ledger_url, "--format", "jsonl"]).stdout.splitlines()
    ]
    assert [(s["id"], s["aliases"]) for s in listed] == [(1, ["nis", "seoul's spy agency"])]
    again = runner.invoke(cli_app(), ["source", "alias", "1", "NIS", "--db", ledger_url])
    assert again.exit_code == 1 and "already names source 1" in again.stderr


def test_migration_0003_adds_and_removes_aliases_and_claim_fields(db):
    assert current_revision(db.write_engine) == head_revision()
    _store(db, "a.txt", Source(org="NIS"))
    Ledger(db).add_source_alias("NIS", "National Intelligence Service")
    run_downgrade(db.write_engine, "0002")
    assert current_revision(db.write_engine) == "0002"
    run_upgrade(db.write_engine)
    _store(db, "b.txt", Source(org="National Intelligence Service"))
    assert len(list_sources(db, limit=0)) == 2  # the alias went with the downgrade
    financed = make_claim("c.txt", SENTENCE, financed_by="DEU", deal="sale")
    Ledger(db).store(Document(name="c.txt", text=SENTENCE + " (c)"), [financed], extractor_version="v")
    stored = list_claims(db, ClaimFilter(document_id=3, include_syndicated=True))[0]
    assert (stored["financed_by"], stored["deal"]) == ("DEU", "sale")
