"""Synthetic money: budgets, vouchers, participations and expenses for each year of the plan.

Every domain rule holds: a participation lies within a status of its participant (not
suspended) and within the dates of an active activity; what the network pays per person per
calendar year stays under the yearly cap (a few exceptions carry an override reason, as the
coordinator would record them); a voucher is redeemed once, within its validity, by a
participation paid by it; the amounts add up (participant + organiser + network = price: an
activity with an organiser share has it carried, as services/cost_split.py computes it).

Sizes: with plan.participations / plan.vouchers > 0 exactly that many, spread over the years by
their days. Otherwise the demo: each year's spending lands near its budget — two years ago just
under, last year slightly over (so `budget show` warns), this year on course — and the
expenses fill what the participations leave. People are streamed from the statuses in id order
and rows written with executemany in chunks, so memory stays bounded at any size.
"""

from __future__ import annotations

import bisect
import calendar
import itertools
import math
import random
import sqlite3
from datetime import date, timedelta

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.services import voucher_codes
from vrijetijd_cli.services.cost_split import SHARE_SQL, organiser_part
from vrijetijd_cli.synthetic.expenses import write_expenses

SOURCES = ("trekkingsrecht", "cofinanciering", "ander")
# the year's spending as a share of its budget, by years before today's year: this year on
# course, last year slightly over (so `budget show` warns), two years ago just under
USE = {0: 0.88, 1: 1.04, 2: 0.95}
# of the spending target, before caps, short status windows and vouchers paying less than their
# value trim it to about 70%; expenses fill the rest
PARTICIPATION_SHARE = 0.92
VOUCHER_RATIO = 0.12  # vouchers per participation in the demo
VALUES = (1000, 1500, 2000, 2500, 2500, 5000)
CHUNK = 10_000
CANCEL_REASONS = ("verhuisd naar een andere gemeente", "dubbel uitgegeven", "op vraag van de deelnemer",
                  "statuut niet verlengd")
OVERRIDE_REASON = "lidgeld: uitzondering op het jaarplafond, akkoord netwerkoverleg"
INSERT_VOUCHER = (
    "INSERT INTO vouchers (id, code, participant_id, value_cents, issued_on, valid_until, budget_year,"
    " funding_source, state, redeemed_on, expired_on, cancelled_on, cancel_reason, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_PARTICIPATION = (
    "INSERT INTO participations (participant_id, activity_id, date, persons, price_cents,"
    " participant_paid_cents, organiser_carried_cents, network_paid_cents, paid_via, voucher_id, budget_year,"
    " funding_source, over_cap_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# people with a usable status in [start, end]; the window stops the day before a suspension
PEOPLE = (
    "FROM statuses s JOIN participants p ON p.id = s.participant_id"
    " WHERE s.valid_from <= :end AND s.valid_until >= :start AND p.anonymized_at IS NULL"
    " AND (s.suspended_on IS NULL OR s.suspended_on > max(s.valid_from, :start))"
)
WINDOW_DAYS = (
    "julianday(min(s.valid_until, :end, COALESCE(date(s.suspended_on, '-1 day'), :end)))"
    " - julianday(max(s.valid_from, :start)) + 1"
)


def generate(conn: sqlite3.Connection, config: Config, rng: random.Random, plan) -> None:
    state = _State(conn, config, rng, plan)
    years = [y for y in plan.years if date(y, 1, 1) <= plan.today]
    available = _budgets(conn, config, plan, years)
    wanted_p = _spread(plan.participations, years, plan.today)
    wanted_v = _spread(plan.vouchers, years, plan.today)
    carry_p = carry_v = 0
    for index, year in enumerate(years):
        offer = _Offer(conn, year, plan.today)
        target = None
        if plan.participations > 0:
            n_p = wanted_p[index] + carry_p
        else:
            target = _target(available[year], USE.get(plan.today.year - year, USE[2]), year, plan.today)
            n_p = offer.participations_for(int(target * PARTICIPATION_SHARE), state)
        n_v = wanted_v[index] + carry_v if plan.vouchers > 0 else round(n_p * VOUCHER_RATIO)
        carry_p, carry_v = state.year(year, offer, n_p, n_v)
        if plan.participations == 0:
            carry_p = 0  # derived sizes need not add up exactly
        if plan.vouchers == 0:
            carry_v = 0
        state.flush()
        write_expenses(conn, rng, year, plan.today, available[year], target)
    if carry_p or carry_v:
        state.top_up(years[-1], _Offer(conn, years[-1], plan.today), carry_p, carry_v)
        state.flush()


def _budgets(conn: sqlite3.Connection, config: Config, plan, years: list[int]) -> dict[int, int]:
    """A budgets row per year: the trekkingsrecht grew a little each year; returns the totals."""
    totals = {}
    for year in years:
        back = plan.today.year - year
        drawing = (config.trekkingsrecht_cents * (100 - 2 * back) // 100) // 100 * 100
        row = (year, drawing, config.cofinancing_cents, config.other_budget_cents, f"{year}-01-15T09:00:00")
        conn.execute("INSERT OR REPLACE INTO budgets (year, trekkingsrecht_cents, cofinancing_cents,"
                     " other_cents, updated_at) VALUES (?, ?, ?, ?, ?)", row)
        totals[year] = row[1] + row[2] + row[3]
    return totals


def _spread(total: int, years: list[int], today: date) -> list[int]:
    """`total` over the years by their days up to today, largest remainder first, summing exactly."""
    days = [(min(date(y, 12, 31), today) - date(y, 1, 1)).days + 1 for y in years]
    shares = [total * d // sum(days) for d in days]
    order = sorted(range(len(years)), key=lambda i: -(total * days[i] % sum(days)))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _target(available: int, use: float, year: int, today: date) -> int:
    """The year's spending in cents; this year pro rata of the days elapsed."""
    if year == today.year:
        elapsed = today.timetuple().tm_yday
        return round(available * use * elapsed / (366 if calendar.isleap(year) else 365))
    return round(available * use)


class _Offer:
    """The activities open on some day of the year (up to today), with their days as ordinals."""

    def __init__(self, conn: sqlite3.Connection, year: int, today: date):
        self.start = date(year, 1, 1).toordinal()
        self.end = min(date(year, 12, 31), today).toordinal()
        self.permanent, self.dated = [], []
        for row in conn.execute(
            "SELECT a.id, a.price_cents, a.kansentarief_cents, a.start_date, a.end_date, a.calendar_type,"
            f" {SHARE_SQL} FROM activities a"
            " WHERE a.active = 1 AND (a.start_date IS NULL OR a.start_date <= ?)"
            " AND (a.end_date IS NULL OR a.end_date >= ?)",
            [date.fromordinal(self.end).isoformat(), f"{year:04d}-01-01"],
        ):
            lo = date.fromisoformat(row[3]).toordinal() if row[3] else self.start
            end = row[4] or (row[3] if row[5] == "single" else None)
            hi = date.fromisoformat(end).toordinal() if end else self.end
            item = (row[0], row[1], row[2], max(lo, self.start), min(hi, self.end), row[6])
            (self.permanent if row[3] is None else self.dated).append(item)
        self.paying = [a for a in self.permanent + self.dated if a[1] > 0]

    def pick(self, rng: random.Random, lo: int, hi: int, paying: bool = False):
        """(activity, day) with the day in [lo, hi] and in the activity's dates, or None."""
        for _ in range(6):
            if paying:
                pool = self.paying
            else:
                pool = self.permanent if rng.random() < 0.45 else self.dated
                pool = pool or self.permanent or self.dated
            if not pool:
                return None
            activity = pool[rng.randrange(len(pool))]
            first, last = max(lo, activity[3]), min(hi, activity[4])
            if first <= last:
                return activity, rng.randint(first, last)
        fits = [a for a in self.permanent if not paying or a[1] > 0]
        if fits and lo <= hi:  # permanent activities are open every day
            return fits[rng.randrange(len(fits))], rng.randint(lo, hi)
        return None

    def participations_for(self, cents: int, state: _State) -> int:
        """How many participations spend about `cents` (estimated by sampling the same choices)."""
        probe = random.Random(state.rng.random())
        total = samples = 0
        for _ in range(2000):
            chosen = self.pick(probe, self.start, self.end)
            if chosen:
                total += state.amounts(probe, chosen[0], probe.choice((1, 1, 1, 2, 3)), state.cap)[3]
                samples += 1
        mean = total / samples if samples and total else 500
        return max(1, round(cents / mean))


class _State:
    """Rows waiting to be written, the next voucher id, and the per-person choices."""

    def __init__(self, conn: sqlite3.Connection, config: Config, rng: random.Random, plan):
        self.conn, self.rng, self.plan = conn, rng, plan
        self.cap = config.yearly_cap_cents
        self.validity = config.voucher_validity_months
        amounts = (config.trekkingsrecht_cents, config.cofinancing_cents, config.other_budget_cents)
        self.sources = [s for s, a in zip(SOURCES, amounts, strict=True) if a > 0] or ["trekkingsrecht"]
        self.source_cumulative = list(itertools.accumulate(a for a in amounts if a > 0)) or [1]
        self.vouchers: list[tuple] = []
        self.participations: list[tuple] = []
        self.next_voucher = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM vouchers").fetchone()[0]
        # codes spell (id × a + b) mod 31^11: unique per id, unpredictable-looking, from rng only
        space = voucher_codes.BASE ** voucher_codes.RANDOM_LENGTH
        self.code_a = rng.randrange(1, space // 31) * 31 + rng.randrange(1, 31)
        self.code_b = rng.randrange(space)
        self.space = space
        self.iso: dict[int, str] = {}
        self.today = plan.today.toordinal()

    def day(self, ordinal: int) -> str:
        text = self.iso.get(ordinal)
        if text is None:
            text = self.iso[ordinal] = date.fromordinal(ordinal).isoformat()
        return text

    def until(self, issued: int) -> int:
        """The last valid day of a voucher issued on `issued` (the config's validity)."""
        return (clock.add_months(date.fromordinal(issued), self.validity) - timedelta(days=1)).toordinal()

    def source(self) -> str:
        # spending per source in proportion to what each source brings in
        return self.sources[bisect.bisect(self.source_cumulative, self.rng.random() * self.source_cumulative[-1])]

    def amounts(self, rng: random.Random, activity: tuple,
                persons: int, room: int) -> tuple[int, int, int, int, str, str]:
        """(price, participant, organiser, network, paid_via, override reason) within `room` left
        under the cap."""
        price, reduced = activity[1] * persons, activity[2] * persons
        if price == 0 or rng.random() < 0.04:
            return 0, 0, 0, 0, "gratis", ""
        organiser = organiser_part(price, activity[5], price - reduced)
        network = price - reduced - organiser
        if network <= room:
            return price, reduced, organiser, network, "kansentarief", ""
        if persons == 1 and room == self.cap and rng.random() < 0.15:
            return price, reduced, organiser, network, "kansentarief", OVERRIDE_REASON
        return 0, 0, 0, 0, "gratis", ""

    def flush(self) -> None:
        if self.vouchers:  # first: participations refer to them
            self.conn.executemany(INSERT_VOUCHER, self.vouchers)
            self.vouchers.clear()
        if self.participations:
            self.conn.executemany(INSERT_PARTICIPATION, self.participations)
            self.participations.clear()

    def _people(self, year: int):
        """(participant id, household size, [(first day, last day)]) per person, in id order."""
        params = {"start": f"{year:04d}-01-01", "end": self.day(min(date(year, 12, 31).toordinal(), self.today))}
        rows = self.conn.execute(
            "SELECT s.participant_id, p.household_size, max(s.valid_from, :start),"
            f" min(s.valid_until, :end, COALESCE(date(s.suspended_on, '-1 day'), :end)) {PEOPLE}"
            " ORDER BY s.participant_id, s.valid_from", params)
        current, household, windows = None, 1, []
        for pid, size, first, last in rows:
            if pid != current and current is not None:
                yield current, household, windows
                windows = []
            current, household = pid, size
            windows.append((date.fromisoformat(first).toordinal(), date.fromisoformat(last).toordinal()))
        if current is not None:
            yield current, household, windows

    def year(self, year: int, offer: _Offer, n_p: int, n_v: int) -> tuple[int, int]:
        """Spread n_p participations and n_v vouchers over the year's people; returns what is left."""
        params = {"start": f"{year:04d}-01-01", "end": self.day(min(date(year, 12, 31).toordinal(), self.today))}
        people, weight_left = self.conn.execute(
            f"SELECT COUNT(DISTINCT s.participant_id), SUM({WINDOW_DAYS}) {PEOPLE}", params).fetchone()
        if not people:
            return n_p, n_v
        weight_left = weight_left or 1
        rng = self.rng
        for index, (pid, household, windows) in enumerate(self._people(year)):
            days = sum(hi - lo + 1 for lo, hi in windows)
            last = index == people - 1
            liking = rng.gammavariate(1.5, 1 / 1.5)  # some take part often, most now and then
            k = n_p if last else min(n_p, _poisson(rng, n_p * days / max(weight_left, days) * liking))
            v = n_v if last else min(n_v, _poisson(rng, n_v * days / max(weight_left, days) * liking))
            weight_left -= days
            placed_p, placed_v = self._person(pid, household, windows, year, offer, k, v)
            n_p -= placed_p
            n_v -= placed_v
            if len(self.participations) >= CHUNK or len(self.vouchers) >= CHUNK:
                self.flush()
        return n_p, n_v

    def _person(self, pid, household, windows, year, offer, k, v) -> tuple[int, int]:
        rng, room, placed_p, placed_v = self.rng, self.cap, 0, 0
        for _ in range(v):
            value = rng.choice(VALUES)
            if value > room:
                value = room // 500 * 500
                if value == 0:
                    break
            lo, hi = _window(rng, windows)
            issued = rng.randint(lo, hi)
            room -= value
            redeem = None
            if placed_p < k and rng.random() < 0.72:
                redeem = offer.pick(rng, issued, min(hi, self.until(issued)), paying=True)
            self._voucher(pid, value, issued, year, redeem, household)
            placed_v += 1
            placed_p += redeem is not None
        for _ in range(k - placed_p):
            lo, hi = _window(rng, windows)
            chosen = offer.pick(rng, lo, hi)
            if chosen is None:
                continue
            activity, day = chosen
            persons = 1 if household == 1 or rng.random() < 0.6 else rng.randint(2, household)
            price, own, organiser, network, via, reason = self.amounts(rng, activity, persons, room)
            room -= min(network, room)
            stamp = self.day(day)
            self.participations.append((pid, activity[0], stamp, persons, price, own, organiser, network, via,
                                        None, year, self.source(), reason, stamp + "T10:00:00"))
            placed_p += 1
        return placed_p, placed_v

    def _voucher(self, pid, value, issued, year, redeem, household) -> None:
        rng, vid = self.rng, self.next_voucher
        self.next_voucher += 1
        code = voucher_codes.from_number((vid * self.code_a + self.code_b) % self.space)
        until = self.until(issued)
        source, state = self.source(), "issued"
        redeemed = expired = cancelled = None
        reason = ""
        if redeem is not None:
            activity, day = redeem
            persons = 1 if household == 1 or rng.random() < 0.7 else rng.randint(2, household)
            price = activity[1] * persons
            organiser = organiser_part(price, activity[5], price)
            pays = min(value, price - organiser)
            state, redeemed = "redeemed", self.day(day)
            self.participations.append((pid, activity[0], redeemed, persons, price, price - organiser - pays,
                                        organiser, pays, "voucher", vid, year, source, "", redeemed + "T10:00:00"))
        elif rng.random() < 0.05:
            state, reason = "cancelled", rng.choice(CANCEL_REASONS)
            cancelled = self.day(rng.randint(issued, min(until, self.today)))
        elif until < self.today:
            state, expired = "expired", self.day(rng.randint(until + 1, min(until + 40, self.today)))
        self.vouchers.append((vid, code, pid, value, self.day(issued), self.day(until), year, source, state,
                              redeemed, expired, cancelled, reason, self.day(issued) + "T10:00:00"))

    def top_up(self, year: int, offer: _Offer, n_p: int, n_v: int) -> None:
        """What the sizes still need after the last year (rare): free participations, small vouchers."""
        for pid, household, windows in self._people(year):
            if n_p <= 0 and n_v <= 0:
                return
            used = self.conn.execute(
                "SELECT (SELECT COALESCE(SUM(network_paid_cents), 0) FROM participations WHERE participant_id = ?"
                " AND budget_year = ?) + (SELECT COALESCE(SUM(value_cents), 0) FROM vouchers"
                " WHERE participant_id = ? AND budget_year = ?)", [pid, year, pid, year]).fetchone()[0]
            if n_v > 0 and self.cap - used >= 500:
                lo, hi = _window(self.rng, windows)
                self._voucher(pid, 500, self.rng.randint(lo, hi), year, None, household)
                n_v -= 1
            chosen = offer.pick(self.rng, *_window(self.rng, windows)) if n_p > 0 else None
            if chosen:
                stamp = self.day(chosen[1])
                self.participations.append((pid, chosen[0][0], stamp, 1, 0, 0, 0, 0, "gratis", None, year,
                                            self.source(), "", stamp + "T10:00:00"))
                n_p -= 1
            self.flush()


def _window(rng: random.Random, windows: list[tuple[int, int]]) -> tuple[int, int]:
    if len(windows) == 1:
        return windows[0]
    return rng.choices(windows, [hi - lo + 1 for lo, hi in windows])[0]


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k

