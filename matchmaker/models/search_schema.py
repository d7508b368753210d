"""The full-text index of the database engine, outside the models' columns.

PostgreSQL: a stored generated ``search_vector`` (``to_tsvector('simple', search_text)``)
with a GIN index; SQLite: an external-content FTS5 table ``<table>_fts`` kept in step with
``search_text`` by triggers. Created with the tables (tests, ``create_all``) and by the
migration; Alembic's comparison leaves these objects out (``include_object``).
"""

from __future__ import annotations

import sqlalchemy as sa

from matchmaker.models.opportunities import Opportunity
from matchmaker.models.organisations import Organisation

TABLES = ("organisation", "opportunity")  # tables with a search_text column and an index


def ddl(dialect: str, table: str) -> list[str]:
    """Statements that create the full-text index of ``table`` on ``dialect``."""
    if dialect == "postgresql":
        return [
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS"
            f" (to_tsvector('simple'::regconfig, coalesce(search_text, ''))) STORED",
            f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)",
        ]
    if dialect == "sqlite":
        fts = f"{table}_fts"
        delete = (
            f"INSERT INTO {fts}({fts}, rowid, search_text)"
            " VALUES('delete', old.id, old.search_text);"
        )
        insert = f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text);"
        return [
            f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{table}',"
            " content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
            f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
            f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
            f"CREATE TRIGGER {fts}_au AFTER UPDATE OF search_text ON {table}"
            f" BEGIN {delete} {insert} END",
            f"INSERT INTO {fts}({fts}) VALUES('rebuild')",
        ]
    return []


def drop_ddl(dialect: str, table: str) -> list[str]:
    if dialect == "postgresql":
        return [
            f"DROP INDEX IF EXISTS ix_{table}_search_vector",
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
        ]
    if dialect == "sqlite":
        fts = f"{table}_fts"
        return [f"DROP TRIGGER IF EXISTS {fts}_{s}" for s in ("ai", "ad", "au")] + [
            f"DROP TABLE IF EXISTS {fts}"
        ]
    return []


def is_engine_object(name: str | None, type_: str) -> bool:
    """What the engine's index adds outside the models (for Alembic's comparison)."""
    if not name:
        return False
    if type_ == "table":
        return any(name.startswith(f"{t}_fts") for t in TABLES)
    if type_ == "column":
        return name == "search_vector"
    if type_ == "index":
        return name in {f"ix_{t}_search_vector" for t in TABLES}
    return False


def include_object(_obj, name, type_, _reflected, _compare_to) -> bool:
    """Alembic ``include_object``: leave the full-text index out of autogenerate."""
    return not is_engine_object(name, type_)


def _after_create(table: sa.Table, connection, **_kw) -> None:
    for statement in ddl(connection.dialect.name, table.name):
        connection.exec_driver_sql(statement)


def _before_drop(table: sa.Table, connection, **_kw) -> None:
    for statement in drop_ddl(connection.dialect.name, table.name):
        connection.exec_driver_sql(statement)


for _model in (Organisation, Opportunity):
    sa.event.listen(_model.__table__, "after_create", _after_create)
    sa.event.listen(_model.__table__, "before_drop", _before_drop)
