#!/usr/bin/env bash
# Runs the Audit Log benchmark against WEM on each state store: loads generated events with bench/AuditLoad.java
# while WEM is stopped, starts WEM, measures the Audit Log API with bench/AuditBench.java and stops WEM again.
#
#   bench/audit_run.sh [--stores h2,postgresql] [--events N] [-- AUDITBENCH_OPTIONS...]
#
# The script starts a private PostgreSQL server on 127.0.0.1:8193 from Debian's postgresql package (the newest
# version under /usr/lib/postgresql, or the binaries in $PG_BIN). It is WEM's state store in the postgresql run
# and the monitored cluster in both runs. WEM listens on 127.0.0.1:8192. All data lives in a new directory under
# /tmp, which the script deletes on exit, after copying the logs to /tmp/wem-audit-bench.*.log.
# The exit status is 0 when every run passed AuditBench's checks, else 1.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/target/wem.jar"
wem_port=8192
pg_port=8193
admin_password='Wem-Bench-Pass-2048'
cookie_secret='audit-benchmark-cookie-secret-not-for-production-use'
startup_timeout_seconds=240
stop_timeout_seconds=60

stores="h2,postgresql"
events=1000000
bench_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --stores|--events)
      if [ $# -lt 2 ]; then
        echo "audit_run.sh: option $1 is missing its value. Run with --help for the options." >&2
        exit 2
      fi
      if [ "$1" = --stores ]; then stores="$2"; else events="$2"; fi
      shift 2
      ;;
    --) shift; bench_args=("$@"); break ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "audit_run.sh: unknown option '$1'. Run with --help for the options." >&2; exit 2 ;;
  esac
done

work_dir=""
wem_pid=""
pg_bin=""
pg_data=""
as_postgres=()

# Stops WEM with SIGTERM and waits for it, falling back to SIGKILL after the timeout.
stop_wem() {
  if [ -n "$wem_pid" ] && kill -0 "$wem_pid" 2>/dev/null; then
    kill -TERM "$wem_pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$wem_pid" 2>/dev/null && [ "$waited" -lt "$stop_timeout_seconds" ]; do
      sleep 1
      waited=$((waited + 1))
    done
    if kill -0 "$wem_pid" 2>/dev/null; then
      echo "audit_run.sh: WEM (pid $wem_pid) did not stop within ${stop_timeout_seconds} s, sending SIGKILL" >&2
      kill -KILL "$wem_pid" 2>/dev/null || true
    fi
    wait "$wem_pid" 2>/dev/null || true
  fi
  wem_pid=""
}

stop_postgres() {
  if [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ]; then
    "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null || true
  fi
}

# Runs on every exit, so that a failed run leaves neither WEM nor PostgreSQL running.
cleanup() {
  local status=$?
  stop_wem
  stop_postgres
  if [ -n "$work_dir" ] && [ -d "$work_dir" ]; then
    # Logs are copied out first, because they explain a failed run.
    for log in "$work_dir"/*.log; do
      [ -f "$log" ] && cp "$log" "/tmp/wem-audit-bench.$(basename "$log")"
    done
    rm -rf "$work_dir"
    echo "audit_run.sh: logs are in /tmp/wem-audit-bench.*.log"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

for checked_port in "$wem_port" "$pg_port"; do
  if port_in_use "$checked_port"; then
    echo "audit_run.sh: port $checked_port on 127.0.0.1 is already in use. Stop what listens there and run again." >&2
    exit 1
  fi
done

echo "audit_run.sh: building target/wem.jar if needed"
"$root/wem" build

work_dir="$(mktemp -d /tmp/wem-audit-bench.XXXXXX)"
chmod 755 "$work_dir"

# The JDBC drivers that WEM itself ships, so that AuditLoad writes with the same versions.
mkdir "$work_dir/lib"
(cd "$work_dir/lib" && unzip -q -j "$jar" 'BOOT-INF/lib/h2-*.jar' 'BOOT-INF/lib/postgresql-*.jar')
h2_jar="$(ls "$work_dir"/lib/h2-*.jar)"
pg_jar="$(ls "$work_dir"/lib/postgresql-*.jar)"

# PostgreSQL refuses to run as root, so as root the server runs as the postgres account of the Debian package.
pg_bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "audit_run.sh: no PostgreSQL server found under /usr/lib/postgresql. Install it with" \
    "'apt-get install postgresql', or set PG_BIN to the directory of initdb and pg_ctl." >&2
  exit 1
fi
pg_data="$work_dir/pgdata"
mkdir "$pg_data"
touch "$work_dir/postgres.log"
if [ "$(id -u)" -eq 0 ]; then
  as_postgres=(runuser -u postgres --)
  chown postgres: "$pg_data" "$work_dir/postgres.log"
fi
echo "audit_run.sh: starting PostgreSQL from $pg_bin on 127.0.0.1:$pg_port"
# Trust authentication is safe enough here, because the server listens only on the loopback address and lives
# as long as the script.
"${as_postgres[@]}" "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 --locale=C >"$work_dir/initdb.log"
"${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_data" -l "$work_dir/postgres.log" -w \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $pg_data" start >/dev/null
psql_postgres=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres)
"${psql_postgres[@]}" -d postgres -c "CREATE ROLE wem LOGIN" -c "CREATE DATABASE wem OWNER wem"
pg_version="$("${psql_postgres[@]}" -d postgres -At -c "SHOW server_version")"

# Writes a wem.conf for the store and prints its path.
write_config() {
  local store="$1" conf="$work_dir/wem-$1.conf"
  {
    echo "PORT=$wem_port"
    echo "WEM_BIND_ADDRESS=127.0.0.1"
    echo "WEM_DATA_DIR=$work_dir/data-$store"
    echo "WEM_COOKIE_SECRET=$cookie_secret"
    echo "WEM_INSECURE_COOKIES=1"
    echo "WEM_ADMIN_PASSWORD=$admin_password"
    echo "WHPG_ALLOW_ROOT=1"
    echo "WHPG_HOST=127.0.0.1"
    echo "WHPG_PORT=$pg_port"
    echo "WHPG_DATABASE=postgres"
    echo "WHPG_USER=postgres"
    echo "WHPG_SSLMODE=disable"
    if [ "$store" = postgresql ]; then
      echo "WEM_HOST=127.0.0.1"
      echo "WEM_PORT=$pg_port"
      echo "WEM_DATABASE=wem"
      echo "WEM_USER=wem"
    fi
  } >"$conf"
  echo "$conf"
}

# Starts WEM with the config file and waits until its log contains the ready line, by default Spring Boot's.
start_wem() {
  local conf="$1" log="$2" ready_line="${3:-Started WemApplication}"
  # The environment overrides wem.conf, so WEM's variables in the caller's environment must not reach WEM.
  local unset_args=() name
  for name in $(compgen -e); do
    case "$name" in
      WEM_*|WHPG_*|PORT|PROMETHEUS_URL|LOKI_URL|ALERTMANAGER_URL|LOG_MIN_DURATION_STATEMENT) unset_args+=(-u "$name") ;;
    esac
  done
  env "${unset_args[@]}" java -jar "$jar" start --config "$conf" >>"$log" 2>&1 &
  wem_pid=$!
  local waited=0
  until grep -q "$ready_line" "$log"; do
    if ! kill -0 "$wem_pid" 2>/dev/null; then
      echo "audit_run.sh: WEM exited before it was ready. Its last output:" >&2
      tail -n 30 "$log" >&2
      exit 1
    fi
    if [ "$waited" -ge "$startup_timeout_seconds" ]; then
      echo "audit_run.sh: WEM was not ready after ${startup_timeout_seconds} s. Its last output:" >&2
      tail -n 30 "$log" >&2
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "audit_run.sh: WEM is ready after about ${waited} s (pid $wem_pid)"
}

# Prints WEM's condition for the free-text search q=WORD, as AuditRepository builds it, for a lower-case WORD.
text_condition() {
  local word="$1"
  echo "(LOWER(details) LIKE '%$word%' OR LOWER(reason) LIKE '%$word%' OR LOWER(target_name) LIKE '%$word%'" \
    "OR LOWER(actor_username) LIKE '%$word%' OR source_ip LIKE '%$word%')"
}

# Prints the plans of the statements that WEM runs for each measurement, with AuditBench's default parameters
# (other --query or --absent-query values are not reflected here).
explain_postgres() {
  local from week
  from="$(date -u -d '30 days ago' '+%Y-%m-%dT%H:%M:%SZ')"
  week="$(date -u -d '7 days ago' '+%Y-%m-%dT%H:%M:%SZ')"
  local columns="id, seq, occurred_at, event_type, actor_id, actor_username, target_kind, target_id, target_name, source_ip, user_agent, outcome, reason, details, hash"
  local text_filter absent_filter
  text_filter="$(text_condition mustchangepassword)"
  absent_filter="$(text_condition nosuchword)"
  local middle_seq=$((events / 2))
  echo
  echo "PostgreSQL plans (EXPLAIN ANALYZE, BUFFERS) of WEM's statements:"
  "${psql_postgres[@]}" -U wem -d wem -P pager=off \
    -c "EXPLAIN (ANALYZE, BUFFERS) SELECT $columns FROM audit_event WHERE 1 = 1 AND event_type IN ('FAILED_LOGIN') AND occurred_at >= '$from' ORDER BY seq DESC LIMIT 101" \
    -c "EXPLAIN (ANALYZE, BUFFERS) SELECT $columns FROM audit_event WHERE 1 = 1 AND $text_filter ORDER BY seq DESC LIMIT 101" \
    -c "EXPLAIN (ANALYZE, BUFFERS) SELECT $columns FROM audit_event WHERE 1 = 1 AND $absent_filter ORDER BY seq DESC LIMIT 101" \
    -c "EXPLAIN (ANALYZE, BUFFERS) SELECT $columns FROM audit_event WHERE 1 = 1 AND $absent_filter AND occurred_at >= '$week' ORDER BY seq DESC LIMIT 101" \
    -c "EXPLAIN (ANALYZE, BUFFERS) SELECT $columns FROM audit_event WHERE 1 = 1 AND seq < $middle_seq ORDER BY seq DESC LIMIT 101" \
    -c "EXPLAIN (ANALYZE, BUFFERS) SELECT $columns FROM audit_event WHERE 1 = 1 ORDER BY seq DESC" \
    -c "SELECT pg_size_pretty(pg_table_size('audit_event')) AS table_size, pg_size_pretty(pg_indexes_size('audit_event')) AS index_size"
}

# Prints the idle share of all CPUs over the next 2 s, from /proc/stat, because other work competes for them.
cpu_idle_percent() {
  local before after
  before="$(head -n 1 /proc/stat)"
  sleep 2
  after="$(head -n 1 /proc/stat)"
  awk -v before="$before" -v after="$after" 'BEGIN {
    split(before, b); split(after, a)
    total = 0
    for (i = 2; i <= 9; i++) total += a[i] - b[i]
    idle = (a[5] - b[5]) + (a[6] - b[6])
    printf "%.0f", (total > 0 ? 100 * idle / total : 0)
  }'
}

# Prints the busy (user, nice, system) and total CPU ticks of all CPUs since boot, from /proc/stat.
machine_cpu_ticks() {
  head -n 1 /proc/stat | awk '{ print $2 + $3 + $4, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }'
}

# Prints the CPU ticks (user plus system) used so far by WEM, by the PostgreSQL server and its backends, and by
# the children that this script has waited for, the benchmark's JVM among them.
own_cpu_ticks() {
  local postmaster pid
  postmaster="$(head -n 1 "$pg_data/postmaster.pid" 2>/dev/null || true)"
  {
    # After the ") " that ends the command name, fields 12 to 15 are utime, stime, cutime and cstime. The
    # children's fields count only children that have exited and been waited for.
    sed 's/.*) //' "/proc/$$/stat" | awk '{ print $14 + $15 }'
    sed 's/.*) //' "/proc/$wem_pid/stat" 2>/dev/null | awk '{ print $12 + $13 }'
    if [ -n "$postmaster" ]; then
      sed 's/.*) //' "/proc/$postmaster/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }'
      for pid in $(pgrep -P "$postmaster" || true); do
        sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }'
      done
    fi
  } | awk '{ sum += $1 } END { print sum + 0 }'
}

# Prints the CPU ticks (user plus system) that the process has used so far.
process_cpu_ticks() {
  sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'
}

# Waits until the CPUs were at least 90% idle for 2 s, at most 120 s, because WEM is still compiling after its
# start and other work may be running. Prints the last idle share.
wait_for_idle_cpus() {
  local waited=0 idle
  idle="$(cpu_idle_percent)"
  while [ "$idle" -lt 90 ] && [ "$waited" -lt 120 ]; do
    idle="$(cpu_idle_percent)"
    waited=$((waited + 2))
  done
  echo "audit_run.sh: CPU idle during the 2 s before the benchmark: ${idle}% (waited about ${waited} s for 90%)"
}

overall_status=0
IFS=',' read -r -a store_list <<<"$stores"
for store in "${store_list[@]}"; do
  case "$store" in
    h2) jdbc_url="jdbc:h2:file:$work_dir/data-h2/wem;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
        driver_jar="$h2_jar" ;;
    postgresql) jdbc_url="jdbc:postgresql://127.0.0.1:$pg_port/wem?reWriteBatchedInserts=true"
        driver_jar="$pg_jar" ;;
    *) echo "audit_run.sh: unknown store '$store' in --stores. Use h2, postgresql or both." >&2; exit 2 ;;
  esac
  conf="$(write_config "$store")"
  log="$work_dir/wem-$store-first-start.log"
  echo
  echo "=== State store: $store ==="
  echo "audit_run.sh: first start, so that Flyway creates the schema and WEM the admin account"
  # WEM creates the account after Spring Boot's ready line, and stopping it earlier would leave that to the
  # benchmark's start, where it could race the first sign-in.
  start_wem "$conf" "$log" "Created the first account"
  stop_wem
  log="$work_dir/wem-$store.log"

  echo "audit_run.sh: loading $events events with WEM stopped"
  load_started=$(date +%s.%N)
  java -cp "$driver_jar" "$root/bench/AuditLoad.java" --jdbc-url "$jdbc_url" --user wem --events "$events"
  load_ended=$(date +%s.%N)
  awk -v s="$load_started" -v e="$load_ended" 'BEGIN { printf "audit_run.sh: the load took %.1f s of wall-clock time, JVM start and compilation included\n", e - s }'

  start_wem "$conf" "$log"
  wait_for_idle_cpus
  bench_status=0
  read -r busy_before total_before <<<"$(machine_cpu_ticks)"
  wem_before="$(process_cpu_ticks "$wem_pid")"
  own_before="$(own_cpu_ticks)"
  bench_started=$(date +%s.%N)
  WEM_BENCH_PASSWORD="$admin_password" java "$root/bench/AuditBench.java" \
    --url "http://127.0.0.1:$wem_port" --user admin "${bench_args[@]}" || bench_status=$?
  [ "$bench_status" -eq 0 ] || overall_status=1
  read -r busy_after total_after <<<"$(machine_cpu_ticks)"
  wem_after="$(process_cpu_ticks "$wem_pid")"
  own_after="$(own_cpu_ticks)"
  # Whatever else kept the CPUs busy competed with WEM, PostgreSQL and the benchmark.
  awk -v busy=$((busy_after - busy_before)) -v total=$((total_after - total_before)) \
    -v wem=$((wem_after - wem_before)) -v own=$((own_after - own_before)) -v hz="$(getconf CLK_TCK)" \
    -v started="$bench_started" -v ended="$(date +%s.%N)" 'BEGIN {
      other = busy - own
      if (other < 0) other = 0
      printf "audit_run.sh: the benchmark took %.0f s. WEM used %.1f CPU-seconds. In percent of all CPUs, WEM, " \
        "PostgreSQL and the benchmark used %.0f%%, other processes %.0f%%.\n", ended - started, wem / hz,
        (total > 0 ? 100 * own / total : 0), (total > 0 ? 100 * other / total : 0)
    }'
  stop_wem
  if [ "$store" = postgresql ]; then
    explain_postgres
  fi
  echo
  echo "WEM log of the $store run: $(grep -cE '\b(WARN|ERROR)\b' "$log" || true) WARN or ERROR lines"
  grep -E '\b(WARN|ERROR)\b' "$log" | head -n 20 | sed 's/^/  /' || true
done

echo
echo "Machine"
echo "  date        $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "  CPU         $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "  CPUs        $(nproc)"
echo "  memory      $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "  kernel      $(uname -sr)"
echo "  java        $(java -version 2>&1 | sed -n '2p')"
echo "  PostgreSQL  $pg_version ($pg_bin)"
echo "  H2          $(basename "$h2_jar" .jar)"
exit "$overall_status"
