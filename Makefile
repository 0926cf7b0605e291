# The two commands a newcomer runs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Loopback only: the demo accounts have published passwords. HOST=0.0.0.0 opens it
# to the local network (see the README).
HOST ?= 127.0.0.1
export PORT HOST

.PHONY: run test lint typecheck migrations-check pytest bench clean install vendor

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
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py seed_demo
	@echo ""
	@case "$(HOST)" in \
	  0.0.0.0|"[::]") echo "Hipwell is starting on every network interface, port $(PORT): open http://<this computer's address>:$(PORT)/app/ or /clinic/ (add that address to DJANGO_ALLOWED_HOSTS). Anyone on the network can sign in with the demo passwords. Over plain http a phone gets no service worker (offline, install, push): see the README." ;; \
	  *) echo "Hipwell is starting. The patient app: http://$(HOST):$(PORT)/app/  The clinician pages: http://$(HOST):$(PORT)/clinic/  (API docs: http://$(HOST):$(PORT)/api/docs/)" ;; \
	esac
	@echo "Demo logins (password hipwell-demo): demo-clinician (at /clinic/), demo-patient-1 to demo-patient-5 (in the app at /app/)"
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

# Refresh the committed JavaScript libraries from npm (needs Node and npm; running the
# app does not): pinned versions in pwa/vendor.py, checksums in pwa/vendor.lock.json.
vendor: | $(BIN)/python
	$(BIN)/python pwa/vendor.py

clean:
	rm -rf $(VENV) var/celery
