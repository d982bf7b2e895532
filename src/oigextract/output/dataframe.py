"""Reports as a pandas DataFrame: the rows and columns of the batch CSV/Parquet output.

The rows come from ``output.tabular.report_rows`` — the one function behind ``oigextract batch`` tables
too — so a column means the same thing in a notebook, a CSV and a Parquet file. pandas is an optional
extra (``pip install 'oigextract[pandas]'``) and is imported only when this function is called.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import ConfigurationError
from ..types import Failure, Report
from .tabular import COLUMN_NAMES, COLUMNS, report_rows

# pandas dtypes for the tabular column types: nullable, so a missing value is <NA>/NaT, never 0 or "".
_DTYPES = {"str": "string", "int": "Int64", "date": "datetime64[ns]"}


def to_dataframe(reports: Report | Iterable[Report | Failure]) -> Any:
    """One row per finding, carrying its report's columns (``COLUMN_NAMES``, in that order).

    ``reports`` is one ``Report`` or any iterable of them (a list, ``extract_many(...)``). A report
    without findings keeps one row with empty finding columns. ``Failure`` results are not rows — as in
    the batch table, where they go to a file of their own — so they are skipped here.

    Column types: text columns ``string``, counts and offsets ``Int64``, dates ``datetime64[ns]``
    (missing values are ``<NA>``/``NaT``); ``counts_json``/``dates_json``/``caveats_json`` hold each
    finding's lists as JSON.
    """
    try:
        import pandas as pd  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise ConfigurationError(
            "to_dataframe needs pandas; install it with: pip install 'oigextract[pandas]'"
        ) from None
    items = [reports] if isinstance(reports, Report) else list(reports)
    for item in items:
        if not isinstance(item, (Report, Failure)):
            raise ConfigurationError(f"to_dataframe takes Report objects, not {type(item).__name__}")
    rows = report_rows(item for item in items if isinstance(item, Report))
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMN_NAMES))
    return frame.astype({name: _DTYPES[kind] for name, kind in COLUMNS})
