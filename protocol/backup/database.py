"""The database's half of a backup, for the two engines the portal runs on.

PostgreSQL: pg_dump's custom format, taken in the snapshot of a read-only repeatable-read transaction that also
counts the rows, so the manifest's counts describe exactly the rows dumped even while the portal is in use.
Restored with pg_restore turned into SQL and fed to psql in one transaction: a failed restore leaves the target
as it was, and `--force` drops the old tables in that same transaction.

SQLite: SQLite's online backup API (a consistent copy even while another process writes, which a file copy is
not), counted in the copy; restored with the same API, which replaces the target's pages in one step.

The client programs read the credentials from the PG* environment variables, never from their command line,
where every user of the machine could read the password."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from django.utils.translation import gettext as _

POSTGRESQL = "postgresql"
SQLITE = "sqlite"
MEMBERS = {POSTGRESQL: "database.pgdump", SQLITE: "database.sqlite3"}

# The PostgreSQL tables of the schemas on the search path, the ones the portal's queries reach.
_PG_TABLES = """
    SELECT n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND pg_catalog.pg_table_is_visible(c.oid)
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
    ORDER BY c.relname
"""
_SQLITE_TABLES = "SELECT NULL, name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"


class DatabaseError(Exception):
    """A dump or restore that could not be made; the message says why, for the operator."""


def current_engine() -> str:
    vendor = connection.vendor
    if vendor not in MEMBERS:
        raise DatabaseError(_("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": vendor})
    return vendor


def _quote(schema: str | None, table: str) -> str:
    name = connection.ops.quote_name(table)
    return f"{connection.ops.quote_name(schema)}.{name}" if schema else name


def _tables(cursor, vendor: str) -> list[tuple[str | None, str]]:
    cursor.execute(_PG_TABLES if vendor == POSTGRESQL else _SQLITE_TABLES)
    return list(cursor.fetchall())


def _counts(cursor, vendor: str) -> dict[str, int]:
    counts = {}
    for schema, table in _tables(cursor, vendor):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(schema, table)}")  # names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def row_counts() -> dict[str, int]:
    """Rows per table of the portal's database, as it is now."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        return _counts(cursor, current_engine())


def dump(*, into: Path) -> dict[str, int]:
    """Write the database to the file `into`; return the rows per table it holds."""
    vendor = current_engine()
    if vendor == SQLITE:
        connection.ensure_connection()
        copy = sqlite3.connect(into)
        try:
            connection.connection.backup(copy)
            return _counts(copy.cursor(), SQLITE)
        finally:
            copy.close()
    with _snapshot() as (cursor, snapshot):
        counts = _counts(cursor, POSTGRESQL)
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={into}", _dbname()])
    return counts


@contextmanager
def _snapshot() -> Iterator[tuple[object, str]]:
    # A connection of its own: the portal's may already be inside a transaction, where the isolation level can no
    # longer be chosen. pg_dump reads in the snapshot while this transaction stays open.
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        cursor = raw.cursor()
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_catalog.pg_export_snapshot()")
        yield cursor, cursor.fetchone()[0]
        cursor.execute("COMMIT")
    finally:
        raw.close()


def load(*, source: Path, engine: str, replace: bool) -> None:
    """Restore the dump `source` into the portal's database; with `replace`, its current tables go first."""
    portal = current_engine()
    if engine != portal:
        raise DatabaseError(
            _("This archive holds a %(archive)s database; the portal's database is %(portal)s.")
            % {"archive": engine, "portal": portal}
        )
    if engine == SQLITE:
        connection.ensure_connection()
        dumped = sqlite3.connect(source)
        try:
            # The copy's pages replace every page of the target: old tables go with them.
            dumped.backup(connection.connection)
        finally:
            dumped.close()
        return
    drops = ""
    if replace:
        with connection.cursor() as cursor:
            tables = _tables(cursor, POSTGRESQL)
        if tables:
            drops = f"DROP TABLE IF EXISTS {', '.join(_quote(s, t) for s, t in tables)} CASCADE;\n"
    connection.close()  # psql's transaction must not wait on a lock this process holds
    _restore_script(source, drops)


def _restore_script(source: Path, drops: str) -> None:
    _require("pg_restore")
    _require("psql")
    env = _pg_env()
    psql = subprocess.Popen(  # fixed programs, arguments built here
        ["psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1", "--file=-", _dbname()],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    restore = subprocess.Popen(
        ["pg_restore", "--no-owner", "--no-acl", "--file=-", str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        psql.stdin.write(drops.encode())
        shutil.copyfileobj(restore.stdout, psql.stdin, 1 << 20)
    except BrokenPipeError:
        pass  # psql stopped at an error: its message below says which
    finally:
        psql.stdin.close()
    restore_error = restore.stderr.read().decode(errors="replace")
    psql_error = psql.stderr.read().decode(errors="replace")
    if restore.wait() or psql.wait():
        raise DatabaseError(
            _("The database could not be restored; nothing was changed: %(error)s")
            % {"error": (psql_error or restore_error).strip()}
        )


def _dbname() -> str:
    return connection.settings_dict["NAME"]


def _pg_env() -> dict[str, str]:
    settings = connection.settings_dict
    options = settings.get("OPTIONS", {})
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings.get(key):
            env[variable] = str(settings[key])
    for key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "service", "passfile"):
        if options.get(key):
            env[f"PG{key.upper()}"] = str(options[key])
    return env


def _require(program: str) -> None:
    if shutil.which(program) is None:
        raise DatabaseError(
            _("%(program)s is not installed: install PostgreSQL's client programs (postgresql-client).")
            % {"program": program}
        )


def _run(command: list[str]) -> None:
    _require(command[0])
    done = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)
    if done.returncode:
        raise DatabaseError(_("%(program)s failed: %(error)s") % {"program": command[0], "error": done.stderr.strip()})
