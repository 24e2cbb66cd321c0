"""The budget: available per source, spent, committed, remaining, forecast and warnings."""

from datetime import date

import pytest

from tests.conftest import table_counts
from tests.test_services_participations import activity, person
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.services import budget, participations, vouchers

TODAY = date(2026, 6, 15)  # day 166 of 365


def test_available_comes_from_the_config_until_set(db, config):
    assert budget.available(db, config, 2026) == {
        "year": 2026, "trekkingsrecht_cents": 1944800, "cofinancing_cents": 500000, "other_cents": 0,
        "from_config": True, "updated_at": None,
    }
    row = budget.set_budget(db, config, 2026, trekkingsrecht="19.950,00")
    assert (row["trekkingsrecht_cents"], row["cofinancing_cents"], row["other_cents"], row["from_config"]) == (
        1995000, 500000, 0, False)
    row = budget.set_budget(db, config, 2026, other="1200")
    assert (row["trekkingsrecht_cents"], row["cofinancing_cents"], row["other_cents"]) == (1995000, 500000, 120000)
    audit = db.execute("SELECT entity_id, action, fields FROM audit_log WHERE entity = 'budget'")
    assert [tuple(r) for r in audit] == [
        ("2026", "add", "trekkingsrecht_cents"), ("2026", "edit", "other_cents")]


@pytest.mark.parametrize("kwargs,message", [
    ({"trekkingsrecht": "-100"}, "trekkingsrecht: '-100' is negatief"),
    ({"cofinancing": "1,234"}, "cofinanciering: '1,234' is dubbelzinnig (schrijf bv. 1234,50 of 1.234,50)"),
    ({"year": 1999}, "jaar: 1999 moet tussen 2000 en 2100 liggen"),
])
def test_set_refuses_bad_values(db, config, kwargs, message):
    before = table_counts(db)
    with pytest.raises(InvalidInput) as error:
        budget.set_budget(db, config, **{"year": 2026, **kwargs})
    assert error.value.message == message
    assert table_counts(db) == before


def spend(db, config):
    """2026: participations in two domains, expenses, vouchers in every state."""
    ann, bob = person(db), person(db, name=("Bob", "Maes"))
    swim = activity(db)  # network pays 3,60 per person
    theatre = activity(db, title="Theater", domain="cultuur", price=1500, kansentarief=300)
    participations.add(db, config, ann, swim, date(2026, 2, 1), persons=3)  # 10,80
    participations.add(db, config, bob, theatre, date(2026, 3, 1), source="cofinanciering")  # 12,00
    open_voucher = vouchers.issue(db, config, ann, "25")[0]  # committed
    redeemed = vouchers.issue(db, config, bob, "20", source="cofinanciering")[0]
    vouchers.redeem(db, config, redeemed["code"], theatre)  # 15,00 spent (cofinanciering)
    cancelled = vouchers.issue(db, config, bob, "10")[0]
    vouchers.cancel(db, cancelled["code"], "fout")
    stale = vouchers.issue(db, config, ann, "30")[0]
    db.execute("UPDATE vouchers SET issued_on = '2026-01-02', valid_until = '2026-06-14' WHERE id = ?", [stale["id"]])
    last_year = vouchers.issue(db, config, ann, "40")[0]
    db.execute("UPDATE vouchers SET budget_year = 2025 WHERE id = ?", [last_year["id"]])
    budget.add_expense(db, "communicatie", "250", "Folders transparant aanbod", date(2026, 3, 10))
    budget.add_expense(db, "vervoer", "80,50", "Busvervoer uitstap", date(2026, 5, 2), source="ander")
    budget.add_expense(db, "communicatie", "49,50", "Affiches", date(2026, 4, 1))
    budget.add_expense(db, "werking", "100", "Zaalhuur overleg december", date(2025, 12, 20), year=2025)
    return open_voucher


def test_show_adds_up_spent_committed_and_remaining(db, config):
    spend(db, config)
    shown = budget.show(db, config, 2026)
    spent = 1080 + 1200 + 1500 + 25000 + 8050 + 4950
    assert {k: shown[k] for k in ("available_cents", "spent_cents", "participations_cents", "expenses_cents",
                                  "committed_cents", "remaining_cents", "used_bp", "from_config")} == {
        "available_cents": 2444800, "spent_cents": spent, "participations_cents": 3780,
        "expenses_cents": 38000, "committed_cents": 2500, "remaining_cents": 2444800 - spent - 2500,
        "used_bp": 180, "from_config": True,
    }
    assert shown["by_source"] == [
        {"source": "trekkingsrecht", "available_cents": 1944800, "spent_cents": 1080 + 25000 + 4950,
         "committed_cents": 2500, "remaining_cents": 1944800 - 31030 - 2500},
        {"source": "cofinanciering", "available_cents": 500000, "spent_cents": 2700, "committed_cents": 0,
         "remaining_cents": 497300},
        {"source": "ander", "available_cents": 0, "spent_cents": 8050, "committed_cents": 0,
         "remaining_cents": -8050},
    ]
    assert shown["by_domain"] == [
        {"domain": "cultuur", "participations": 2, "persons": 2, "spent_cents": 2700},
        {"domain": "sport", "participations": 1, "persons": 3, "spent_cents": 1080},
    ]
    assert shown["by_category"] == [
        {"category": "communicatie", "expenses": 2, "spent_cents": 29950},
        {"category": "vervoer", "expenses": 1, "spent_cents": 8050},
    ]
    # 41 780 cents in 166 days -> × 365 / 166 = 91 865,66... -> 91 866 (half up)
    assert shown["forecast_cents"] == 91866
    assert shown["forecast_is_actual"] is False
    assert shown["warnings"] == []


def test_last_year_forecast_is_the_actual_and_counts_its_open_vouchers(db, config):
    spend(db, config)
    shown = budget.show(db, config, 2025)
    assert (shown["spent_cents"], shown["committed_cents"], shown["forecast_cents"], shown["forecast_is_actual"]) == (
        10000, 4000, 10000, True)


def test_forecast_is_linear_and_rounded_half_up():
    assert budget.forecast(166, 2026, TODAY) == 365
    assert budget.forecast(1, 2026, date(2026, 1, 2)) == 183  # 182,5 -> 183
    assert budget.forecast(1000, 2024, date(2024, 12, 31)) == 1000  # leap year, last day
    assert budget.forecast(1000, 2024, TODAY) == 1000  # a past year: the actual
    assert budget.forecast(0, 2026, TODAY) == 0


def test_warnings_above_the_share_and_for_the_forecast(db, config):
    spend(db, config)
    budget.set_budget(db, config, 2026, trekkingsrecht="420", cofinancing="0", other="0")
    shown = budget.show(db, config, 2026)
    # used = (417,80 + 25,00) / 420,00 = 105,43%; forecast 918,66 > 420
    assert (shown["used_bp"], shown["warnings"]) == (10540, ["above_warn_share", "forecast_over"])
    budget.set_budget(db, config, 2026, trekkingsrecht="950")
    shown = budget.show(db, config, 2026)
    assert (shown["used_bp"], shown["warnings"]) == (4660, [])  # forecast 918,66 < 950
    budget.set_budget(db, config, 2026, trekkingsrecht="0")
    assert budget.show(db, config, 2026)["warnings"] == ["no_budget"]


def test_warning_share_boundary_is_strictly_above(db, config):
    budget.set_budget(db, config, 2025, trekkingsrecht="1000", cofinancing="0")
    budget.add_expense(db, "werking", "900", "Werking", date(2025, 6, 1))
    assert budget.show(db, config, 2025)["warnings"] == []
    budget.add_expense(db, "werking", "0,01", "Werking", date(2025, 6, 2))
    assert budget.show(db, config, 2025)["warnings"] == ["above_warn_share"]


@pytest.mark.parametrize("kwargs,message", [
    ({"category": "eten"}, "categorie: 'eten' is onbekend; kies uit communicatie, vervoer, materiaal, werking, andere"),
    ({"amount": "0"}, "bedrag: het bedrag moet groter zijn dan nul"),
    ({"amount": "-12"}, "bedrag: '-12' is negatief"),
    ({"amount": "1,234"}, "bedrag: '1,234' is dubbelzinnig (schrijf bv. 1234,50 of 1.234,50)"),
    ({"description": " "}, "omschrijving: geef een omschrijving van de uitgave"),
    ({"source": "stad"}, "bron: 'stad' is onbekend; kies uit trekkingsrecht, cofinanciering, ander"),
    ({"year": 2020}, "jaar: 2020 ligt te ver van de datum 15/06/2026"),
])
def test_expense_add_refuses_bad_input(db, config, kwargs, message):
    values = {"category": "vervoer", "amount": "12", "description": "Bus", **kwargs}
    before = table_counts(db)
    with pytest.raises(InvalidInput) as error:
        budget.add_expense(db, **values)
    assert error.value.message == message
    assert table_counts(db) == before


def test_expense_list_filters(db, config):
    spend(db, config)
    assert [e["description"] for e in budget.list_expenses(db, 2026)] == [
        "Folders transparant aanbod", "Affiches", "Busvervoer uitstap"]
    assert [e["amount_cents"] for e in budget.list_expenses(db, category="Communicatie")] == [25000, 4950]
    assert [e["year"] for e in budget.list_expenses(db)] == [2025, 2026, 2026, 2026]


# ---- the demo's money (synthetic/money.py) ----

def build(tmp_path, name="demo.db", participants=400, **sizes):
    from vrijetijd_cli.config import PACKAGED_CONFIG, load_config
    from vrijetijd_cli.services.demo import build_demo
    from vrijetijd_cli.store import open_db

    path = tmp_path / name
    build_demo(path, load_config(PACKAGED_CONFIG), 2019, participants, TODAY, **sizes)
    return open_db(path)


def test_demo_years_land_near_the_budget_and_last_year_warns(tmp_path, config):
    conn = build(tmp_path, participants=1500)  # the demo's default size
    two_years_ago, last_year, this_year = (budget.show(conn, config, y) for y in (2024, 2025, 2026))
    assert 9000 < two_years_ago["used_bp"] <= 10000
    assert two_years_ago["warnings"] == ["above_warn_share"]
    assert 10000 < last_year["used_bp"] < 11000
    assert last_year["warnings"] == ["above_warn_share", "forecast_over"]
    assert this_year["warnings"] == []
    assert this_year["available_cents"] == 2444800 and not this_year["from_config"]
    for year in (two_years_ago, last_year, this_year):
        assert year["participations_cents"] > year["expenses_cents"] > 0
        assert {d["domain"] for d in year["by_domain"]} == {"cultuur", "jeugd", "sport"}
    conn.close()


def test_demo_money_respects_every_rule(tmp_path, config):
    from vrijetijd_cli.services import checks, voucher_codes

    conn = build(tmp_path)
    assert checks.run(conn) == []
    outside_status = conn.execute(
        "SELECT COUNT(*) FROM participations x WHERE NOT EXISTS (SELECT 1 FROM statuses s"
        " WHERE s.participant_id = x.participant_id AND s.valid_from <= x.date AND s.valid_until >= x.date"
        " AND (s.suspended_on IS NULL OR s.suspended_on > x.date))").fetchone()[0]
    outside_activity = conn.execute(
        "SELECT COUNT(*) FROM participations x JOIN activities a ON a.id = x.activity_id WHERE a.active = 0"
        " OR x.date < COALESCE(a.start_date, x.date) OR x.date > COALESCE(a.end_date, x.date)"
        " OR x.date > '2026-06-15'").fetchone()[0]
    assert (outside_status, outside_activity) == (0, 0)
    sums = conn.execute(
        "SELECT COUNT(*) FROM participations"
        " WHERE participant_paid_cents + organiser_carried_cents + network_paid_cents != price_cents"
        " OR (paid_via = 'gratis' AND price_cents != 0) OR budget_year != CAST(substr(date, 1, 4) AS INTEGER)"
    ).fetchone()[0]
    assert sums == 0
    # shared cost: the organiser carried its share (of the activity, half up to the cent) wherever one
    # applies, never more than what the participant does not pay, and nothing elsewhere
    shares = conn.execute(
        "SELECT x.paid_via, a.organiser_share_bp, x.price_cents, x.participant_paid_cents, x.organiser_carried_cents"
        " FROM participations x JOIN activities a ON a.id = x.activity_id WHERE x.paid_via != 'gratis'").fetchall()
    carried = [row for row in shares if row[4]]
    assert carried and all(row[1] for row in carried)
    for via, share, price, participant, organiser in shares:
        limit = price - participant if via == "kansentarief" else price
        assert organiser == min((price * (share or 0) * 2 + 10000) // 20000, limit)
    over_cap = conn.execute(
        "SELECT participant_id, budget_year, SUM(network_paid_cents), MAX(over_cap_reason) FROM participations"
        " GROUP BY participant_id, budget_year HAVING SUM(network_paid_cents) > ?", [config.yearly_cap_cents]
    ).fetchall()
    assert all(row[3] for row in over_cap)  # above the cap only with a reason, as the coordinator would
    vouchers_rows = conn.execute(
        "SELECT v.code, v.state, v.issued_on, v.valid_until, v.redeemed_on, v.expired_on, v.cancelled_on,"
        " v.value_cents, x.date, x.network_paid_cents, x.participant_id = v.participant_id"
        " FROM vouchers v LEFT JOIN participations x ON x.voucher_id = v.id").fetchall()
    assert {r[1] for r in vouchers_rows} == {"issued", "redeemed", "expired", "cancelled"}
    for code, state, issued, until, redeemed, expired, cancelled, value, used_on, paid_cents, same in vouchers_rows:
        assert voucher_codes.canonical(code) == code
        assert issued <= until
        if state == "redeemed":
            assert issued <= redeemed == used_on <= until and 0 < paid_cents <= value and same
        else:
            assert used_on is None
        assert (state == "expired") == (expired is not None) and (state == "cancelled") == (cancelled is not None)
        if state == "issued":
            assert until >= "2026-06-15"
        if state == "expired":
            assert until < expired <= "2026-06-15"
    conn.close()


def test_demo_sizes_are_exact_and_reproducible(tmp_path):
    first = build(tmp_path, "a.db", participants=300, participations=2500, vouchers=700)
    second = build(tmp_path, "b.db", participants=300, participations=2500, vouchers=700)
    assert [first.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("participations", "vouchers")] == [
        2500, 700]
    dump = "SELECT * FROM participations ORDER BY id"
    assert [tuple(r) for r in first.execute(dump)] == [tuple(r) for r in second.execute(dump)]
    codes = "SELECT code FROM vouchers ORDER BY id"
    assert [tuple(r) for r in first.execute(codes)] == [tuple(r) for r in second.execute(codes)]
    first.close()
    second.close()


def test_expense_edit_and_delete_move_the_money(db, config):
    from tests.test_services_participations_corrections import close_year
    from vrijetijd_cli.reports import yearly

    row = budget.add_expense(db, "communicatie", "185,40", "Drukwerk folder", date(2026, 3, 12))
    assert budget.show(db, config, 2026)["expenses_cents"] == 18540
    edited = budget.edit_expense(db, row["id"], category="materiaal", amount="158,40")
    assert (edited["category"], edited["amount_cents"], edited["changed"]) == (
        "materiaal", 15840, ["category", "amount_cents"])
    assert budget.show(db, config, 2026)["expenses_cents"] == 15840
    spent = {r["key"]: r["spent_cents"] for r in yearly.build(db, config, 2026)["budget"]["spent_by_category"]}
    assert (spent["materiaal"], spent["communicatie"]) == (15840, 0)
    moved = budget.edit_expense(db, row["id"], on=date(2027, 1, 4), year=2026)
    assert (moved["date"], moved["year"]) == ("2027-01-04", 2026)
    assert budget.edit_expense(db, row["id"], description="Drukwerk folder")["changed"] == []
    budget.delete_expense(db, row["id"])
    assert budget.show(db, config, 2026)["expenses_cents"] == 0
    audit = db.execute("SELECT action, fields FROM audit_log WHERE entity = 'expense' ORDER BY id").fetchall()
    assert [tuple(r) for r in audit] == [
        ("add", "amount_cents,category,date,description,funding_source,year"), ("edit", "amount_cents,category"),
        ("edit", "date"), ("delete", "")]
    # refusals: unknown id, a closed year it is in or would move to, a bad amount
    old = budget.add_expense(db, "vervoer", "12,50", "bus", date(2025, 12, 20))
    new = budget.add_expense(db, "vervoer", "8", "tram", date(2026, 1, 8))
    close_year(db, 2025)
    before = table_counts(db)
    with pytest.raises(NotFound, match="^uitgave 99 bestaat niet$"):
        budget.delete_expense(db, 99)
    with pytest.raises(Conflict, match=f"^uitgave {old['id']}: het jaar 2025 is afgesloten"):
        budget.delete_expense(db, old["id"])
    with pytest.raises(Conflict, match=f"^uitgave {new['id']}: het jaar 2025 is afgesloten"):
        budget.edit_expense(db, new["id"], year=2025)
    with pytest.raises(InvalidInput, match="bedrag"):
        budget.edit_expense(db, new["id"], amount="-3")
    assert table_counts(db) == before
