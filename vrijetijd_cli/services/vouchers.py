"""Vouchers (waardebonnen): issue, redeem once, cancel, expire, list and show their history.

States (English codes, Dutch words in render/words.py, VOUCHER_STATES): issued → redeemed, expired
or cancelled; nothing ever leaves those three.

Redeeming: the voucher pays the price of the participation up to its value. The price is the
activity's full price × persons; an organiser share (services/cost_split.py) comes off it first;
by default the voucher pays min(value, what is left) and the participant pays the rest.
`amount` sets what the voucher pays (never above its value nor above what is left); what the
voucher pays is what the network pays. A voucher is used once: what it does not pay of its value lapses
and goes back to the budget (only what it paid counts as spent).

A voucher may pay for an activity dated later (tickets bought in advance): it is used, and checked
for validity, status and the budget, on the day of the redemption (at the latest today); the
participation is dated on the activity's day and counts in that year.

A code is redeemed at most once, ever, so a redemption is never undone: services/voucher_replacements.py
gives the person a new code instead.

The check and the change of a redemption happen in one write
transaction (BEGIN IMMEDIATE), the UPDATE only changes a voucher that is still 'issued', and
participations.voucher_id is UNIQUE, so a second coordinator at the same moment is refused.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from vrijetijd_cli import clock, region
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.formats import day as day_text
from vrijetijd_cli.formats import money
from vrijetijd_cli.i18n import N_, _
from vrijetijd_cli.parse import check_maximum, clean_text, parse_amount
from vrijetijd_cli.services import audit, closing, cost_split, participation_rules, voucher_codes
from vrijetijd_cli.store import atomic

STATES = ("issued", "redeemed", "expired", "cancelled")
MAX_COUNT = 500
SELECT = (
    "SELECT v.id, v.code, v.participant_id, p.first_name || ' ' || p.last_name AS participant,"
    " v.value_cents, v.issued_on, v.valid_until, v.budget_year, v.funding_source, v.state,"
    " v.redeemed_on, v.expired_on, v.cancelled_on, v.cancel_reason, v.created_at,"
    " x.id AS participation_id, x.activity_id, a.title AS activity, x.date AS participation_date,"
    " x.network_paid_cents AS paid_cents, v.released_on, v.replacement_reason, v.municipality,"
    " (SELECT o.code FROM vouchers o WHERE o.id = v.replaces_id) AS replaces_code,"
    " (SELECT n.code FROM vouchers n WHERE n.replaces_id = v.id) AS replaced_by_code,"
    " (SELECT n.issued_on FROM vouchers n WHERE n.replaces_id = v.id) AS replaced_on,"
    " (SELECT n.replacement_reason FROM vouchers n WHERE n.replaces_id = v.id) AS replaced_reason"
    " FROM vouchers v JOIN participants p ON p.id = v.participant_id"
    " LEFT JOIN participations x ON x.voucher_id = v.id LEFT JOIN activities a ON a.id = x.activity_id"
)



def _find(conn: sqlite3.Connection, code: str) -> dict:
    row = conn.execute(SELECT + " WHERE v.code = ?", [code]).fetchone()
    if row is None:
        raise NotFound(_("waardebon"), code)
    return dict(row)


def get(conn: sqlite3.Connection, code: str) -> dict:
    """A voucher by its code as typed (any case, with or without separators)."""
    return _find(conn, voucher_codes.canonical(code))


def default_valid_until(config: Config, issued_on: date) -> date:
    return clock.add_months(issued_on, config.voucher_validity_months) - timedelta(days=1)


def outstanding(conn: sqlite3.Connection, participant_id: int, year: int, on: date) -> int:
    """Value of this person's vouchers of budget year `year` that can still be redeemed on `on`."""
    return conn.execute(
        "SELECT COALESCE(SUM(value_cents), 0) FROM vouchers WHERE participant_id = ?"
        " AND budget_year = ? AND state = 'issued' AND valid_until >= ?",
        [participant_id, year, on.isoformat()],
    ).fetchone()[0]


def issue(
    conn: sqlite3.Connection,
    config: Config,
    participant_id: int,
    amount: str | int,
    valid_until: date | None = None,
    source: str = "trekkingsrecht",
    count: int = 1,
    municipality: str | None = None,
) -> list[dict]:
    """Issue `count` vouchers of `amount` each, today, to a person with an active status.

    Refused when the person's network spending this year plus their unredeemed vouchers plus
    the new ones would pass the yearly cap. In a regional network a voucher is charged to a
    municipality's budget: `municipality` (a name, or 'regio'), by default the one the person
    lives in today (the region's for someone from outside).
    """
    from vrijetijd_cli.services import statuses

    today = clock.today()
    value = parse_amount(amount, "bedrag", allow_zero=False, maximum=config.max_amount_cents)
    fund = participation_rules.check_choice(source, participation_rules.SOURCES, _("bron"))
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise InvalidInput(
            _("aantal: {count!r} moet tussen 1 en {maximum} liggen").format(count=count, maximum=MAX_COUNT)
        )
    charged = region.resolve(config.municipalities, municipality) if municipality is not None else None
    until = valid_until or default_valid_until(config, today)
    if until < today:
        raise InvalidInput(_("geldig tot: {date} ligt in het verleden").format(date=day_text(until)))
    with atomic(conn):
        closing.refuse_closed(conn, [today.year], _("waardebon"))
        participation_rules.check_participant(conn, participant_id)
        if not statuses.has_active(conn, participant_id, today):
            raise Conflict(
                _("deelnemer {participant} heeft vandaag ({date}) geen actief statuut;"
                  " voeg eerst een statuut toe").format(participant=participant_id, date=day_text(today))
            )
        if municipality is None and config.regional:
            charged = resident_of(conn, config, participant_id, today)
        used = participation_rules.network_paid_in_year(conn, participant_id, today.year)
        open_value = outstanding(conn, participant_id, today.year, today)
        total = used + open_value + value * count
        if total > config.yearly_cap_cents:
            raise Conflict(
                _("jaarplafond: deelnemer {participant} kreeg in {year} al {used} en heeft {open} aan"
                  " openstaande waardebonnen; met {count} × {value} wordt dat {total}, boven het plafond"
                  " van {cap}").format(
                    participant=participant_id, year=today.year, used=money(used), open=money(open_value),
                    count=count, value=money(value), total=money(total), cap=money(config.yearly_cap_cents))
            )
        codes = []
        for _number in range(count):
            code = new_code(conn)
            cursor = conn.execute(
                "INSERT INTO vouchers (code, participant_id, value_cents, issued_on, valid_until,"
                " budget_year, funding_source, state, municipality, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 'issued', ?, ?)",
                [code, participant_id, value, today.isoformat(), until.isoformat(), today.year, fund,
                 charged, clock.now()],
            )
            audit.record(conn, "voucher", cursor.lastrowid, "issue",
                         ["code", "participant_id", "value_cents", "issued_on", "valid_until",
                          "budget_year", "funding_source"] + (["municipality"] if charged else []))
            codes.append(code)
    return [_find(conn, code) for code in codes]


def resident_of(conn: sqlite3.Connection, config: Config, participant_id: int, on: date) -> str | None:
    """The key of the municipality a person lives in on `on` (by the current postcode); None outside."""
    row = conn.execute("SELECT postcode FROM participants WHERE id = ?", [participant_id]).fetchone()
    postcode = row["postcode"] if row is not None else None
    return region.postcode_map(config.municipalities, on.isoformat()).get(postcode or "")


def new_code(conn: sqlite3.Connection) -> str:
    while True:  # 54 random bits: a clash is astronomically rare, but never impossible
        code = voucher_codes.generate()
        if conn.execute("SELECT 1 FROM vouchers WHERE code = ?", [code]).fetchone() is None:
            return code


def refusal(voucher: dict, on: date) -> Conflict | None:
    """Why this voucher cannot be redeemed on `on`, or None."""
    code = voucher["code"]
    if voucher["state"] == "redeemed":
        return Conflict(_("waardebon {code} is al ingewisseld op {date} voor {activity!r}").format(
            code=code, date=day_text(voucher["redeemed_on"]), activity=voucher["activity"]))
    if voucher["state"] == "cancelled":
        return Conflict(_("waardebon {code} is geannuleerd op {date} (reden: {reason})").format(
            code=code, date=day_text(voucher["cancelled_on"]), reason=voucher["cancel_reason"]))
    if voucher["state"] == "expired" or voucher["valid_until"] < on.isoformat():
        return Conflict(_("waardebon {code} is vervallen: hij was geldig tot {date}").format(
            code=code, date=day_text(voucher["valid_until"])))
    if on.isoformat() < voucher["issued_on"]:
        return Conflict(_("waardebon {code} werd pas uitgegeven op {issued}, na {date}").format(
            code=code, issued=day_text(voucher["issued_on"]), date=day_text(on)))
    return None


def redeem(
    conn: sqlite3.Connection,
    config: Config,
    code: str,
    activity_id: int,
    on: date | None = None,
    amount: str | int | None = None,
    persons: int = 1,
    over_cap: str | None = None,
    without_status: str | None = None,
    participant_id: int | None = None,
    organiser_carried: str | None = None,
) -> dict:
    """Redeem a voucher for an activity: the participation paid by it. Returns both.

    `organiser_carried` (as typed) is what the organiser carried instead of the activity's share.

    Without `on` the participation is dated today, or on the activity's first day when it lies
    in the future; a later date is allowed (tickets bought in advance).
    """
    today = clock.today()
    canonical = voucher_codes.canonical(code)
    persons = participation_rules.check_persons(persons)
    pays = (parse_amount(amount, "bedrag", allow_zero=False, maximum=config.max_amount_cents)
            if amount not in (None, "") else None)
    given = cost_split.given_amounts({"organiser": organiser_carried})
    with atomic(conn):
        voucher = _find(conn, canonical)
        if participant_id is not None and participant_id != voucher["participant_id"]:
            raise Conflict(_("waardebon {code} hoort bij deelnemer {owner}, niet bij {participant}").format(
                code=canonical, owner=voucher["participant_id"], participant=participant_id))
        day = on or _activity_day(conn, activity_id, today)
        used_on = min(day, today)  # a ticket for a later day is bought, and the voucher used, today
        problem = refusal(voucher, used_on)
        if problem:
            raise problem
        # a voucher of a closed budget year stays valid; what it pays is then booked on the open
        # budget year of the redemption (the closed report keeps it as committed)
        budget_year = used_on.year if closing.is_closed(conn, voucher["budget_year"]) else voucher["budget_year"]
        closing.refuse_closed(conn, [day.year, budget_year], _("deelname"))
        participation_rules.check_participant(conn, voucher["participant_id"])
        activity = participation_rules.check_activity(conn, activity_id, day)
        price = check_maximum(activity["price_cents"] * persons, _("prijs"), config.max_amount_cents)
        if price == 0:
            raise Conflict(
                _("activiteit {activity} ({title}) is gratis; er is geen waardebon nodig"
                  " (registreer met --paid-via gratis)").format(activity=activity_id, title=activity["title"])
            )
        if pays is not None:
            pays = _voucher_pays(pays, voucher["value_cents"], price)
        split = cost_split.voucher(price, voucher["value_cents"], activity["organiser_share_bp"], given, pays)
        if split.network == 0:
            raise Conflict(_("de organisator draagt de hele prijs van activiteit {activity} ({title}); er is geen"
                             " waardebon nodig (registreer met 'participation add')").format(
                activity=activity_id, title=activity["title"]))
        overrides = participation_rules.check_rules(conn, config, voucher["participant_id"], used_on, day.year,
                                                    split.network, over_cap, without_status)
        changed = conn.execute(
            "UPDATE vouchers SET state = 'redeemed', redeemed_on = ? WHERE id = ? AND state = 'issued'",
            [used_on.isoformat(), voucher["id"]],
        ).rowcount
        if changed != 1:  # cannot happen inside BEGIN IMMEDIATE; the guard keeps it impossible
            raise refusal(_find(conn, canonical), used_on) or Conflict(
                _("waardebon {code} kan niet ingewisseld worden").format(code=canonical)
            )
        audit.record(conn, "voucher", voucher["id"], "redeem", ["state", "redeemed_on"])
        participation_id = participation_rules.insert(conn, {
            "participant_id": voucher["participant_id"], "activity_id": activity_id,
            "date": day.isoformat(), "persons": persons, **split.columns(), "paid_via": "voucher",
            "voucher_id": voucher["id"], "budget_year": budget_year,
            "funding_source": voucher["funding_source"], **overrides,
        })
    return {"voucher": _find(conn, canonical), "participation": participation_rules.get(conn, participation_id)}


def _activity_day(conn: sqlite3.Connection, activity_id: int, today: date) -> date:
    """The default day of a participation: today, or the first day of an activity still to come."""
    row = conn.execute("SELECT start_date FROM activities WHERE id = ?", [activity_id]).fetchone()
    if row is not None and row["start_date"] and row["start_date"] > today.isoformat():
        return date.fromisoformat(row["start_date"])
    return today


def _voucher_pays(amount: int, value: int, price: int) -> int:
    if amount > value:
        raise InvalidInput(_("bedrag: {amount} is meer dan de waarde van de waardebon ({value})").format(
            amount=money(amount), value=money(value)))
    if amount > price:
        raise InvalidInput(_("bedrag: {amount} is meer dan de prijs van de deelname ({price})").format(
            amount=money(amount), price=money(price)))
    return amount


def cancel(conn: sqlite3.Connection, code: str, reason: str) -> dict:
    today = clock.today()
    canonical = voucher_codes.canonical(code)
    text = clean_text(reason or "", "reden", 500)
    if not text:
        raise InvalidInput(_("reden: geef een reden voor de annulering"))
    with atomic(conn):
        voucher = _find(conn, canonical)
        if voucher["state"] != "issued":
            raise refusal(voucher, today) or Conflict(
                _("waardebon {code} kan niet geannuleerd worden").format(code=canonical)
            )
        closing.refuse_closed(conn, [voucher["budget_year"]], _("waardebon {code}").format(code=canonical))
        conn.execute(
            "UPDATE vouchers SET state = 'cancelled', cancelled_on = ?, cancel_reason = ?"
            " WHERE id = ? AND state = 'issued'",
            [today.isoformat(), text, voucher["id"]],
        )
        audit.record(conn, "voucher", voucher["id"], "cancel", ["state", "cancelled_on", "cancel_reason"])
    return _find(conn, canonical)


def expire(conn: sqlite3.Connection) -> dict:
    """Mark every issued voucher past its date as expired, except those of a closed budget year
    (whose report must not change); returns how many expired and how many were left for that."""
    today = clock.today().isoformat()
    open_years = "budget_year NOT IN (SELECT year FROM report_snapshots WHERE reopened_at IS NULL)"
    with atomic(conn):
        ids = [r[0] for r in conn.execute(
            f"SELECT id FROM vouchers WHERE state = 'issued' AND valid_until < ? AND {open_years}", [today]
        )]
        conn.execute(
            "UPDATE vouchers SET state = 'expired', expired_on = ? WHERE state = 'issued' AND valid_until < ?"
            f" AND {open_years}", [today, today],
        )
        audit.record_many(conn, "voucher", ids, "expire", ["state", "expired_on"])
        left = conn.execute(f"SELECT COUNT(*) FROM vouchers WHERE state = 'issued' AND valid_until < ?"
                            f" AND NOT ({open_years})", [today]).fetchone()[0]
    return {"expired": len(ids), "left_in_closed_years": left}


def list_vouchers(
    conn: sqlite3.Connection,
    state: str | None = None,
    participant_id: int | None = None,
    year: int | None = None,
    limit: int | None = None,
) -> list[dict]:
    """Vouchers matching every filter; `year` is the budget year (the year of issue)."""
    where, params = [], []
    if state:
        where.append("v.state = ?")
        params.append(state_code(state))
    if participant_id is not None:
        where.append("v.participant_id = ?")
        params.append(participant_id)
    if year is not None:
        where.append("v.budget_year = ?")
        params.append(year)
    sql = SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY v.issued_on, v.id"
    if limit is not None:
        if limit < 1:
            raise InvalidInput(_("limiet: {limit} moet minstens 1 zijn").format(limit=limit))
        sql += " LIMIT ?"
        params.append(limit)
    return [dict(r) for r in conn.execute(sql, params)]


# the Dutch words a coordinator may type for a state (the words of render/words.py VOUCHER_STATES)
STATE_WORDS = {N_("uitgegeven"): "issued", N_("ingewisseld"): "redeemed", N_("vervallen"): "expired",
               N_("geannuleerd"): "cancelled"}
STATE_WORDS_BY_CODE = {code: word for word, code in STATE_WORDS.items()}


def state_code(value: str) -> str:
    text = str(value).strip().lower()
    code = STATE_WORDS.get(text, text)
    if code not in STATES:
        choices = ", ".join(_(word) for word in STATE_WORDS)  # the states in the user's language
        raise InvalidInput(_("toestand: {value!r} is onbekend; kies uit {choices}").format(
            value=value, choices=choices))
    return code


def history(conn: sqlite3.Connection, code: str) -> dict:
    """The voucher with every event of its life (from its columns) and its audit rows."""
    voucher = get(conn, code)
    events = [{"date": voucher["issued_on"], "event": "issued", "value_cents": voucher["value_cents"],
               "funding_source": voucher["funding_source"], "valid_until": voucher["valid_until"]}]
    if voucher["replaces_code"]:
        events[0].update(replaces=voucher["replaces_code"], reason=voucher["replacement_reason"])
    if voucher["redeemed_on"]:
        events.append({"date": voucher["redeemed_on"], "event": "redeemed",
                       "activity_id": voucher["activity_id"], "activity": voucher["activity"],
                       "participation_id": voucher["participation_id"], "paid_cents": voucher["paid_cents"]})
    if voucher["released_on"]:
        events.append({"date": voucher["released_on"], "event": "released"})
    if voucher["replaced_by_code"]:
        events.append({"date": voucher["replaced_on"], "event": "replaced", "replaced_by": voucher["replaced_by_code"],
                       "reason": voucher["replaced_reason"]})
    if voucher["expired_on"]:
        events.append({"date": voucher["expired_on"], "event": "expired"})
    if voucher["cancelled_on"]:
        events.append({"date": voucher["cancelled_on"], "event": "cancelled", "reason": voucher["cancel_reason"]})
    voucher["history"] = events
    voucher["audit"] = [dict(r) for r in conn.execute(
        "SELECT at, os_user, command, action, fields FROM audit_log"
        " WHERE entity = 'voucher' AND entity_id = ? ORDER BY id",
        [str(voucher["id"])],
    )]
    return voucher
