"""Corrections and bulk actions through the CLI: each asks first (or --yes), confirms on stderr, and
every bad input is a Dutch error with exit code 1 that writes nothing. Today is 2026-06-15."""

import json
import re

import pytest

from tests.conftest import refused, table_counts
from tests.test_services_participations import activity, person

CODE = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}")


@pytest.fixture
def redeemed(cli, db):
    pid = person(db)
    activity(db)
    issued = cli("voucher", "issue", "--participant", pid, "--amount", "25")
    code = CODE.search(issued.stdout).group(0)
    assert cli("voucher", "redeem", code, "--activity", "1", "--household-members", "2").exit_code == 0
    return {"participant": pid, "code": code}


def test_participation_delete_asks_then_gives_a_replacement(cli, db, redeemed):
    question = refused(cli, db, "participation", "delete", "1", input="n\n")
    assert question == (
        "Deelname 1 verwijderen (Ann Peeters bij Zwembad Kapermolen op 15/06/2026; het netwerk betaalde € 9,00)?"
        f" Waardebon {redeemed['code']} blijft ingewisseld; de deelnemer krijgt een vervangende bon van € 25,00."
        " [j/N] Niet verwijderd; er is niets gewijzigd.\n")
    result = cli("participation", "delete", "1", input="ja\n")
    assert result.exit_code == 0, result.stderr
    new = result.stdout.strip()
    assert CODE.fullmatch(new) and new != redeemed["code"]
    # after the question (answered on the terminal): the two confirmations
    assert result.stderr.endswith(
        "[j/N] Deelname 1 verwijderd; € 9,00 gaat terug naar het budget 2026.\n"
        f"Vervangende waardebon {new} voor deelnemer {redeemed['participant']}: € 25,00, geldig tot 14/06/2027,"
        f" in de plaats van {redeemed['code']} (die blijft ingewisseld).\n")
    budget = json.loads(cli("budget", "show", "--format", "json").stdout)
    assert (budget["spent_cents"], budget["committed_cents"]) == (0, 2500)
    shown = json.loads(cli("voucher", "show", redeemed["code"], "--format", "json").stdout)
    assert (shown["state"], shown["replaced_by_code"], [e["event"] for e in shown["history"]]) == (
        "redeemed", new, ["issued", "redeemed", "released", "replaced"])


def test_participation_edit_and_its_refusals(cli, db, redeemed):
    result = cli("participation", "edit", "1", "--household-members", "3")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"Netwerk betaalde\s+€ 13,50", result.stdout)
    assert result.stderr == "Deelname 1 gewijzigd (personen, prijs, netwerk betaalde).\n"  # the voucher pays all
    assert refused(cli, db, "participation", "edit", "1") == (
        "Fout: geef wat verandert: --date, --household-members, --price, --paid-via, --paid, --organiser-carried,"
        " --network-paid, --over-cap of --without-status\n")
    assert refused(cli, db, "participation", "edit", "99", "--household-members", "2") == (
        "Fout: deelname 99 bestaat niet\n")
    assert refused(cli, db, "participation", "delete", "99", "--yes") == "Fout: deelname 99 bestaat niet\n"
    assert refused(cli, db, "participation", "add", "--participant", "1", "--activity", "1", "--reason", "x") == (
        "Fout: --reason bestaat niet meer: geef --over-cap REDEN (boven het jaarplafond) of --without-status"
        " REDEN (zonder actief statuut), elk voor wat het zegt\n")
    moved = cli("participation", "edit", "1", "--paid-via", "gratis", "--no-replacement")
    assert moved.exit_code == 0, moved.stderr
    assert moved.stderr == ("Deelname 1 gewijzigd (prijs, netwerk betaalde, betaald via).\n"
                            f"Waardebon {redeemed['code']} blijft ingewisseld; er is geen vervangende bon gegeven.\n")


def test_voucher_replace(cli, db, redeemed):
    open_code = CODE.search(cli("voucher", "issue", "--participant", "1", "--amount", "10").stdout).group(0)
    assert refused(cli, db, "voucher", "replace", open_code, "--reason", "vergissing") == (
        f"Fout: waardebon {open_code} is niet ingewisseld (uitgegeven); er valt niets te vervangen\n")
    result = cli("voucher", "replace", redeemed["code"], "--reason", "verkeerde persoon", "--format", "json")
    assert result.exit_code == 0, result.stderr
    new = json.loads(result.stdout)[0]
    assert (new["value_cents"], new["replaces_code"], new["state"]) == (2500, redeemed["code"], "issued")
    assert result.stderr == (
        f"Vervangende waardebon {new['code']} voor deelnemer 1: € 25,00, geldig tot 14/06/2027, in de plaats van"
        f" {redeemed['code']} (die blijft ingewisseld).\n")
    assert refused(cli, db, "voucher", "replace", redeemed["code"], "--reason", "nog eens") == (
        f"Fout: waardebon {redeemed['code']} is al vervangen door {new['code']} op 15/06/2026\n")


def test_a_voucher_redeemed_for_an_activity_later(cli, db):
    pid = person(db)
    activity(db, title="Zomerkamp", price=9500, kansentarief=1900, start="2026-07-06", end="2026-07-10")
    code = CODE.search(cli("voucher", "issue", "--participant", pid, "--amount", "25").stdout).group(0)
    result = cli("voucher", "redeem", code, "--activity", "1")
    assert result.exit_code == 0, result.stderr
    assert "Vooraf ingewisseld: deelname 1 heeft de datum van de activiteit (06/07/2026) en telt in 2026.\n" \
        in result.stderr
    assert re.search(r"Datum\s+06/07/2026", result.stdout)


def test_expense_edit_and_delete(cli, db):
    added = cli("budget", "expense", "add", "--category", "communicatie", "--amount", "185,40",
                "--description", "Drukwerk folder", "--date", "12/03/2026")
    assert added.stderr == "Uitgave 1 geregistreerd: € 185,40 op het budget 2026.\n"
    edited = cli("budget", "expense", "edit", "1", "--amount", "158,40", "--format", "json")
    assert (edited.exit_code, json.loads(edited.stdout)["amount_cents"]) == (0, 15840)
    assert edited.stderr == "Uitgave 1 gewijzigd (bedrag).\n"
    assert refused(cli, db, "budget", "expense", "delete", "1", input="\n").endswith(
        "[j/N] Niet verwijderd; er is niets gewijzigd.\n")
    assert refused(cli, db, "budget", "expense", "delete", "7", "--yes") == "Fout: uitgave 7 bestaat niet\n"
    deleted = cli("budget", "expense", "delete", "1", "--yes")
    assert (deleted.exit_code, deleted.stderr) == (
        0, "Uitgave 1 verwijderd; € 158,40 gaat terug naar het budget 2026.\n")
    assert json.loads(cli("budget", "show", "--format", "json").stdout)["expenses_cents"] == 0


def test_referral_delete_and_contradicting_options(cli, db):
    assert cli("referral", "add", "--partner", "De Brug", "--first-name", "Ann", "--last-name", "Peeters",
               "--birth-date", "12/03/1985").exit_code == 0
    assert refused(cli, db, "referral", "add", "--partner", "Domo", "--participant", "1", "--first-name", "Bob") == (
        "Fout: --participant en --first-name gaan niet samen: --participant kiest een bestaande deelnemer,"
        " --first-name beschrijft een nieuwe persoon (wijzig een bestaande met 'vrijetijd participant edit 1')\n")
    assert "--first-name, --postcode beschrijven" in refused(
        cli, db, "referral", "add", "--partner", "Domo", "--participant", "1", "--first-name", "Bob",
        "--postcode", "3500")
    assert refused(cli, db, "referral", "delete", "1", input="n\n") == (
        "Toeleiding 1 verwijderen (Ann Peeters, door De Brug Hasselt op 15/06/2026)? [j/N] Niet verwijderd;"
        " er is niets gewijzigd.\n")
    result = cli("referral", "delete", "1", "--yes")
    assert (result.exit_code, result.stderr) == (0, "Toeleiding 1 verwijderd.\n")
    assert refused(cli, db, "referral", "delete", "1", "--yes") == "Fout: toeleiding 1 bestaat niet\n"


def test_status_edit_and_delete(cli, db):
    pid = person(db)  # ocmw, 2026-01-01 .. 2026-12-31: status 1
    activity(db)
    cli("participation", "add", "--participant", pid, "--activity", "1", "--date", "10/03/2026")
    assert refused(cli, db, "participant", "status", "delete", "1", "--yes") == (
        "Fout: statuut 1 kan niet verwijderd worden: deelname 1 (10/03/2026) had alleen dit statuut; beëindig het"
        " met 'vrijetijd participant status edit 1 --until DATUM' (na de laatste deelname) of schors het met"
        " 'vrijetijd participant status suspend 1'\n")
    assert refused(cli, db, "participant", "status", "edit", "1", "--until", "30/06/2026", input="nee\n") == (
        "Statuut 1 wijzigen (OCMW-gerechtigd / leefloon van Ann Peeters (deelnemer 1), 01/01/2026 tot 31/12/2026)"
        " naar 01/01/2026 tot 30/06/2026? [j/N] Er is niets gewijzigd.\n")
    edited = cli("participant", "status", "edit", "1", "--until", "30/06/2026", "--yes")
    assert edited.exit_code == 0, edited.stderr
    assert edited.stderr == "Statuut 1 gewijzigd (geldig tot).\n"
    assert refused(cli, db, "participant", "status", "edit", "99", "--until", "30/06/2026", "--yes") == (
        "Fout: statuut 99 bestaat niet\n")
    cli("participant", "status", "add", "--participant", pid, "--ground", "vluchteling", "--from", "01/07/2026")
    assert cli("participant", "status", "delete", "2", "--yes").stderr == "Statuut 2 verwijderd.\n"


def test_meeting_twice_on_one_day_and_delete(cli, db):
    assert cli("meeting", "add", "--date", "10/03/2026", "--present", "1, 2").exit_code == 0
    assert refused(cli, db, "meeting", "add", "--date", "10/03/2026", "--present", "1") == (
        "Fout: er is al een overleg op 10/03/2026 (overleg 1); twee van dezelfde soort op één dag tellen één keer"
        " mee voor het minimum. Registreer het toch met --force\n")
    assert cli("meeting", "add", "--date", "10/03/2026", "--present", "1", "--force").exit_code == 0
    listed = cli("meeting", "list", "--year", "2026")
    assert "1 van minimum 4 overlegmomenten in 2026" in listed.stdout
    assert refused(cli, db, "meeting", "delete", "2", input="n\n").startswith(
        "Overleg 2 (overleg van 10/03/2026) verwijderen, met de aanwezigheden en 0 actiepunten? [j/N]")
    assert cli("meeting", "delete", "2", "--yes").stderr == "Overleg 2 verwijderd.\n"
    assert refused(cli, db, "meeting", "delete", "2", "--yes") == "Fout: overleg 2 bestaat niet\n"


def test_participant_merge(cli, db):
    for first, postcode in (("Ann", "3500"), ("Anne", "3510")):
        assert cli("referral", "add", "--partner", "De Brug", "--first-name", first, "--last-name", "Peeters",
                   "--birth-date", "12/03/1985", "--postcode", postcode, "--ground", "ocmw",
                   "--force").exit_code == 0  # a look-alike, registered anyway: the mistake a merge repairs
    assert refused(cli, db, "participant", "merge", "1", "1") == (
        "Fout: deelnemer 1 kan niet met zichzelf samengevoegd worden\n")
    assert refused(cli, db, "participant", "merge", "1", "9") == "Fout: deelnemer 9 bestaat niet\n"
    dry = cli("participant", "merge", "1", "2", "--dry-run")
    assert dry.exit_code == 0
    assert dry.stdout.splitlines() == [
        "Samenvoegen: deelnemer 2 (Anne Peeters) gaat op in deelnemer 1 (Ann Peeters); 2 rijen verhuizen.",
        "  1 statuut: 2",
        "  1 toeleiding: 2",
        "  verschil in voornaam: Ann (deelnemer 1) of Anne (deelnemer 2); kies met --use-other voornaam of"
        " --use-keep voornaam",
        "  verschil in postcode: 3500 (deelnemer 1) of 3510 (deelnemer 2); kies met --use-other postcode of"
        " --use-keep postcode",
    ]
    assert dry.stderr == "Proefdraai: er is niets gewijzigd.\n"
    conflict = refused(cli, db, "participant", "merge", "1", "2", "--yes")
    assert conflict == (
        "Fout: deelnemers 1 en 2 verschillen in voornaam, postcode; er is niets samengevoegd\n"
        "  voornaam: 'Ann' (deelnemer 1) of 'Anne' (deelnemer 2); kies met --use-other voornaam of --use-keep"
        " voornaam\n"
        "  postcode: '3500' (deelnemer 1) of '3510' (deelnemer 2); kies met --use-other postcode of --use-keep"
        " postcode\n")
    assert refused(cli, db, "participant", "merge", "1", "2", "--use-keep", "voornaam", "--use-other", "postcode",
                   input="n\n").endswith("[j/N] Niet samengevoegd; er is niets gewijzigd.\n")
    done = cli("participant", "merge", "1", "2", "--use-keep", "voornaam", "--use-other", "postcode", input="j\n")
    assert done.exit_code == 0, done.stderr
    assert done.stderr.endswith("Deelnemer 2 samengevoegd met deelnemer 1: 1 statuut, 1 toeleiding verplaatst.\n")
    shown = json.loads(cli("participant", "show", "1", "--format", "json").stdout)
    assert (shown["postcode"], len(shown["statuses"]), len(shown["referrals"])) == ("3510", 2, 2)
    gone = cli("participant", "show", "2")
    assert (gone.exit_code, gone.stdout) == (1, "")
    assert gone.stderr == ("Fout: deelnemer 2 bestaat niet meer: samengevoegd met deelnemer 1 op 15/06/2026"
                           " (vrijetijd participant show 1)\n")


def test_bulk_extend_asks_with_the_number_of_people(cli, db):
    for first in ("Ann", "Bob", "Chris"):
        person(db, valid_from="2025-07-01", valid_until="2026-06-30", name=(first, "Peeters"))
    assert refused(cli, db, "participant", "status", "extend", "--ground", "ocmw", "--until", "31/12/2026",
                   input="\n") == (
        "3 actieve statuten van 3 personen (OCMW-gerechtigd / leefloon) verlengen tot 31/12/2026? [j/N]"
        " Niet verlengd; er is niets gewijzigd.\n")
    before = table_counts(db)
    dry = cli("participant", "status", "extend", "--ground", "ocmw", "--until", "31/12/2026", "--dry-run",
              "--format", "json")
    assert [r["first_name"] for r in json.loads(dry.stdout)] == ["Ann", "Bob", "Chris"]
    assert dry.stderr == ("Proefdraai: 3 actieve statuten van 3 personen (OCMW-gerechtigd / leefloon) zouden"
                          " verlengd worden tot 31/12/2026; er is niets gewijzigd.\n")
    assert table_counts(db) == before
    assert refused(cli, db, "participant", "status", "extend", "--ground", "ocmw", "--until", "01/06/2026",
                   "--yes") == (
        "Fout: --until: 01/06/2026 ligt in het verleden; een statuut verlengen kan alleen tot vandaag of later\n")
    one = cli("participant", "status", "extend", "--participant", "2", "--until", "31/12/2026", "--yes")
    assert (one.exit_code, one.stderr) == (0, "1 statuut van 1 persoon verlengd tot 31/12/2026.\n")
    assert refused(cli, db, "participant", "status", "extend", "--participant", "2", "--until", "31/12/2026") == (
        "Fout: deelnemer 2 heeft geen actief statuut (alle gronden) dat vóór 31/12/2026 afloopt\n")
    rest = cli("participant", "status", "extend", "--ground", "ocmw", "--until", "31/12/2026", "--yes")
    assert rest.stderr == "2 statuten van 2 personen verlengd tot 31/12/2026.\n"


def test_every_output_file_is_confirmed_on_stderr(cli, db, tmp_path):
    person(db)
    target = tmp_path / "deelnemers.csv"
    result = cli("participant", "list", "--format", "csv", "--output", target)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"Geschreven naar {target}.\n"
    assert target.read_bytes().startswith(b"\xef\xbb\xbfId;")
