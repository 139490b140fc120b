"""External sources read into the project's tables: the UN Digital Library's voting data exports."""
from .undl import UndlImport, compare_with_curated, read_undl, with_curated

__all__ = ["UndlImport", "compare_with_curated", "read_undl", "with_curated"]
