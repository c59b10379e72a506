#!/usr/bin/env bash
# Makes sure Redis answers on REDIS_URL (default redis://127.0.0.1:6379): the rate-limit counters, and the
# real Redis of the integration and end-to-end tests. Starts a local redis-server (no persistence: the
# counters are short-lived) when nothing answers; with --install, installs Debian's redis-server first
# when it is missing (CI on a fresh machine). Never flushes anything: the Redis may be shared.
set -euo pipefail
url="${REDIS_URL:-redis://127.0.0.1:6379}"
address="${url#*://}"; address="${address##*@}"; address="${address%%/*}"
host="${address%:*}"; port="${address##*:}"
[ "$port" = "$address" ] && port=6379

answers() { (exec 3<>"/dev/tcp/$host/$port" && printf 'PING\r\n' >&3 && timeout 2 head -c 5 <&3 | grep -q PONG) 2>/dev/null; }

if answers; then exit 0; fi
if ! command -v redis-server >/dev/null && [ "${1:-}" = "--install" ] && command -v apt-get >/dev/null; then
  echo "installing redis-server (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
case "$host" in
  127.0.0.1 | localhost | ::1)
    if command -v redis-server >/dev/null; then
      echo "starting redis-server on $host:$port"
      redis-server --bind "$host" --port "$port" --save '' --appendonly no --daemonize yes >/dev/null
    fi
    ;;
esac
for _ in $(seq 1 20); do answers && exit 0; sleep 0.25; done
echo "Redis is not reachable on $host:$port (REDIS_URL=$url): install and start redis-server, or set REDIS_URL" >&2
exit 1
