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
    return True


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
            elif default.is_scalar or default.is_clause_element:
                values[column.key] = default.arg
    return values


def insert_together(main) -> None:
    """Write `main` (a new object with its id set, in the session or not yet) and the
    session's other new objects in one
    statement; a second live registration of the address is the usual conflict. Falls back
    to a flush when a new object is not a plain row."""
    objects = [main, *(o for o in db.session.new if o is not main)]
    if not all(_writable(o) for o in objects):
        flush_registration()
        return
    inserts = [sa.insert(type(o).__table__).values(_values(o)) for o in objects]
    statement = inserts[0].add_cte(*(s.cte(f"row_{n}") for n, s in enumerate(inserts[1:])))
    for obj in objects:
        if obj in db.session:
            db.session.expunge(obj)  # else the statement's autoflush would insert them too
    try:
        db.session.execute(statement)
    except IntegrityError as exc:
        db.session.rollback()
        raise already_registered() from exc
    queue.note_inserted(db.session, {type(o).__tablename__ for o in objects})
    # `main` stays in the session as a loaded row (no SELECT, no second INSERT); the others
    # are write-only here (the audit entry, the mail for the worker).
    so.make_transient_to_detached(main)
    db.session.add(main)

