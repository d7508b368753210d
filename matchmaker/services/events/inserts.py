"""Events: the rows of one signup (registration, audit entry, queued mail) written in one
statement on PostgreSQL.

A signup holds the event's row lock from its first read to its commit, and every signup of the
event waits for that lock, so each round trip while it is held is paid by all of them. The
ORM's flush sends one INSERT per table; here the new objects the signup put in the session are
written by one INSERT with data-modifying CTEs (PostgreSQL only), then kept in the session as
if they had been flushed. The registration's id was drawn under the lock (``nextval`` in the
rules' query), so the ids stay in the order the lock was granted: the waiting-list order.
"""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError

from matchmaker.extensions import db
from matchmaker.jobs import queue
from matchmaker.services.events.seats import already_registered, flush_registration


def next_id_column(table: sa.Table) -> sa.ColumnElement:
    """A fresh value of `table`'s id sequence (PostgreSQL), for a query run under the lock."""
    return sa.func.nextval(sa.func.pg_get_serial_sequence(table.name, "id"))


def _writable(obj) -> bool:
    """Only plain rows: columns set, no related object or non-empty collection to cascade."""
    state = sa.inspect(obj)
    for rel in state.mapper.relationships:
        value = state.dict.get(rel.key)
        if value is not None and not (rel.uselist and len(value) == 0):
            return False
    # Defaults this module can give as values: plain ones and Python callables (no SQL).
    return all(
        c.default is None or c.default.is_scalar or c.default.is_callable
        for c in state.mapper.local_table.columns
        if c.key not in state.dict
    )


def _values(obj) -> dict:
    """The INSERT's values of a pending object: what was set, else the column's default."""
    state = sa.inspect(obj)
    values = {}
    for attr in state.mapper.column_attrs:
        column = attr.columns[0]
        if attr.key in state.dict:
            values[column.key] = state.dict[attr.key]
        elif column.default is not None and not column.primary_key:
            default = column.default
            if default.is_callable:
                values[column.key] = default.arg(None)
            elif default.is_scalar:
                values[column.key] = default.arg
    return values


def insert_together(main) -> None:
    """Write `main` (a new object with its id set, in the session or not yet) and the
    session's other new objects in one statement; a second live registration of the address
    is the usual conflict. Falls back to a flush when a new object is not a plain row."""
    objects = [main, *(o for o in db.session.new if o is not main)]
    if not all(_writable(o) for o in objects):
        flush_registration()
        return
    rows = [(type(o).__table__, _values(o)) for o in objects]
    statement = _statement(tuple((table, tuple(values)) for table, values in rows))
    params = {f"r{n}_{k}": v for n, (_t, values) in enumerate(rows) for k, v in values.items()}
    for obj in objects:
        if obj in db.session:
            db.session.expunge(obj)  # else the session's autoflush would insert them too
    try:
        # On the session's connection: a Core statement needs none of the ORM's execution.
        db.session.connection().execute(statement, params)
    except IntegrityError as exc:
        db.session.rollback()
        raise already_registered() from exc
    queue.note_inserted(db.session, {table.name for table, _v in rows})
    # `main` stays in the session as a loaded row (no SELECT, no second INSERT); the others
    # are write-only here (the audit entry, the mail for the worker).
    so.make_transient_to_detached(main)
    db.session.add(main)


@cache
def _statement(shape: tuple) -> sa.Insert:
    """The INSERT for rows of these tables with these columns, built once per shape (a
    signup's is always the same): the first row's table is the statement's, the others CTEs."""
    inserts = [
        sa.insert(table).values(
            {key: sa.bindparam(f"r{n}_{key}", type_=table.c[key].type) for key in keys}
        )
        for n, (table, keys) in enumerate(shape)
    ]
    return inserts[0].add_cte(*(s.cte(f"row_{n}") for n, s in enumerate(inserts[1:], 1)))
