"""The extractor's version changes whenever its output on the dev corpus changes.

`tests/data/extractor_digest.json` stores the version and a digest of each dev document's claims.
When output changes, bump EXTRACTOR_VERSION (and CHANGELOG.md), then refresh the file with
`python -m armsledger.evaluate.digest_update`."""

from __future__ import annotations

import json
from pathlib import Path

from armsledger.evaluate.digest import output_digests
from armsledger.extract.extractor import EXTRACTOR_VERSION

ROOT = Path(__file__).resolve().parent.parent
STORED = ROOT / "tests" / "data" / "extractor_digest.json"


def test_output_changes_only_with_a_new_extractor_version(extractor):
    stored = json.loads(STORED.read_text())
    current = output_digests(ROOT / "corpus" / "dev", extractor=extractor)
    changed = sorted(d for d, h in stored["documents"].items() if d in current and current[d] != h)
    if stored["version"] == EXTRACTOR_VERSION:
        assert changed == [], (
            f"output changed on {len(changed)} dev documents (e.g. {changed[:3]}) but "
            f"EXTRACTOR_VERSION is still {EXTRACTOR_VERSION}: bump it, note it in CHANGELOG.md and "
            "run `python -m armsledger.evaluate.digest_update`"
        )
    missing = sorted(set(current) - set(stored["documents"]))
    assert missing == [], f"dev documents without a stored digest: {missing[:3]}… (run the update command)"
