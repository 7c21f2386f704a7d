"""The pipeline stage: read → deduplicate → extract → store.

It drives the stages before and after it — `ingest/` reads inputs, `extract/` finds claims,
`ledger/` stores them — and is the only place where they meet: the ledger stores, it never calls
the extractor.

    ingest(Ledger(db), ["reports/"])                    # one process, one transaction per document
    ingest(Ledger(db), ["wire.jsonl"], workers=4)       # extraction on a local Dask cluster
    extract_inputs(["reports/"], workers=4)             # claims without a ledger
    reextract(Ledger(db))                               # a newer extractor over stored documents

Modules: `ingestion` (single process), `parallel` (ingest on a Dask cluster), `cluster` (the Dask
client and ordered dispatch), `tasks` (what runs on a worker), `extract` (`armsledger extract`),
`reextraction`, `dating` (date a document by hand and extract it again), `uploads` (the workbench's
HTTP ingest: uploaded files and URLs as one run), `demo`.
"""

from armsledger.pipeline.extract import BatchResult, extract_inputs
from armsledger.pipeline.ingestion import IngestInterrupted, ingest
from armsledger.pipeline.reextraction import ReextractSummary, reextract
from armsledger.pipeline.summary import IngestSummary

__all__ = [
    "BatchResult",
    "IngestInterrupted",
    "IngestSummary",
    "ReextractSummary",
    "extract_inputs",
    "ingest",
    "reextract",
]
