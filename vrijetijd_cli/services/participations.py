"""Participations: who took part in what, on which day, and who paid what (in cents); their
corrections (edit, delete).

The rules a participation must satisfy, and its amounts, are in services/participation_rules.py;
paid with a voucher, a participation is the voucher's redemption (services/vouchers.py).
"""

from __future__ import annotations

import sqlite3
from datetime import date

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Conflict, InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.parse import check_maximum
from vrijetijd_cli.services import audit, closing, cost_split, voucher_replacements, vouchers
from vrijetijd_cli.services.participation_rules import (
    PAID_VIA,
    SELECT,
    SOURCES,
    amounts,
    check_activity,
    check_choice,
    check_date,
    check_participant,
    check_persons,
    check_rules,
    get,
    insert,
    reason_text,
)
from vrijetijd_cli.store import atomic


def add(
    conn: sqlite3.Connection,
    config: Config,
    participant_id: int,
    activity_id: int,
    on: date | None = None,
    persons: int = 1,
    paid_via: str = "kansentarief",
    source: str = "trekkingsrecht",
    over_cap: str | None = None,
    without_status: str | None = None,
    voucher_code: str | None = None,
    split: dict[str, str | None] | None = None,
) -> dict:
    """Register a participation; paid via a voucher, it redeems that voucher.

    `split` gives amounts of the split as typed ({'price', 'participant', 'organiser', 'network'}:
    text); the others are computed (services/cost_split.py)."""
    today = clock.today()
    via = check_choice(paid_via, PAID_VIA, _("betaald via"))
    given = cost_split.given_amounts(split)
    if voucher_code is not None and via != "voucher":
        raise InvalidInput(_("--voucher gaat alleen samen met --paid-via voucher, niet met {via}").format(via=via))
    if via == "voucher":
        if voucher_code is None:
            raise InvalidInput(_("betaald via voucher: geef de code met --voucher (of gebruik 'voucher redeem')"))
        _refuse_voucher_split(given)
        redeemed = vouchers.redeem(conn, config, voucher_code, activity_id, on, None, persons, over_cap,
                                   without_status, participant_id=participant_id,
                                   organiser_carried=split.get("organiser") if split else None)
        return redeemed["participation"]
    fund = check_choice(source, SOURCES, _("bron"))
    persons = check_persons(persons)
    day = check_date(on or today, today)
    with atomic(conn):
        closing.refuse_closed(conn, [day.year], _("deelname"))
        check_participant(conn, participant_id)
        activity = check_activity(conn, activity_id, day)
        split_amounts = amounts(activity, persons, via, given)
        check_maximum(split_amounts.price, _("prijs"), config.max_amount_cents)  # limits.max_amount
        overrides = check_rules(conn, config, participant_id, day, day.year, split_amounts.network, over_cap,
                                without_status)
        new_id = insert(conn, {
            "participant_id": participant_id, "activity_id": activity_id, "date": day.isoformat(),
            "persons": persons, **split_amounts.columns(), "paid_via": via, "voucher_id": None,
            "budget_year": day.year, "funding_source": fund, **overrides,
        })
    return get(conn, new_id)


def _refuse_voucher_split(given: dict[str, int]) -> None:
    """Paid by a voucher, the voucher pays the network's part: only the organiser's part may be given."""
    others = [cost_split.OPTIONS[part] for part in given if part != "organiser"]
    if others:
        raise InvalidInput(_("{options}: bij een waardebon betaalt de bon het deel van het netwerk en de deelnemer"
                             " de rest; geef alleen --organiser-carried (of --amount bij 'voucher redeem')").format(
            options=", ".join(others)))


# ---- corrections (docs/architecture.md, "Corrections") ----

def edit(
    conn: sqlite3.Connection,
    config: Config,
    participation_id: int,
    on: date | None = None,
    persons: int | None = None,
    price: str | None = None,
    paid_via: str | None = None,
    over_cap: str | None = None,
    without_status: str | None = None,
    replacement: bool = True,
    split: dict[str, str | None] | None = None,
) -> dict:
    """Correct the date, the persons, the price, the way of paying or the split of a participation.

    A new number of persons or way of paying computes the amounts again as `add` does (the
    activity's full price, kansentarief and organiser share as they are now; a voucher pays what
    the organiser does not carry, up to its value); `price` sets the full price of the whole
    participation instead. `split` gives amounts of the split as typed ({'participant',
    'organiser', 'network'}: text); the network's part absorbs the difference unless given, and the
    four amounts always add up (services/cost_split.py). The status is checked again
    when the date changes, the yearly cap when the network pays more or in another year; a reason
    stored before keeps covering its rule, and a reason given here is recorded as given. From
    voucher to another way: the voucher stays spent and the person gets a replacement (unless
    `replacement` is False). Returns the participation with `changed` (the fields), `released`
    (the code of a voucher that no longer pays it, or None) and `replacement` (the new voucher or None).
    """
    today = clock.today()
    given = cost_split.given_amounts({**(split or {}), "price": price})
    with atomic(conn):
        current = get(conn, participation_id)
        check_participant(conn, current["participant_id"])
        old_day = date.fromisoformat(current["date"])
        via = check_choice(paid_via, PAID_VIA, _("betaald via")) if paid_via is not None else current["paid_via"]
        if via == "voucher" and current["paid_via"] != "voucher":
            raise InvalidInput(_("--paid-via voucher: een deelname met een waardebon registreert u met 'vrijetijd"
                                 " voucher redeem CODE'; verwijder daarna deze deelname met 'vrijetijd"
                                 " participation delete {id}'").format(id=participation_id))
        count = check_persons(persons) if persons is not None else current["persons"]
        day = on or old_day
        if on is not None and via != "voucher":
            check_date(day, today)
        activity = _activity(conn, current["activity_id"], day if on is not None else None)
        voucher = vouchers.get(conn, current["voucher_code"]) if current["voucher_code"] else None
        new = _amounts(current, activity, voucher, count, via, given,
                       persons is not None or via != current["paid_via"] or "price" in given)
        network = new.network
        budget_year = current["budget_year"] if via == "voucher" else day.year
        closing.refuse_closed(conn, [old_day.year, current["budget_year"], day.year, budget_year],
                              _("deelname {id}").format(id=participation_id))
        # the status again when the date changes, the cap when the network pays more or in another
        # year; a reason stored before (or the one reason of before the split) keeps covering its rule
        status_changed = day != old_day
        cap_changed = network > current["network_paid_cents"] or day.year != old_day.year
        legacy = current["override_reason"] or None
        overrides = check_rules(
            conn, config, current["participant_id"], min(day, today) if status_changed else None, day.year,
            network if cap_changed else 0, over_cap or current["over_cap_reason"] or legacy,
            without_status or current["without_status_reason"] or legacy, exclude_id=participation_id)
        # a reason given with an edit is recorded as given: the coordinator states the exception (for
        # instance before shortening a status that was entered wrongly)
        if without_status is not None:
            overrides["without_status_reason"] = reason_text(without_status, "--without-status")
        elif not status_changed:
            overrides["without_status_reason"] = current["without_status_reason"]
        if over_cap is not None:
            overrides["over_cap_reason"] = reason_text(over_cap, "--over-cap")
        elif not cap_changed:
            overrides["over_cap_reason"] = current["over_cap_reason"]
        moved = legacy is not None and legacy in overrides.values()
        values = {"date": day.isoformat(), "persons": count, **new.columns(), "paid_via": via,
                  "voucher_id": current["voucher_id"] if via == "voucher" else None, "budget_year": budget_year,
                  **overrides, "override_reason": "" if moved else current["override_reason"]}
        changed = [key for key, value in values.items() if value != current[key]]
        new_code = released = None
        if changed:
            assignments = ", ".join(f"{column} = ?" for column in changed)
            conn.execute(f"UPDATE participations SET {assignments} WHERE id = ?",
                         [*(values[c] for c in changed), participation_id])
            audit.record(conn, "participation", participation_id, "edit", changed)
            if voucher is not None and via != "voucher":
                released = voucher["code"]
                new_code = _release(conn, voucher, replacement, participation_id)
    result = get(conn, participation_id)
    result["changed"] = changed
    result["released"] = released
    result["replacement"] = vouchers.get(conn, new_code) if new_code else None
    return result


def _activity(conn: sqlite3.Connection, activity_id: int, on: date | None) -> dict:
    """The activity; checked (active, its dates) only for a new date."""
    if on is not None:
        return check_activity(conn, activity_id, on)
    row = conn.execute("SELECT id, title, price_cents, kansentarief_cents,"
                       f" {cost_split.SHARE_SQL} AS organiser_share_bp FROM activities a WHERE a.id = ?",
                       [activity_id]).fetchone()
    return dict(row)


def _amounts(current: dict, activity: dict, voucher: dict | None, persons: int, via: str, given: dict[str, int],
             recompute: bool) -> cost_split.Split:
    """The four amounts after an edit, in cents: computed again (`recompute`), or the current ones
    with the amounts given applied."""
    if via == "gratis":
        return amounts(activity, persons, via, given)  # refuses amounts given
    if via == "voucher":
        _refuse_voucher_split({part: cents for part, cents in given.items() if part != "price"})
        if not recompute and not given:
            return _current_split(current)
        full = given.get("price", activity["price_cents"] * persons if recompute else current["price_cents"])
        return cost_split.voucher(full, voucher["value_cents"], activity["organiser_share_bp"], given)
    if recompute:
        return amounts(activity, persons, via, given)
    if not given:
        return _current_split(current)
    return cost_split.settle(current["price_cents"], given.get("participant", current["participant_paid_cents"]),
                             given.get("organiser", current["organiser_carried_cents"]), given)


def _current_split(current: dict) -> cost_split.Split:
    return cost_split.Split(current["price_cents"], current["participant_paid_cents"],
                            current["organiser_carried_cents"], current["network_paid_cents"])


def _release(conn: sqlite3.Connection, voucher: dict, replacement: bool, participation_id: int) -> str | None:
    """The voucher of a participation that goes: it stays spent; a replacement unless declined or
    already given. Returns the new code or None."""
    voucher_replacements.release(conn, voucher["id"])
    if not replacement or voucher["replaced_by_code"]:
        return None
    _refuse_replacement(conn, voucher)
    reason = _("deelname {id} gecorrigeerd").format(id=participation_id)
    return voucher_replacements.issue_replacement(conn, voucher, reason)


def _refuse_replacement(conn: sqlite3.Connection, voucher: dict) -> None:
    problem = voucher_replacements.replacement_refusal(conn, voucher)
    if problem:
        raise Conflict(_("{problem}; doe het zonder vervangende bon met --no-replacement").format(
            problem=problem.message))
    closing.refuse_closed(conn, [voucher["budget_year"]], _("vervangende waardebon"))


def deletion(conn: sqlite3.Connection, participation_id: int, replacement: bool = True) -> dict:
    """What `delete` would do, refused as `delete` would be: {participation, voucher, replacement}."""
    current = get(conn, participation_id)
    closing.refuse_closed(conn, [int(current["date"][:4]), current["budget_year"]],
                          _("deelname {id}").format(id=participation_id))
    voucher = vouchers.get(conn, current["voucher_code"]) if current["voucher_code"] else None
    replaced = bool(voucher) and replacement and not voucher["replaced_by_code"]
    if replaced:
        _refuse_replacement(conn, voucher)
    return {"participation": current, "voucher": voucher, "replacement": replaced}


def delete(conn: sqlite3.Connection, participation_id: int, replacement: bool = True) -> dict:
    """Delete a participation: what the network paid goes back to the budget of its year; a
    voucher that paid stays spent and the person gets a replacement (unless `replacement` is False).
    Returns `deletion`'s plan with `new_voucher` (or None)."""
    with atomic(conn):
        plan = deletion(conn, participation_id, replacement)
        conn.execute("DELETE FROM participations WHERE id = ?", [participation_id])
        audit.record(conn, "participation", participation_id, "delete")
        new_code = None
        if plan["voucher"] is not None:
            new_code = _release(conn, plan["voucher"], replacement, participation_id)
    plan["new_voucher"] = vouchers.get(conn, new_code) if new_code else None
    return plan


# ---- reading ----

def list_participations(
    conn: sqlite3.Connection,
    config: Config,
    participant_id: int | None = None,
    activity_id: int | None = None,
    domain: str | None = None,
    year: int | None = None,
    limit: int | None = None,
) -> list[dict]:
    """Participations matching every filter; `year` is the calendar year of the date."""
    where, params = [], []
    if participant_id is not None:
        where.append("x.participant_id = ?")
        params.append(participant_id)
    if activity_id is not None:
        where.append("x.activity_id = ?")
        params.append(activity_id)
    if domain:
        from vrijetijd_cli.services.activities import check_domain

        where.append("a.domain = ?")
        params.append(check_domain(config, domain))
    if year is not None:
        where.append("x.date >= ? AND x.date <= ?")
        params += [f"{year:04d}-01-01", f"{year:04d}-12-31"]
    sql = SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY x.date, x.id"
    if limit is not None:
        if limit < 1:
            raise InvalidInput(_("limiet: {limit} moet minstens 1 zijn").format(limit=limit))
        sql += " LIMIT ?"
        params.append(limit)
    return [dict(r) for r in conn.execute(sql, params)]


def totals(rows: list[dict]) -> dict:
    return {
        "participations": len(rows),
        "persons": sum(r["persons"] for r in rows),
        "price_cents": sum(r["price_cents"] for r in rows),
        "participant_paid_cents": sum(r["participant_paid_cents"] for r in rows),
        "organiser_carried_cents": sum(r["organiser_carried_cents"] for r in rows),
        "network_paid_cents": sum(r["network_paid_cents"] for r in rows),
    }
