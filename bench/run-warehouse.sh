#!/usr/bin/env bash
# Warehouse benchmarks on a private, durable (fsync on) PostgreSQL cluster started with the AppHost's
# own local-postgres.sh. Usage: bench/run-warehouse.sh [patients-for-load] [patients-for-generator]
set -euo pipefail
cd "$(dirname "$0")/.."
load_patients=${1:-20000}
generator_patients=${2:-100000}

export PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
export PGDATA=$(mktemp -d /tmp/eds-bench-pg-XXXX)/data
export PGPORT=55499
export EDS_PG_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
export EDS_PG_EPHEMERAL=false
chmod 755 "$(dirname "$PGDATA")"
bash AppHost/Infrastructure/local-postgres.sh > "$(dirname "$PGDATA")/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$(dirname "$PGDATA")"' EXIT
until PGPASSWORD=$EDS_PG_PASSWORD psql -h 127.0.0.1 -p $PGPORT -U postgres -Atc 'select 1' >/dev/null 2>&1; do sleep 0.5; done

dotnet build -c Release bench/Warehouse.Benchmarks -v q -nologo >/dev/null
bench=bench/Warehouse.Benchmarks/bin/Release/net10.0/Warehouse.Benchmarks
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')"
"$bench" generator "$generator_patients"
"$bench" load "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Password=$EDS_PG_PASSWORD;Database=postgres" "$load_patients"
