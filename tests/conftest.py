"""Shared fixtures: the real extractor (loaded once per test process) and paths to test data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV_CORPUS = ROOT / "corpus" / "dev"


@pytest.fixture(scope="session")
def extractor():
    from armsledger.extract import get_extractor

    return get_extractor()


@pytest.fixture(scope="session")
def rules_extractor():
    """The extractor's rules alone: every claim they propose, without the learned claim filter."""
    from armsledger.extract import Extractor

    return Extractor(filtered=False)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "SCHEMA.md").is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared must sit beside the checkout in CI")
        pytest.skip("../shared is not beside the checkout")
    return SHARED


# The tests that run for minutes or tens of seconds (measured with `--durations`), slowest first. They are collected
# ahead of the rest so that, with `--dist loadgroup` (pyproject.toml: each test its own work unit, a worker holding
# at most three), the two workers start on the longest ones and the short tests fill in around them: no long test is
# left to start near the end while the other worker sits idle. Only the order changes; every test still runs.
# A name without brackets covers all its parametrised cases.
SLOWEST_FIRST = (
    "test_readme_commands.py::test_every_readme_command_succeeds",
    "test_extract_datafiles.py::test_every_loaded_data_key_is_read_while_extracting",
    "test_pipeline_dask.py::test_ingest_on_two_workers_stores_what_one_worker_stores",
    "test_eval.py::test_corpus_quality_gate[round1]",
    "test_pipeline_dask.py::test_a_document_that_kills_a_worker_without_a_budget_fails_alone",
    "test_pipeline_dask.py::test_an_interrupted_cluster_ingest_resumes_to_the_ledger_of_an_uninterrupted_one",
    "test_pipeline_dask.py::test_ingest_on_workers_stores_what_one_process_stores",
    "test_ledger_crash.py::test_sigkill_midway_leaves_a_consistent_ledger_and_a_rerun_completes",
    "test_pipeline_dask.py::test_extract_on_workers_prints_the_claims_of_one_process_in_the_same_order",
    "test_eval.py::test_corpus_quality_gate",
    "test_safe_outputs.py::test_pypdf_warnings_are_silenced_unless_verbose",
    "test_hardening_budget.py::test_a_feed_of_many_teasers_is_read_cheaply_entry_by_entry",
    "test_hardening_budget.py::test_inputs_that_used_to_hang_finish_within_the_budget",
    "test_pipeline_dask.py::test_a_document_that_hangs_or_kills_its_process_fails_alone_on_the_cluster",
    "test_ledger_concurrency.py::test_two_concurrent_ingests_into_one_fresh_ledger_lose_nothing",
    "test_claim_filter.py::test_train_filter_on_gold_corpora_writes_a_filter_that_loads_and_keeps_what_annotators_marked",
    "test_nk_shells_reading.py::test_extracted_claims_give_estimates_inside_the_reading_at_every_month_end",
    "test_pipeline_dask.py::test_a_local_cluster_that_loses_every_worker_is_started_again",
    "test_claim_filter.py::test_extract_keep_all_gives_every_claim_the_rules_propose_and_the_default_what_the_filter_keeps",
    "test_reconcile_plain.py::test_gold_claims_read_plain_give_the_models_values",
)


def _slowness_rank(item: pytest.Item) -> int:
    name = item.nodeid.rsplit("/", 1)[-1]
    base = name.split("[", 1)[0]
    for rank, slow in enumerate(SLOWEST_FIRST):
        if name == slow or base == slow:
            return rank
    return len(SLOWEST_FIRST)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=_slowness_rank)  # stable: every other test keeps its collected order
