#!/usr/bin/env bash
# Set up, then run the whole suite twice: on SQLite with the local-memory cache,
# and on PostgreSQL (127.0.0.1:5432, user postgres) with Redis (127.0.0.1:6379).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
export DJANGO_SETTINGS_MODULE=khabar.settings.test
PG_URL="${KHABAR_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/khabar}"
REDIS="${KHABAR_TEST_REDIS_URL:-redis://127.0.0.1:6379/0}"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Services: PostgreSQL and Redis must be reachable"
.venv/bin/python scripts/check_services.py "$PG_URL" "$REDIS"

step "Lint: ruff, import layers"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports

step "Dependency audit: pip-audit over the installed packages (scripts/audit_deps.py)"
.venv/bin/python scripts/audit_deps.py

step "Production settings pass Django's deployment checks"
DJANGO_SETTINGS_MODULE=khabar.settings.production KHABAR_SECRET_KEY="ci-$(date +%s)-not-a-real-secret-but-long-enough-for-check" \
    KHABAR_ALLOWED_HOSTS=news.example KHABAR_HSTS_PRELOAD=true .venv/bin/khabar check --deploy --fail-level WARNING

step "Migrations are up to date"
DATABASE_URL="sqlite:///:memory:" .venv/bin/khabar makemigrations --check --dry-run

run_pytest() {
    local rc=0
    # --durations: the slowest tests in the log, to see where the suite's time goes
    .venv/bin/python -m pytest --durations=15 "$@" || rc=$?
    if [[ $rc == 5 ]]; then
        echo "pytest collected no tests: that is a failure here." >&2
        exit 1
    fi
    return $rc
}

step "Test suite on SQLite, local-memory cache"
DATABASE_URL="" REDIS_URL="" run_pytest "$@"

step "Test suite on PostgreSQL with the Redis cache"
DATABASE_URL="$PG_URL" REDIS_URL="$REDIS" run_pytest "$@"
step "Both runs passed."
