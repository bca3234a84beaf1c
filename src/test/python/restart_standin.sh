#!/bin/sh
# Starts the stand-in bot detached from the caller, as a bot's start.sh would, and returns once it has written
# its pid file: 0 then, 1 after 10 s without one. The pid file of a bot that is still running is left alone.
#
#   restart_standin.sh HOME PORT [--log-every SECONDS]
set -u
if [ $# -lt 2 ]; then
    echo "usage: restart_standin.sh HOME PORT [--log-every SECONDS]" >&2
    exit 64
fi
home=$1
port=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
# A test that needs a restart command which keeps failing creates this file; the running bot is left alone.
if [ -e "$home/restart-fails" ]; then
    echo "restart_standin.sh: $home/restart-fails exists, so the bot is not started" >&2
    exit 1
fi
mkdir -p "$home/logs" || exit 1
pidfile="$home/bot.pid"
# Whether pid $1 runs standin_bot.py: a pid from a stale file may name another program now.
is_standin() {
    tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q 'standin_bot\.py'
}
# A pid file left by a bot that died (kill -9) names no process any more, or another program that got its
# pid: remove it, so waiting below means waiting for the new bot. Only a process running standin_bot.py is
# signalled.
if [ -f "$pidfile" ]; then
    old=$(head -n 1 "$pidfile" 2>/dev/null)
    case $old in
        ''|*[!0-9]*) old="" ;;
    esac
    if [ -n "$old" ] && is_standin "$old"; then
        kill -TERM "$old" 2>/dev/null
        i=0
        while is_standin "$old" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
        if is_standin "$old"; then
            kill -KILL "$old" 2>/dev/null
        fi
    fi
    rm -f "$pidfile"
fi
# setsid: the bot outlives the caller (breakout-ops runs this without a shell and waits for it).
setsid nohup python3 "$here/standin_bot.py" --home "$home" --port "$port" "$@" \
    </dev/null >>"$home/stdout.txt" 2>&1 &
i=0
while [ $i -lt 100 ]; do
    [ -s "$pidfile" ] && exit 0
    sleep 0.1
    i=$((i + 1))
done
echo "restart_standin.sh: no $pidfile within 10 s; see $home/stdout.txt" >&2
exit 1
