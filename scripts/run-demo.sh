#!/usr/bin/env bash
# Starts the whole demo mall on one machine: the server (embedded SQLite,
# sample MPP Kota Pariaman site), a kiosk, a hall display and a counter
# console. Ctrl-C (or closing any app is fine too) stops everything.
#   ANTREAN_ADDR   listen address   (default 127.0.0.1:8080)
#   ANTREAN_DB     database file    (default ~/.local/share/antrean/antrean.db)
#   ANTREAN_SITE   site file        (default assets/sites/pariaman.toml)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
addr=${ANTREAN_ADDR:-127.0.0.1:8080}
site=${ANTREAN_SITE:-assets/sites/pariaman.toml}
url="http://$addr"
mkdir -p bin
echo "building (the first build of the Fyne apps takes about 5 minutes)…"
for app in server kiosk display counter; do
  go build -o "bin/$app" "./$app"
done

pids=()
cleanup() {
  trap - EXIT INT TERM
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

if [ -z "${DISPLAY:-}" ]; then
  # No desktop: run the apps on a virtual screen (look with
  # `DISPLAY=:77 import -window root shot.png`).
  Xvfb :77 -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 & pids+=($!)
  export DISPLAY=:77
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
  echo "no DISPLAY: apps run on Xvfb $DISPLAY"
fi

bin/server --addr "$addr" --site "$site" ${ANTREAN_DB:+--db "$ANTREAN_DB"} & pids+=($!)
for _ in $(seq 100); do curl -fsS "$url/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "$url/v1/health" >/dev/null || { echo "server did not start" >&2; exit 1; }

bin/display --server "$url" & pids+=($!)
bin/kiosk --server "$url" & pids+=($!)
bin/counter --server "$url" --user petugas1 & pids+=($!)
echo "Antrean is running at $url — kiosk, display and counter are open (petugas1 / demo123). Ctrl-C stops all."
wait -n "${pids[@]}" || true
