# The README's two commands are `make run` and `make test`; the rest serve CI and maintainers.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
DOCUMENTS ?= 20000
NOTIFICATIONS ?= 10000
USERS ?= 500
ACTIVITIES ?= 200000
DOWNLOAD_MB ?= 500
BENCH_ARGS ?=
SCALE ?= 1
SECONDS_PER_PAGE ?= 6
PORT ?= 8000
API_FUZZ_EXAMPLES ?= 10

.DEFAULT_GOAL := help
.PHONY: help venv run test test-dates api-fuzz lint format messages check-deploy compose-check worker beat bench bench-documents bench-notify seed-scale bench-pages bench-exports bench-download mutation mutation-mutmut clean

help:
	@echo "make run            migrate, seed the demo data and serve http://127.0.0.1:8000 (SQLite, in-process tasks); PORT=..."
	@echo "make test           the pytest suite (PostgreSQL + Redis when DATABASE_URL / REDIS_URL are set); PYTEST_ARGS=..."
	@echo "make test-dates     the suite at three hard dates (31 Dec 23:30 Beijing, 29 Feb, mid-year); TEST_CLOCKS=..."
	@echo "make api-fuzz       schemathesis on every API operation of a live portal (gunicorn; PostgreSQL beside"
	@echo "                    DATABASE_URL's, else SQLite), a demo token: no 5xx, schema-conformant; API_FUZZ_EXAMPLES=..."
	@echo "make lint           ruff check, ruff format --check, import contracts, makemigrations --check"
	@echo "make format         ruff format + ruff check --fix"
	@echo "make messages       update and compile the zh_Hans catalogue"
	@echo "make check-deploy   manage.py check --deploy with production-like settings"
	@echo "make compose-check  validate docker-compose.yml"
	@echo "make worker | beat  Celery worker / beat (needs REDIS_URL)"
	@echo "make bench          every benchmark"
	@echo "make bench-documents  seed DOCUMENTS=20000 documents in PostgreSQL portal_bench, time list and search pages"
	@echo "make bench-notify   deliver NOTIFICATIONS=10000 notifications to USERS=500 users over SMTP, then their digests"
	@echo "make seed-scale     ten years of synthetic cooperation in PostgreSQL portal_scale (SCALE=0.05 for a twentieth)"
	@echo "make bench-pages    every page under gunicorn at 16 clients on portal_scale; appends to bench/RESULTS.md"
	@echo "make bench-exports  a worker's memory growth exporting ACTIVITIES=200000 ledger rows as CSV and XLSX (portal_bench)"
	@echo "make bench-download the serving process's memory growth sending a DOWNLOAD_MB=500 file, from disk and from S3"
	@echo "make mutation       mutation testing of the parties' rules (mutmut's mutants, one sweep session, ~1 h; not in CI):"
	@echo "                    MUTATION.md; MUTANTS=... (globs); make mutation-mutmut MUTANTS=... confirms with mutmut's runner"
	@echo "make clean          remove caches, collected static files, test artefacts and the virtualenv"

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -r requirements-dev.txt
	touch $@

venv: $(STAMP)

# DATABASE_URL / REDIS_URL are neither set nor unset here: without them settings use SQLite and eager tasks.
# Links in e-mails and .ics files follow the port served (`PORT=8001 make run`), unless SITE_URL is set.
run: export DJANGO_DEBUG = true
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: $(STAMP)
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT); links in e-mails and .ics files start with $(SITE_URL)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# One pytest process per core (pytest-xdist): the suite takes twice as long in one. loadgroup keeps the modules
# that share one seeded demo (tests/demo.py) on one worker each.
TEST_WORKERS ?= 2
XDIST := -n $(TEST_WORKERS) --dist loadgroup
test: $(STAMP)
	$(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

# The suite must not depend on today's date: New Year's Eve in Beijing (already the next year there,
# still the old one in UTC), a leap day and mid-year. Left out: what runs in other processes, which keep the
# real clock (the browser, the real Celery workers of the delivery tests, and the S3 server, which refuses requests
# signed at a moved clock), and the backup's PostgreSQL round trip (these runs are on SQLite, where the backup's
# SQLite round trip runs instead).
TEST_CLOCKS ?= 2026-12-31T23:30:00+08:00 2028-02-29T10:00:00+08:00 2027-07-01T12:00:00+08:00
test-dates: $(STAMP)
	set -e; for clock in $(TEST_CLOCKS); do echo "== clock at $$clock"; $(BIN)/pytest -q $(XDIST) --ignore=tests/browser \
	  --ignore=tests/notifications/test_delivery_failures.py --ignore=tests/notifications/test_outbox_redis.py --ignore=tests/storage/test_s3.py \
	  --ignore=tests/backup/test_round_trip_postgresql.py \
	  --clock=$$clock $(PYTEST_ARGS); done

# Schemathesis against the live schema (/api/schema/) of a portal served for the run, on a database of its own
# (bench/api_fuzz.py says which); fails on a 5xx, a response the schema does not describe, an undocumented
# status or an operation left untested. API_FUZZ_ARGS=--seed N repeats a run.
API_FUZZ_ARGS ?=
api-fuzz: $(STAMP)
	$(BIN)/python bench/api_fuzz.py --max-examples $(API_FUZZ_EXAMPLES) $(API_FUZZ_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	mkdir -p var
	DJANGO_DEBUG=true $(MANAGE) makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: $(STAMP)
	DJANGO_DEBUG=true $(MANAGE) makemessages -l zh_Hans --ignore=.venv --ignore=staticfiles --ignore=tests --no-obsolete
	DJANGO_DEBUG=true $(MANAGE) compilemessages --ignore=.venv

# A fresh random key each time: the check must pass on what production sets, not on a committed value.
check-deploy: $(STAMP)
	DJANGO_DEBUG=false DJANGO_HTTPS_ONLY=true ALLOWED_HOSTS=portal.example.org \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	$(MANAGE) check --deploy --fail-level WARNING

# docker-compose v1 (Debian's) needs the env_file to exist; validate against a copy of .env.example
# in a scratch project directory so no .env is ever written into the repo (settings.py would read it).
compose-check:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && cp .env.example "$$tmp/.env" && \
	docker-compose -f docker-compose.yml --project-directory "$$tmp" config -q && \
	echo "docker-compose.yml: valid"

worker: $(STAMP)
	$(BIN)/celery -A protocol worker -l info

# The schedule is read from the database (admin → Periodic tasks), so beat keeps no file.
beat: $(STAMP)
	$(BIN)/celery -A protocol beat -l info

bench: bench-documents bench-notify bench-exports bench-download

# Benchmarks write tens of thousands of rows into a database of their own: DATABASE_URL only if its name says
# $(2), otherwise $(1) on the local PostgreSQL (created if absent). The commands delete their rows (seed_scale
# replaces its own). PORTAL_DEV_TOOLS installs the bench app, which production settings leave out.
# The cache is Redis (db 3 unless CACHE_URL says otherwise), as in production: gunicorn's workers must share
# the dashboard's cached counts and their invalidation (protocol/counts.py).
define BENCH_DATABASE
set -e; case "$${DATABASE_URL:-}" in \
  $(2)) url="$$DATABASE_URL" ;; \
  *) url=postgres://postgres@127.0.0.1:5432/$(1); \
     psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$(1)'" \
       | grep -q 1 || createdb -h 127.0.0.1 -U postgres $(1) ;; \
esac; \
export DATABASE_URL="$$url" DJANGO_DEBUG=false DJANGO_HTTPS_ONLY=false SECRET_KEY=bench-only-not-a-secret \
  ALLOWED_HOSTS=testserver,localhost,127.0.0.1 PORTAL_DEV_TOOLS=true \
  CACHE_URL="$${CACHE_URL:-rediscache://127.0.0.1:6379/3}"; \
$(MANAGE) migrate --noinput -v 0
endef

bench-documents: $(STAMP)
	@$(call BENCH_DATABASE,portal_bench,*bench*); $(MANAGE) bench_documents --documents $(DOCUMENTS) $(BENCH_ARGS)

bench-notify: $(STAMP)
	@$(call BENCH_DATABASE,portal_bench,*bench*); \
	$(MANAGE) bench_notify --notifications $(NOTIFICATIONS) --users $(USERS) $(BENCH_ARGS)

# Ten years of both parties' records (SCALE=1: 2,000 staff, 200k activities, 100k documents, 20k meetings,
# 200k notifications) in portal_scale, replacing what an earlier run seeded there; bench-pages measures it.
seed-scale: $(STAMP)
	@$(call BENCH_DATABASE,portal_scale,*scale*|*bench*); $(MANAGE) seed_scale --scale $(SCALE) $(BENCH_ARGS)

bench-pages: $(STAMP)
	@$(call BENCH_DATABASE,portal_scale,*scale*|*bench*); \
	$(MANAGE) bench_pages --seconds $(SECONDS_PER_PAGE) $(BENCH_ARGS)

# Exports stream: the whole ledger as CSV and as XLSX must not grow a worker by more than 50 MB. Reads the
# activities already there (portal_scale) or inserts what is missing for the run (portal_bench, or a database
# whose name says export).
bench-exports: $(STAMP)
	@$(call BENCH_DATABASE,portal_bench,*bench*|*scale*|*export*); \
	$(MANAGE) bench_exports --activities $(ACTIVITIES) $(BENCH_ARGS)

# Downloads stream: a 500 MB library file through the download view must not grow the serving process by 50 MB,
# from the local disk and from S3 (a SeaweedFS server started for the run, bench/seaweedfs.py).
bench-download: $(STAMP)
	@$(call BENCH_DATABASE,portal_bench,*bench*); $(MANAGE) bench_download --mb $(DOWNLOAD_MB) $(BENCH_ARGS)

# Mutation testing of the modules that hold the parties' rules (MUTATION.md); too slow for CI. mutmut makes the
# mutants; one pytest session tries them all (tests/mutation_run.py, tests/mutation_sweep.py): mutmut's own runner,
# a forked session per mutant, would take eleven hours for the scope. One process: the cores are shared.
# MUTANTS=... for a part (mutmut's names: module.x_function__mutmut_N, globs allowed). Results stay in mutants/.
# The detail selectors' joins live in *_detailed_for (a detail page and its neighbours share them).
MUTATION_SCOPE := 'protocol.visibility.*' 'protocol.activities.permissions.*' 'cooperation.*.permissions.*' \
  'protocol.activities.selectors.x_activit*' \
  'cooperation.documents.selectors.x_documents_visible_to_*' 'cooperation.documents.selectors.x_document_detail_*' \
  'cooperation.documents.selectors.x_documents_detailed_for_*' \
  'cooperation.meetings.selectors.x_meetings_visible_to_*' 'cooperation.meetings.selectors.x_meeting_detail_*' \
  'cooperation.meetings.selectors.x_meetings_detailed_for_*' \
  'cooperation.meetings.selectors.x_minutes_searchable_by_*' 'cooperation.meetings.selectors.x_minutes_revisions_readable_by_*' \
  'cooperation.meetings.selectors.x_action_items_visible_to_*' \
  'cooperation.projects.selectors.x_*_visible_to_*' 'cooperation.projects.selectors.x_reviews_readable_by_*' \
  'cooperation.research.selectors.x_projects_visible_to_*' 'cooperation.research.selectors.x_documents_known_to_*' \
  'cooperation.training.selectors.x_*_visible_to_*' \
  'protocol.signoff.*' \
  'protocol.notifications.outbox.x_enqueue_*' 'protocol.notifications.outbox.x_publish_*' \
  'protocol.notifications.outbox.x_deliver_*' 'protocol.notifications.outbox.x__withhold_*' \
  'protocol.notifications.outbox.x_sweep_*' 'protocol.notifications.outbox.xǁBatchǁof_*' \
  'protocol.uploads.*' \
  'cooperation.documents.files.x_inspect_upload_*' 'cooperation.documents.files.x__inspect_*' \
  'cooperation.documents.files.x__clean_name_*' 'cooperation.documents.files.x__extension_*' \
  'cooperation.documents.files.x__text_encoding_*' 'cooperation.documents.files.x__check_*'
MUTANTS ?= $(MUTATION_SCOPE)
# The test database is built again (the migrations may have changed), then kept for the session (tests/mutation.py).
mutation: $(STAMP)
	rm -f mutants/var/mutation-tests.sqlite3
	$(BIN)/python -m tests.mutation_run $(MUTANTS)
	$(BIN)/python -m tests.mutation_report $(MUTANTS)

# mutmut's own runner, to confirm a verdict of the sweep: a forked session per mutant, ~19 s each (MUTATION.md).
mutation-mutmut: $(STAMP)
	rm -f mutants/var/mutation-tests.sqlite3
	$(BIN)/mutmut run --max-children 1 $(MUTANTS)
	$(BIN)/python -m tests.mutation_report $(MUTANTS)

clean:
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache staticfiles test-artifacts mutants $(VENV)
