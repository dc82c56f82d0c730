#!/usr/bin/env bash
# Runs PostgreSQL from the distribution's binaries as an Aspire executable resource.
# Environment (set by the AppHost): PG_BIN, PGDATA, PGPORT, EDS_PG_PASSWORD, EDS_PG_EPHEMERAL (true|false).
set -euo pipefail
# postgres logs to stderr, which the dashboard would paint as errors.
exec 2>&1

# postgres refuses to run as root: as root, run it as the 'postgres' OS user.
as_postgres=()
if [ "$(id -u)" = 0 ]; then
    as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups)
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
fi
mkdir -p "$PGDATA"
chmod 700 "$PGDATA"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    pwfile=$(mktemp)
    printf '%s' "$EDS_PG_PASSWORD" > "$pwfile"
    [ "$(id -u)" = 0 ] && chown postgres "$pwfile"
    "${as_postgres[@]}" "$PG_BIN/initdb" --pgdata="$PGDATA" --username=postgres --auth=scram-sha-256 \
        --pwfile="$pwfile" --encoding=UTF8 --no-locale >/dev/null
    rm -f "$pwfile"
    echo "initialised a new cluster in $PGDATA"
fi

# The password is an Aspire parameter that can change between runs: set it before every start, in
# single-user mode, with nothing echoed so that it never reaches the logs.
escaped=${EDS_PG_PASSWORD//\'/\'\'}
printf "ALTER ROLE postgres PASSWORD '%s';\n" "$escaped" \
    | "${as_postgres[@]}" "$PG_BIN/postgres" --single -D "$PGDATA" postgres >/dev/null 2>&1 \
    || { echo "could not set the postgres password (single-user mode failed; is another server using $PGDATA?)" >&2; exit 1; }

durability=(-c fsync=on -c synchronous_commit=on -c full_page_writes=on)
if [ "${EDS_PG_EPHEMERAL:-false}" = true ]; then
    # A throw-away test cluster: surviving a machine crash buys nothing and costs minutes (fsync), but commits
    # still reach the kernel before they are acknowledged, so a killed server loses nothing it acknowledged.
    durability=(-c fsync=off -c synchronous_commit=on -c full_page_writes=off)
fi

# The AppHost's stop signal stops the server (SIGINT: fast shutdown, clients disconnected) and this loop; any other
# end of the server is a crash, and it is started again (it recovers from its WAL), as a container runtime would.
# --pdeathsig: if this loop is killed, the server shuts down too.
server=0
trap 'kill -INT "$server" 2>/dev/null; wait "$server"; exit 0' TERM INT
while true; do
    "${as_postgres[@]}" setpriv --pdeathsig INT "$PG_BIN/postgres" -D "$PGDATA" -p "$PGPORT" \
        -c listen_addresses=127.0.0.1 -c unix_socket_directories='' \
        -c max_connections=300 -c shared_buffers=256MB -c max_wal_size=4GB -c maintenance_work_mem=256MB \
        -c log_min_messages=warning -c log_connections=off \
        "${durability[@]}" &
    server=$!
    status=0
    wait "$server" || status=$?
    echo "postgres ended (status $status); restarting in 1 s"
    sleep 1
done
