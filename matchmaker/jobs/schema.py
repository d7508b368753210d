"""The queue engine's tables on PostgreSQL: procrastinate's own schema, applied by an Alembic
migration (and by the test suite), and removed by its downgrade."""

from __future__ import annotations

from procrastinate.schema import SchemaManager

PREFIX = "procrastinate_"


def schema_sql() -> str:
    """procrastinate's schema as it ships with the installed version (tables, types,
    functions, triggers)."""
    return SchemaManager.get_schema()


def not_queue_object(name, type_, parent_names) -> bool:
    """Alembic's include_name: autogenerate leaves procrastinate's tables alone."""
    return not (type_ == "table" and name and name.startswith(PREFIX))


def installed(connection) -> bool:
    found = connection.exec_driver_sql("SELECT to_regclass('procrastinate_jobs')").scalar()
    return found is not None


def apply(connection) -> None:
    """Create procrastinate's schema through a SQLAlchemy connection (PostgreSQL only)."""
    connection.exec_driver_sql(_literal(schema_sql()))


def _literal(sql: str) -> str:
    """The driver reads % as a placeholder even without parameters (as procrastinate does)."""
    return sql.replace("%", "%%")


# Every object procrastinate's schema creates is named procrastinate_*.
_DROP = """
DO $$
DECLARE item record;
BEGIN
    FOR item IN SELECT tablename FROM pg_tables
                WHERE schemaname = current_schema() AND tablename LIKE 'procrastinate\\_%'
    LOOP
        EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', item.tablename);
    END LOOP;
    FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
                JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\\_%'
    LOOP
        EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', item.signature);
    END LOOP;
    FOR item IN SELECT t.typname FROM pg_type t
                JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate\\_%'
                  AND t.typtype IN ('e', 'c')
    LOOP
        EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', item.typname);
    END LOOP;
END $$;
"""


def drop(connection) -> None:
    """Remove every procrastinate table, function and type (the migration's downgrade)."""
    connection.exec_driver_sql(_literal(_DROP))


def clear(connection) -> None:
    """Empty the queue (tests start each app with no jobs)."""
    connection.exec_driver_sql(
        "TRUNCATE procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs, "
        "procrastinate_workers RESTART IDENTITY CASCADE"
    )
