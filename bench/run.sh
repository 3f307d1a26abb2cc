#!/usr/bin/env bash
# Starts a fresh WEM demo on 127.0.0.1:8190, runs bench/DashboardBench.java (or bench/$BENCH_PROGRAM.java, for
# example BENCH_PROGRAM=CanaryBench) against it, stops the demo and
# prints the machine facts that belong next to the figures. Arguments are passed to DashboardBench unchanged,
# for example: bench/run.sh --duration 60 --clients 50
# The exit status is the benchmark's (0 without errors), or 1 when the demo could not start.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port=8190
# The WEM demo starts its embedded PostgreSQL on PORT+1.
cluster_port=$((port + 1))
# Known admin password for the fresh data directory. It passes WEM's default password rules: at least 12
# characters, upper and lower case letters, a digit, a special character, and no copy of the username.
admin_password='Wem-Bench-Pass-2048'
startup_timeout_seconds=180
stop_timeout_seconds=60

demo_pid=""
bench_pid=""
data_dir=""
demo_log=""

# Stops the demo with SIGTERM, so that its shutdown hook also stops the embedded PostgreSQL, and removes the
# fresh data directory once the demo has stopped. The log is kept.
stop_demo() {
  if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then
    echo "run.sh: stopping the WEM demo (pid $demo_pid)"
    kill -TERM "$demo_pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$demo_pid" 2>/dev/null && [ "$waited" -lt "$stop_timeout_seconds" ]; do
      sleep 1
      waited=$((waited + 1))
    done
    if kill -0 "$demo_pid" 2>/dev/null; then
      echo "run.sh: the demo did not stop within ${stop_timeout_seconds} s, sending SIGKILL." \
        "Its embedded PostgreSQL may still run on port $cluster_port with data in $data_dir." >&2
      kill -KILL "$demo_pid" 2>/dev/null || true
      data_dir=""
    fi
  fi
  demo_pid=""
  if [ -n "$data_dir" ] && [ -d "$data_dir" ]; then
    rm -rf "$data_dir"
  fi
  data_dir=""
}

# Runs on every exit, so that a failed or interrupted benchmark does not leave the demo running.
cleanup() {
  local status=$?
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
  fi
  stop_demo
  if [ -n "$demo_log" ]; then
    echo "run.sh: the demo's output is in $demo_log"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Returns success when something accepts TCP connections on 127.0.0.1 at the given port.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints the share of CPU time, in percent of all CPUs, that was idle during the next 2 s, from /proc/stat.
measure_cpu_idle_percent() {
  local before after
  before="$(head -n 1 /proc/stat)"
  sleep 2
  after="$(head -n 1 /proc/stat)"
  # Fields after "cpu": user nice system idle iowait irq softirq steal. Idle here is idle plus iowait.
  awk -v before="$before" -v after="$after" 'BEGIN {
    split(before, b); split(after, a)
    total = 0
    for (i = 2; i <= 9; i++) total += a[i] - b[i]
    idle = (a[5] - b[5]) + (a[6] - b[6])
    printf "%.0f", (total > 0 ? 100 * idle / total : 0)
  }'
}

# Prints the CPU ticks (user plus system) used so far by this script and the children it has waited for, the
# demo's JVM, its PostgreSQL server and that server's backends. The benchmark's JVM counts once it has been waited for.
measure_own_cpu_ticks() {
  local pids postmaster_pids pid
  pids="$$ $demo_pid"
  postmaster_pids="$(pgrep -f -- "-D $data_dir/demo-cluster" || true)"
  for pid in $postmaster_pids; do
    pids="$pids $pid $(pgrep -P "$pid" | tr '\n' ' ')"
  done
  # After the ") " that ends the command name, fields 12 to 15 are utime, stime, cutime and cstime.
  for pid in $pids; do
    sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null || true
  done | awk '{ sum += $12 + $13 + $14 + $15 } END { print sum + 0 }'
}

# Prints the busy (user, nice, system) and total CPU ticks of all CPUs since boot, from /proc/stat.
measure_machine_cpu_ticks() {
  head -n 1 /proc/stat | awk '{ print $2 + $3 + $4, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }'
}

print_machine_facts() {
  local cpu_model memory_kib listed_cpus hypervisor
  cpu_model="$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
  memory_kib="$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo 2>/dev/null)"
  echo
  echo "Machine"
  echo "  date        $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "  CPU         ${cpu_model:-unknown (no model name in /proc/cpuinfo)}"
  listed_cpus="$(grep -c '^processor' /proc/cpuinfo 2>/dev/null || echo '?')"
  echo "  CPU count   $(nproc) available to this process, $listed_cpus in /proc/cpuinfo"
  hypervisor="$(lscpu 2>/dev/null | awk -F: '/^Hypervisor vendor/ { sub(/^ +/, "", $2); print $2 }' || true)"
  if [ -n "$hypervisor" ]; then
    echo "  hypervisor  $hypervisor (virtual CPUs)"
  fi
  if [ -n "$memory_kib" ]; then
    echo "  memory      $(awk -v kib="$memory_kib" 'BEGIN { printf "%.1f GiB", kib / 1048576 }') (MemTotal)"
  fi
  echo "  kernel      $(uname -sr)"
  echo "  java        $(java -version 2>&1 | sed -n '1p')"
  java -version 2>&1 | sed -n '2,$p' | sed 's/^/              /'
}

# Prints the demo's WARN and ERROR log lines, at most 40, so that problems during the run are not missed.
print_demo_warnings() {
  local count
  count="$(grep -cE '\b(WARN|ERROR)\b' "$demo_log" || true)"
  echo
  echo "Demo log: ${count:-0} WARN or ERROR lines"
  grep -E '\b(WARN|ERROR)\b' "$demo_log" | head -n 40 | sed 's/^/  /' || true
}

for checked_port in "$port" "$cluster_port"; do
  if port_in_use "$checked_port"; then
    echo "run.sh: port $checked_port on 127.0.0.1 is already in use. Stop what listens there and run again." >&2
    exit 1
  fi
done

echo "run.sh: building target/wem.jar if needed"
"$root/wem" build

data_dir="$(mktemp -d /tmp/wem-bench-data.XXXXXX)"
demo_log="$(mktemp /tmp/wem-bench-demo.XXXXXX.log)"
echo "run.sh: starting the WEM demo on 127.0.0.1:$port with data in $data_dir"
# The launcher execs java, so $! is the java process that the cleanup stops.
(cd "$root" && PORT="$port" WEM_DATA_DIR="$data_dir" WEM_ADMIN_PASSWORD="$admin_password" exec ./wem demo) \
  >"$demo_log" 2>&1 &
demo_pid=$!

waited=0
until grep -q 'WEM demo is running at' "$demo_log"; do
  if ! kill -0 "$demo_pid" 2>/dev/null; then
    echo "run.sh: the WEM demo exited before it was ready. Its last output:" >&2
    tail -n 30 "$demo_log" >&2
    exit 1
  fi
  if [ "$waited" -ge "$startup_timeout_seconds" ]; then
    echo "run.sh: the WEM demo was not ready after ${startup_timeout_seconds} s. Its last output:" >&2
    tail -n 30 "$demo_log" >&2
    exit 1
  fi
  sleep 1
  waited=$((waited + 1))
done
echo "run.sh: the WEM demo is ready after about ${waited} s"
# Other work on the machine shares the CPUs with WEM and the benchmark, so the idle share goes next to the
# figures. The load average is no substitute, because it still counts the threads of a run that just ended.
echo "run.sh: CPU idle during the 2 s before the benchmark: $(measure_cpu_idle_percent)%"
echo

# The benchmark runs in the background because bash delays a trap until a foreground command ends, but
# "wait" returns as soon as a trapped signal arrives, so Ctrl-C or SIGTERM stops everything at once.
bench_status=0
read -r busy_before total_before <<<"$(measure_machine_cpu_ticks)"
own_before="$(measure_own_cpu_ticks)"
WEM_BENCH_PASSWORD="$admin_password" java "$root/bench/${BENCH_PROGRAM:-DashboardBench}.java" \
  --url "http://127.0.0.1:$port" --user admin "$@" &
bench_pid=$!
wait "$bench_pid" || bench_status=$?
bench_pid=""
read -r busy_after total_after <<<"$(measure_machine_cpu_ticks)"
own_after="$(measure_own_cpu_ticks)"

# Whatever the machine was busy with beyond WEM, PostgreSQL and the benchmark competed with them for the CPUs.
# Kernel time spent on interrupts, loopback traffic included, is left out of both sides.
echo
awk -v busy=$((busy_after - busy_before)) -v total=$((total_after - total_before)) \
  -v own=$((own_after - own_before)) 'BEGIN {
    if (total <= 0) exit
    other = busy - own
    if (other < 0) other = 0
    printf "run.sh: CPU use during the benchmark (estimate from /proc, in percent of all CPUs): "
    printf "%.0f%% by WEM, its PostgreSQL and the benchmark, %.0f%% by other processes\n", 100 * own / total, 100 * other / total
  }'

echo
stop_demo
print_demo_warnings
print_machine_facts
exit "$bench_status"
