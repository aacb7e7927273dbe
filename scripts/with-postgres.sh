#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at PostgreSQL on 127.0.0.1:5432.
# Uses DATABASE_URL when it already names PostgreSQL; else a server that answers on 5432
# (trust authentication as 'postgres' or the current user, as on the project's CI machines);
# else, as root on Debian, installs and starts PostgreSQL 15 with a role 'app'. Fails with a
# clear message otherwise: the PostgreSQL run is part of `make test` and is never skipped.
set -euo pipefail
PY="${PY:-.venv/bin/python}"

try_url() {
  "$PY" - "$1" <<'PYEOF' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1].rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
PYEOF
}

if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  url="$DATABASE_URL"
else
  url=""
  for user in postgres "$(id -un)" app:app; do
    candidate="postgres://${user}@127.0.0.1:5432/greencluster"
    if try_url "$candidate"; then url="$candidate"; break; fi
  done
  if [ -z "$url" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "No PostgreSQL answers on 127.0.0.1:5432: installing and starting one..."
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    version="$(ls /etc/postgresql | sort -n | tail -1)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do
      if su postgres -c "psql -qtc 'select 1'" >/dev/null 2>&1; then break; fi
      sleep 1
    done
    su postgres -c "psql -qc \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='app') THEN CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB; END IF; END \\\$\\\$\"" >/dev/null
    url="postgres://app:app@127.0.0.1:5432/greencluster"
    try_url "$url" || { echo "PostgreSQL was started but does not accept 'app' on 127.0.0.1:5432" >&2; exit 1; }
  fi
  if [ -z "$url" ]; then
    echo "The web tests also run on PostgreSQL, and none answers on 127.0.0.1:5432." >&2
    echo "Start one (Debian: sudo apt-get install postgresql) or set DATABASE_URL=postgres://user:pass@host:5432/db" >&2
    exit 1
  fi
fi
echo "Running on PostgreSQL: ${url%%@*}@..."
DATABASE_URL="$url" exec "$@"
