"""Report periods are whole days in the cluster's zone: they start at local midnight, and
"today" is the local date."""

from datetime import date, datetime

from matchmaker.extensions import db
from matchmaker.services import accounts, reports
from matchmaker.services import clusters as cluster_service

# 00:30 on 11 March 2026 in Helsinki (UTC+2), still 10 March in UTC.
HALF_PAST_MIDNIGHT_HELSINKI = datetime(2026, 3, 10, 22, 30)
# 00:30 on New Year's Day 2027 in Helsinki, still 2026 in UTC.
NEW_YEAR_HELSINKI = datetime(2026, 12, 31, 22, 30)


def _join_at_half_past_midnight(cluster, make_org, freeze_clock):
    freeze_clock(HALF_PAST_MIDNIGHT_HELSINKI)
    return make_org(cluster)  # approved now: decided_at is the frozen clock


def test_member_who_joined_at_half_past_midnight_counts_on_the_local_day(
    coordinated, make_org, freeze_clock
):
    cluster, _user = coordinated
    _join_at_half_past_midnight(cluster, make_org, freeze_clock)
    on_11th = reports.members_section(cluster, reports.period("2026-03-11", "2026-03-11", cluster))
    on_10th = reports.members_section(cluster, reports.period("2026-03-10", "2026-03-10", cluster))
    assert on_11th["new"] == 1
    assert on_10th["new"] == 0


def test_report_page_counts_the_member_on_the_local_day(
    client, auth, coordinated, make_org, freeze_clock
):
    cluster, user = coordinated
    org = _join_at_half_past_midnight(cluster, make_org, freeze_clock)
    auth.login(user.email)
    url = f"/coordinator/{cluster.slug}/report/members"
    on_11th = client.get(url, query_string={"start": "2026-03-11", "end": "2026-03-11", "new": "1"})
    on_10th = client.get(url, query_string={"start": "2026-03-10", "end": "2026-03-10", "new": "1"})
    assert org.name in on_11th.get_data(as_text=True)
    assert org.name not in on_10th.get_data(as_text=True)


def test_default_period_at_half_past_midnight_on_new_years_day(
    client, auth, coordinated, freeze_clock
):
    cluster, user = coordinated
    freeze_clock(NEW_YEAR_HELSINKI)
    auth.login(user.email)
    response = client.get(f"/coordinator/{cluster.slug}/report.csv")
    assert response.status_code == 200
    assert (
        f"{cluster.slug}-report-2027-01-01-2027-01-01.csv"
        in response.headers["Content-Disposition"]
    )


def test_default_period_takes_the_moment_and_the_clusters_zone(coordinated):
    cluster, _user = coordinated
    p = reports.period(None, None, cluster, now=NEW_YEAR_HELSINKI)
    assert (p.start, p.end) == (date(2027, 1, 1), date(2027, 1, 1))
    cluster.timezone = "Europe/Lisbon"
    p = reports.period(None, None, cluster, now=NEW_YEAR_HELSINKI)
    assert (p.start, p.end) == (date(2026, 1, 1), date(2026, 12, 31))


def test_period_bounds_are_local_midnights_as_utc(coordinated):
    cluster, _user = coordinated
    p = reports.period("2026-03-11", "2026-07-01", cluster)
    assert p.start_at == datetime(2026, 3, 10, 22, 0)  # EET
    assert p.end_before == datetime(2026, 7, 1, 21, 0)  # 2 July 00:00 EEST


def test_cluster_in_another_zone_counts_by_its_own_days(coordinated, make_org, freeze_clock):
    cluster, user = coordinated
    cluster_service.update_settings(
        user, cluster, {"name": cluster.name, "timezone": "Europe/Lisbon"}
    )
    db.session.commit()
    _join_at_half_past_midnight(cluster, make_org, freeze_clock)  # 22:30 on the 10th in Lisbon
    on_10th = reports.members_section(cluster, reports.period("2026-03-10", "2026-03-10", cluster))
    assert on_10th["new"] == 1


def test_api_report_names_the_zone_of_its_days(client, coordinated, freeze_clock):
    cluster, user = coordinated
    cluster_service.update_settings(
        user, cluster, {"name": cluster.name, "timezone": "Europe/Oslo"}
    )
    raw = accounts.create_api_token(user)
    db.session.commit()
    freeze_clock(NEW_YEAR_HELSINKI)  # 23:30 on New Year's Eve in Oslo
    data = client.get(
        f"/api/v1/clusters/{cluster.slug}/report", headers={"Authorization": f"Bearer {raw}"}
    ).get_json()
    assert (data["from"], data["to"], data["timezone"]) == (
        "2026-01-01",
        "2026-12-31",
        "Europe/Oslo",
    )
