"""The full-text index of the database engine, outside the models' columns.

PostgreSQL: ``to_tsvector('simple', search_text)`` with a GIN index. For organisations it lives
in a side table ``organisation_search`` (the id and the vector, kept in step by triggers on
``organisation`` and ``membership``), never in the wide profile row, and the vector also holds
a token per approved membership (``CLUSTER_TOKEN`` + id): the GIN index alone then finds a
cluster's matches, and a count stops after a thousand of them instead of joining every
membership. Opportunities (few) keep a stored generated column.
SQLite: an external-content FTS5 table ``<table>_fts`` kept in step with ``search_text`` by
triggers. Created with the tables (tests, ``create_all``) and by the
migration; Alembic's comparison leaves these objects out (``include_object``).
"""

from __future__ import annotations

import sqlalchemy as sa

from matchmaker.models.clusters import Membership
from matchmaker.models.opportunities import Opportunity
from matchmaker.models.organisations import Organisation

TABLES = ("organisation", "opportunity")  # tables with a search_text column and an index


def ddl(dialect: str, table: str) -> list[str]:
    """Statements that create the full-text index of ``table`` on ``dialect``."""
    if dialect == "postgresql" and table == "organisation":
        return []  # the side table, made with ``membership`` (pg_side_table)
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


CLUSTER_TOKEN = "0cluster"  # + a cluster's id: a digit 1-9, never in a word or concept key

# The vector of one organisation: its search keys, and a token per approved membership, so
# that the GIN index answers "matches the query and is in this cluster" on its own.
_VECTOR_OF = f"""
CREATE FUNCTION organisation_search_vector(org integer) RETURNS tsvector LANGUAGE sql STABLE
AS $$ SELECT coalesce((
    SELECT to_tsvector('simple'::regconfig, coalesce(o.search_text, '')) || coalesce((
        SELECT array_to_tsvector(array_agg(DISTINCT '{CLUSTER_TOKEN}' || m.cluster_id))
        FROM membership m WHERE m.organisation_id = org AND m.status = 'approved'
    ), ''::tsvector)
    FROM organisation o WHERE o.id = org
), ''::tsvector) $$
"""
# Tier tokens: a level digit (1-9) before each word of the vector that occurs at least
# ``TIERS[level - 1]`` times in the profile. A search whose words are common asks the index
# for the profiles where they are frequent (``services.search_index``) and ranks only those,
# instead of reading every match's vector. Stripped (no positions), in a column of their own:
# the vector that ranks stays the words' alone.
TIERS = (2, 3, 4, 6, 8, 11, 16, 22, 32)
_TIERS_OF = f"""
CREATE FUNCTION organisation_search_tiers(words tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce((
    SELECT array_to_tsvector(array_agg(t.level || w.lexeme))
    FROM unnest(words) w, unnest(ARRAY{list(TIERS)}) WITH ORDINALITY AS t(at_least, level)
    WHERE coalesce(array_length(w.positions, 1), 1) >= t.at_least
), ''::tsvector) $$
"""
_WORDS_OF = """
CREATE FUNCTION organisation_search_words(org integer) RETURNS tsvector LANGUAGE sql STABLE
AS $$ SELECT coalesce((
    SELECT to_tsvector('simple'::regconfig, coalesce(o.search_text, ''))
    FROM organisation o WHERE o.id = org
), ''::tsvector) $$
"""
# The tier vector holds the membership tokens too, so that finding a tier's profiles in a
# cluster reads only its (short) posting lists, never the words' long ones.
_CLUSTERS_OF = f"""
CREATE FUNCTION organisation_search_clusters(org integer) RETURNS tsvector LANGUAGE sql STABLE
AS $$ SELECT coalesce((
    SELECT array_to_tsvector(array_agg(DISTINCT '{CLUSTER_TOKEN}' || m.cluster_id))
    FROM membership m WHERE m.organisation_id = org AND m.status = 'approved'
), ''::tsvector) $$
"""


def _tier_vector(org: str) -> str:
    return (
        f"organisation_search_tiers(organisation_search_words({org}))"
        f" || organisation_search_clusters({org})"
    )


_SYNC = f"""
CREATE FUNCTION organisation_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'organisation' THEN
        INSERT INTO organisation_search (organisation_id, search_vector, tier_vector)
        VALUES (NEW.id, organisation_search_vector(NEW.id), {_tier_vector("NEW.id")})
        ON CONFLICT (organisation_id) DO UPDATE SET search_vector = EXCLUDED.search_vector,
            tier_vector = EXCLUDED.tier_vector;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE organisation_search
        SET search_vector = organisation_search_vector(OLD.organisation_id),
            tier_vector = {_tier_vector("OLD.organisation_id")}
        WHERE organisation_id = OLD.organisation_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE organisation_search
        SET search_vector = organisation_search_vector(NEW.organisation_id),
            tier_vector = {_tier_vector("NEW.organisation_id")}
        WHERE organisation_id = NEW.organisation_id;
    END IF;
    RETURN NULL;
END $$
"""
_SYNC_UNTIERED = """
CREATE FUNCTION organisation_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'organisation' THEN
        INSERT INTO organisation_search (organisation_id, search_vector)
        VALUES (NEW.id, organisation_search_vector(NEW.id))
        ON CONFLICT (organisation_id) DO UPDATE SET search_vector = EXCLUDED.search_vector;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE organisation_search
        SET search_vector = organisation_search_vector(OLD.organisation_id)
        WHERE organisation_id = OLD.organisation_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE organisation_search
        SET search_vector = organisation_search_vector(NEW.organisation_id)
        WHERE organisation_id = NEW.organisation_id;
    END IF;
    RETURN NULL;
END $$
"""


def pg_side_table(tiers: bool = True) -> list[str]:
    """PostgreSQL's side table of organisations' vectors, its triggers on ``organisation``
    and ``membership`` and its GIN indexes (made once both tables exist); ``tiers`` false:
    the shape before the tier tokens (a downgrade)."""
    tier_column = " tier_vector tsvector NOT NULL DEFAULT ''::tsvector," if tiers else ""
    fill = (
        "INSERT INTO organisation_search (organisation_id, search_vector, tier_vector)"
        f" SELECT id, organisation_search_vector(id), {_tier_vector('id')} FROM organisation"
        if tiers
        else "INSERT INTO organisation_search (organisation_id, search_vector)"
        " SELECT id, organisation_search_vector(id) FROM organisation"
    )
    return [
        "CREATE TABLE organisation_search (organisation_id integer NOT NULL,"
        f" search_vector tsvector NOT NULL,{tier_column}"
        " CONSTRAINT pk_organisation_search PRIMARY KEY (organisation_id),"
        " CONSTRAINT fk_organisation_search_organisation_id_organisation"
        " FOREIGN KEY (organisation_id) REFERENCES organisation (id) ON DELETE CASCADE)",
        _VECTOR_OF,
        *((_TIERS_OF, _WORDS_OF, _CLUSTERS_OF, _SYNC) if tiers else (_SYNC_UNTIERED,)),
        "CREATE TRIGGER organisation_search_sync AFTER INSERT OR UPDATE OF search_text"
        " ON organisation FOR EACH ROW EXECUTE FUNCTION organisation_search_sync()",
        "CREATE TRIGGER organisation_search_sync AFTER INSERT OR DELETE OR UPDATE OF"
        " status, cluster_id, organisation_id ON membership"
        " FOR EACH ROW EXECUTE FUNCTION organisation_search_sync()",
        fill,
        "CREATE INDEX ix_organisation_search_vector ON organisation_search"
        " USING gin (search_vector)",
        *(
            (
                "CREATE INDEX ix_organisation_search_tiers ON organisation_search"
                " USING gin (tier_vector)",
            )
            if tiers
            else ()
        ),
        "ANALYZE organisation_search",
    ]


def pg_side_table_drop() -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS organisation_search_sync ON membership",
        "DROP TRIGGER IF EXISTS organisation_search_sync ON organisation",
        "DROP TABLE IF EXISTS organisation_search",
        "DROP FUNCTION IF EXISTS organisation_search_sync()",
        "DROP FUNCTION IF EXISTS organisation_search_vector(integer)",
        "DROP FUNCTION IF EXISTS organisation_search_words(integer)",
        "DROP FUNCTION IF EXISTS organisation_search_clusters(integer)",
        "DROP FUNCTION IF EXISTS organisation_search_tiers(tsvector)",
    ]


def drop_ddl(dialect: str, table: str) -> list[str]:
    if dialect == "postgresql" and table == "organisation":
        return pg_side_table_drop()
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
        return name == "organisation_search" or any(name.startswith(f"{t}_fts") for t in TABLES)
    if type_ == "column":
        return name == "search_vector"
    if type_ == "index":
        return name in {f"ix_{t}_search_vector" for t in TABLES} | {"ix_organisation_search_tiers"}
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


def _after_membership_create(_table: sa.Table, connection, **_kw) -> None:
    if connection.dialect.name == "postgresql":
        for statement in pg_side_table():
            connection.exec_driver_sql(statement)


def _before_membership_drop(_table: sa.Table, connection, **_kw) -> None:
    if connection.dialect.name == "postgresql":
        for statement in pg_side_table_drop():
            connection.exec_driver_sql(statement)


for _model in (Organisation, Opportunity):
    sa.event.listen(_model.__table__, "after_create", _after_create)
    sa.event.listen(_model.__table__, "before_drop", _before_drop)
sa.event.listen(Membership.__table__, "after_create", _after_membership_create)
sa.event.listen(Membership.__table__, "before_drop", _before_membership_drop)
