"""The yearly report's figures against hand-computed numbers on tests/data/report_dataset.sql.

Today is 2026-06-15, so the default year is 2025. The arithmetic for each figure is written
next to its assertion; participants are p1..p10, participations x1..x11, vouchers v1..v7.
"""

import pytest

from tests.conftest import DATA, table_counts
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.reports import period, yearly
from vrijetijd_cli.reports.disclosure import mask_counts


@pytest.fixture
def dataset(db):
    db.executescript((DATA / "report_dataset.sql").read_text(encoding="utf-8"))
    return db


@pytest.fixture
def report(dataset, config):
    return yearly.build(dataset, config)


def by_key(rows, key="key"):
    return {r[key]: r for r in rows}


def test_default_year_is_the_last_complete_year(report):
    assert report["year"] == 2025
    assert report["period"] == {"start": "2025-01-01", "end": "2025-12-31", "as_of": "2025-12-31",
                                "complete": True}
    assert report["has_data"] is True


def test_network(report):
    network = report["network"]
    # partners 1-7 active, 8 inactive but referred in 2025, 9 inactive and silent
    assert [p["id"] for p in network["partners"]] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert network["partner_count"] == 8
    assert network["agreement_year"] == 7  # 2019 is the first year
    assert network["trekkingsrecht_cents"] == 1944800  # the budgets row of 2025
    assert (network["cofinancing_cents"], network["other_budget_cents"]) == (500000, 10000)


def test_reach_totals(report):
    reach = report["reach"]
    # reached: participations p1 p2 p3 p5 p9; referrals p1 p2 p5 p4 p6; statuses s1 p1, s2 p3,
    # s3 p4, s4 p6 (suspended in the year still counts; s9 of p7 was suspended before 2025);
    # vouchers issued p2 p7 p6 p4 p3 -> p1 p2 p3 p4 p5 p6 p7 p9
    assert reach["participants"] == 8
    # p3 (status from 2024), p7 (status from 2024), p9 (2024 participation) are not new
    assert reach["new_participants"] == 5
    assert reach["took_part"] == 5
    # households 3 + 1 + 4 + 1 + 2 + 1 + 2 + 5
    assert reach["household_members"] == 19
    # all but p6 (3600) and p7 (no postcode)
    assert reach["living_in_municipality"] == 6


def test_reach_by_ground(report):
    grounds = by_key(report["reach"]["by_ground"])
    assert list(grounds) == ["verhoogde_tegemoetkoming", "ocmw", "schuldbemiddeling", "vluchteling",
                             "maatwerkbedrijf", "doorverwijzing", "none"]
    count = {k: (r["participants"], r["new_participants"], r["took_part"], r["household_members"])
             for k, r in grounds.items()}
    assert count["verhoogde_tegemoetkoming"] == (1, 1, 1, 3)  # p1 (status s1)
    assert count["ocmw"] == (3, 2, 3, 8)  # p1 (referral r1), p2 (r2), p3 (s2)
    assert count["schuldbemiddeling"] == (1, 1, 0, 1)  # p4
    assert count["vluchteling"] == (1, 1, 0, 1)  # p6
    assert count["maatwerkbedrijf"] == count["doorverwijzing"] == (0, 0, 0, 0)
    assert count["none"] == (3, 1, 2, 9)  # p5 (referral without ground), p7, p9
    assert grounds["ocmw"]["label"] == "OCMW-gerechtigd / leefloon"


def test_reach_by_age_at_the_end_of_the_year(report):
    ages = {r["key"]: (r["participants"], r["new_participants"], r["took_part"], r["household_members"])
            for r in report["reach"]["by_age"]}
    assert ages == {
        "0-11": (1, 1, 1, 2),  # p5, born 2015
        "12-17": (1, 1, 1, 1),  # p2, birth_year 2010 only
        "18-25": (1, 1, 0, 1),  # p4, born 01/01/2000: 25 at the end of 2025
        "26-64": (2, 1, 2, 8),  # p1 (1985), p9 (31/12/1999: 26)
        "65+": (2, 1, 1, 5),  # p3 (1960: 65), p6 (1950)
        "unknown": (1, 0, 0, 2),  # p7
    }


def test_reach_by_postcode_and_domain(report):
    postcodes = [(r["key"], r["participants"], r["in_municipality"]) for r in report["reach"]["by_postcode"]]
    assert postcodes == [("3500", 3, True), ("3510", 1, True), ("3511", 1, True), ("3512", 1, True),
                         ("3600", 1, False), ("unknown", 1, False)]
    # cultuur: p1 (x1), p3 (x4), p9 (x6, x7); jeugd: p2 (x3); sport: p1 (x2), p5 (x5)
    domains = [(r["key"], r["participants"]) for r in report["reach"]["by_domain"]]
    assert domains == [("cultuur", 3), ("jeugd", 1), ("sport", 2)]


def test_referrals(report):
    referrals = report["referrals"]
    assert referrals["total"] == 5  # r1..r5
    # r1 (x1 after it), r2 (x3); r3's x5 came before it; r4 and r5 led to a participation only in
    # 2026 (x8, x11), which does not count for 2025: a later year never changes a past one
    assert referrals["led_to_participation"] == 2
    assert referrals["led_to_participation_bp"] == 4000
    assert [(r["state"], r["referrals"]) for r in referrals["by_state"]] == [
        ("open", 1), ("in_behandeling", 1), ("toegeleid", 1), ("afgesloten", 1), ("geweigerd", 1)]
    partners = [(r["label"], r["referrals"], r["led_to_participation"]) for r in referrals["by_partner"]]
    assert partners == [
        ("De Brug Hasselt", 2, 1), ("Domo Hasselt", 1, 0), ("Sociale Dienst", 1, 1), ("Vzw Oud", 1, 0),
        ("Cultuur-, jeugd- en sportdienst", 0, 0), ("Dienst gezinsondersteuning", 0, 0),
        ("Dienst wijkmanagement", 0, 0), ("Horizont - Rap op stap Limburg", 0, 0),
    ]
    assert referrals["partners_referring"] == 4
    brug = referrals["by_partner"][0]
    assert (brug["toegeleid"], brug["geweigerd"], brug["open"]) == (1, 1, 0)


def test_participation(report):
    data = report["participation"]
    # x1..x7 have a date in 2025 (x7 is booked on 2026's budget, x8 dated 2026 on 2025's)
    assert data["participations"] == 7
    assert data["persons"] == 3 + 2 + 1 + 4 + 2 + 1 + 5
    assert data["price_cents"] == 6000 + 1000 + 3000 + 8000 + 1000 + 2500 + 10000
    assert data["participant_paid_cents"] == 1200 + 200 + 0 + 1600 + 0 + 500 + 2000
    assert data["network_paid_cents"] == 4800 + 800 + 3000 + 6400 + 0 + 2000 + 8000
    assert (data["participants"], data["activities"]) == (5, 4)
    domains = {r["key"]: (r["participations"], r["persons"], r["network_paid_cents"], r["activities"])
               for r in data["by_domain"]}
    assert domains == {"cultuur": (4, 13, 21200, 2), "jeugd": (1, 1, 3000, 1), "sport": (2, 4, 800, 1)}
    top = [(r["title"], r["participations"], r["persons"], r["network_paid_cents"]) for r in data["top_activities"]]
    assert top == [("Theater aan de Schouwburg", 3, 12, 19200), ("Zwembad Kapermolen", 2, 4, 800),
                   ("Concert Muziekodroom", 1, 1, 2000), ("Speelpleinwerking zomer", 1, 1, 3000)]
    via = {r["key"]: (r["participations"], r["persons"], r["network_paid_cents"]) for r in data["by_paid_via"]}
    assert via == {"kansentarief": (5, 15, 22000), "voucher": (1, 1, 3000), "gratis": (1, 2, 0)}
    months = {r["key"]: r["participations"] for r in data["by_month"] if r["participations"]}
    assert months == {3: 2, 5: 1, 6: 1, 7: 1, 12: 2}
    assert len(data["by_month"]) == 12


def test_overrides_per_kind(dataset, config):
    # x1 above the cap, x6 without a status, x7 both; x4 has the one reason of before the split; x8 (2026)
    # and x9 (2024) are outside the year
    dataset.executescript("""
        UPDATE participations SET over_cap_reason = 'akkoord netwerk' WHERE id IN (1, 7, 8);
        UPDATE participations SET without_status_reason = 'statuut in aanvraag' WHERE id IN (6, 7, 9);
        UPDATE participations SET override_reason = 'oude reden' WHERE id IN (4, 9);""")
    rows = yearly.build(dataset, config, 2025)["participation"]["overrides"]
    assert rows == [
        {"key": "over_cap", "participations": 2, "network_paid_cents": 4800 + 8000},
        {"key": "without_status", "participations": 2, "network_paid_cents": 2000 + 8000},
        {"key": "unsplit", "participations": 1, "network_paid_cents": 6400},
    ]
    # an independent count over the raw rows, without the partial index
    raw = dataset.execute("""
        SELECT SUM(over_cap_reason != ''), SUM(without_status_reason != ''),
               SUM(override_reason != '' AND over_cap_reason = '' AND without_status_reason = '')
        FROM participations NOT INDEXED WHERE date BETWEEN '2025-01-01' AND '2025-12-31'""").fetchone()
    assert tuple(raw) == tuple(r["participations"] for r in rows)
    public = yearly.build(dataset, config, 2025, public=True)["participation"]["overrides"]
    assert [r["participations"] for r in public] == ["< 5", "< 5", "< 5"]


def test_vouchers_of_the_budget_year(report):
    vouchers = report["participation"]["vouchers"]
    assert vouchers == {
        "issued": {"vouchers": 5, "value_cents": 10000},  # v1..v5
        "redeemed": {"vouchers": 1, "value_cents": 3000},  # v1
        "open": {"vouchers": 2, "value_cents": 3500},  # v2, v5
        "expired": {"vouchers": 1, "value_cents": 2000},  # v3
        "cancelled": {"vouchers": 1, "value_cents": 1500},  # v4
    }


def test_budget(report):
    budget = report["budget"]
    assert budget["origin"] == "budgets"
    assert budget["available_cents"] == 1944800 + 500000 + 10000
    # budget year 2025: x1 x2 x3 x4 x5 x6 x8 (x7 is on 2026); expenses e1 e2 e3
    assert budget["participations_cents"] == 4800 + 800 + 3000 + 6400 + 0 + 2000 + 400
    assert budget["expenses_cents"] == 12000 + 4550 + 1000
    assert budget["spent_cents"] == 34950
    # v2 is open and valid until 30/09/2026; v5 is open but no longer valid
    assert (budget["committed_cents"], budget["committed_vouchers"]) == (2500, 1)
    assert budget["remaining_cents"] == 2454800 - 34950 - 2500
    assert budget["used_bp"] == 150  # 37 450 / 2 454 800 = 1,5256 %, shown with one decimal
    sources = {r["source"]: (r["available_cents"], r["spent_cents"], r["committed_cents"], r["remaining_cents"],
                             r["used_bp"]) for r in budget["by_source"]}
    assert sources == {
        "trekkingsrecht": (1944800, 4800 + 800 + 3000 + 2000 + 12000 + 1000, 0, 1921200, 120),
        "cofinanciering": (500000, 6400 + 4550, 2500, 486550, 270),
        "ander": (10000, 400, 0, 9600, 400),
    }
    assert [(r["key"], r["spent_cents"]) for r in budget["spent_by_domain"]] == [
        ("cultuur", 4800 + 6400 + 2000), ("jeugd", 3000), ("sport", 800 + 0 + 400)]
    assert [(r["key"], r["spent_cents"]) for r in budget["spent_by_category"]] == [
        ("communicatie", 12000), ("vervoer", 4550), ("materiaal", 0), ("werking", 1000), ("andere", 0)]


def test_a_year_without_a_budget_says_so_and_never_takes_the_config(dataset, config):
    report = yearly.build(dataset, config, 2023)
    assert report["budget"]["origin"] == "none"
    assert report["budget"]["available_cents"] == 0 and report["budget"]["used_bp"] is None
    assert {"code": "no_budget", "severity": "warning", "params": {"year": 2023}} in report["findings"]


def test_meetings(report):
    meetings = report["meetings"]
    # overleg 10/02 and 12/05, evaluatie 17/11; the werkgroep of 08/09 does not count
    assert (meetings["held"], meetings["minimum"], meetings["planned"]) == (3, 4, 0)
    assert [(r["key"], r["meetings"]) for r in meetings["by_kind"]] == [
        ("overleg", 2), ("werkgroep", 1), ("evaluatie", 1)]
    assert (meetings["poverty_voices"], meetings["meetings_with_poverty_voices"]) == (2 + 0 + 3, 2)
    assert meetings["with_minutes"] == 2
    listed = [(m["date"], m["present"], m["excused"], m["absent"]) for m in meetings["list"]]
    assert listed == [("2025-02-10", 6, 0, 1), ("2025-05-12", 4, 1, 2), ("2025-09-08", 1, 0, 0),
                      ("2025-11-17", 4, 0, 2)]
    attendance = {r["partner_id"]: (r["present"], r["excused"], r["absent"], r["not_recorded"], r["attendance_bp"])
                  for r in meetings["attendance"]}
    assert attendance == {
        1: (3, 0, 0, 0, 10000), 2: (1, 1, 1, 0, 3330), 3: (2, 0, 0, 1, 6670), 4: (3, 0, 0, 0, 10000),
        5: (2, 0, 1, 0, 6670), 6: (0, 0, 3, 0, 0), 7: (3, 0, 0, 0, 10000),
    }
    # a1 done in March; a4 (of 2024) done in January; a2 open and overdue; a3 done only in 2026
    assert meetings["actions"] == {"created": 3, "done": 2, "open_items": 2, "overdue": 1}
    assert [(a["text"], a["owner"], a["overdue"]) for a in meetings["open_actions"]] == [
        ("Contact zwembad over kansentarief", "Sociale Dienst", True),
        ("Evaluatieverslag naar de gemeenteraad", "De Brug Hasselt", False),
    ]


def test_goals_tree_with_evaluations(report):
    goals = [(g["code"], g["depth"], g["parent"], g["state"]) for g in report["goals"]]
    assert goals == [
        ("SD1", 0, None, "lopend"), ("OD1.1", 1, "SD1", "gerealiseerd"), ("A1.1.1", 2, "OD1.1", "bijgestuurd"),
        ("SD2", 0, None, "lopend"), ("OD2.1", 1, "SD2", "niet_gestart"), ("A2.1.1", 2, "OD2.1", "gerealiseerd"),
        ("SD3", 0, None, "geschrapt"), ("OD3.1", 1, "SD3", None), ("A3.1.1", 2, "OD3.1", None),
    ]
    assert report["goals"][2]["comment"] == "Minder vergaderingen, meer terreinbezoeken"
    assert {r["key"]: r["goals"] for r in report["goals_by_state"]} == {
        "niet_gestart": 1, "lopend": 2, "gerealiseerd": 2, "bijgestuurd": 1, "geschrapt": 1, "none": 2}


def test_findings(report):
    findings = [(f["code"], f["params"]) for f in report["findings"]]
    assert findings == [
        ("meetings_below_minimum", {"held": 3, "planned": 0, "minimum": 4}),
        ("partner_often_absent", {"partner": "Dienst wijkmanagement", "present": 1, "held": 3,
                                  "threshold_bp": 6000}),
        ("partner_often_absent", {"partner": "Domo Hasselt", "present": 0, "held": 3, "threshold_bp": 6000}),
        ("budget_underused", {"used_bp": 150, "remaining_cents": 2417350}),
        # a past year's own facts, never today's warnings: v3 ran out unused on 31/12/2025 (v5 ran out
        # in 2026); s2 of p3 ended on 30/06 and s4 of p6 by its suspension on 01/08, both without a
        # follow-up (s1 of p1 was followed by s8, s9 of p7 had ended by its suspension in 2024)
        ("vouchers_unused", {"vouchers": 1, "value_cents": 2000}),
        ("statuses_ended", {"participants": 2}),
        ("goals_not_evaluated", {"goals": 2, "codes": ["OD3.1", "A3.1.1"]}),
        ("actions_overdue", {"actions": 1}),
    ]


def test_overspent_year_and_its_findings(dataset, config):
    report = yearly.build(dataset, config, 2024)
    # 2024: budget 50,00; x9 9,60 + x10 48,00 + e4 30,00
    assert report["budget"]["spent_cents"] == 8760
    assert report["budget"]["remaining_cents"] == 5000 - 8760
    codes = [f["code"] for f in report["findings"]]
    assert "budget_overspent" in codes and "budget_underused" not in codes
    assert report["findings"][codes.index("budget_overspent")]["params"]["over_cents"] == 3760
    # 2024 reach: p3 (s2), p7 (s9), p8 (all), p9 (participation, referral, s7 from 2023)
    assert (report["reach"]["participants"], report["reach"]["new_participants"]) == (4, 3)


def test_comparison_with_the_previous_year(report):
    assert report["comparison"]["previous_year"] == 2024
    figures = {f["key"]: (f["current"], f["previous"], f["change"], f["change_bp"])
               for f in report["comparison"]["figures"]}
    assert figures == {
        "participants": (8, 4, 4, 10000),
        "new_participants": (5, 3, 2, 6670),
        "took_part": (5, 2, 3, 15000),
        "referrals": (5, 2, 3, 15000),
        "participations": (7, 2, 5, 25000),
        "persons": (18, 6, 12, 20000),
        "vouchers_issued": (5, 1, 4, 40000),
        "spent_cents": (34950, 8760, 26190, 29900),
        "available_cents": (2454800, 5000, 2449800, 4899600),
        "used_bp": (150, 17520, -17370, None),
        "meetings_held": (3, 2, 1, None),
    }


def test_running_year_counts_up_to_today(dataset, config):
    report = yearly.build(dataset, config, 2026)
    assert report["period"]["complete"] is False
    assert report["period"]["as_of"] == "2026-06-15"
    assert report["meetings"]["held"] == 1  # 03/03/2026
    assert "budget_underused" not in [f["code"] for f in report["findings"]]


def test_public_report_hides_small_counts(dataset, config):
    report = yearly.build(dataset, config, public=True)
    assert report["public"] is True
    reach = report["reach"]
    # 5 new participants: one in each of five age bands, all '< 5'; shown, the total would tell
    # they are 1 each, so it is hidden too (tests/test_reports_disclosure.py has the rules)
    assert (reach["participants"], reach["new_participants"], reach["took_part"]) == (8, "×", 5)
    ocmw = by_key(reach["by_ground"])["ocmw"]
    assert ocmw["participants"] == "< 5" and ocmw["household_members"] == 8
    assert by_key(reach["by_ground"])["maatwerkbedrijf"]["participants"] == 0
    brug = report["referrals"]["by_partner"][0]
    assert brug["referrals"] == "< 5" and brug["led_to_participation_bp"] is None
    # five referrals in five months: the total would give each month away
    assert report["referrals"]["total"] == "×"
    assert report["participation"]["vouchers"]["redeemed"] == {"vouchers": "< 5", "value_cents": "×"}
    figures = by_key(report["comparison"]["figures"])
    assert figures["participants"]["previous"] == "< 5" and figures["participants"]["change"] is None
    # 2024's budget paid for two participations
    assert figures["spent_cents"]["previous"] == "×"
    assert figures["available_cents"]["previous"] == 5000
    assert report["disclosure"]["threshold"] == 5
    assert report["disclosure"]["hidden"]["reach.new_participants"] == "complementary"
    assert report["disclosure"]["hidden"]["reach.by_ground[ocmw].participants"] == "primary"
    # no free text of action items outside the network
    assert report["meetings"]["open_actions"] == []
    assert report["meetings"]["actions"]["open_items"] == 2


def test_mask_counts_keeps_zero_and_large_counts():
    data = {"participants": 4, "new_participants": 0, "referrals": 5, "persons": 12, "held": 1,
            "led_to_participation_bp": 5000, "rows": [{"participants": 1}]}
    assert mask_counts(data, 5) == {
        "participants": "< 5", "new_participants": 0, "referrals": 5, "persons": 12, "held": 1,
        "led_to_participation_bp": None, "rows": [{"participants": "< 5"}]}


def test_a_year_without_data_is_an_empty_valid_report(dataset, config):
    report = yearly.build(dataset, config, 2010)
    assert report["has_data"] is False
    assert report["reach"]["participants"] == 0
    assert report["referrals"]["total"] == 0
    assert report["budget"]["spent_cents"] == 0
    assert report["findings"][0] == {"code": "no_data", "severity": "info", "params": {"year": 2010}}


def test_future_and_impossible_years_are_refused(dataset, config):
    before = table_counts(dataset)
    with pytest.raises(InvalidInput, match="2027 ligt in de toekomst"):
        yearly.build(dataset, config, 2027)
    with pytest.raises(InvalidInput, match="99 is geen geldig jaar"):
        period(99)
    assert table_counts(dataset) == before


def test_the_report_leaves_no_temporary_tables(dataset, config):
    yearly.build(dataset, config)
    assert dataset.execute("SELECT COUNT(*) FROM temp.sqlite_master WHERE type = 'table'").fetchone()[0] == 0
    assert not dataset.in_transaction


def test_the_years_participations_are_summed_from_the_covering_index_alone(dataset, config):
    """A column the sums need but the index lacks makes SQLite look up every row of the year: at
    province scale that doubled the time of the participation sums (benchmarks/README.md)."""
    from vrijetijd_cli.reports import participation

    with participation.summed(dataset, period(2025)) as sums:
        assert dataset.execute(f"SELECT COUNT(*) FROM {sums.table}").fetchone()[0] > 0
        # x1 x4, x3, x5, x2, x6 x7
        assert {month: sums.by_month[month]["participations"] for month in (3, 5, 6, 7, 12)} == {
            3: 2, 5: 1, 6: 1, 7: 1, 12: 2}
        assert sum(sums.by_month[month]["participations"] for month in range(1, 13)) == 7
    sql = dataset.execute("SELECT sql FROM sqlite_temp_master").fetchall()  # the table is gone again
    assert sql == []
    plan = " ".join(row[3] for row in dataset.execute(f"EXPLAIN QUERY PLAN {participation.YEAR_ROWS}",
                                                      {"start": "2025-01-01", "end": "2025-12-31"}))
    assert "COVERING INDEX idx_participations_date_cover" in plan
    plan = " ".join(row[3] for row in dataset.execute(f"EXPLAIN QUERY PLAN {participation.MONTH_SUMS}",
                                                      {"first": "2025-03-01", "next": "2025-04-01"}))
    assert "COVERING INDEX idx_participations_date_cover" in plan


def test_the_years_domains_are_gathered_in_participant_order(dataset):
    from vrijetijd_cli.reports import reach

    dataset.execute("CREATE TEMP TABLE bits (id INTEGER PRIMARY KEY, bit INTEGER NOT NULL)")
    plan = [row[3] for row in dataset.execute(f"EXPLAIN QUERY PLAN {reach.YEAR_DOMAINS.format(bits='bits')}",
                                              {"start": "2025-01-01", "end": "2025-12-31"})]
    assert plan == ["SCAN x USING COVERING INDEX idx_participations_participant_activity",
                    "SEARCH b USING INTEGER PRIMARY KEY (rowid=?)"]


def test_referrals_led_to_participation_is_the_same_with_or_without_the_reached_people(dataset, config):
    from vrijetijd_cli.reports import reach, referrals

    p = period(2025)
    alone = referrals.grouped(dataset, config, p, "partner")
    with reach.reached(dataset, p) as tables:
        beside = referrals.grouped(dataset, config, p, "partner", tables.people)
    assert beside == alone
    assert sum(r["led_to_participation"] for r in alone) == 2


def test_more_grounds_than_the_report_can_count_are_refused(dataset, config):
    known = dataset.execute("SELECT COUNT(*) FROM grounds").fetchone()[0]
    dataset.executemany("INSERT INTO grounds (code, label_nl, label_en, validity_months) VALUES (?, ?, ?, 12)",
                        [(f"grond{i}", f"Grond {i}", f"Ground {i}") for i in range(63 - known)])
    with pytest.raises(InvalidInput, match="rapport: de databank kent 63 gronden"):
        yearly.build(dataset, config)


def test_more_domains_than_the_report_can_count_are_refused(dataset, config):
    dataset.executemany("""INSERT INTO activities (title, domain, price_cents, kansentarief_cents, created_at,
                           updated_at) VALUES (?, ?, 1000, 200, '2024-01-01T10:00:00', '2024-01-01T10:00:00')""",
                        [(f"Activiteit {i}", f"domein{i}") for i in range(60)])
    with pytest.raises(InvalidInput, match="rapport: de activiteiten hebben 63 domeinen"):
        yearly.build(dataset, config)
