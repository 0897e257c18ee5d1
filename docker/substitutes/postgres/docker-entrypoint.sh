#!/bin/bash
# Starts PostgreSQL as the official postgres image's docker-entrypoint.sh does, for the parts this project uses:
# on the first start initdb into PGDATA with POSTGRES_USER and POSTGRES_PASSWORD, a temporary server on the Unix
# socket only to create POSTGRES_DB and run /docker-entrypoint-initdb.d, then the real server in the foreground.
set -Eeo pipefail

# "docker run IMAGE -c fsync=off" means postgres with those options
if [ "${1:0:1}" = '-' ]; then
    set -- postgres "$@"
fi

if [ "$1" != 'postgres' ]; then
    exec "$@"
fi

if [ "$(id -u)" = '0' ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chown -R postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    # again as postgres, which owns the cluster (the official image uses gosu)
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

POSTGRES_USER="${POSTGRES_USER:-postgres}"
POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
export POSTGRES_USER POSTGRES_DB

if [ -s "$PGDATA/PG_VERSION" ]; then
    echo
    echo 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
    echo
    exec "$@"
fi

if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != 'trust' ]; then
    cat >&2 <<'MESSAGE'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.
MESSAGE
    exit 1
fi

# the password reaches initdb through a pipe, never a command line
initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") $POSTGRES_INITDB_ARGS

auth_method="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
printf '\nhost all all all %s\n' "$auth_method" >> "$PGDATA/pg_hba.conf"

# the temporary server: Unix socket only, so nobody connects before the database exists
pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start

export PGPASSWORD="$POSTGRES_PASSWORD"
psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname postgres)
if [ "$POSTGRES_DB" != 'postgres' ]; then
    "${psql[@]}" --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db" ;'
    echo
fi

psql+=(--dbname "$POSTGRES_DB")
for file in /docker-entrypoint-initdb.d/*; do
    case "$file" in
        *.sh) echo "$0: running $file"; . "$file" ;;
        *.sql) echo "$0: running $file"; "${psql[@]}" -f "$file"; echo ;;
        *.sql.gz) echo "$0: running $file"; gunzip -c "$file" | "${psql[@]}"; echo ;;
        */\*) ;;
        *) echo "$0: ignoring $file" ;;
    esac
done
unset PGPASSWORD

pg_ctl -D "$PGDATA" -m fast -w stop

echo
echo 'PostgreSQL init process complete; ready for start up.'
echo

exec "$@"
