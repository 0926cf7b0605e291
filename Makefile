# The two commands a newcomer runs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test lint typecheck migrations-check pytest bench clean install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "Hipwell is starting at http://localhost:$(PORT)/  (API docs: http://localhost:$(PORT)/api/docs/)"
	@echo "Demo logins (password hipwell-demo): demo-clinician, demo-patient-1, demo-patient-2, demo-patient-3"
	@echo "Press Ctrl-C to stop the web server and the Celery worker."
	@echo ""
	$(BIN)/honcho start -f Procfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

pytest: install
	$(BIN)/pytest

test: lint typecheck migrations-check pytest

bench: install
	$(BIN)/python -m bench.diary
	$(BIN)/python -m bench.reminders

clean:
	rm -rf $(VENV) var/celery
