"""pandas DataFrames with the same column types as the Parquet export (through Arrow)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from armsledger.errors import ArmsledgerError


class PandasMissingError(ArmsledgerError):
    """`to_pandas()` needs pandas, which is an optional extra."""


def frame(columns: Sequence[str], rows: Iterable[dict]) -> Any:
    """A DataFrame of `rows` with Parquet's column types (armsledger.ledger.exports.PARQUET_TYPES)."""
    try:
        import pandas  # noqa: F401
    except ImportError:
        raise PandasMissingError("to_pandas() needs pandas: pip install 'armsledger[pandas]'") from None
    import pyarrow as pa

    from armsledger.ledger.exports import arrow_table

    table = arrow_table(list(rows), list(columns))
    return table.to_pandas(types_mapper={pa.int64(): _nullable_int()}.get, date_as_object=False)


def _nullable_int() -> Any:
    import pandas as pd

    return pd.Int64Dtype()
