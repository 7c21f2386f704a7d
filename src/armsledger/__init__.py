"""armsledger: claims about arms transfers, production, use and stocks, read from open sources.

The Python API (docs/python.md), loaded on first use so `import armsledger` stays light:

    import armsledger
    armsledger.extract_text("North Korea sent 1,000 shells to Russia.")    # list[Claim]
    ledger = armsledger.open_ledger()                                     # the default ledger
    ledger.claims(supplier="North Korea", item="shells").to_pandas()
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS = {
    "extract_text": "armsledger.python_api.extraction",
    "extract_files": "armsledger.python_api.extraction",
    "ExtractResult": "armsledger.python_api.extraction",
    "open_ledger": "armsledger.python_api.ledger",
    "LedgerView": "armsledger.python_api.ledger",
    "StoredClaim": "armsledger.python_api.records",
    "ClaimList": "armsledger.python_api.records",
    "Claim": "armsledger.model",
    "Document": "armsledger.model",
    "Quantity": "armsledger.model",
    "Source": "armsledger.model",
    "Evidence": "armsledger.model",
    "SCHEMA_VERSION": "armsledger.model",
    "EXTRACTOR_VERSION": "armsledger.extract.extractor",
    "resolve_actor": "armsledger.codes",
    "resolve_item": "armsledger.codes",
    "resolve_unit": "armsledger.codes",
    "search_codes": "armsledger.codes",
    "ArmsledgerError": "armsledger.errors",
}

__all__ = [
    "EXTRACTOR_VERSION",
    "SCHEMA_VERSION",
    "ArmsledgerError",
    "Claim",
    "ClaimList",
    "Document",
    "Evidence",
    "ExtractResult",
    "LedgerView",
    "Quantity",
    "Source",
    "StoredClaim",
    "__version__",
    "extract_files",
    "extract_text",
    "open_ledger",
    "resolve_actor",
    "resolve_item",
    "resolve_unit",
    "search_codes",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'armsledger' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(__all__) | {name for name in globals() if name.startswith("__")})
