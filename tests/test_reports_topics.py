"""The topic reports (budget, referrals, meetings, participants) on tests/data/report_dataset.sql."""

import pytest

from tests.conftest import DATA
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.reports import topics


@pytest.fixture
def dataset(db):
    db.executescript((DATA / "report_dataset.sql").read_text(encoding="utf-8"))
    return db


def test_budget_report_per_month(dataset, config):
    report = topics.budget_report(dataset, config)
    assert report["report"] == "budget" and report["year"] == 2025 and report["has_data"]
    assert report["budget"]["spent_cents"] == 34950
    months = {r["month"]: (r["participations_cents"], r["expenses_cents"]) for r in report["by_month"]
              if r["spent_cents"]}
    assert months == {
        "2025-03": (4800 + 6400, 12000),  # x1 x4, e1
        "2025-05": (3000, 0),  # x3
        "2025-06": (0, 4550),  # x5 is free; e2
        "2025-07": (800, 0),  # x2
        "2025-12": (2000, 1000),  # x6, e3
        "2026-01": (400, 0),  # x8: dated 2026, booked on 2025
    }
    assert [r["month"] for r in report["by_month"]][:12] == [f"2025-{m:02d}" for m in range(1, 13)]
    assert sum(r["spent_cents"] for r in report["by_month"]) == report["budget"]["spent_cents"]


def test_referrals_report_by_month_and_ground(dataset, config):
    by_month = topics.referrals_report(dataset, config, by="month")
    assert by_month["total"] == 5 and by_month["led_to_participation"] == 2  # r1, r2 (within 2025)
    counts = {r["key"]: r["referrals"] for r in by_month["rows"] if r["referrals"]}
    assert counts == {1: 1, 2: 1, 4: 1, 9: 1, 11: 1}
    by_ground = topics.referrals_report(dataset, config, by="ground")
    rows = [(r["key"], r["label"], r["referrals"], r["led_to_participation"]) for r in by_ground["rows"]]
    assert rows == [("ocmw", "OCMW-gerechtigd / leefloon", 2, 2), ("none", None, 1, 0),
                    ("schuldbemiddeling", "Schuldbemiddeling", 1, 0), ("vluchteling", "Vluchteling", 1, 0)]
    assert [(s["state"], s["referrals"]) for s in by_ground["by_state"]][:2] == [("open", 1), ("in_behandeling", 1)]


def test_referrals_report_of_another_year(dataset, config):
    report = topics.referrals_report(dataset, config, 2024, by="partner")
    rows = {r["label"]: r["referrals"] for r in report["rows"] if r["referrals"]}
    assert rows == {"Sociale Dienst": 1, "Horizont - Rap op stap Limburg": 1}
    assert report["total"] == 2 and report["led_to_participation"] == 2  # x9 and x10 came after


def test_meetings_report(dataset, config):
    report = topics.meetings_report(dataset, config)
    assert report["meetings"]["held"] == 3 and report["has_data"]
    public = topics.meetings_report(dataset, config, public=True)
    assert public["meetings"]["open_actions"] == []
    # partners' attendance is about organisations, never hidden
    assert public["meetings"]["attendance"][1]["present"] == 1


def test_participants_report_groupings(dataset, config):
    by_ground = topics.participants_report(dataset, config, by="ground")
    assert (by_ground["participants"], by_ground["new_participants"], by_ground["took_part"],
            by_ground["household_members"]) == (8, 5, 5, 19)
    assert {r["key"]: r["participants"] for r in by_ground["rows"]}["ocmw"] == 3
    by_age = topics.participants_report(dataset, config, by="age")
    assert [r["key"] for r in by_age["rows"]] == ["0-11", "12-17", "18-25", "26-64", "65+", "unknown"]
    by_postcode = topics.participants_report(dataset, config, by="postcode")
    assert [(r["key"], r["participants"]) for r in by_postcode["rows"]][0] == ("3500", 3)
    public = topics.participants_report(dataset, config, by="postcode", public=True)
    assert [r["participants"] for r in public["rows"]] == ["< 5"] * 6  # 3500 has 3 people


def test_topic_reports_of_an_empty_year(dataset, config):
    assert not topics.budget_report(dataset, config, 2012)["has_data"]
    assert not topics.referrals_report(dataset, config, 2012)["has_data"]
    assert not topics.meetings_report(dataset, config, 2012)["has_data"]
    empty = topics.participants_report(dataset, config, 2012, by="age")
    assert not empty["has_data"] and [r["participants"] for r in empty["rows"]] == [0] * 5


def test_topic_reports_refuse_a_future_year(dataset, config):
    with pytest.raises(InvalidInput, match="2030 ligt in de toekomst"):
        topics.budget_report(dataset, config, 2030)
