"""Ingest: turn files, folders and standard input into Documents (decoded text plus metadata)."""

from armsledger.ingest.readers import iter_paths, read_bytes, read_path, read_stdin

__all__ = ["iter_paths", "read_bytes", "read_path", "read_stdin"]
