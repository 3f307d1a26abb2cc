#!/usr/bin/env bash
# Measures the Query Monitor's sessions fragment (/queries/live) on a PostgreSQL cluster with SESSIONS client
# sessions (default 2000) side by side with a plain psql read of pg_stat_activity on the same cluster.
# It starts Debian's PostgreSQL 15 on 127.0.0.1:8291 in a fresh directory, as the postgres user when run as root.
# pgbench opens the sessions, each running "SELECT pg_sleep(600)" in a loop. Then target/wem.jar starts on
# 127.0.0.1:8290 against that cluster and bench/SessionsBench.java runs. At the end everything stops, and the
# script prints the machine facts.
# Arguments are passed to SessionsBench, for example: bench/sessions_run.sh --rounds 10 --per-round 50
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
sessions="${SESSIONS:-2000}"
cluster_port=8291
wem_port=8290
admin_password='Wem-Bench-Pass-2048'
startup_timeout_seconds=180

work=""
wem_pid=""
pgbench_pid=""

# Runs a command as the postgres user when this script runs as root, because PostgreSQL refuses to run as root.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

cleanup() {
  local status=$?
  if [ -n "$wem_pid" ] && kill -0 "$wem_pid" 2>/dev/null; then
    kill -TERM "$wem_pid" 2>/dev/null || true
    wait "$wem_pid" 2>/dev/null || true
  fi
  if [ -n "$pgbench_pid" ] && kill -0 "$pgbench_pid" 2>/dev/null; then
    kill -TERM "$pgbench_pid" 2>/dev/null || true
    wait "$pgbench_pid" 2>/dev/null || true
  fi
  if [ -n "$work" ] && [ -f "$work/cluster/postmaster.pid" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$work/cluster" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "$work" ]; then
    echo "sessions_run.sh: logs are in $work/wem.log and $work/cluster.log"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for tool in initdb pg_ctl pgbench psql; do
  if [ ! -x "$pg_bin/$tool" ]; then
    echo "sessions_run.sh: $pg_bin/$tool is missing; install Debian's postgresql package or set PG_BIN" >&2
    exit 1
  fi
done

echo "sessions_run.sh: building target/wem.jar if needed"
"$root/wem" build

work="$(mktemp -d /tmp/wem-sessions-bench.XXXXXX)"
chmod 755 "$work"
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$work"
fi
as_postgres "$pg_bin/initdb" -D "$work/cluster" -U postgres -A trust >/dev/null
as_postgres "$pg_bin/pg_ctl" -D "$work/cluster" -l "$work/cluster.log" -w \
  -o "-p $cluster_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work -c max_connections=$((sessions + 50))" \
  start >/dev/null
echo "sessions_run.sh: PostgreSQL $("$pg_bin/psql" -h 127.0.0.1 -p "$cluster_port" -U postgres -XAtc 'SHOW server_version') on 127.0.0.1:$cluster_port"

echo 'SELECT pg_sleep(600);' >"$work/sleep.sql"
"$pg_bin/pgbench" -h 127.0.0.1 -p "$cluster_port" -U postgres -n -c "$sessions" -j 2 -T 3600 -f "$work/sleep.sql" postgres \
  >"$work/pgbench.log" 2>&1 &
pgbench_pid=$!
waited=0
until [ "$("$pg_bin/psql" -h 127.0.0.1 -p "$cluster_port" -U postgres -XAtc \
  "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgbench'")" -ge "$sessions" ]; do
  if ! kill -0 "$pgbench_pid" 2>/dev/null; then
    echo "sessions_run.sh: pgbench exited before opening $sessions sessions:" >&2
    tail -n 20 "$work/pgbench.log" >&2
    exit 1
  fi
  if [ "$waited" -ge 120 ]; then
    echo "sessions_run.sh: pgbench did not open $sessions sessions within 120 s" >&2
    exit 1
  fi
  sleep 1
  waited=$((waited + 1))
done
echo "sessions_run.sh: $sessions pgbench sessions are open"

WHPG_HOST=127.0.0.1 WHPG_PORT="$cluster_port" WHPG_DATABASE=postgres WHPG_USER=postgres WHPG_SSLMODE=disable \
  PORT="$wem_port" WEM_BIND_ADDRESS=127.0.0.1 WEM_DATA_DIR="$work/wem" WEM_ADMIN_PASSWORD="$admin_password" \
  WEM_COOKIE_SECRET="$(head -c 48 /dev/urandom | base64 -w0)" WEM_INSECURE_COOKIES=1 WHPG_ALLOW_ROOT=1 \
  java -jar "$root/target/wem.jar" start >"$work/wem.log" 2>&1 &
wem_pid=$!
waited=0
until (exec 3<>"/dev/tcp/127.0.0.1/$wem_port") 2>/dev/null; do
  if ! kill -0 "$wem_pid" 2>/dev/null || [ "$waited" -ge "$startup_timeout_seconds" ]; then
    echo "sessions_run.sh: WEM did not start; its last output:" >&2
    tail -n 30 "$work/wem.log" >&2
    exit 1
  fi
  sleep 1
  waited=$((waited + 1))
done
echo "sessions_run.sh: WEM is listening on 127.0.0.1:$wem_port"

WEM_BENCH_PASSWORD="$admin_password" java "$root/bench/SessionsBench.java" --url "http://127.0.0.1:$wem_port" --user admin \
  --psql "$pg_bin/psql" --cluster-port "$cluster_port" --sessions "$sessions" "$@"

echo
echo "Machine"
echo "  date        $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "  CPU         $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) available"
echo "  memory      $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "  kernel      $(uname -sr)"
echo "  java        $(java -version 2>&1 | sed -n '1p')"
