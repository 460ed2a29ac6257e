#!/bin/sh
# Warm article page: app server alone (granian), through deploy/nginx.conf, and nginx serving
# a static copy of the same page (the ceiling), in one run. Prints wrk's figures.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/khabar_bench \
#   REDIS_URL=redis://127.0.0.1:6379/3 bench/cache/warm.sh [news_id]
#
# Needs a database with content (`khabar migrate && khabar news_seed_demo`; default article:
# the seed, 3830263), Redis, Debian's nginx and wrk. Production settings, DEBUG off.
set -eu
cd "$(dirname "$0")/../.."
NEWS_ID=${1:-3830263}
WORK=$(mktemp -d)
APP_PORT=${APP_PORT:-8431}
NGINX_PORT=${NGINX_PORT:-8432}
THREADS=${THREADS:-2}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
export DJANGO_SETTINGS_MODULE=khabar.settings.production
export KHABAR_SECRET_KEY=${KHABAR_SECRET_KEY:-bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz}
export KHABAR_ALLOWED_HOSTS=127.0.0.1,localhost
export KHABAR_SECURE_SSL_REDIRECT=false
export KHABAR_STATIC_ROOT="$WORK/static" KHABAR_MEDIA_ROOT="$WORK/media"
export KHABAR_DB_CONN_MAX_AGE=60 KHABAR_LOG_LEVEL=WARNING
mkdir -p "$WORK/media" "$WORK/cache" "$WORK/run" "$WORK/log"

.venv/bin/khabar collectstatic --noinput -v0
.venv/bin/granian --interface wsgi --workers 2 --blocking-threads "$THREADS" --no-log \
    --host 127.0.0.1 --port "$APP_PORT" khabar.wsgi:application >"$WORK/granian.log" 2>&1 &
GRANIAN=$!
python3 deploy/nginx_render.py --upstream "127.0.0.1:$APP_PORT" --listen "127.0.0.1:$NGINX_PORT" \
    --static-root "$WORK/static" --media-root "$WORK/media" --cache-dir "$WORK/cache" \
    --run-dir "$WORK/run" --log-dir "$WORK/log" --access-log off \
    --user "$( [ "$(id -u)" = 0 ] && echo root || echo '')" --out "$WORK/nginx.conf"
/usr/sbin/nginx -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/log/error.log" -g 'daemon off;' &
NGINX=$!
trap 'kill $GRANIAN $NGINX 2>/dev/null; rm -rf "$WORK"' EXIT

for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$APP_PORT/robots.txt" && break; sleep 0.5; done
URL=$(curl -s -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:$APP_PORT/x$NEWS_ID")
PAGE=${URL#http://127.0.0.1:$APP_PORT}
curl -s -o "$WORK/static/article.html" "$URL"   # warms the page cache too
curl -s -o /dev/null "$URL"
echo "page: $PAGE ($(wc -c <"$WORK/static/article.html") bytes)"
echo "app state: $(curl -s -D - -o /dev/null "$URL" | grep -i x-khabar-cache | tr -d '\r')"

run() {
    echo "== $1"
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$2" | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket'
}
run "app server alone (granian, 2 workers x $THREADS threads)" "$URL"
echo "app worker RSS (MB): $(for p in $(pgrep -P $GRANIAN); do echo $(( $(awk '/VmRSS/ {print $2}' /proc/$p/status) / 1024 )); done | tr '\n' ' ')"
run "through nginx (micro-cache)" "http://127.0.0.1:$NGINX_PORT$PAGE"
run "nginx, static copy (ceiling)" "http://127.0.0.1:$NGINX_PORT/static/article.html"
