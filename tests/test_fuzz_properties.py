"""Property tests (hypothesis) with a fixed, small budget for CI: hostile text and bytes never crash a
reader or the extractor, outputs are always schema-valid, and the work per document is bounded
(sentences and tokens capped; each document finishes within its time budget). The long run of the
same targets is `python fuzz/run.py` (see fuzz/README.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fuzz"))

from targets import (
    ANY_TEXT,
    READER_INPUTS,
    REPORT_TEXT,
    check_claims,
    check_document,
    run_document,
    run_numbers,
    run_reader,
)

from armsledger.budget import DocumentBudget
from armsledger.model import Document

CI = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


@settings(CI, max_examples=400)
@given(ANY_TEXT)
def test_numbers_found_in_any_text_are_valid_quantities(text):
    run_numbers(text)


@settings(CI, max_examples=300)
@given(ANY_TEXT)
def test_documents_are_normalised_and_sentences_capped(text):
    run_document(text)


@settings(CI, max_examples=200)
@given(READER_INPUTS)
def test_readers_raise_only_input_errors_and_return_valid_documents(case):
    kind, data = case
    run_reader(kind, data)


@pytest.fixture(scope="module")
def budget(extractor):
    with DocumentBudget(seconds=60, extractor=extractor) as b:
        yield b


@settings(CI, max_examples=60)
@given(REPORT_TEXT)
def test_extraction_of_hostile_reports_is_schema_valid_and_within_budget(budget, text):
    doc = Document(name="fuzz.txt", text=text)
    check_document(doc)
    claims = budget.extract("fuzz.txt", doc, None)  # BudgetExceededError would fail the test
    check_claims(claims, doc)
