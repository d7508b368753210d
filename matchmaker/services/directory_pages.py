"""Deep pages of a directory listed by name, without walking every row before them.

A page far into a large cluster's directory (page 2,000 of 73,000 members) was an OFFSET of
40,000 rows, each one checked against the membership index: 190 ms at 100,000 organisations,
and every page links its last one. Instead, once per matching version (every change of a
profile or a membership moves it, as for the directory's counts), the database numbers the
listing as far as a page asked and returns every ``ANCHOR_EVERY``-th (name, id); a page
then starts at the nearest such row before it (a range of the name index) and skips fewer
than ``ANCHOR_EVERY`` rows.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Organisation

ANCHOR_EVERY = 200  # rows between remembered positions; a multiple of the page sizes


def _anchors(ids_stmt: sa.Select, start: tuple[str, int] | None, rows: int) -> list:
    """(name, id) of every ``ANCHOR_EVERY``-th of the first ``rows`` rows of ``ids_stmt`` in
    name order from ``start`` on (that row first), numbered by the database: one walk of
    the name index, only the anchors come back."""
    stmt = ids_stmt if start is None else _from(ids_stmt, start)
    walked = stmt.with_only_columns(Organisation.name, Organisation.id).limit(rows).subquery()
    row = sa.func.row_number().over(order_by=(walked.c.name, walked.c.id))
    numbered = sa.select(walked.c.name, walked.c.id, row.label("n")).subquery()
    found = sa.select(numbered.c.name, numbered.c.id, numbered.c.n).where(
        (numbered.c.n - 1) % ANCHOR_EVERY == 0
    )
    return list(db.session.execute(found.order_by(numbered.c.n)))


def _from(ids_stmt: sa.Select, anchor: tuple[str, int]) -> sa.Select:
    name, org_id = anchor
    return ids_stmt.where(
        Organisation.name >= name,  # a range of the name index
        sa.or_(Organisation.name > name, Organisation.id >= org_id),
    )


def seek(
    ids_stmt: sa.Select,
    page: int,
    per_page: int,
    remember: Callable[[Callable[[], dict]], dict],
) -> tuple[sa.Select, int]:
    """``ids_stmt`` (organisation ids in name, id order) started at the last anchor at or
    before ``page``'s first row, and the page number to ask of it there. ``remember``
    keeps the anchors found so far (once per matching version); a page deeper than them
    walks on from the last one, so no page walks further than the OFFSET would have and
    the next ones in that range walk fewer than ``ANCHOR_EVERY`` rows."""
    offset = (page - 1) * per_page
    if offset < ANCHOR_EVERY:
        return ids_stmt, page
    known = remember(lambda: {"marks": (), "complete": False})
    marks = known["marks"]
    wanted = offset // ANCHOR_EVERY
    if wanted >= len(marks) and not known["complete"]:
        start = marks[-1] if marks else None
        rows = (wanted - max(len(marks) - 1, 0)) * ANCHOR_EVERY + 1
        more = _anchors(ids_stmt, start, rows)
        added = tuple((name, org_id) for name, org_id, _n in more)
        marks = marks + (added[1:] if marks else added)  # the walk began at the last one
        known.update(marks=marks, complete=len(added) < rows // ANCHOR_EVERY + 1)
    # The last anchor before the page from which whole pages lead to it.
    j = min(wanted, len(marks) - 1)
    while j > 0 and (offset - j * ANCHOR_EVERY) % per_page:
        j -= 1
    if j <= 0:
        return ids_stmt, page
    return _from(ids_stmt, marks[j]), (offset - j * ANCHOR_EVERY) // per_page + 1
