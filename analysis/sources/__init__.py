"""External sources read into the project's tables: the UN Digital Library's voting data exports
(:mod:`.undl`) and GDELT's event files on DuckDB or BigQuery (:mod:`.gdelt`)."""

from .gdelt import GdeltFormatError, GdeltImport, aggregation_sql, import_gdelt, read_bigquery_csv
from .undl import UndlImport, compare_with_curated, read_undl, with_curated, write_folder

__all__ = [
    "GdeltFormatError",
    "GdeltImport",
    "UndlImport",
    "aggregation_sql",
    "compare_with_curated",
    "import_gdelt",
    "read_bigquery_csv",
    "read_undl",
    "with_curated",
    "write_folder",
]
