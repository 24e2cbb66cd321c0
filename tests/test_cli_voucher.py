"""`vrijetijd voucher …` through the CLI: the README walkthrough and every bad input."""

import json
import re

import pytest

from tests.conftest import table_counts, use_english
from tests.test_services_participations import activity, person
from vrijetijd_cli.services import voucher_codes

CODE = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}")


def issue(cli, *args) -> str:
    result = cli("voucher", "issue", *args)
    assert result.exit_code == 0, result.stderr
    return CODE.search(result.stdout).group(0)


def test_walkthrough_issue_redeem_redeem_again_budget(cli, db):
    cli("participant", "add", "--first-name", "Fatima", "--last-name", "El Amrani", "--birth-date", "04/11/1987",
        "--household-size", "3")
    assert cli("participant", "status", "add", "--participant", "1", "--ground", "OCMW").exit_code == 0
    activity(db, title="Zwembad Kapermolen", price=450, kansentarief=90)

    issued = cli("voucher", "issue", "--participant", "1", "--amount", "25")
    assert issued.exit_code == 0, issued.stderr
    assert "Uitgegeven waardebonnen" in issued.stdout
    assert "€ 25,00" in issued.stdout and "14/06/2027" in issued.stdout and "uitgegeven" in issued.stdout
    code = CODE.search(issued.stdout).group(0)

    typed = code.lower().replace("-", " ")
    redeemed = cli("voucher", "redeem", typed, "--activity", "1", "--household-members", "3")
    assert redeemed.exit_code == 0, redeemed.stderr
    assert f"Waardebon {code} ingewisseld voor Zwembad Kapermolen: de bon betaalt € 13,50, de deelnemer € 0,00." \
        in redeemed.stderr
    assert "Het niet gebruikte deel van de bon (€ 11,50) vervalt en blijft in het budget." in redeemed.stderr
    assert "waardebon" in redeemed.stdout and "€ 13,50" in redeemed.stdout

    before = table_counts(db)
    again = cli("voucher", "redeem", code, "--activity", "1")
    assert again.exit_code == 1
    assert again.stdout == ""
    assert again.stderr == f"Fout: waardebon {code} is al ingewisseld op 15/06/2026 voor 'Zwembad Kapermolen'\n"
    assert table_counts(db) == before

    shown = cli("budget", "show")
    assert shown.exit_code == 0
    assert re.search(r"Uitgegeven\s+€ 13,50", shown.stdout)
    assert re.search(r"Resterend\s+€ 24\.434,50", shown.stdout)


def test_list_json_has_the_promised_keys(cli, db):
    pid = person(db)
    code = issue(cli, "--participant", pid, "--amount", "12,50", "--count", "2", "--source", "cofinanciering")
    result = cli("voucher", "list", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) == 2 and rows[0]["code"] == code
    assert {k: rows[0][k] for k in ("code", "participant_id", "value_cents", "state", "valid_until",
                                    "funding_source", "budget_year")} == {
        "code": code, "participant_id": pid, "value_cents": 1250, "state": "issued",
        "valid_until": "2027-06-14", "funding_source": "cofinanciering", "budget_year": 2026,
    }
    filtered = cli("voucher", "list", "--state", "ingewisseld", "--format", "json")
    assert json.loads(filtered.stdout) == []


def test_list_csv_uses_dutch_labels(cli, db):
    pid = person(db)
    code = issue(cli, "--participant", pid, "--amount", "10")
    result = cli("voucher", "list", "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0] == "Code;Deelnemer-id;Deelnemer;Waarde;Uitgegeven op;Geldig tot;Bron;Toestand"
    assert lines[1] == f"{code};{pid};Ann Peeters;10,00;15/06/2026;14/06/2027;trekkingsrecht;uitgegeven"


def test_show_gives_the_whole_history(cli, db):
    pid = person(db)
    activity(db)
    code = issue(cli, "--participant", pid, "--amount", "25")
    assert cli("voucher", "redeem", code, "--activity", "1").exit_code == 0
    shown = cli("voucher", "show", code)
    assert shown.exit_code == 0
    assert re.search(r"^15/06/2026  uitgegeven   € 25,00, trekkingsrecht, geldig tot 14/06/2027$", shown.stdout, re.M)
    assert re.search(r"^15/06/2026  ingewisseld  Zwembad Kapermolen \(1\), deelname 1, betaald € 4,50$", shown.stdout,
                     re.M)
    assert "voucher redeem" in shown.stdout
    data = json.loads(cli("voucher", "show", code, "--format", "json").stdout)
    assert [e["event"] for e in data["history"]] == ["issued", "redeemed"]
    assert [a["command"] for a in data["audit"]] == ["voucher issue", "voucher redeem"]
    assert (data["state"], data["activity"], data["paid_cents"]) == ("redeemed", "Zwembad Kapermolen", 450)

    other = issue(cli, "--participant", pid, "--amount", "10")
    cancelled = cli("voucher", "cancel", other, "--reason", "dubbel uitgegeven")
    assert (cancelled.exit_code, cancelled.stderr) == (0, f"Waardebon {other} geannuleerd.\n")
    shown = cli("voucher", "show", other)
    assert re.search(r"geannuleerd  reden: dubbel uitgegeven$", shown.stdout, re.M)


def test_expire_reports_how_many_and_is_idempotent(cli, db):
    pid = person(db)
    issue(cli, "--participant", pid, "--amount", "10")
    db.execute("UPDATE vouchers SET issued_on = '2025-06-01', valid_until = '2026-06-14'")
    first = cli("voucher", "expire")
    assert (first.exit_code, first.stderr) == (0, "1 waardebon op vervallen gezet.\n")
    second = cli("voucher", "expire")
    assert (second.exit_code, second.stderr) == (0, "0 waardebonnen op vervallen gezet.\n")


def redeem_refused(cli, db, *args) -> str:
    before = table_counts(db)
    result = cli("voucher", "redeem", *args)
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    assert table_counts(db) == before
    return result.stderr


def test_unknown_and_mistyped_codes(cli, db):
    activity(db)
    unknown = voucher_codes.from_number(4242)
    assert redeem_refused(cli, db, unknown, "--activity", "1") == f"Fout: waardebon {unknown!r} bestaat niet\n"
    swapped = unknown[1] + unknown[0] + unknown[2:]
    assert swapped != unknown
    assert redeem_refused(cli, db, swapped, "--activity", "1") == (
        f"Fout: code {swapped!r} is verkeerd getypt: het controleteken klopt niet\n")
    assert redeem_refused(cli, db, "ABCD-EFGH-JKLM", "--activity", "1") == (
        "Fout: code 'ABCD-EFGH-JKLM' is verkeerd getypt: 'L' komt niet voor in codes"
        " (codes gebruiken geen 0, O, 1, I of L)\n")
    shown = cli("voucher", "show", swapped)
    assert (shown.exit_code, shown.stderr) == (
        1, f"Fout: code {swapped!r} is verkeerd getypt: het controleteken klopt niet\n")


def test_expired_and_cancelled_vouchers_are_refused(cli, db):
    pid = person(db)
    activity(db)
    old = issue(cli, "--participant", pid, "--amount", "10")
    db.execute("UPDATE vouchers SET issued_on = '2025-06-01', valid_until = '2026-05-31' WHERE code = ?", [old])
    assert redeem_refused(cli, db, old, "--activity", "1") == (
        f"Fout: waardebon {old} is vervallen: hij was geldig tot 31/05/2026\n")
    gone = issue(cli, "--participant", pid, "--amount", "10")
    assert cli("voucher", "cancel", gone, "--reason", "verhuisd").exit_code == 0
    assert redeem_refused(cli, db, gone, "--activity", "1") == (
        f"Fout: waardebon {gone} is geannuleerd op 15/06/2026 (reden: verhuisd)\n")


@pytest.mark.parametrize("amount,message", [
    ("30", "bedrag: € 30,00 is meer dan de waarde van de waardebon (€ 25,00)"),
    ("0", "bedrag: het bedrag moet groter zijn dan nul"),
    ("-5", "bedrag: '-5' is negatief"),
    ("1,234", "bedrag: '1,234' is dubbelzinnig (schrijf bv. 1234,50 of 1.234,50)"),
])
def test_bad_redeem_amounts(cli, db, amount, message):
    pid = person(db)
    activity(db, title="Concert", price=4000, kansentarief=800)
    code = issue(cli, "--participant", pid, "--amount", "25")
    assert redeem_refused(cli, db, code, "--activity", "1", "--amount", amount) == f"Fout: {message}\n"


@pytest.mark.parametrize("amount,message", [
    ("0", "bedrag: het bedrag moet groter zijn dan nul"),
    ("-5", "bedrag: '-5' is negatief"),
    ("1,234", "bedrag: '1,234' is dubbelzinnig (schrijf bv. 1234,50 of 1.234,50)"),
])
def test_bad_issue_amounts(cli, db, amount, message):
    pid = person(db)
    before = table_counts(db)
    result = cli("voucher", "issue", "--participant", pid, "--amount", amount)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Fout: {message}\n")
    assert table_counts(db) == before


def test_redeem_refuses_household_members_0_no_status_and_activity_problems(cli, db):
    pid = person(db)
    activity(db)
    activity(db, title="Oud aanbod", active=0)
    activity(db, title="Zomerkamp", start="2026-07-01", end="2026-07-10")
    code = issue(cli, "--participant", pid, "--amount", "25")
    assert redeem_refused(cli, db, code, "--activity", "1", "--household-members", "0") == (
        "Fout: gezinsleden: 0 kan niet; tel de deelnemer zelf mee (minstens 1)\n")
    assert redeem_refused(cli, db, code, "--activity", "2") == "Fout: activiteit 2 (Oud aanbod) is niet actief\n"
    assert redeem_refused(cli, db, code, "--activity", "3", "--date", "15/06/2026") == (
        "Fout: datum: 15/06/2026 valt buiten de data van activiteit 3 (Zomerkamp) (01/07/2026 – 10/07/2026)\n")
    db.execute("UPDATE statuses SET suspended_on = '2026-06-01' WHERE participant_id = ?", [pid])
    assert redeem_refused(cli, db, code, "--activity", "1") == (
        f"Fout: deelnemer {pid} heeft geen actief statuut op 15/06/2026;"
        " voeg een statuut toe of geef een reden met --without-status\n")
    assert redeem_refused(cli, db, code, "--activity", "1", "--over-cap", "hoge prijs") == (
        f"Fout: deelnemer {pid} heeft geen actief statuut op 15/06/2026;"
        " voeg een statuut toe of geef een reden met --without-status\n")
    assert redeem_refused(cli, db, code, "--activity", "1", "--reason", "oud") == (
        "Fout: --reason bestaat niet meer: geef --over-cap REDEN (boven het jaarplafond) of --without-status"
        " REDEN (zonder actief statuut), elk voor wat het zegt\n")
    forced = cli("voucher", "redeem", code, "--activity", "1", "--without-status", "schorsing wordt herzien")
    assert forced.exit_code == 0, forced.stderr
    assert "Geregistreerd zonder actief statuut, reden: schorsing wordt herzien" in forced.stderr
    stored = db.execute("SELECT without_status_reason, over_cap_reason FROM participations").fetchone()
    assert tuple(stored) == ("schorsing wordt herzien", "")


def test_cancel_without_reason_is_usage_error_and_empty_reason_refused(cli, db):
    pid = person(db)
    code = issue(cli, "--participant", pid, "--amount", "25")
    assert cli("voucher", "cancel", code).exit_code == 2
    before = table_counts(db)
    result = cli("voucher", "cancel", code, "--reason", " ")
    assert (result.exit_code, result.stderr) == (1, "Fout: reden: geef een reden voor de annulering\n")
    assert table_counts(db) == before


def test_messages_in_english(cli, db, config_path):
    use_english(config_path)
    pid = person(db)
    activity(db)
    code = issue(cli, "--participant", pid, "--amount", "25")
    assert cli("voucher", "redeem", code, "--activity", "1").exit_code == 0
    again = cli("voucher", "redeem", code, "--activity", "1")
    assert again.stderr == f"Error: voucher {code} was already redeemed on 15/06/2026 for 'Zwembad Kapermolen'\n"
    listed = cli("voucher", "list")
    assert "redeemed" in listed.stdout and "Value" in listed.stdout and "drawing right" in listed.stdout
    shown = cli("voucher", "show", code)
    assert re.search(r"redeemed  Zwembad Kapermolen \(1\), participation 1, paid €4\.50$", shown.stdout, re.M)
    assert "Voucher " + code in shown.stdout and "Audit log" in shown.stdout
    other = issue(cli, "--participant", pid, "--amount", "10")
    db.execute("UPDATE vouchers SET issued_on = '2025-06-01', valid_until = '2026-06-14' WHERE code = ?", [other])
    expired = cli("voucher", "expire")
    assert (expired.exit_code, expired.stderr) == (0, "1 voucher marked as expired.\n")
    assert cli("voucher", "expire").stderr == "0 vouchers marked as expired.\n"
