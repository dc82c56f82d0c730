#!/usr/bin/env bash
# Runs Redis from the distribution's binaries as an Aspire executable resource.
# Usage: local-redis.sh /path/to/redis-server. Environment (set by the AppHost): REDIS_PORT, EDS_REDIS_PASSWORD.
set -euo pipefail
# Caches and pub/sub only: nothing to persist. The password arrives on stdin (config file "-"), so it is
# visible neither in the process list nor in the logs. exec: redis receives the AppHost's stop signal.
exec "$1" - --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    <<< "requirepass \"$EDS_REDIS_PASSWORD\""
