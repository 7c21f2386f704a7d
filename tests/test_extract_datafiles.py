"""The extractor's data files: every key is read by some rule, unknown keys are refused, and an
override folder replaces the packaged files one at a time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from armsledger.errors import ReferenceDataError
from armsledger.extract.datafiles import FILES, record_reads
from armsledger.extract.extractor import Extractor
from armsledger.extract.reference import lexicon, reset_lexicon
from armsledger.ingest import read_path
from armsledger.model import Document

ROOT = Path(__file__).resolve().parent.parent


def test_every_loaded_data_key_is_read_while_extracting(shared_dir):
    """Every key of every data file is read by some rule while the corpora are extracted. The loop stops once every
    key has been read: the set of keys read only grows, and every corpus document is extracted by its quality gate
    (`tests/test_eval.py`) anyway."""
    docs = [shared_dir / "seed" / "seed-article.txt", *sorted(ROOT.glob("corpus/*/*.txt"))]
    loaded = {f"{model.__name__}.{name}" for model in FILES.values() for name in model.model_fields}
    with record_reads() as reads:
        reset_lexicon()
        extractor = Extractor()
        for path in docs:
            extractor.extract(read_path(path), published=date(2024, 6, 14))
            if loaded <= reads:
                break
    assert sorted(loaded - reads) == []


def test_an_unknown_key_in_an_override_is_refused_by_name(tmp_path, monkeypatch):
    (tmp_path / "hedges.yaml").write_text(
        "cues: {likely: likely}\nconversion: []\nattributed_nouns: []\nhedge_words: []\n"
    )
    monkeypatch.setenv("ARMSLEDGER_EXTRACT_DATA_DIR", str(tmp_path))
    reset_lexicon()
    with pytest.raises(ReferenceDataError, match=r"hedges.yaml: hedge_words"):
        lexicon()


def test_a_wrong_value_names_the_file_and_key(tmp_path, monkeypatch):
    (tmp_path / "hedges.yaml").write_text("cues: {likely: quite_likely}\nconversion: []\nattributed_nouns: []\n")
    monkeypatch.setenv("ARMSLEDGER_EXTRACT_DATA_DIR", str(tmp_path))
    reset_lexicon()
    with pytest.raises(ReferenceDataError, match=r"hedges.yaml: cues.likely"):
        lexicon()


def test_an_override_folder_replaces_one_file_and_keeps_the_rest(tmp_path, monkeypatch):
    packaged = (ROOT / "src" / "armsledger" / "extract" / "data" / "people.yaml").read_text()
    (tmp_path / "people.yaml").write_text(packaged + "- name: Ivo Testerov\n  country: BGR\n")
    monkeypatch.setenv("ARMSLEDGER_EXTRACT_DATA_DIR", str(tmp_path))
    reset_lexicon()
    lex = lexicon()
    assert lex.people["Ivo Testerov"] == "BGR"
    assert lex.items["shells"] == "artillery_shell"  # items.yaml still the packaged one
    text = "Ivo Testerov said on Monday that Bulgaria had sent 40,000 shells to Ukraine.\n"
    claims = Extractor().extract(Document(name="a.txt", text=text), published=date(2024, 3, 6))
    assert claims and claims[0].source is not None and claims[0].source.country == "BGR"


@pytest.fixture(autouse=True)
def _fresh_lexicon():
    reset_lexicon()
    yield
    reset_lexicon()
