"""Shared cost (solidaire kostendeling): who carries what of a participation's price.

A participation records four amounts in cents that add up, always:

    price = participant paid + organiser carried + network paid

- The organiser share is a percentage of the full price that the organiser carries (the UiTPAS
  model: participant 20 %, organiser 40 %, local government 40 %). An activity's own share wins
  over the share of its organiser partner; neither: 0. It is read when a participation's amounts
  are computed (`participation add`, `voucher redeem`, a correction that computes them again) and
  stored as an amount on the participation: changing a share later rewrites nothing.
- The organiser's part is rounded once, half up to the cent, on the participation's full price,
  and never more than what the participant does not pay (kansentarief) or than the price (voucher).
- Kansentarief: the participant pays the kansentarief × persons, the organiser its share, the
  network the rest. Voucher: the organiser's share comes off the price first, the voucher pays the
  rest up to its value (what it pays is what the network pays), the participant the remainder.
  Gratis: nobody pays and no price is recorded; all four are 0.
- The coordinator may give the amounts (`--price`, `--paid`, `--organiser-carried`,
  `--network-paid`): a part not given keeps its computed value, the network's part absorbs the
  difference (the participant's when the network's is given, then the organiser's), and four
  amounts that do not add up are refused naming all four.

docs/architecture.md, "Shared cost".
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.formats import money
from vrijetijd_cli.i18n import _
from vrijetijd_cli.parse import parse_amount

# the options that give an amount of the split, by the part they give
OPTIONS = {"price": "--price", "participant": "--paid", "organiser": "--organiser-carried",
           "network": "--network-paid"}


class Split(NamedTuple):
    price: int
    participant: int
    organiser: int
    network: int

    def columns(self) -> dict[str, int]:
        return {"price_cents": self.price, "participant_paid_cents": self.participant,
                "organiser_carried_cents": self.organiser, "network_paid_cents": self.network}


FREE = Split(0, 0, 0, 0)

# the share that applies to an activity: its own, else its organiser partner's, else 0
SHARE_SQL = ("COALESCE(a.organiser_share_bp, (SELECT o.organiser_share_bp FROM partners o"
             " WHERE o.id = a.organiser_partner_id), 0)")


def share_of(conn: sqlite3.Connection, activity_id: int) -> int:
    """The organiser share (basis points) that applies to an activity now."""
    row = conn.execute(f"SELECT {SHARE_SQL} FROM activities a WHERE a.id = ?", [activity_id]).fetchone()
    return row[0] if row else 0


def organiser_part(price: int, share_bp: int, limit: int) -> int:
    """The organiser's share of `price`, rounded half up to the cent, at most `limit`."""
    return min((price * share_bp * 2 + 10000) // 20000, max(limit, 0))


def given_amounts(given: dict[str, object] | None) -> dict[str, int]:
    """The amounts the coordinator typed ({part: text}) in cents; empty or None: not given."""
    return {part: parse_amount(text, OPTIONS[part]) for part, text in (given or {}).items()
            if text not in (None, "")}


def kansentarief(price: int, participant: int, share_bp: int, given: dict[str, int]) -> Split:
    """The split of a participation at kansentarief: computed, then what was given applied."""
    participant = given.get("participant", participant)
    organiser = given.get("organiser", organiser_part(price, share_bp, price - participant))
    return settle(price, participant, organiser, given)


def settle(price: int, participant: int, organiser: int, given: dict[str, int]) -> Split:
    """Four amounts that add up: the network's part absorbs the difference unless it was given;
    then the participant's (not given), then the organiser's (not given). Refused when they
    cannot add up."""
    if "network" not in given:
        network = price - participant - organiser
    else:
        network = given["network"]
        rest = price - network
        if "participant" not in given:
            participant = rest - organiser
        elif "organiser" not in given:
            organiser = rest - participant
    split = Split(price, participant, organiser, network)
    check(split)
    return split


def voucher(price: int, value: int, share_bp: int, given: dict[str, int], pays: int | None = None) -> Split:
    """The split of a participation paid by a voucher of `value`: the organiser's share off the
    price first, the voucher pays the rest up to its value (or `pays`), the participant the rest."""
    organiser = given.get("organiser", organiser_part(price, share_bp, price))
    left = price - organiser
    if left < 0:
        check(Split(price, 0, organiser, 0))
    if pays is None:
        pays = min(value, left)
    elif pays > left:
        raise InvalidInput(_("bedrag: {amount} is meer dan wat na het deel van de organisator overblijft"
                             " ({left} van de prijs {price})").format(
            amount=money(pays), left=money(left), price=money(price)))
    split = Split(price, left - pays, organiser, pays)
    check(split)
    return split


def check(split: Split) -> None:
    """Refuse a split with a negative part or whose parts are not the price, naming all four."""
    if min(split) < 0 or split.participant + split.organiser + split.network != split.price:
        raise InvalidInput(_(
            "verdeling: de prijs {price} is niet deelnemer {participant} + organisator {organiser} + netwerk"
            " {network} (samen {total}); geef bedragen die samen de prijs zijn, geen enkel negatief").format(
            price=money(split.price), participant=money(split.participant), organiser=money(split.organiser),
            network=money(split.network), total=money(split.participant + split.organiser + split.network)))
