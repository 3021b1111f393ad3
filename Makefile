# One entry for developers and CI. `make demo` and `make test` each set up what they need.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck check bench clean messages

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)

# The message catalogue: the .po is committed, the .mo is built from it (and compiled in
# memory at run time when missing or older than the .po; see src/propsvc/locale/README.md).
LOCALE := src/propsvc/locale
PO := $(LOCALE)/zh_CN/LC_MESSAGES/propsvc.po
MO := $(PO:.po=.mo)

$(MO): $(PO) $(STAMP)
	$(BIN)/pybabel -q compile -D propsvc -d $(LOCALE) -l zh_CN

# extract every _()/N_()/zh_() string and vocabulary label, update the .po, compile the .mo
messages: $(STAMP)
	$(BIN)/python -m propsvc.locale.extract

demo: $(STAMP) $(MO)
	$(BIN)/propsvc demo --month 2026-10 --force

# The whole suite: unit, BDD (features/), CLI, and integration on SQLite and PostgreSQL.
test: $(STAMP) $(MO)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard benchmarks)
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
