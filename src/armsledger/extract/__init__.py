"""Extract: Documents in, schema-exact Claims out, through a spaCy pipeline of armsledger components."""

from armsledger.extract.extractor import EXTRACTOR_VERSION, Extractor, extract_documents, get_extractor

__all__ = ["EXTRACTOR_VERSION", "Extractor", "extract_documents", "get_extractor"]
