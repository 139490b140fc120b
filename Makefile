# Two commands for a new user: `make report` and `make test`. Each creates .venv if it is
# missing and installs into it with pip the exact versions pinned in requirements.lock, then the
# project itself; nothing else needs installing by hand. pyproject.toml keeps the lower bounds;
# `make lock` recompiles the lock from it. `make lab` runs JupyterLab on 127.0.0.1 with a token,
# adds --allow-root when run as root (containers), and passes LAB_ARGS through (LAB_TOKEN sets the token,
# LAB_DIR the folder it opens: notebooks/ by default).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB_DIR ?= notebooks
LOCK := requirements.lock
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
export PYTHONHASHSEED := 0

.DEFAULT_GOAL := help
.PHONY: help venv lock lint test report notebooks bench lab clean fetch-gdelt fetch-undl

help: ## List the targets
	@echo "Targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-zA-Z_-]+):.*## (.*)/  make \1\t\2/' | expand -t 20

$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv with the exact versions of requirements.lock and the project (every other target does this first)

lock: ## Recompile requirements.lock from pyproject.toml (exact versions for every platform, Python 3.11+)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/python -m uv pip compile pyproject.toml --universal --python-version 3.11 --quiet -o $(LOCK)

lint: $(STAMP) ## Check the code's style with ruff (checks, then the formatter; pyproject.toml [tool.ruff])
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

test: lint ## Run the whole test suite: make lint, then pytest over tests/ and nbval over notebooks/
	$(BIN)/python -m pytest tests $(if $(NOTEBOOKS),$(NOTEBOOKS) --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg)

fetch-gdelt: $(STAMP) ## Download GDELT event files of a window: START=2023-10-07 END=2023-10-08 [VERSION=1|2] into downloads/gdelt
	@test -n "$(START)" -a -n "$(END)" || { echo "usage: make fetch-gdelt START=YYYY-MM-DD END=YYYY-MM-DD [VERSION=2]"; exit 2; }
	$(BIN)/python -m analysis.fetch gdelt --start $(START) --end $(END) $(if $(VERSION),--version $(VERSION))

fetch-undl: $(STAMP) ## Download a UN Digital Library voting export: URL=<download link> [MD5=<sum>] into downloads/undl
	@test -n "$(URL)" || { echo "usage: make fetch-undl URL=<the export's download link> [MD5=<sum>]"; exit 2; }
	$(BIN)/python -m analysis.fetch undl --url "$(URL)" $(if $(MD5),--md5 $(MD5))

report: $(STAMP) ## Run every notebook for every run in runs.yaml into reports/ (WORKERS=n, RUNS="a b")
	$(BIN)/python -m analysis.report $(if $(WORKERS),--workers $(WORKERS)) $(if $(RUNS),--only $(RUNS))

notebooks: $(STAMP) ## Re-execute the committed notebooks in place with their defaults (deterministic)
	$(BIN)/python -m analysis.report --regenerate

bench: $(STAMP) ## Benchmarks: similarity vs a pairwise loop, report run vs its floor, GDELT import vs bare read (prints ratios)
	$(BIN)/python benchmarks/similarity.py
	$(BIN)/python benchmarks/gdelt.py
	$(BIN)/python benchmarks/report.py $(if $(WORKERS),--workers $(WORKERS))

# --allow-root only for root: JupyterLab refuses to run as root without it (containers).
lab: $(STAMP) ## Open JupyterLab in notebooks/ on 127.0.0.1 with a token (LAB_TOKEN=..., LAB_DIR=..., LAB_ARGS="--port 8899 --no-browser")
	$(BIN)/python -m jupyter lab --notebook-dir=$(LAB_DIR) --ip=127.0.0.1 $(if $(filter 0,$(shell id -u)),--allow-root) $(if $(LAB_TOKEN),--IdentityProvider.token=$(LAB_TOKEN)) $(LAB_ARGS)

clean: ## Remove caches (never data/, notebooks/ or reports/)
	rm -rf .pytest_cache .hypothesis build *.egg-info
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
