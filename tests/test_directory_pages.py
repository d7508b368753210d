"""Deep directory pages start at a remembered position instead of an OFFSET walk."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.services import directory, directory_pages


@pytest.fixture
def small_anchors(monkeypatch):
    monkeypatch.setattr(directory_pages, "ANCHOR_EVERY", 4)


@pytest.fixture
def listed(make_cluster, make_org):
    """A cluster of 15 members whose names tie across anchors, and a non-member."""
    cluster = make_cluster()
    for i in range(15):
        make_org(cluster, name="Sama Oy" if 3 <= i < 9 else f"Jäsen {i:02d} Oy")
    make_org(name="Aaa ulkopuolinen Oy")  # not a member: never listed
    return cluster


def _ids(cluster, page: int, per_page: int) -> list[int]:
    query = directory.DirectoryQuery(cluster_ids=[cluster.id])
    result = directory.paginate(query, page, per_page)
    assert result.page == page
    return [o.id for o in result.items]


@pytest.mark.parametrize("per_page", [2, 3, 5])
@pytest.mark.parametrize("backwards", [False, True])
def test_every_page_lists_the_members_in_name_order(small_anchors, listed, per_page, backwards):
    """Read forwards the anchors grow a page at a time; backwards the first page read
    walks to the end at once."""
    query = directory.DirectoryQuery(cluster_ids=[listed.id])
    members = [o.id for o in db.session.scalars(directory.build_select(query))]
    numbers = list(range(1, 16 // per_page + 2))
    pages = {p: _ids(listed, p, per_page) for p in (reversed(numbers) if backwards else numbers)}
    assert [i for p in numbers for i in pages[p]] == members
    assert all(len(pages[p]) == per_page for p in numbers[: 15 // per_page])


def _page_offsets(client, url: str) -> tuple[list[int], int]:
    """The OFFSET of every statement one request sends, and how many it sends."""
    offsets: list[int] = []
    sent = [0]

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        sent[0] += 1
        # The compiled form is cached across offsets: the value is in this execution's
        # parameters, under the offset's bind name.
        clause = getattr(getattr(context.compiled, "statement", None), "_offset_clause", None)
        if clause is not None:
            offsets.append(context.compiled_parameters[0][context.compiled.bind_names[clause]])

    sa.event.listen(db.engine, "before_cursor_execute", on_execute)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", on_execute)
    return offsets, sent[0]


def test_a_deep_page_skips_fewer_rows_than_between_anchors(app, client, small_anchors, listed):
    """Page 7 of 2 is row 12: read from the anchor at row 12, not past 12 rows. The anchors
    are read once per version: a deep page then sends the first page's statements and the
    version read of the anchors' memo, however deep it is."""
    app.config["DIRECTORY_PAGE_SIZE"] = 2
    url = f"/clusters/{listed.slug}/"
    assert client.get(url).status_code == 200  # the counts of this version are remembered
    _, first_page = _page_offsets(client, url)
    assert client.get(url + "?page=7").status_code == 200  # the anchors are read
    sent = {}
    for page in (3, 5, 7):
        offsets, sent[page] = _page_offsets(client, f"{url}?page={page}")
        assert all(o < directory_pages.ANCHOR_EVERY for o in offsets), (page, offsets)
    assert sent == {3: first_page + 1, 5: first_page + 1, 7: first_page + 1}
    page = client.get(url + "?page=3").get_data(as_text=True)  # rows 4 and 5, after an anchor
    assert "Jäsen 10 Oy" in page and "Jäsen 11 Oy" in page
    assert "Jäsen 09 Oy" not in page and "Jäsen 12 Oy" not in page


def test_a_new_member_moves_the_deep_pages_at_once(client, make_org, small_anchors, listed):
    assert _ids(listed, 7, 2)  # the anchors of this version are remembered
    before = _ids(listed, 5, 2)
    make_org(listed, name="Aaaa uusi Oy")  # first in name order
    after = _ids(listed, 5, 2)
    assert after[1] == before[0]
