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
