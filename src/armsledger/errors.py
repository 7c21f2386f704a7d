"""Typed errors: one class per known condition, all under ArmsledgerError, each with structured detail."""

from __future__ import annotations

from armsledger.normalize import clean_text


class ArmsledgerError(Exception):
    """Base of every known, reportable condition. `detail` carries structured context.

    The message is safe to print and store: characters no encoder accepts (the lone surrogates
    of a file name that is not UTF-8, NUL) are replaced."""

    def __init__(self, message: str, **detail: object) -> None:
        message = clean_text(message)
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class InputError(ArmsledgerError):
    """A document could not be read as text."""


class BinaryFileError(InputError):
    """The file looks binary (NUL bytes or an unsupported binary format)."""


class EncodingError(InputError):
    """The bytes are not valid in the expected text encoding."""


class EmptyDocumentError(InputError):
    """The document holds no text (or none after HTML boilerplate removal)."""


class DocumentTooLargeError(InputError):
    """The document exceeds the configured size cap."""


class UnsupportedFormatError(InputError):
    """The file's type is not one armsledger reads."""


class ModelNotInstalledError(ArmsledgerError):
    """The spaCy language model package is missing."""


class ReferenceDataError(ArmsledgerError):
    """A reference data file (actors, items, hedges…) is missing or malformed."""


class GoldFileError(ArmsledgerError):
    """A gold corpus folder or gold.jsonl file is missing or malformed."""


class OptionError(ArmsledgerError):
    """A command-line option or API argument whose value cannot be used; `detail["option"]` names it."""


class InvalidDateError(OptionError):
    """A date option that is not YYYY, YYYY-MM or YYYY-MM-DD."""


class UnknownCodeError(OptionError):
    """A name or code no actor, item or unit has; `detail["suggestions"]` lists close codes."""


class AmbiguousCodeError(UnknownCodeError):
    """A name that fits several codes ("Korea": KOR or PRK)."""


class SettingsError(ArmsledgerError):
    """An ARMSLEDGER_* environment variable holds a value its setting cannot take."""


class UnreadableDocumentError(InputError):
    """Reading one document failed in an unforeseen way (a parser's bug or a hostile input); the batch goes on."""


class BudgetExceededError(InputError):
    """A document took longer than its time budget (ARMSLEDGER_DOCUMENT_TIMEOUT) to read or extract."""


class WorkerCrashedError(InputError):
    """The process reading or extracting a document died (a crash in a parser, or killed for memory)."""


class ClusterError(ArmsledgerError):
    """A Dask cluster could not be started or reached (`--workers`, `--scheduler`)."""
