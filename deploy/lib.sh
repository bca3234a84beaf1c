# Shared by deploy/start, stop, status, restart and upgrade; sourced, never run on its own.
# Reads the variables deploy/run.sh reads, with the same defaults, plus the timeouts below (seconds):
#
#   OPS_STATUS_TIMEOUT  how long /api/health may take to answer before status calls it unresponsive (5)
#   OPS_START_TIMEOUT   how long start waits for /api/health to answer, a build included          (180)
#   OPS_READY_GRACE     how long after Payara reports "ready" /api/health may still fail             (20)
#   OPS_STOP_TIMEOUT    how long stop waits for a clean exit after SIGTERM before SIGKILL            (60)
#   OPS_BACKUP_TIMEOUT  how long upgrade waits for its backup (jmx/opsctl --backup) before giving up  (3600)
#
# State lives in $OPS_HOME/run: ops.pid (line 1 the JVM's pid, line 2 its start time in clock ticks after
# boot, field 22 of /proc/PID/stat: a pid and its start time never name another process), ops.lock (flock,
# held by start, stop, restart and upgrade) and console.log (the JVM's output; the previous start's is
# console.log.1). console.log stays out of the log directory (ops.logs.dir): the log engine would rotate it by
# renaming, under a JVM that keeps writing to the renamed file.

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
me="deploy/$(basename "$0")"
OPS_HOME="${OPS_HOME:-$repo/var}"
[[ $OPS_HOME == /* ]] || OPS_HOME="$PWD/$OPS_HOME"
[[ ! -d $OPS_HOME ]] || OPS_HOME="$(cd "$OPS_HOME" && pwd)"  # the path run.sh passes as -Dops.home
OPS_HTTP_PORT="${OPS_HTTP_PORT:-8080}"
OPS_HTTP_ADDRESS="${OPS_HTTP_ADDRESS:-127.0.0.1}"
OPS_STATUS_TIMEOUT="${OPS_STATUS_TIMEOUT:-5}"
OPS_START_TIMEOUT="${OPS_START_TIMEOUT:-180}"
OPS_READY_GRACE="${OPS_READY_GRACE:-20}"
OPS_STOP_TIMEOUT="${OPS_STOP_TIMEOUT:-60}"
OPS_BACKUP_TIMEOUT="${OPS_BACKUP_TIMEOUT:-3600}"
export OPS_HOME OPS_HTTP_PORT OPS_HTTP_ADDRESS  # run.sh must listen where status looks

say() { echo "$me: $*"; }
warn() { echo "$me: $*" >&2; }
usage_error() { warn "$*"; exit 64; }

# Without curl every health check would read as "no answer" (start would wait and then end a healthy
# server), without flock every lock as "another start is running": say what is missing instead. 69 is
# sysexits' EX_UNAVAILABLE, as jmx/opsctl uses it.
for tool in curl flock setsid; do
  command -v "$tool" > /dev/null || { warn "needs $tool, which is not on PATH: install curl and util-linux (flock, setsid)"; exit 69; }
done

for setting in OPS_STATUS_TIMEOUT OPS_START_TIMEOUT OPS_READY_GRACE OPS_STOP_TIMEOUT OPS_BACKUP_TIMEOUT; do
  [[ ${!setting} =~ ^[0-9]+$ ]] && (( ${!setting} >= 1 )) \
    || usage_error "$setting='${!setting}' is not a whole number of seconds, 1 or more"
done

run_dir="$OPS_HOME/run"
pid_file="$run_dir/ops.pid"
lock_file="$run_dir/ops.lock"
console="$run_dir/console.log"

# Health is asked where run.sh listens; a wildcard address is asked on loopback.
case "$OPS_HTTP_ADDRESS" in
  0.0.0.0) health_host=127.0.0.1 ;;
  ::) health_host='[::1]' ;;
  *:*) health_host="[$OPS_HTTP_ADDRESS]" ;;
  *) health_host="$OPS_HTTP_ADDRESS" ;;
esac
health_url="http://$health_host:$OPS_HTTP_PORT/api/health"

# Asks /api/health once, waiting at most $1 seconds, and sets
#   health_code  the HTTP status, 000 when nothing answered in time
#   health_body  what it answered
#   health       up:   the application answers 200 (UP or DEGRADED)
#                down: the application answers 503 with its own report, status DOWN (a disk at 90 %, logs
#                      that cannot be written). It runs, and must stay up: that is when it alerts and cleans
#                      up. Nothing here stops, restarts or rolls back for it; it is reported as a warning.
#                none: anything else: no answer, or not our application (404: not deployed; another 503)
health_probe() {
  local out
  out="$(curl -s -w '\n%{http_code}' --max-time "$1" "$health_url" 2>/dev/null)" || true
  health_code="${out##*$'\n'}" health_body=""
  [[ $out != *$'\n'* ]] || health_body="${out%$'\n'*}"
  [[ $health_code =~ ^[0-9]{3}$ ]] || health_code=000
  health=none
  case $health_code in
    200) health=up ;;
    503) [[ ! $health_body =~ \"status\"[[:space:]]*:[[:space:]]*\"DOWN\" ]] || health=down ;;
  esac
}

# For health=down: the components the report gives as DOWN, with their reasons (only the status when the
# caller may not read them).
down_reasons() {
  local parts
  parts="$(grep -o '{[^{}]*"DOWN"[^{}]*}' <<< "$health_body" | tr '\n' ' ')" || true
  echo "${parts% }"
}

# The warning for health=down; $1 names the process ("pid 123, "), when known.
warn_down() {
  warn "running, ${1}but DOWN: $health_url answers 503: $(down_reasons). It stays up, to alert and clean up; this is no reason to stop or restart it"
}

# Sets proc_state (R, S, T, Z...) and proc_start (field 22) of pid $1; fails when there is no such process.
proc_stat() {
  local stat fields
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  read -r -a fields <<< "${stat##*) }"  # the command name, in parentheses, may hold spaces
  proc_state="${fields[0]}"
  proc_start="${fields[19]}"
}

# Whether pid $1 is the process that started at $2 and is not a zombie.
same_process() {
  proc_stat "$1" && [[ $proc_start == "$2" && $proc_state != [ZX] ]]
}

# Whether pid $1, started at $2, is our server: the same process, running our run.sh (while it prepares
# or builds) or Payara Micro with our OPS_HOME (after run.sh's exec).
is_ours() {
  same_process "$1" "$2" || return 1
  local cmdline
  cmdline="$(tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null)" || return 1
  [[ $cmdline == *"$repo/deploy/run.sh"* ]] \
    || [[ $cmdline == *payara-micro* && $cmdline == *"-Dops.home=$OPS_HOME "* ]]
}

# Reads the pid file into pid and pid_start; fails when there is none or it is not ours (say why in stale).
read_pid_file() {
  pid="" pid_start="" stale=""
  [[ -f $pid_file ]] || return 1
  { read -r pid; read -r pid_start; } < "$pid_file" || true
  if [[ ! $pid =~ ^[0-9]+$ || ! $pid_start =~ ^[0-9]+$ ]]; then
    stale="it is not a pid and a start time"
  elif ! is_ours "$pid" "$pid_start"; then
    stale="pid $pid is gone or is another process"
  fi
  [[ -z $stale ]]
}

# One start, stop, restart or upgrade at a time; status never waits. The lock is on fd 9, which the
# server must not inherit (it would hold the lock for its whole life): see launch.
take_lock() {
  mkdir -p "$run_dir"
  exec 9>> "$lock_file"
  if ! flock -n 9; then
    warn "another deploy/start, stop, restart or upgrade is running (lock $lock_file); try again later"
    exit 75
  fi
}

# Whether something answers at $health_url although no pid file names a server of ours (call it after
# read_pid_file failed): the systemd unit or a deploy/run.sh in a terminal, which these scripts leave
# alone. Says so, followed by $1 (what the caller does about it).
foreign_server_answers() {
  health_probe 2
  [[ $health_code != 000 ]] || return 1
  warn "something already answers at $health_url (HTTP $health_code) but deploy/start did not start it: the systemd unit, or a deploy/run.sh in a terminal? $1"
}

console_tail() {
  [[ -f $console ]] || return 0
  warn "last lines of $console:"
  tail -n 25 "$console" | sed 's/^/    /' >&2
}

# Ends pid $1 (started at $2): SIGTERM, then SIGCONT, because a stopped (SIGSTOP) process acts on SIGTERM
# only once continued; SIGKILL when it has not exited after OPS_STOP_TIMEOUT. Fails if it survives that.
end_process() {
  local target="$1" start="$2" deadline
  proc_stat "$target" || return 0
  [[ $proc_state != T ]] || say "pid $target is stopped (SIGSTOP or a debugger); continuing it so it sees SIGTERM"
  kill -TERM "$target" 2>/dev/null || true
  kill -CONT "$target" 2>/dev/null || true
  deadline=$((SECONDS + OPS_STOP_TIMEOUT))
  while same_process "$target" "$start" && (( SECONDS < deadline )); do sleep 0.2; done
  if same_process "$target" "$start"; then
    warn "pid $target did not exit within ${OPS_STOP_TIMEOUT} s of SIGTERM; sending SIGKILL (shutdown lines may be missing from the logs)"
    kill -KILL "$target" 2>/dev/null || true
    deadline=$((SECONDS + 10))
    while same_process "$target" "$start" && (( SECONDS < deadline )); do sleep 0.2; done
  fi
  wait "$target" 2>/dev/null || true  # reaps it when this shell started it
  ! same_process "$target" "$start"
}

do_stop() {
  if ! read_pid_file; then
    if [[ -n $stale ]]; then
      say "not running; removing the stale pid file ($stale)"
      rm -f "$pid_file"
    else
      say "not running"
    fi
    return 0
  fi
  local began=$SECONDS
  say "stopping pid $pid..."
  if ! end_process "$pid" "$pid_start"; then
    warn "pid $pid survived SIGKILL; the pid file stays"
    return 1
  fi
  # The JVM's pid reads as gone (a zombie leader) a moment before its last thread has closed its files, the
  # instance lock run.sh took among them: stopped means that lock is free, or a start right after this one
  # finds "a server already runs".
  if ! flock -w 10 "$OPS_HOME/run/instance.lock" true 9>&-; then
    warn "pid $pid has ended, but $OPS_HOME/run/instance.lock is still held after 10 s: by which process? (fuser -v it)"
    return 1
  fi
  rm -f "$pid_file"
  say "stopped after $((SECONDS - began)) s"
}

# Starts run.sh detached and waits until the application answers /api/health: 200, or 503 when it is DOWN
# (a warning then; see health_probe). Returns 0 when it answers, 2 when already
# running, 64, 77 or 78 when run.sh or the application refused the settings or a secret file's mode (a
# retry cannot fix those, so callers and systemd must see them), 1 for any other failure (the
# process is then ended, so a failed start leaves nothing behind).
do_start() {
  if read_pid_file; then
    say "already running as pid $pid; not starting a second instance (deploy/restart restarts it)"
    return 2
  fi
  if [[ -n $stale ]]; then
    say "removing the stale pid file ($stale)"
    rm -f "$pid_file"
  fi
  if foreign_server_answers "Not starting a second instance"; then
    return 2
  fi

  mkdir -p "$run_dir"
  [[ ! -f $console ]] || mv -f "$console" "$console.1"
  say "starting (HTTP $OPS_HTTP_ADDRESS:$OPS_HTTP_PORT, OPS_HOME $OPS_HOME, output in $console)..."
  local began=$SECONDS child child_start=""
  # setsid: its own session, so no terminal's hangup or Ctrl-C reaches it. It does not fork when it is not
  # a process group leader (a background job of a script never is), and nohup and run.sh exec too, so $!
  # is the pid of the JVM run.sh finally execs. 9>&- keeps the lock from the server.
  setsid nohup "$repo/deploy/run.sh" >> "$console" 2>&1 < /dev/null 9>&- &
  child=$!
  if proc_stat "$child"; then
    child_start="$proc_start"
    printf '%s\n%s\n' "$child" "$child_start" > "$pid_file.tmp"
    sync "$pid_file.tmp"  # after a crash the pid file is the old one or this one, never empty
    mv -f "$pid_file.tmp" "$pid_file"
  fi

  local ready_at="" reason="" rc
  while :; do
    if ! same_process "$child" "$child_start"; then
      rc=0
      wait "$child" || rc=$?
      rm -f "$pid_file"
      warn "the server exited with code $rc before it became healthy"
      console_tail
      case $rc in 64|77|78) return "$rc" ;; *) return 1 ;; esac
    fi
    health_probe 2
    if [[ $health != none ]]; then
      say "started: pid $child, $health_url answers $health_code after $((SECONDS - began)) s"
      [[ $health == up ]] || warn_down "pid $child, "
      return 0
    fi
    if [[ -z $ready_at ]] && grep -q 'Payara Micro .* ready in' "$console" 2>/dev/null; then
      ready_at=$SECONDS
    fi
    if [[ -n $ready_at ]] && (( SECONDS - ready_at >= OPS_READY_GRACE )); then
      reason="Payara Micro is up but $health_url still answers $health_code after ${OPS_READY_GRACE} s (OPS_READY_GRACE)"
      break
    fi
    if (( SECONDS - began >= OPS_START_TIMEOUT )); then
      reason="the application did not answer $health_url within ${OPS_START_TIMEOUT} s (OPS_START_TIMEOUT); last answer $health_code"
      break
    fi
    sleep 0.5
  done
  warn "start failed: $reason; stopping pid $child"
  console_tail
  end_process "$child" "$child_start" || warn "pid $child survived SIGKILL"
  rm -f "$pid_file"
  return 1
}
