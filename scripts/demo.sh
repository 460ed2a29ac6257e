#!/usr/bin/env bash
# Set up, then run the site on SQLite with demo content at http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export DJANGO_SETTINGS_MODULE=khabar.settings.dev
printf '\n\033[1m==> Database (SQLite) and demo content\033[0m\n'
.venv/bin/khabar migrate --noinput
.venv/bin/khabar news_seed_demo
printf '\n\033[1m==> Serving http://127.0.0.1:8000  (Ctrl-C stops)\033[0m\n'
exec .venv/bin/khabar runserver 127.0.0.1:8000
