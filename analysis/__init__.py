"""Helpers for the analysis of Russia's position among the parties to the Israel-Hamas war.

Modules, each named after what it holds:

- :mod:`analysis.paths`      where the project's folders are (independent of the working directory)
- :mod:`analysis.coding`     the event and tie coding schemes (CAMEO, PLOVER, Goldstein, tie signs)
- :mod:`analysis.validation` checks of the data folder against data/datapackage.json
- :mod:`analysis.tables`     loading the tables into typed DataFrames
- :mod:`analysis.graphs`     event, tie and combined networks, scenario edits
- :mod:`analysis.centrality` centrality measures, one row per actor
- :mod:`analysis.brokerage`  Gould-Fernandez brokerage roles and their permutation null
- :mod:`analysis.balance`    structural balance of signed networks: triangles, frustration, camps
- :mod:`analysis.similarity` UN voting similarity for all pairs of members (agreement, S, kappa, pi)
- :mod:`analysis.blocs`      voting blocs: hierarchical, Louvain consensus with stability, 1-D ordering
- :mod:`analysis.leverage`   influence and leverage indices, the power gap and its sensitivity
- :mod:`analysis.timeline`   events per week by type, the key events of a window
- :mod:`analysis.claims`     the source article's claims as findings with verdict rules
- :mod:`analysis.plots`      figures shared by the notebooks (deterministic layouts)
- :mod:`analysis.record`     recording a notebook's key results (and its table for the report index), reading them back
- :mod:`analysis.report`     the command behind ``make report`` and ``make notebooks``
- :mod:`analysis.runs`       the run matrix (runs.yaml), the parameters notebooks declare, the order of the runs
- :mod:`analysis.execution`  executing the notebooks of a report run: pages, key figures, status records
- :mod:`analysis.regeneration` re-executing the committed notebooks in place, the README's figures
- :mod:`analysis.index_page` the report's index page: matrices across runs, key figures, the runs in words
- :mod:`analysis.explore`    the interactive explorer (notebooks/explore.ipynb): its outputs and widgets
- :mod:`analysis.precision`  the rounding every ranking, sort, tie and threshold is decided on
- :mod:`analysis.coverage`   capture-recapture estimates of the contacts panel's completeness
- :mod:`analysis.panel`      the contacts panel: merging the two passes, completeness, its events
                             (``python -m analysis.panel``)
- :mod:`analysis.crosscheck` the panel's dyads against GDELT's consultations
- :mod:`analysis.fetch`      downloading GDELT files and UN Digital Library exports (``make fetch-gdelt``)
- :mod:`analysis.rollcalls`  UN roll calls: those of a body in a window, sponsors, patterns of a vote
- :mod:`analysis.params`     checks of a notebook's parameters, with errors that name the parameter; the
                             library's own checks turned into parameter errors (``library_errors``)
- :mod:`analysis.display`    tables as tables: formatted DataFrames with actor names, units and rounding
- :mod:`analysis.codebook`   the column tables of data/README.md, generated from data/datapackage.json
- :mod:`analysis.files`      writing files atomically (a temporary name, then moved into place)
- :mod:`analysis.sources`    external sources read into the project's tables (UN Digital Library exports)
"""

from .paths import DATA_DIR, NOTEBOOKS_DIR, PROJECT_ROOT, REPORTS_DIR
from .record import read_results, record
from .tables import Tables, load_tables, split_ids
from .validation import DataValidationError, Problem, check, validate

__all__ = [
    "DATA_DIR",
    "NOTEBOOKS_DIR",
    "PROJECT_ROOT",
    "REPORTS_DIR",
    "Tables",
    "load_tables",
    "split_ids",
    "DataValidationError",
    "Problem",
    "check",
    "validate",
    "record",
    "read_results",
]
