# The two commands the README opens with: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db
DEMO_PORT ?= 8000

.PHONY: install demo test lint bench bench-serve clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: install
	$(BIN)/presswatch ingest samples/news --db $(DEMO_DB); test $$? -le 3
	$(BIN)/presswatch stats --db $(DEMO_DB)
	$(BIN)/presswatch documents --db $(DEMO_DB) --limit 8
	$(BIN)/presswatch export --db $(DEMO_DB) --format jsonl --out demo-export.jsonl
	@echo "Export written to demo-export.jsonl"
	@echo "Web UI and REST API: http://127.0.0.1:$(DEMO_PORT)/  (API docs: /docs; Ctrl+C stops)"
	$(BIN)/presswatch serve --db $(DEMO_DB) --port $(DEMO_PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/ingest.py

bench-serve: install
	$(BIN)/presswatch ingest samples/news --db $(DEMO_DB) -q; test $$? -le 3
	$(BIN)/python bench/serve.py --db $(DEMO_DB)

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm demo-export.jsonl
