"""Rewrite tests/data/extractor_digest.json from the current extractor's output on corpus/dev.

Run from the repository root after bumping EXTRACTOR_VERSION: `python -m armsledger.evaluate.digest_update`."""

from __future__ import annotations

import json
from pathlib import Path

from armsledger.evaluate.digest import output_digests
from armsledger.extract.extractor import EXTRACTOR_VERSION


def main() -> None:
    root = Path.cwd()
    digests = output_digests(root / "corpus" / "dev")
    target = root / "tests" / "data" / "extractor_digest.json"
    target.write_text(json.dumps({"version": EXTRACTOR_VERSION, "documents": digests}, indent=1, sort_keys=True) + "\n")
    print(f"{target}: {len(digests)} documents at {EXTRACTOR_VERSION}")


if __name__ == "__main__":
    main()
