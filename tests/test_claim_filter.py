"""The learned claim filter: its features, its packaged model, the setting that turns it off, and training it with
spaCy on gold corpora (with leave-one-corpus-out cross-validation) from the library and the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from gold_builders import gold_claim
from typer.testing import CliRunner

from armsledger.cli import app
from armsledger.extract import EXTRACTOR_VERSION, Extractor
from armsledger.extract.learned.claim_filter import load_claim_filter, packaged_filter_dir, read_claim_filter
from armsledger.extract.learned.features import claim_features, document_features
from armsledger.extract.learned.training import Row, cross_validate, fit, train_filter
from armsledger.model import Document

CLAIM = gold_claim(
    quantity={
        "value": 1_000_000,
        "value_high": None,
        "qualifier": "at_least",
        "unit": "item",
        "per": None,
        "text": "more than one million",
    },
    hedged=True,
    source={"name": "Shin Won-sik", "role": None, "org": None, "country": "KOR"},
    said_on="2024-02-27",
    evidence={"start": 0, "end": 80, "text": "North Korea has sent more than one million shells to Russia, Shin said."},
)


def test_a_claims_features_name_its_fields_the_words_around_its_figure_and_its_sentence():
    features = claim_features(CLAIM, CLAIM["evidence"]["text"], in_document=1, in_sentence=1)
    for expected in (
        "K_transfer",
        "I_artillery_shell",
        "QL_at_least",
        "HED_1",
        "R_transfer_110",
        "L1_sent",
        "R1_shells",
        "SRC_1001",
        "SAID_1",
        "MAG_6",
        "shin",
    ):
        assert expected in features


def test_features_of_a_document_count_the_claims_of_each_sentence():
    other = {**CLAIM, "quantity": None}
    first, second = document_features([CLAIM, other], CLAIM["evidence"]["text"])
    assert "NDOC_0" in first and "NSENT_1" in first and "QNONE" in second


def test_the_packaged_filter_was_trained_on_the_current_rules_and_records_its_cross_validation():
    meta = json.loads((packaged_filter_dir() / "filter.json").read_text(encoding="utf-8"))
    # retrain it (README: "The claim filter") when the rules change; a filter kept across a change of the rules records
    # the rules it was gated with ("validated_with")
    assert EXTRACTOR_VERSION in (meta["rules"], meta.get("validated_with"))
    cv = meta["cross_validation"]
    assert cv["pooled_f1_filtered"] > cv["pooled_f1_rules"]
    assert 0 < meta["threshold"] < 1


def test_the_filter_scores_claims_as_probabilities_and_a_threshold_of_zero_turns_it_off(monkeypatch):
    claim_filter = read_claim_filter(packaged_filter_dir())
    (score,) = claim_filter.scores([CLAIM], CLAIM["evidence"]["text"])
    assert 0.0 <= score <= 1.0
    monkeypatch.setenv("ARMSLEDGER_CLAIM_FILTER_THRESHOLD", "0")
    assert load_claim_filter() is None
    assert Extractor().claim_filter is None  # the extractor then keeps every claim the rules propose


def test_fit_learns_which_features_mark_a_claim():
    rows = [Row("a", ["GOOD", f"w{i % 7}"], 1) for i in range(300)] + [
        Row("a", ["BAD", f"w{i % 7}"], 0) for i in range(300)
    ]
    nlp = fit(rows, epochs=10)
    from spacy.tokens import Doc

    textcat = nlp.get_pipe("textcat")
    good, bad = textcat.pipe([Doc(nlp.vocab, words=["GOOD", "w1"]), Doc(nlp.vocab, words=["BAD", "w1"])])
    assert good.cats["CLAIM"] > 0.6 > 0.4 > bad.cats["CLAIM"]


def test_cross_validation_holds_each_fold_out_and_picks_the_threshold_with_the_best_pooled_f1():
    from armsledger.extract.learned.training import Corpus

    def rows(name):
        return [Row(name, ["GOOD", f"w{i}"], 1) for i in range(30)] + [
            Row(name, ["BAD", f"w{i}"], 0) for i in range(30)
        ]

    corpora = [Corpus("one", 30, rows("one")), Corpus("two", 30, rows("two"))]
    cv = cross_validate(corpora, ["one", "two"], epochs=3)
    assert set(cv["folds"]) == {"one", "two"}
    assert cv["pooled_f1_rules"] == pytest.approx(2 * 60 / (120 + 60), abs=1e-4)
    assert cv["pooled_f1_filtered"] == pytest.approx(1.0)


def _gold_corpus(folder: Path, name: str, sentence: str, value: int) -> Path:
    corpus = folder / name
    corpus.mkdir()
    (corpus / "a.txt").write_text(sentence, encoding="utf-8")
    claim = gold_claim(
        caliber_mm=None,
        quantity={
            "value": value,
            "value_high": None,
            "qualifier": "exact",
            "unit": "item",
            "per": None,
            "text": f"{value:,}",
        },
        certainty=None,
        evidence={"start": 0, "end": len(sentence), "text": sentence},
    )
    (corpus / "gold.jsonl").write_text(
        json.dumps({"doc": "a.txt", "published": "2024-03-01", "claims": [claim]}) + "\n", encoding="utf-8"
    )
    return corpus


def test_train_filter_on_gold_corpora_writes_a_filter_that_loads_and_keeps_what_annotators_marked(tmp_path):
    one = _gold_corpus(tmp_path, "one", "North Korea shipped 5,000 shells to Russia in March.", 5000)
    two = _gold_corpus(tmp_path, "two", "North Korea shipped 7,000 shells to Russia in April.", 7000)
    trained = train_filter([one, two], epochs=2)
    assert set(trained.meta["trained_on"]) == {"one", "two"}
    assert trained.meta["trained_on"]["one"]["matched"] == 1
    trained.save(tmp_path / "filter")
    again = read_claim_filter(tmp_path / "filter")
    assert again.threshold == trained.threshold
    claims = Extractor(filtered=False).extract(
        Document(name="a.txt", text=(one / "a.txt").read_text()), published=date(2024, 3, 1)
    )
    assert again.apply(claims, (one / "a.txt").read_text()) == claims


def test_the_cli_trains_a_filter_and_reports_each_held_out_corpus(tmp_path):
    one = _gold_corpus(tmp_path, "one", "North Korea shipped 5,000 shells to Russia in March.", 5000)
    two = _gold_corpus(tmp_path, "two", "North Korea shipped 7,000 shells to Russia in April.", 7000)
    result = CliRunner().invoke(
        app, ["gold", "train-filter", str(one), str(two), "--out", str(tmp_path / "f"), "--epochs", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "one: F1" in result.output and "two: F1" in result.output and "held-out folds together" in result.output
    assert (tmp_path / "f" / "filter.json").is_file() and (tmp_path / "f" / "model" / "config.cfg").is_file()


def test_the_cli_refuses_a_fold_that_is_not_one_of_the_corpora(tmp_path):
    one = _gold_corpus(tmp_path, "one", "North Korea shipped 5,000 shells to Russia in March.", 5000)
    result = CliRunner().invoke(app, ["gold", "train-filter", str(one), "--out", str(tmp_path / "f"), "--fold", "nine"])
    assert result.exit_code != 0
    assert "fold 'nine' is not one of the corpora given" in result.output


def test_extract_keep_all_gives_every_claim_the_rules_propose_and_the_default_what_the_filter_keeps(
    tmp_path, extractor, rules_extractor
):
    source = Path(__file__).resolve().parent.parent / "corpus" / "round8" / "r8d-05-drones-by-month.txt"
    text = source.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    day = date(2025, 11, 5)
    rules = rules_extractor.extract(Document(name="a.txt", text=text), published=day)
    kept = extractor.extract(Document(name="a.txt", text=text), published=day)
    assert len(kept) < len(rules)  # this table's rows are claims the filter sets aside

    def run(*extra):
        result = CliRunner().invoke(app, ["extract", "--published", "2025-11-05", *extra, str(tmp_path / "a.txt")])
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.stdout.splitlines()]

    assert len(run("--keep-all")) == len(rules)
    assert len(run()) == len(kept)
