"""Synthetic participants, statuses and referrals: Flemish names, Hasselt postcodes, three years."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.parse import normalize

FIRST_NAMES = (
    "Ann", "An", "Els", "Katrien", "Sofie", "Nathalie", "Chloë", "Zoë", "Anaïs", "Noémie", "Inès",
    "Maëlle", "Françoise", "Hélène", "Lien", "Marie", "Fatima", "Yasmina", "Leila", "Amira", "Olena",
    "Oksana", "Emma", "Louise", "Nora", "Lotte", "Febe", "Jana", "Mila", "Rita", "Godelieve", "Mariëlle",
    "Jan", "Peter", "Koen", "Bart", "Tom", "Kris", "Jérôme", "René", "Jef", "Luc", "Dirk", "Geert",
    "Mohamed", "Youssef", "Ahmed", "Mehmet", "Emre", "Bilal", "Noah", "Lucas", "Arthur", "Liam", "Louis",
    "Wout", "Senne", "Rocco", "Dries", "Thijs", "Ibrahim", "Andriy", "Gaëtan", "Noël", "Joël", "Michiel",
)
LAST_NAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
    "De Smet", "Vermeulen", "Van den Bossche", "Dubois", "Lambrechts", "Smeets", "Vanderheyden",
    "Vanhoof", "Gielen", "Bollen", "Stevens", "Bosmans", "Vandersteen", "Nijs", "Cuypers", "Schepers",
    "Lenaerts", "Vrancken", "Thijs", "Vanheusden", "Jorissen", "Reynders", "Moors", "Claessens",
    "Çelik", "Yılmaz", "Öztürk", "Demir", "El Amrani", "Bouzid", "Benali", "El Idrissi", "Nguyễn",
    "Kowalski", "Nowak", "Shevchenko", "Kovalenko", "Hoebeeck", "Geebelen", "Daenen", "Pollênus",
    "Vandebroek", "Op de Beeck", "D'Haese", "Lemmens", "Ceulemans", "Hendrickx", "Wijnants",
)
POSTCODES = (("3500", 55), ("3510", 15), ("3511", 12), ("3512", 10), ("3501", 8))
GROUND_WEIGHTS = {
    "verhoogde_tegemoetkoming": 40, "ocmw": 22, "schuldbemiddeling": 14,
    "vluchteling": 9, "maatwerkbedrijf": 6, "doorverwijzing": 9,
}
# which partners refer most (by position in the config's partner list; extra partners get 2)
PARTNER_WEIGHTS = (6, 4, 10, 30, 25, 15, 10)
DOMAINS = ("cultuur", "jeugd", "sport", None)


# where some people of a regional network live: just outside the region
OUTSIDE_SHARE = 0.03


def postcode_weights(config: Config, today: date) -> list[tuple[str, int]]:
    """Where the demo's people live. A local network: Hasselt's weights for the config's own
    postcodes, any other postcode once. A regional network: its municipalities by their inhabitants
    (their postcodes of today alike), and a few people from just outside the region."""
    if not config.regional:
        return [(p, dict(POSTCODES).get(p, 1)) for p in config.postcodes] or list(POSTCODES)
    weights: dict[str, int] = {}
    for municipality in config.municipalities:
        codes = municipality.postcodes_on(today.isoformat()) or [s.code for s in municipality.postcodes]
        for code in codes:
            weights[code] = weights.get(code, 0) + max(1, (municipality.inhabitants or 1000) // len(codes))
    # the nearest postcodes that are not the region's: the next ones up
    region_codes = {span.code for m in config.municipalities for span in m.postcodes}
    outside = [str(n) for n in range(int(max(region_codes)) + 1, 9999) if str(n) not in region_codes][:3]
    share = max(1, round(sum(weights.values()) * OUTSIDE_SHARE / len(outside)))
    return [*weights.items(), *((code, share) for code in outside)]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return lambda: rng.choices(values, weights)[0]


def _birth_date(rng: random.Random, year: int) -> date:
    age = rng.choices((rng.randint(6, 17), rng.randint(18, 25), rng.randint(26, 64), rng.randint(65, 90)),
                      (22, 12, 54, 12))[0]
    return date(year - age, 1, 1) + timedelta(days=rng.randint(0, 364))


def generate(conn: sqlite3.Connection, config: Config, rng: random.Random, plan) -> None:
    partner_ids = [r[0] for r in conn.execute("SELECT id FROM partners WHERE active = 1 ORDER BY id")]
    weights = [PARTNER_WEIGHTS[i] if i < len(PARTNER_WEIGHTS) else 2 for i in range(len(partner_ids))]
    grounds = [g for g in GROUND_WEIGHTS if g in config.grounds] or list(config.grounds)
    pick_ground = _weighted(rng, [(g, GROUND_WEIGHTS.get(g, 5)) for g in grounds])
    pick_postcode = _weighted(rng, postcode_weights(config, plan.today))
    pick_partner = _weighted(rng, list(zip(partner_ids, weights, strict=True)))
    validity = {g: config.grounds[g].validity_months for g in grounds}
    year_days = [(date(y, 1, 1), (min(date(y, 12, 31), plan.today) - date(y, 1, 1)).days) for y in plan.years]

    people, statuses, referrals = [], [], []
    next_id = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM participants").fetchone()[0]) + 1

    def flush() -> None:
        conn.executemany(
            "INSERT INTO participants (id, first_name, last_name, birth_date, birth_year, postcode, household_size,"
            " phone, email, notes, first_key, last_key, match_key, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            people,
        )
        conn.executemany(
            "INSERT INTO statuses (participant_id, ground_code, valid_from, valid_until, checked_by_partner_id,"
            " suspended_on, suspension_reason, created_at) VALUES (?,?,?,?,?,?,?,?)",
            statuses,
        )
        conn.executemany(
            "INSERT INTO referrals (participant_id, partner_id, date, ground_code, domain, state, note, created_at,"
            " updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
            referrals,
        )
        people.clear()
        statuses.clear()
        referrals.clear()

    for number in range(plan.participants):
        pid = next_id + number
        # people join evenly over the years; earlier ones may stay on
        start_index = rng.choices(range(len(plan.years)), (40, 32, 28))[0] if len(plan.years) == 3 else 0
        year_start, span = year_days[start_index]
        joined = year_start + timedelta(days=rng.randint(0, max(span, 0)))
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        born = _birth_date(rng, joined.year)
        household = rng.choices((1, 2, 3, 4, 5, 6), (34, 20, 17, 15, 9, 5))[0]
        partner = pick_partner()
        ground = pick_ground()
        contact = f"04{rng.randint(70, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}" \
            if rng.random() < 0.6 else ""
        people.append((
            pid, first, last, born.isoformat(), born.year, pick_postcode(), household, contact,
            "", "", normalize(first), normalize(last), f"{normalize(last)}|{normalize(first)}|{born.isoformat()}",
            f"{joined.isoformat()}T10:00:00",
        ))
        # the first referral and status, then yearly renewals while the person stays
        valid_from = joined
        referral_date = joined
        while valid_from <= plan.today:
            until = clock.add_months(valid_from, validity[ground]) - timedelta(days=1)
            suspended = None
            if rng.random() < 0.02:
                # within the status's period and not after today
                later = valid_from + timedelta(days=rng.randint(30, 200))
                suspended = min(later, until, plan.today).isoformat()
            statuses.append((pid, ground, valid_from.isoformat(), until.isoformat(), partner, suspended,
                             "inkomen gewijzigd" if suspended else "",
                             f"{valid_from.isoformat()}T10:00:00"))
            if referral_date is not None:
                age_days = (plan.today - referral_date).days
                if age_days > 120:
                    state = rng.choices(("toegeleid", "afgesloten", "geweigerd"), (70, 22, 8))[0]
                elif age_days > 30:
                    state = rng.choices(("in_behandeling", "toegeleid", "afgesloten"), (40, 50, 10))[0]
                else:
                    state = rng.choices(("open", "in_behandeling"), (60, 40))[0]
                stamp = f"{referral_date.isoformat()}T10:00:00"
                referrals.append((pid, partner, referral_date.isoformat(), ground, rng.choice(DOMAINS), state, "",
                                  stamp, stamp))
            if suspended or rng.random() > 0.7:
                break
            valid_from = until + timedelta(days=1)
            # a renewal is sometimes a new referral by (another) partner
            referral_date = valid_from if rng.random() < 0.35 and valid_from <= plan.today else None
            if referral_date is not None:
                partner = pick_partner()
        if len(people) >= 5000:
            flush()
    flush()
