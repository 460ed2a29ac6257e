#!/usr/bin/env bash
# Install everything Khabar needs, from its own files: Debian packages (apt),
# the Python virtualenv (pip, pyproject.toml), the Vazirmatn font (npm,
# package-lock.json), and the compiled Persian translations.
#   scripts/setup.sh         what the site needs to run
#   scripts/setup.sh --dev   plus the test tools and Debian's chromium for browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
[[ "${1:-}" == "--dev" ]] && DEV=1
PYTHON="${PYTHON:-python3.11}"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

packages=()
command -v msgfmt >/dev/null || packages+=(gettext)
command -v npm >/dev/null || packages+=(npm)
# pg_dump/pg_restore for `khabar backup` / `khabar restore` on PostgreSQL (docs/operations.md).
command -v pg_dump >/dev/null || packages+=(postgresql-client)
if [[ $DEV == 1 ]]; then
    command -v chromium >/dev/null || packages+=(chromium)
    # nginx in front of the app (deploy/nginx.conf) is tested and benchmarked; wrk loads it.
    command -v nginx >/dev/null || packages+=(nginx)
    [[ -e /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ]] \
        || packages+=(libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static)
    command -v wrk >/dev/null || packages+=(wrk)
    # The RUM index for PostgreSQL search, for each local PostgreSQL server (optional:
    # search works with GIN alone; the tests cover both).
    for dir in /usr/lib/postgresql/*/; do
        [[ -d "$dir/bin" ]] || continue
        version=$(basename "$dir")
        [[ -e "$dir/lib/rum.so" ]] || packages+=("postgresql-$version-rum")
    done
fi
if (( ${#packages[@]} )); then
    step "Debian packages: ${packages[*]}"
    SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${packages[@]}"
fi

if ! command -v "$PYTHON" >/dev/null; then
    echo "Khabar needs Python 3.11 ($PYTHON was not found; set PYTHON=/path/to/python3.11)." >&2
    exit 1
fi
if [[ ! -x .venv/bin/python ]]; then
    step "Python virtualenv in .venv"
    "$PYTHON" -m venv .venv
fi
step "Python packages (pip)"
.venv/bin/python -m pip install --upgrade --quiet pip
if [[ $DEV == 1 ]]; then
    .venv/bin/python -m pip install --progress-bar on -e '.[dev]'
else
    .venv/bin/python -m pip install --progress-bar on -e .
fi

step "Vazirmatn font (npm)"
npm ci --no-audit --no-fund

if [[ -d locale ]]; then
    step "Persian translations"
    .venv/bin/khabar compilemessages --ignore=.venv --ignore=node_modules --verbosity 0
fi
echo "Set-up done."
