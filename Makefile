# Two commands for a new user: `make report` and `make test`. Each creates .venv if it is
# missing and installs the project into it with pip; nothing else needs installing by hand.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
export PYTHONHASHSEED := 0

.DEFAULT_GOAL := help
.PHONY: help venv test report notebooks bench lab clean

help: ## List the targets
	@echo "Targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-zA-Z_-]+):.*## (.*)/  make \1\t\2/' | expand -t 20

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv and install the project (every other target does this first)

test: $(STAMP) ## Run the whole test suite: pytest over tests/ and nbval over notebooks/
	$(BIN)/python -m pytest tests $(if $(NOTEBOOKS),$(NOTEBOOKS) --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg)

report: $(STAMP) ## Run every notebook for every run in runs.yaml into reports/ (WORKERS=n, RUNS="a b")
	$(BIN)/python -m analysis.report $(if $(WORKERS),--workers $(WORKERS)) $(if $(RUNS),--only $(RUNS))

notebooks: $(STAMP) ## Re-execute the committed notebooks in place with their defaults (deterministic)
	$(BIN)/python -m analysis.report --regenerate

bench: $(STAMP) ## Benchmarks: similarity vs a pairwise loop, report run vs its floor (prints ratios)
	$(BIN)/python benchmarks/similarity.py
	$(BIN)/python benchmarks/report.py $(if $(WORKERS),--workers $(WORKERS))

lab: $(STAMP) ## Open JupyterLab on the project's environment, in notebooks/
	$(BIN)/python -m jupyter lab --notebook-dir=notebooks

clean: ## Remove caches (never data/, notebooks/ or reports/)
	rm -rf .pytest_cache .hypothesis build *.egg-info
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
