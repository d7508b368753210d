"""Property: whatever participants accept and the coordinator removes, nobody and no table is
booked twice in a slot, blocked times stay free, and every meeting is placed or explained."""

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchmaker.extensions import db
from matchmaker.models import Unavailability
from matchmaker.services import meetings as meeting_service
from matchmaker.services.errors import DomainError

PEOPLE = 5

steps = st.lists(
    st.one_of(
        st.tuples(st.just("meet"), st.integers(0, PEOPLE - 1), st.integers(0, PEOPLE - 1)),
        st.tuples(st.just("block"), st.integers(0, PEOPLE - 1), st.integers(0, 3)),
        st.tuples(st.just("drop_slot"), st.integers(0, 3), st.just(0)),
        st.tuples(st.just("drop_table"), st.integers(0, 1), st.just(0)),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=steps)
def test_service_never_double_books(meeting_event, participant, plan):
    event = meeting_event(slots=4, tables=2, cap_per_participant=10)
    people = [participant(event) for _ in range(PEOPLE)]
    for op, x, y in plan:
        try:
            if op == "meet" and x != y:
                item = meeting_service.request_meeting(people[x], event, people[y].reg.id)
                meeting_service.accept(people[y], item)
            elif op == "block":
                slots = meeting_service.slots_of(event)
                if slots:
                    slot = slots[y % len(slots)].id
                    meeting_service.set_blocked(people[x], event, [slot])
            elif op == "drop_slot":
                slots = meeting_service.slots_of(event)
                if slots:
                    meeting_service.remove_slot(event.boss, event, slots[x % len(slots)].id)
            elif op == "drop_table":
                tables = meeting_service.tables_of(event)
                if len(tables) > 1:
                    meeting_service.remove_table(event.boss, event, tables[x % len(tables)].id)
            db.session.commit()
        except DomainError:
            db.session.rollback()
    live = meeting_service._live_meetings(event.id)
    booked: set = set()
    tables: set = set()
    blocked = set(
        db.session.execute(sa.select(Unavailability.registration_id, Unavailability.slot_id))
    )
    for m in live:
        if m.slot_id is None:
            assert m.unplaced_reason
            continue
        assert (m.slot_id, m.table_id) not in tables
        tables.add((m.slot_id, m.table_id))
        for reg in (m.a_registration_id, m.b_registration_id):
            assert (reg, m.slot_id) not in booked
            assert (reg, m.slot_id) not in blocked
            booked.add((reg, m.slot_id))
