#!/usr/bin/env bash
# Runs Redis from the distribution's binaries as an Aspire executable resource, and restarts it when it
# crashes, as a container runtime would with a restart policy.
# Usage: local-redis.sh /path/to/redis-server. Environment (set by the AppHost): REDIS_PORT, EDS_REDIS_PASSWORD.
set -euo pipefail

# The AppHost's stop signal stops the server and this loop; any other end of the server is a crash.
server=0
trap 'kill -TERM "$server" 2>/dev/null; wait "$server"; exit 0' TERM INT
while true; do
    # Caches and pub/sub only: nothing to persist. The password arrives on stdin (config file "-"), so it is
    # visible neither in the process list nor in the logs. --pdeathsig: if this loop is killed, so is the server.
    setpriv --pdeathsig TERM "$1" - --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
        <<< "requirepass \"$EDS_REDIS_PASSWORD\"" &
    server=$!
    status=0
    wait "$server" || status=$?
    echo "redis-server ended (status $status); restarting in 1 s"
    sleep 1
done
