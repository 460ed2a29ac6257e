#!/usr/bin/env bash
# Set up, then run the site on SQLite with demo content at http://127.0.0.1:8000
# Beside the web server runs `khabar worker`, which publishes scheduled articles
# on time (no cron needed); both stop together.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export DJANGO_SETTINGS_MODULE=khabar.settings.dev
printf '\n\033[1m==> Database (SQLite) and demo content\033[0m\n'
.venv/bin/khabar migrate --noinput
.venv/bin/khabar news_seed_demo
printf '\n\033[1m==> Scheduled-publishing worker\033[0m\n'
.venv/bin/khabar worker --interval "${KHABAR_WORKER_INTERVAL:-15}" &
WORKER_PID=$!
trap 'kill "$WORKER_PID" 2>/dev/null || true; wait "$WORKER_PID" 2>/dev/null || true' EXIT INT TERM
printf '\n\033[1m==> Serving http://127.0.0.1:8000  (Ctrl-C stops)\033[0m\n'
.venv/bin/khabar runserver 127.0.0.1:8000
