#!/usr/bin/env bash
# Run a command beside a throwaway PostgreSQL server (Debian's `postgresql` package), with
# FORMADVISOR_TEST_POSTGRES_URL pointing at an empty database on it; the server and its files
# are removed afterwards. Without PostgreSQL installed the command runs as it is (those tests skip).
#   scripts/with-postgres.sh .venv/bin/python -m pytest tests/test_postgres.py
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ]; then
  echo "PostgreSQL is not installed (apt-get install postgresql): its tests will skip." >&2
  exec "$@"
fi
dir=$(mktemp -d /tmp/formadvisor-pg.XXXXXX)
as=()
if [ "$(id -u)" = 0 ]; then  # initdb refuses to run as root
  chown postgres "$dir"
  as=(runuser -u postgres --)
fi
stop() {
  "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U formadvisor >"$dir/initdb.log"
"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" >/dev/null
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U formadvisor formadvisor_test
FORMADVISOR_TEST_POSTGRES_URL="postgresql+psycopg://formadvisor@127.0.0.1:$port/formadvisor_test" "$@"
