"""Shared cost on the command line: --organiser-share of activity and partner, the split of
participation add/edit and voucher redeem, db check. Exit codes, JSON, the values an error names."""

import json
import re

import pytest

from tests.conftest import ok, refused, use_english
from tests.test_services_participations import person


def shown(cli, noun, ref) -> dict:
    return json.loads(ok(cli(noun, "show", ref, "--format", "json")).stdout)


def participations(cli) -> list[tuple]:
    rows = json.loads(ok(cli("participation", "list", "--format", "json")).stdout)
    return [(r["price_cents"], r["participant_paid_cents"], r["organiser_carried_cents"], r["network_paid_cents"])
            for r in rows]


@pytest.fixture
def theatre(cli, db):
    """Partner 1 carries 40 % of what it organises; activity 1 (20,00, kansentarief 4,00) is its."""
    ok(cli("partner", "edit", "1", "--organiser-share", "40%"))
    ok(cli("activity", "add", "--title", "Theater", "--domain", "cultuur", "--price", "20",
           "--organiser-partner", "1"))
    return person(db)


def test_shares_of_activities_and_partners_in_json(cli, db, theatre):
    assert shown(cli, "partner", "1")["organiser_share_bp"] == 4000
    activity = shown(cli, "activity", "1")
    assert (activity["organiser_share_bp"], activity["effective_organiser_share_bp"]) == (None, 4000)
    table = ok(cli("activity", "show", "1")).stdout
    assert re.search(r"Deel organisator\s+40,0% \(van de organiserende partner\)", table)
    ok(cli("activity", "edit", "1", "--organiser-share", "25"))
    activity = shown(cli, "activity", "1")
    assert (activity["organiser_share_bp"], activity["effective_organiser_share_bp"]) == (2500, 2500)
    ok(cli("activity", "edit", "1", "--organiser-share", ""))
    assert shown(cli, "activity", "1")["organiser_share_bp"] is None
    ok(cli("partner", "edit", "1", "--organiser-share", ""))
    assert shown(cli, "partner", "1")["organiser_share_bp"] is None
    assert shown(cli, "activity", "1")["effective_organiser_share_bp"] == 0
    listed = json.loads(ok(cli("activity", "list", "--format", "json")).stdout)
    assert listed[0]["effective_organiser_share_bp"] == 0
    added = ok(cli("partner", "add", "--name", "Cultuurcentrum", "--kind", "andere", "--organiser-share", "37,5"))
    assert re.search(r"Deel als organisator\s+37,5%", added.stdout)


@pytest.mark.parametrize("value, problem", [("40,25", "is geen percentage"), ("120", "is meer dan 100%"),
                                            ("0,4", "is dubbelzinnig")])
def test_a_bad_share_is_refused_naming_option_and_value(cli, db, value, problem):
    message = refused(cli, db, "activity", "add", "--title", "X", "--domain", "sport", "--price", "5",
                      "--organiser-share", value)
    assert message.startswith(f"Fout: --organiser-share: {value!r} {problem}")
    message = refused(cli, db, "partner", "edit", "1", "--organiser-share", value)
    assert message.startswith(f"Fout: --organiser-share: {value!r} {problem}")
    assert shown(cli, "partner", "1")["organiser_share_bp"] is None


def test_participation_add_computes_the_split(cli, db, theatre):
    added = ok(cli("participation", "add", "--participant", theatre, "--activity", "1", "--household-members", "2"))
    assert re.search(r"Organisator droeg\s+€ 16,00", added.stdout)
    assert "de organisator droeg € 16,00, het netwerk betaalde € 16,00." in added.stderr
    ok(cli("participation", "add", "--participant", theatre, "--activity", "1", "--paid", "0",
           "--organiser-carried", "12"))
    ok(cli("participation", "add", "--participant", theatre, "--activity", "1", "--price", "30",
           "--network-paid", "10"))
    # the network's part given: the organiser's 40 % of 30,00 stays, the participant pays the rest
    assert participations(cli) == [(4000, 800, 1600, 1600), (2000, 0, 1200, 800), (3000, 800, 1200, 1000)]
    listed = " ".join(ok(cli("participation", "list")).stdout.split())
    assert "organisatoren droegen € 40,00, netwerk betaalde € 34,00" in listed


def test_a_split_that_does_not_add_up_exits_1_naming_the_four_amounts(cli, db, theatre):
    message = refused(cli, db, "participation", "add", "--participant", theatre, "--activity", "1",
                      "--paid", "5", "--organiser-carried", "8", "--network-paid", "8")
    assert message.startswith("Fout: verdeling: de prijs € 20,00 is niet deelnemer € 5,00 + organisator € 8,00"
                              " + netwerk € 8,00 (samen € 21,00)")
    message = refused(cli, db, "participation", "add", "--participant", theatre, "--activity", "1",
                      "--organiser-carried", "twaalf")
    assert message == "Fout: --organiser-carried: 'twaalf' is geen bedrag\n"


def test_participation_edit_keeps_the_four_amounts_adding_up(cli, db, theatre):
    ok(cli("participation", "add", "--participant", theatre, "--activity", "1"))
    edited = ok(cli("participation", "edit", "1", "--organiser-carried", "10"))
    assert edited.stderr == "Deelname 1 gewijzigd (organisator droeg, netwerk betaalde).\n"
    assert participations(cli) == [(2000, 400, 1000, 600)]
    message = refused(cli, db, "participation", "edit", "1", "--paid", "1", "--organiser-carried", "1",
                      "--network-paid", "1")
    assert "de prijs € 20,00 is niet deelnemer € 1,00 + organisator € 1,00 + netwerk € 1,00" in message
    assert participations(cli) == [(2000, 400, 1000, 600)]


def test_voucher_redeem_with_an_organiser_share(cli, db, theatre):
    code = ok(cli("voucher", "issue", "--participant", theatre, "--amount", "25", "--format", "json"))
    code = json.loads(code.stdout)[0]["code"]
    redeemed = ok(cli("voucher", "redeem", code, "--activity", "1"))
    assert "de bon betaalt € 12,00, de deelnemer € 0,00." in redeemed.stderr
    assert "De organisator droeg € 8,00 van de prijs € 20,00." in redeemed.stderr
    assert participations(cli) == [(2000, 0, 800, 1200)]


def test_db_check_holds_the_four_amounts_to_the_price(cli, db, theatre):
    ok(cli("participation", "add", "--participant", theatre, "--activity", "1"))
    assert ok(cli("db", "check")).stderr.startswith("Databank in orde")
    db.execute("UPDATE participations SET organiser_carried_cents = organiser_carried_cents + 1")
    result = cli("db", "check", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [{
        "check": "payment_not_price", "table": "participations", "row_id": 1,
        "detail": "price_cents=2000, participant_paid_cents=400, organiser_carried_cents=801, network_paid_cents=800",
    }]


def test_help_says_a_new_share_rewrites_nothing(cli):
    for noun in ("activity", "partner"):
        text = " ".join(ok(cli(noun, "edit", "--help")).stdout.split())
        assert "bestaande worden niet herschreven" in text, noun


def test_shared_cost_in_english(cli, db, theatre, config_path):
    use_english(config_path)
    message = refused(cli, db, "participation", "add", "--participant", theatre, "--activity", "1",
                      "--paid", "5", "--organiser-carried", "8", "--network-paid", "8")
    assert message.startswith("Error: split: the price €20.00 is not participant €5.00 + organiser €8.00"
                              " + network €8.00 (together €21.00)")
