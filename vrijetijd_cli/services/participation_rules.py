"""What a participation must satisfy, and writing and reading one: shared by `participation add`
and `voucher redeem` (services/participations.py, services/vouchers.py).

Money, exactly and without rounding here:
- `persons` is the number of people of the household who take part, the participant included
  (≥ 1). The price is the activity's full price × persons.
- kansentarief: the participant pays the activity's kansentarief × persons, the organiser its
  share (services/cost_split.py), the network the rest. The kansentarief itself was rounded once,
  half up to the cent, when the activity was recorded (price × participant share); multiplying
  integer cents needs no rounding.
- voucher: the organiser's share comes off the price, the voucher pays (network) the rest up to its
  value, the participant pays what is left; see services/vouchers.redeem.
- gratis: a free activity or free entry; price, participant, organiser and network are all 0.
In every case price = participant paid + organiser carried + network paid.

Rules: the activity is active and the date lies within its dates; the participant has an
active status on that date; and what the network paid for that person in that calendar year
stays within the yearly cap. Each of the last two can be lifted only with its own reason
(`--without-status`, `--over-cap`), stored in its own column; a participation registered before
the split keeps its one `override_reason`.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.formats import day as day_text
from vrijetijd_cli.formats import money
from vrijetijd_cli.i18n import _
from vrijetijd_cli.parse import clean_text
from vrijetijd_cli.services import audit, cost_split

PAID_VIA = ("kansentarief", "voucher", "gratis")
SOURCES = ("trekkingsrecht", "cofinanciering", "ander")
MAX_PERSONS = 20
FIELDS = (
    "participant_id", "activity_id", "date", "persons", "price_cents", "participant_paid_cents",
    "network_paid_cents", "paid_via", "voucher_id", "budget_year", "funding_source", "over_cap_reason",
    "without_status_reason", "organiser_carried_cents",
)
SELECT = (
    "SELECT x.id, x.date, x.participant_id, p.first_name || ' ' || p.last_name AS participant,"
    " x.activity_id, a.title AS activity, a.domain, x.persons, x.price_cents,"
    " x.participant_paid_cents, x.organiser_carried_cents, x.network_paid_cents, x.paid_via, x.voucher_id,"
    " v.code AS voucher_code, x.budget_year, x.funding_source, x.over_cap_reason, x.without_status_reason,"
    " x.override_reason, x.created_at"
    " FROM participations x JOIN participants p ON p.id = x.participant_id"
    " JOIN activities a ON a.id = x.activity_id LEFT JOIN vouchers v ON v.id = x.voucher_id"
)



# ---- checks, each one rule ----

def check_persons(persons: int) -> int:
    if isinstance(persons, bool) or not isinstance(persons, int) or persons < 1:
        raise InvalidInput(
            _("gezinsleden: {persons!r} kan niet; tel de deelnemer zelf mee (minstens 1)").format(persons=persons)
        )
    if persons > MAX_PERSONS:
        raise InvalidInput(
            _("gezinsleden: {persons} is meer dan {maximum}").format(persons=persons, maximum=MAX_PERSONS)
        )
    return persons


def check_choice(value: str, allowed: tuple[str, ...], field: str) -> str:
    """One of the codes `allowed`; `field` names the value in the user's language (`_("bron")`)."""
    text = str(value).strip().lower()
    if text not in allowed:
        raise InvalidInput(_("{field}: {value!r} is onbekend; kies uit {choices}").format(
            field=field, value=value, choices=", ".join(allowed)))
    return text


def check_date(on: date, today: date) -> date:
    if on > today:
        raise InvalidInput(
            _("datum: {date} ligt in de toekomst; registreer een deelname op of na de dag zelf"
              " (een waardebon kan wel vooraf ingewisseld worden)").format(date=day_text(on))
        )
    return on


def check_participant(conn: sqlite3.Connection, participant_id: int) -> dict:
    row = conn.execute(
        "SELECT id, first_name, last_name, anonymized_at FROM participants WHERE id = ?", [participant_id]
    ).fetchone()
    if row is None:
        from vrijetijd_cli.services import merging

        raise merging.not_found(conn, participant_id)
    if row["anonymized_at"]:
        raise Conflict(
            _("deelnemer {participant} is geanonimiseerd; er kan niets meer bij").format(participant=participant_id)
        )
    return dict(row)


def check_activity(conn: sqlite3.Connection, activity_id: int, on: date) -> dict:
    """The activity, when it is active and `on` lies within its dates (permanent: always)."""
    row = conn.execute(
        "SELECT id, title, domain, calendar_type, start_date, end_date, price_cents,"
        f" kansentarief_cents, active, {cost_split.SHARE_SQL} AS organiser_share_bp FROM activities a WHERE a.id = ?",
        [activity_id],
    ).fetchone()
    if row is None:
        raise NotFound(_("activiteit"), activity_id)
    activity = dict(row)
    if not activity["active"]:
        raise Conflict(_("activiteit {activity} ({title}) is niet actief").format(
            activity=activity_id, title=activity["title"]))
    start, end = activity["start_date"], activity["end_date"]
    if activity["calendar_type"] == "single" and end is None:
        end = start
    iso = on.isoformat()
    if (start and iso < start) or (end and iso > end):
        if start == end:
            period = day_text(start)
        else:
            period = f"{day_text(start) if start else '…'} – {day_text(end) if end else '…'}"
        raise InvalidInput(
            _("datum: {date} valt buiten de data van activiteit {activity} ({title}) ({period})").format(
                date=day_text(on), activity=activity_id, title=activity["title"], period=period)
        )
    return activity


def network_paid_in_year(conn: sqlite3.Connection, participant_id: int, year: int,
                         exclude_id: int | None = None) -> int:
    """What the network paid for this person in this calendar year (the yearly cap's basis),
    leaving out participation `exclude_id` (one being edited)."""
    return conn.execute(
        "SELECT COALESCE(SUM(network_paid_cents), 0) FROM participations"
        " WHERE participant_id = ? AND date >= ? AND date <= ? AND id IS NOT ?",
        [participant_id, f"{year:04d}-01-01", f"{year:04d}-12-31", exclude_id],
    ).fetchone()[0]


def reason_text(text: str | None, option: str) -> str:
    """An override's reason as typed; given but empty is a mistake."""
    if text is None:
        return ""
    cleaned = clean_text(text, option, 500)
    if not cleaned:
        raise InvalidInput(_("{option}: de reden is leeg").format(option=option))
    return cleaned


def check_rules(
    conn: sqlite3.Connection,
    config: Config,
    participant_id: int,
    status_day: date | None,
    cap_year: int,
    network_paid: int,
    over_cap: str | None = None,
    without_status: str | None = None,
    exclude_id: int | None = None,
) -> dict:
    """An active status on `status_day` and the yearly cap of `cap_year`; each broken rule needs its
    own reason (`--without-status`, `--over-cap`), and only a reason for a broken rule is kept.

    Returns {"without_status_reason", "over_cap_reason"} to store ('' where the rule held).
    `status_day` None leaves the status unchecked, `network_paid` 0 the cap; `exclude_id` leaves a
    participation being edited out of the year's sum.
    """
    from vrijetijd_cli.services import statuses

    over_text = reason_text(over_cap, "--over-cap")
    status_text = reason_text(without_status, "--without-status")
    kept = {"without_status_reason": "", "over_cap_reason": ""}
    if status_day is not None and not statuses.has_active(conn, participant_id, status_day):
        if not status_text:
            raise Conflict(
                _("deelnemer {participant} heeft geen actief statuut op {date};"
                  " voeg een statuut toe of geef een reden met --without-status").format(
                    participant=participant_id, date=day_text(status_day))
            )
        kept["without_status_reason"] = status_text
    if network_paid:
        before = network_paid_in_year(conn, participant_id, cap_year, exclude_id)
        cap = config.yearly_cap_cents
        if before + network_paid > cap:
            if not over_text:
                raise Conflict(
                    _("jaarplafond: het netwerk betaalde in {year} al {before} voor deelnemer {participant};"
                      " met {added} erbij wordt dat {total}, boven het plafond van {cap}"
                      " (geef een reden met --over-cap om toch te registreren)").format(
                        year=cap_year, before=money(before), participant=participant_id,
                        added=money(network_paid), total=money(before + network_paid), cap=money(cap))
                )
            kept["over_cap_reason"] = over_text
    return kept


def amounts(activity: dict, persons: int, paid_via: str, given: dict[str, int] | None = None) -> cost_split.Split:
    """The split of a participation at kansentarief or gratis, in cents: computed from the activity
    (its price, kansentarief and organiser share) with the amounts the coordinator gave applied."""
    given = given or {}
    if paid_via == "gratis":
        if any(given.values()):
            names = ", ".join(cost_split.OPTIONS[part] for part, cents in given.items() if cents)
            raise InvalidInput(_("{options}: een gratis deelname heeft geen bedragen; kies --paid-via kansentarief"
                                 " om een verdeling te registreren").format(options=names))
        return cost_split.FREE
    price = given.get("price", activity["price_cents"] * persons)
    participant = activity["kansentarief_cents"] * persons
    if "price" in given and "participant" not in given and participant > price:
        raise InvalidInput(_("--price: {price} is minder dan wat de deelnemer betaalt ({paid}: het kansentarief"
                             " × {persons})").format(price=money(price), paid=money(participant), persons=persons))
    return cost_split.kansentarief(price, participant, activity["organiser_share_bp"], given)


# ---- writing ----

def insert(conn: sqlite3.Connection, values: dict) -> int:
    """Insert inside the caller's transaction (with its audit row); returns the new id."""
    cursor = conn.execute(
        f"INSERT INTO participations ({', '.join(FIELDS)}, created_at)"
        f" VALUES ({', '.join('?' for _field in FIELDS)}, ?)",
        [*(values.get(f) for f in FIELDS), clock.now()],
    )
    audit.record(conn, "participation", cursor.lastrowid, "add",
                 [f for f in FIELDS if values.get(f) not in (None, "")])
    return cursor.lastrowid



# ---- reading ----

def get(conn: sqlite3.Connection, participation_id: int) -> dict:
    row = conn.execute(SELECT + " WHERE x.id = ?", [participation_id]).fetchone()
    if row is None:
        raise NotFound(_("deelname"), participation_id)
    return dict(row)
