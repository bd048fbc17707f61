# The two commands of the quick start: `make demo` and `make test` (`make test-fast` while editing).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
# The articles of the example story (its README and EXPECTED.md are not articles).
EXAMPLE := $(filter-out %/README.md %/EXPECTED.md,$(wildcard examples/story/*.*))
OUT := out

.PHONY: demo test test-fast lint bench clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first and exactly pinned, so nothing later asks for a CUDA build
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(DEVSTAMP): $(STAMP) requirements-dev.lock
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	bash scripts/install-browser.sh
	touch $@

demo: $(STAMP)
	mkdir -p $(OUT)
	$(BIN)/sourcetrace analyze $(EXAMPLE) -o $(OUT)/dossier.json --html $(OUT)/report.html --md $(OUT)/brief.md
	@echo "Dossier: $(OUT)/dossier.json  Report: $(OUT)/report.html  Brief: $(OUT)/brief.md"

test: $(DEVSTAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest -n 2 -q

# The tests that load no model (well under a minute); a test that loads spaCy or the encoder
# without requesting the `models` fixture fails here, so the subset stays honest.
test-fast: $(DEVSTAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	SOURCETRACE_FAST_TESTS=1 $(BIN)/python -m pytest -n 2 -q -m "not slow"

bench: $(STAMP)
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache
