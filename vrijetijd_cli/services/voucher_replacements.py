"""Putting a redemption right: a code is redeemed at most once, ever, so it is never made valid
again (docs/architecture.md, "Corrections").

When a participation paid by a voucher is deleted (or no longer paid by it) the voucher stays
spent (`released_on`), and the person gets a replacement: a new code with the same value, budget
year, source and validity, linked to the old one (`replaces_id`). `replace` does the same for a
redemption made by mistake, whose participation stays.
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli import clock
from vrijetijd_cli.errors import Conflict, InvalidInput
from vrijetijd_cli.formats import day as day_text
from vrijetijd_cli.i18n import _
from vrijetijd_cli.parse import clean_text
from vrijetijd_cli.services import audit, closing, voucher_codes, vouchers
from vrijetijd_cli.store import atomic


def release(conn: sqlite3.Connection, voucher_id: int) -> None:
    """Mark a redeemed voucher whose participation goes (inside the caller's transaction)."""
    conn.execute("UPDATE vouchers SET released_on = ? WHERE id = ?", [clock.today().isoformat(), voucher_id])
    audit.record(conn, "voucher", voucher_id, "release", ["released_on"])


def replacement_refusal(conn: sqlite3.Connection, voucher: dict) -> Conflict | None:
    """Why this voucher cannot get a replacement now, or None."""
    code = voucher["code"]
    if voucher["state"] != "redeemed":
        return Conflict(_("waardebon {code} is niet ingewisseld ({state}); er valt niets te vervangen").format(
            code=code, state=_(vouchers.STATE_WORDS_BY_CODE[voucher["state"]])))
    if voucher["replaced_by_code"]:
        return Conflict(_("waardebon {code} is al vervangen door {new} op {date}").format(
            code=code, new=voucher["replaced_by_code"], date=day_text(voucher["replaced_on"])))
    owner = conn.execute("SELECT anonymized_at FROM participants WHERE id = ?", [voucher["participant_id"]]).fetchone()
    if owner is not None and owner["anonymized_at"]:
        return Conflict(_("deelnemer {participant} is geanonimiseerd; er komt geen vervangende bon voor {code}").format(
            participant=voucher["participant_id"], code=code))
    if voucher["valid_until"] < clock.today().isoformat():
        return Conflict(_("waardebon {code} was geldig tot {date}; een vervangende bon met dezelfde geldigheid"
                          " zou al vervallen zijn").format(code=code, date=day_text(voucher["valid_until"])))
    return None


def issue_replacement(conn: sqlite3.Connection, voucher: dict, reason: str) -> str:
    """A new code with the value, budget year, source and validity of `voucher`, linked to it
    (inside the caller's transaction); returns the new code."""
    problem = replacement_refusal(conn, voucher)
    if problem:
        raise problem
    closing.refuse_closed(conn, [voucher["budget_year"]], _("vervangende waardebon"))
    code = vouchers.new_code(conn)
    cursor = conn.execute(
        "INSERT INTO vouchers (code, participant_id, value_cents, issued_on, valid_until, budget_year,"
        " funding_source, state, replaces_id, replacement_reason, municipality, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'issued', ?, ?, ?, ?)",
        [code, voucher["participant_id"], voucher["value_cents"], clock.today().isoformat(),
         voucher["valid_until"], voucher["budget_year"], voucher["funding_source"], voucher["id"], reason,
         voucher["municipality"], clock.now()],
    )
    audit.record(conn, "voucher", cursor.lastrowid, "replace",
                 ["code", "participant_id", "value_cents", "issued_on", "valid_until", "budget_year",
                  "funding_source", "replaces_id", "replacement_reason"])
    return code


def replace(conn: sqlite3.Connection, code: str, reason: str | None) -> dict:
    """A redemption made by mistake: the code stays spent (and its participation stays); the
    person gets a replacement voucher. Returns {"old", "new"}."""
    canonical = voucher_codes.canonical(code)
    text = clean_text(reason or "", "--reason", 500)
    if not text:
        raise InvalidInput(_("--reason: zeg waarom de waardebon vervangen wordt (dat wordt bewaard)"))
    with atomic(conn):
        voucher = vouchers.get(conn, canonical)
        code = issue_replacement(conn, voucher, text)
    return {"old": vouchers.get(conn, canonical), "new": vouchers.get(conn, code)}
