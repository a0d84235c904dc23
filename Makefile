# Two commands do all the set-up on a fresh machine (see README):
#   make demo   install everything, then run the main job on examples/raqqa
#   make test   install everything, then run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: install
	rm -f examples/raqqa.db examples/raqqa.db-wal examples/raqqa.db-shm
	$(BIN)/dateline ingest examples/raqqa --db examples/raqqa.db
	$(BIN)/dateline ls --db examples/raqqa.db

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest

clean:
	rm -rf $(VENV) examples/raqqa.db*
