"""Merging two records of one person: everything moves to KEEP, conflicts are chosen, the old id
says where it went, closed years keep their report. Today is 2026-06-15 (conftest)."""

from datetime import date

import pytest

from tests.conftest import DATA, table_counts
from tests.test_services_participations import activity
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.reports import yearly
from vrijetijd_cli.services import (
    closing,
    merging,
    participant_record,
    participants,
    participations,
    privacy,
    referrals,
    statuses,
    vouchers,
)

TODAY = date(2026, 6, 15)


def add(db, first, last, born="12/03/1985", **extra) -> int:
    return participants.add(db, participants.validate(first, last, born, today=TODAY, **extra), force=True)["id"]


@pytest.fixture
def twins(db, config):
    """Ann Peeters (keep) with a status; 'Anne Peeters', the same person registered again by a partner,
    with a referral (and its status), a participation and a voucher."""
    keep = add(db, "Ann", "Peeters", phone="0470 12 34 56")
    other = add(db, "Anne", "Peeters", postcode="3500", notes="komt met de bus")
    statuses.add(db, config, keep, "ocmw", date(2026, 1, 1))
    referral = referrals.add(db, config, "De Brug", date(2026, 2, 1), participant_id=other,
                             ground="verhoogde_tegemoetkoming")
    taken = participations.add(db, config, other, activity(db), date(2026, 3, 1))
    code = vouchers.issue(db, config, other, "20")[0]["code"]
    return {"keep": keep, "other": other, "referral": referral["id"], "participation": taken["id"], "code": code}


def test_plan_lists_exactly_what_moves_and_writes_nothing(db, twins):
    before = table_counts(db)
    plan = merging.plan(db, twins["keep"], twins["other"])
    assert plan["moves"] == {"statuses": [2], "referrals": [twins["referral"]],
                             "participations": [twins["participation"]], "vouchers": [twins["code"]],
                             "signals": []}
    assert plan["changes"] == {"postcode": "3500", "notes": "komt met de bus"}
    assert plan["conflicts"] == [{"field": "first_name", "keep": "Ann", "other": "Anne"}]
    assert table_counts(db) == before


def test_a_conflict_left_unchosen_refuses_the_merge(db, twins):
    before = table_counts(db)
    with pytest.raises(Conflict) as caught:
        merging.merge(db, twins["keep"], twins["other"])
    assert caught.value.message == (
        f"deelnemers {twins['keep']} en {twins['other']} verschillen in voornaam; er is niets samengevoegd")
    assert caught.value.details == [
        f"voornaam: 'Ann' (deelnemer {twins['keep']}) of 'Anne' (deelnemer {twins['other']});"
        " kies met --use-other voornaam of --use-keep voornaam"]
    with pytest.raises(InvalidInput, match="noemen allebei voornaam"):
        merging.merge(db, twins["keep"], twins["other"], ["voornaam"], ["first_name"])
    with pytest.raises(InvalidInput, match="veld 'kleur' is onbekend; kies uit voornaam, familienaam"):
        merging.merge(db, twins["keep"], twins["other"], ["kleur"])
    assert table_counts(db) == before


def test_merge_moves_everything_and_the_old_id_says_where_it_went(db, config, twins):
    assert yearly.build(db, config, 2026)["reach"]["participants"] == 2
    done = merging.merge(db, twins["keep"], twins["other"], use_keep=["voornaam"])
    assert done["moves"]["participations"] == [twins["participation"]]
    person = participant_record.detail(db, twins["keep"], TODAY)
    assert (person["first_name"], person["postcode"], person["phone"], person["notes"]) == (
        "Ann", "3500", "0470 12 34 56", "komt met de bus")
    assert [s["ground"] for s in person["statuses"]] == ["ocmw", "verhoogde_tegemoetkoming"]
    assert [r["id"] for r in person["referrals"]] == [twins["referral"]]
    assert vouchers.get(db, twins["code"])["participant_id"] == twins["keep"]
    for table in ("statuses", "referrals", "participations", "vouchers"):
        assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE participant_id = ?", [twins["other"]]).fetchone()[0] == 0
    with pytest.raises(NotFound) as caught:
        participant_record.detail(db, twins["other"], TODAY)
    assert caught.value.message == (
        f"deelnemer {twins['other']} bestaat niet meer: samengevoegd met deelnemer {twins['keep']} op 15/06/2026"
        f" (vrijetijd participant show {twins['keep']})")
    assert yearly.build(db, config, 2026)["reach"]["participants"] == 1
    audit = db.execute("SELECT entity_id, action, fields FROM audit_log ORDER BY id DESC LIMIT 2").fetchall()
    assert [tuple(r) for r in audit] == [
        (str(twins["other"]), "merged_away", "merged_into"),
        (str(twins["keep"]), "merge", "notes,participations.participant_id,postcode,referrals.participant_id,"
                                       "statuses.participant_id,vouchers.participant_id")]
    assert privacy.export(db, twins["keep"])["merged_from"] == [
        {"id": twins["other"], "merged_at": db.execute("SELECT merged_at FROM merged_participants").fetchone()[0]}]


def test_use_other_takes_the_others_value_and_keeps_the_match_key_right(db, twins):
    merging.merge(db, twins["keep"], twins["other"], use_other=["first_name"])
    row = db.execute("SELECT first_name, first_key, match_key FROM participants WHERE id = ?",
                     [twins["keep"]]).fetchone()
    assert tuple(row) == ("Anne", "anne", participants.validate("Anne", "Peeters", "12/03/1985", today=TODAY).match_key)


def test_a_merged_id_leads_to_the_record_that_is_left_after_a_second_merge(db, twins):
    third = add(db, "Ann", "Peters")
    merging.merge(db, twins["keep"], twins["other"], use_keep=["first_name"])
    merging.merge(db, third, twins["keep"], use_other=["last_name"])
    assert merging.merged_into(db, twins["other"])["merged_into"] == third
    with pytest.raises(NotFound, match=f"samengevoegd met deelnemer {third} op"):
        participant_record.detail(db, twins["other"], TODAY)


def test_bad_merges_write_nothing(db, twins):
    before = table_counts(db)
    with pytest.raises(InvalidInput) as caught:
        merging.merge(db, twins["keep"], twins["keep"])
    assert caught.value.message == f"deelnemer {twins['keep']} kan niet met zichzelf samengevoegd worden"
    with pytest.raises(NotFound, match="^deelnemer 99 bestaat niet$"):
        merging.merge(db, twins["keep"], 99)
    db.execute("UPDATE participants SET anonymized_at = '2026-06-01' WHERE id = ?", [twins["other"]])
    with pytest.raises(Conflict, match=f"deelnemer {twins['other']} is geanonimiseerd"):
        merging.merge(db, twins["keep"], twins["other"], use_keep=["first_name"])
    db.execute("UPDATE participants SET anonymized_at = NULL WHERE id = ?", [twins["other"]])
    # a name taken from OTHER that makes KEEP a copy of a third person
    add(db, "Anne", "Peeters")
    with pytest.raises(Conflict, match="zou deelnemer .* gelijk zijn aan deelnemer"):
        merging.merge(db, twins["keep"], twins["other"], use_other=["first_name"])
    assert table_counts(db) == {**before, "participants": before["participants"] + 1,
                                "audit_log": before["audit_log"] + 1}


def test_a_merge_across_a_closed_year_leaves_its_report_as_handed_over(db, config):
    db.executescript((DATA / "report_dataset.sql").read_text(encoding="utf-8"))
    closing.close(db, config, 2025)
    frozen = yearly.build(db, config, 2025)
    # Ann Peeters (1) and Piet Claes (4) both took part in 2025; say they were one person
    merging.merge(db, 1, 4, use_keep=["first_name", "last_name", "birth_date", "postcode", "household_size"])
    assert yearly.build(db, config, 2025) == frozen
    current = yearly.build(db, config, 2025, current=True)
    changed = {d["path"]: (d["stored"], d["now"]) for d in current["differences"]}
    assert changed["reach.participants"] == (8, 7)
