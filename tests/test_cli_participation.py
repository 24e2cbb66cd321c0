"""`vrijetijd participation add|list` through the CLI."""

import json
import re

import pytest

from tests.conftest import table_counts, use_english
from tests.test_services_participations import activity, paid, person


def test_add_shows_who_paid_what(cli, db):
    pid = person(db)
    activity(db)
    result = cli("participation", "add", "--participant", pid, "--activity", "1", "--household-members", "3",
                 "--date", "12/06/2026")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ("Deelname 1 geregistreerd: Ann Peeters bij Zwembad Kapermolen op 12/06/2026;"
                             " het netwerk betaalde € 10,80.\n")
    for pattern in (r"Deelname 1", r"Datum\s+12/06/2026", r"Personen\s+3", r"Prijs\s+€ 13,50",
                    r"Deelnemer betaalde\s+€ 2,70", r"Netwerk betaalde\s+€ 10,80", r"Betaald via\s+kansentarief",
                    r"Budgetjaar\s+2026 *\n", r"Bron\s+trekkingsrecht"):
        assert re.search(pattern, result.stdout), pattern


def test_household_members_help_says_the_participant_counts():
    from typer.testing import CliRunner

    from vrijetijd_cli.cli import app

    result = CliRunner().invoke(app, ["participation", "add", "--help"])
    assert "de deelnemer zelf meegeteld" in " ".join(result.stdout.split())


def test_gratis_and_voucher_through_participation_add(cli, db):
    pid = person(db)
    activity(db)
    free = cli("participation", "add", "--participant", pid, "--activity", "1", "--paid-via", "gratis")
    assert free.exit_code == 0
    assert re.search(r"Prijs\s+€ 0,00", free.stdout)
    issued = cli("voucher", "issue", "--participant", pid, "--amount", "10")
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", issued.stdout).group(0)
    via = cli("participation", "add", "--participant", pid, "--activity", "1", "--paid-via", "voucher",
              "--voucher", code)
    assert via.exit_code == 0, via.stderr
    assert re.search(rf"Code\s+{code}", via.stdout)
    assert db.execute("SELECT state FROM vouchers").fetchone()[0] == "redeemed"


def refused(cli, db, *args) -> str:
    before = table_counts(db)
    result = cli("participation", "add", *args)
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    assert table_counts(db) == before
    return result.stderr


def test_bad_inputs_write_nothing(cli, db):
    pid = person(db)
    without = person(db, valid_from=None, name=("Bob", "Maes"))
    activity(db)
    activity(db, title="Oud aanbod", active=0)
    activity(db, title="Stadsfestival", start="2026-05-01", end="2026-05-03")
    assert refused(cli, db, "--participant", pid, "--activity", "1", "--household-members", "0") == (
        "Fout: gezinsleden: 0 kan niet; tel de deelnemer zelf mee (minstens 1)\n")
    assert refused(cli, db, "--participant", without, "--activity", "1") == (
        f"Fout: deelnemer {without} heeft geen actief statuut op 15/06/2026;"
        " voeg een statuut toe of geef een reden met --without-status\n")
    assert refused(cli, db, "--participant", pid, "--activity", "2") == (
        "Fout: activiteit 2 (Oud aanbod) is niet actief\n")
    assert refused(cli, db, "--participant", pid, "--activity", "3") == (
        "Fout: datum: 15/06/2026 valt buiten de data van activiteit 3 (Stadsfestival) (01/05/2026 – 03/05/2026)\n")
    assert refused(cli, db, "--participant", pid, "--activity", "1", "--date", "31/02/2026") == (
        "Fout: --date: '31/02/2026' bestaat niet als datum\n")
    assert refused(cli, db, "--participant", pid, "--activity", "1", "--paid-via", "contant") == (
        "Fout: betaald via: 'contant' is onbekend; kies uit kansentarief, voucher, gratis\n")
    assert refused(cli, db, "--participant", 99, "--activity", "1") == "Fout: deelnemer 99 bestaat niet\n"
    assert refused(cli, db, "--participant", pid, "--activity", "99") == "Fout: activiteit 99 bestaat niet\n"


def test_above_the_yearly_cap_needs_a_reason(cli, db):
    pid = person(db)
    paid(db, pid, 14900)
    activity(db)
    assert refused(cli, db, "--participant", pid, "--activity", "2") == (
        f"Fout: jaarplafond: het netwerk betaalde in 2026 al € 149,00 voor deelnemer {pid}; met € 3,60 erbij"
        " wordt dat € 152,60, boven het plafond van € 150,00 (geef een reden met --over-cap om toch te registreren)\n")
    # the reason for the other rule lifts nothing here
    assert refused(cli, db, "--participant", pid, "--activity", "2", "--without-status", "x").startswith(
        "Fout: jaarplafond: ")
    forced = cli("participation", "add", "--participant", pid, "--activity", "2", "--over-cap", "akkoord coördinator")
    assert forced.exit_code == 0
    assert forced.stderr.splitlines()[1:] == ["Geregistreerd boven het jaarplafond, reden: akkoord coördinator"]
    stored = db.execute("SELECT over_cap_reason, without_status_reason, override_reason FROM participations"
                        " WHERE activity_id = 2").fetchone()
    assert tuple(stored) == ("akkoord coördinator", "", "")


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_list_formats_and_filters(cli, db, fmt):
    ann, bob = person(db), person(db, name=("Bob", "Maes"))
    activity(db)
    activity(db, title="Theater", domain="cultuur", price=1500, kansentarief=300)
    cli("participation", "add", "--participant", ann, "--activity", "1", "--date", "01/02/2026")
    cli("participation", "add", "--participant", bob, "--activity", "2", "--household-members", "2")
    result = cli("participation", "list", "--domain", "cultuur", "--year", "2026", "--format", fmt)
    assert result.exit_code == 0
    if fmt == "json":
        rows = json.loads(result.stdout)
        assert [(r["participant_id"], r["activity"], r["persons"], r["price_cents"], r["participant_paid_cents"],
                 r["network_paid_cents"], r["paid_via"]) for r in rows] == [
            (bob, "Theater", 2, 3000, 600, 2400, "kansentarief")]
    elif fmt == "csv":
        assert result.stdout.splitlines() == [
            "Id;Datum;Deelnemer-id;Activiteit;Domein;Personen;Prijs;Deelnemer betaalde;Organisator droeg;"
            "Netwerk betaalde;Betaald via",
            f"2;15/06/2026;{bob};Theater;Cultuur;2;30,00;6,00;0,00;24,00;kansentarief",
        ]
    else:
        assert "1 deelname, 2 personen; prijs € 30,00, deelnemers betaalden € 6,00, netwerk betaalde € 24,00" \
            in result.stdout
    everything = json.loads(cli("participation", "list", "--participant", ann, "--format", "json").stdout)
    assert [r["activity"] for r in everything] == ["Zwembad Kapermolen"]


def test_participations_in_english(cli, db, config_path):
    use_english(config_path)
    pid = person(db)
    activity(db)
    added = cli("participation", "add", "--participant", pid, "--activity", "1", "--household-members", "2")
    assert added.exit_code == 0, added.stderr
    for pattern in (r"Participation 1", r"Persons\s+2", r"Network paid\s+€7\.20", r"Source\s+drawing right"):
        assert re.search(pattern, added.stdout), pattern
    listed = cli("participation", "list")
    assert "1 participation, 2 persons; price €9.00, participants paid €1.80, network paid €7.20" in listed.stdout
    assert refused(cli, db, "--participant", pid, "--activity", "1", "--paid-via", "contant") == (
        "Error: paid via: 'contant' is unknown; choose from kansentarief, voucher, gratis\n")


def test_choices_may_be_typed_as_the_dutch_word_or_the_code(cli, db):
    pid = person(db)
    activity(db)
    issued = cli("voucher", "issue", "--participant", pid, "--amount", "10", "--source", "Cofinanciering")
    assert issued.exit_code == 0, issued.stderr
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", issued.stdout).group(0)
    via = cli("participation", "add", "--participant", pid, "--activity", "1", "--paid-via", "waardebon",
              "--voucher", code)
    assert via.exit_code == 0, via.stderr
    listed = json.loads(cli("participation", "list", "--format", "json").stdout)
    assert [p["paid_via"] for p in listed] == ["voucher"]
    assert db.execute("SELECT funding_source FROM vouchers").fetchone()[0] == "cofinanciering"
    wrong = cli("participation", "add", "--participant", pid, "--activity", "1", "--paid-via", "bon")
    assert wrong.exit_code == 1
    assert "betaald via: 'bon' is onbekend; kies uit kansentarief, voucher, gratis" in wrong.stderr
