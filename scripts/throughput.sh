#!/usr/bin/env bash
# `make throughput`: requests a second of one page under a bounded load, as the performance
# target states it: gunicorn with 2 workers on a loopback port, wrk with 8 connections for
# THROUGHPUT_TIME (20s) after a 5 s warm-up, a signed-in staff session; prints requests/s and
# latency percentiles. Runs on the database DATABASE_URL names, as it is (seed it first:
# `seed_scale --companies 100000` for the figures in the README); THROUGHPUT_PATH (the company
# list, /companies/) picks the page.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${THROUGHPUT_PORT:-8002}"
TIME="${THROUGHPUT_TIME:-20s}"
PAGE="${THROUGHPUT_PATH:-/companies/}"
OUT="var/throughput"
mkdir -p "$OUT"

if ! command -v wrk > /dev/null; then
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq wrk; else sudo apt-get install -y -qq wrk; fi
fi
# shellcheck source=scripts/production_like.sh
source scripts/production_like.sh

.venv/bin/python manage.py createcachetable
.venv/bin/python manage.py collectstatic --noinput -v 0
cookie="$(.venv/bin/python manage.py bench_session --role staff)"

.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers 2 --keep-alive 10 \
    --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 60); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break
    sleep 0.5
done
status="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$PORT$PAGE")"
if [ "$status" != 200 ]; then
    echo "throughput: $PAGE answered $status to the signed-in session" >&2
    exit 1
fi

wrk -t2 -c8 -d5s -H "Cookie: $cookie" "http://127.0.0.1:$PORT$PAGE" > /dev/null
wrk -t2 -c8 -d"$TIME" --latency -H "Cookie: $cookie" "http://127.0.0.1:$PORT$PAGE" \
    | tee "$OUT/wrk.txt"
.venv/bin/python - "$OUT/wrk.txt" "$PAGE" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
lat = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", text, re.M))
print(f"throughput {sys.argv[2]}: {rate:.1f} requests/s with 8 connections, 2 gunicorn workers; "
      f"latency p50 {lat.get('50')}, p90 {lat.get('90')}, p99 {lat.get('99')}; "
      f"non-2xx: {errors.group(1) if errors else 0}")
sys.exit(1 if errors else 0)
PY
