#!/usr/bin/env bash
# How long a new user waits: clones this checkout, times `npm install`, then `npm start` until
# "Baton is ready", makes one API call, stops it with Ctrl-C (SIGINT to the process group) and
# reports the figures.
#
#   bash bench/start-time.sh          warm: your npm, Go and Baton caches as they are
#   bash bench/start-time.sh cold     cold: empty npm cache, Go module/build caches and Baton cache
#                                     (builds the Temporal CLI: minutes)
set -euo pipefail
mode=${1:-warm}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d -t baton-start-XXXXXX)
# Run as root, the embedded PostgreSQL runs as the OS user postgres, which must reach the clone and its data folder.
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
export PORT=$(free_port) TEMPORAL_DEV_SERVER_PORT=$(free_port) TEMPORAL_UI_PORT=$(free_port)
if [ "$mode" = cold ]; then
  export npm_config_cache=$work/npm-cache BATON_CACHE_DIR=$work/baton-cache GOMODCACHE=$work/gomod GOCACHE=$work/gobuild
fi

git clone -q "$repo" "$work/baton"
cd "$work/baton"
now() { date +%s.%N; }
t0=$(now)
npm install --no-audit --no-fund > "$work/install.log" 2>&1 || { tail -20 "$work/install.log"; exit 1; }
t1=$(now)
setsid npm start > "$work/start.log" 2>&1 &
pid=$!
until grep -q "Baton is ready" "$work/start.log"; do
  kill -0 "$pid" 2>/dev/null || { echo "npm start died:"; tail -20 "$work/start.log"; exit 1; }
  sleep 0.2
done
t2=$(now)
status=$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$PORT/readyz")
kill -INT -- "-$pid"
t3=$(now)
while pgrep -f "$work/baton" > /dev/null; do sleep 0.1; done
t4=$(now)
[ "$mode" = cold ] && chmod -R u+w "$work/gomod" 2>/dev/null || true
printf 'mode=%s  npm install %.1f s  npm start until ready %.1f s  total %.1f s  readyz %s  all processes gone %.1f s after Ctrl-C\n' \
  "$mode" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(echo "$t2 - $t0" | bc)" "$status" "$(echo "$t4 - $t3" | bc)"
