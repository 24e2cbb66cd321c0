"""The demo's leisure offer: a municipal offer across culture, youth and sport.

Without a size (plan.activities == 0): what a Flemish city like Hasselt offers over the plan's
years — the swimming pool, the library, the cultural centre's season, the museum, youth
movement memberships, sports club seasons, summer camps and the playground scheme — some on
one day, some over a period, some permanent. Shared cost: the cultural centre's shows with a
UiTPAS price carry 40 % of their price themselves (the UiTPAS model), and one youth movement a
quarter of its membership fee (ORGANISER_SHARES). With plan.activities = N: exactly N activities,
the municipal offer first and then a Flanders-wide offer built from the same kinds of things.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date, timedelta

from vrijetijd_cli.config import Config
from vrijetijd_cli.synthetic import Plan, chunked

COLUMNS = (
    "title", "domain", "organiser_partner_id", "organiser_name", "place", "postcode", "locality",
    "calendar_type", "start_date", "end_date", "price_cents", "kansentarief_cents", "capacity",
    "description", "source", "external_id", "active", "created_at", "updated_at", "organiser_share_bp",
)
INSERT = f"INSERT INTO activities ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
UITDATABANK = "https://io.uitdatabank.be/event/"
POOL, LIBRARY, CC = "Stedelijk zwembad {m}", "Bibliotheek {m}", "Cultuurcentrum {m}"

# the organiser's share of the price (basis points) of what these organisers offer
ORGANISER_SHARES = {"Chiro Sint-Jozef": 2500}
UITPAS_ORGANISER_SHARE = 4000  # a show with a UiTPAS price: the UiTPAS model (20 % / 40 % / 40 %)

# fmt: off
# (title, domain, place, price in cents, description): open all year
PERMANENT = (
    ("Zwembeurt volwassene", "sport", POOL, 400, "Vrij zwemmen tijdens de openingsuren."),
    ("Zwembeurt kind (3-17 jaar)", "sport", POOL, 250, "Kinderen onder 10 met een volwassene."),
    ("Beurtenkaart 10 zwembeurten", "sport", POOL, 3500, "Tien zwembeurten, een jaar geldig."),
    ("Lidmaatschap bibliotheek (volwassene, 1 jaar)", "cultuur", LIBRARY, 600,
     "Boeken, strips, films en games lenen."),
    ("Toegang Stadsmuseum", "cultuur", "Stadsmuseum {m}", 700, "De geschiedenis van de stad."),
    ("Toegang Modemuseum", "cultuur", "Modemuseum {m}", 900, "Wisselende modetentoonstellingen."),
    ("Sportpas 10 beurten fitness", "sport", "Sportcentrum {m}", 4500, "Tien vrije beurten."),
    ("Voorleesuurtje voor kinderen", "jeugd", LIBRARY, 0, "Elke woensdagnamiddag, gratis."),
)
SEASON = (1, 2, 3, 4, 5, 9, 10, 11)  # the cultural centre's season: not in summer
# (title, domain, place, price, capacity, months it can fall in): one day or evening
SHOWS = (
    ("Familievoorstelling: De Gelaarsde Kat", "cultuur", CC, 900, 350, SEASON),
    ("Comedy: try-outavond", "cultuur", CC, 1800, 350, SEASON),
    ("Concert: Brussels Philharmonic", "cultuur", CC, 2800, 700, SEASON),
    ("Theater: Het Zesde Bedrijf", "cultuur", CC, 2200, 350, SEASON),
    ("Dans: jonge makers", "cultuur", CC, 1500, 200, SEASON),
    ("Kerstconcert stedelijke muziekacademie", "cultuur", CC, 800, 500, (12,)),
    ("Film op het plein", "cultuur", "Grote Markt {m}", 0, None, (7, 8)),
    ("Popconcert in de muziekclub", "cultuur", "Muziekclub {m}", 2000, 650, (1, 3, 5, 10, 11)),
    ("Stadsloop {m} (5 of 10 km)", "sport", "Start Grote Markt {m}", 1200, 1500, (5, 9)),
    ("Schoolvakantie: sportnamiddag", "jeugd", "Sporthal {m}", 300, 60, (2, 4, 7, 8, 11)),
    ("Fuif jeugdhuis", "jeugd", "Jeugdhuis {m}", 500, 300, (1, 3, 5, 9, 10, 12)),
    ("Seniorensportdag", "sport", "Sportcentrum {m}", 500, 120, (4, 10)),
    ("Familiezwemmen met glijbaan", "sport", POOL, 350, 150, (1, 2, 3, 10, 11, 12)),
)
# (title, domain, place, price, capacity, first month, last month, organiser; None: the city)
SEASONS = (
    ("Lidgeld Chiro Sint-Jozef werkjaar {y}-{n}", "jeugd", "Chirolokaal {m}", 4500, None, 9, 6,
     "Chiro Sint-Jozef"),
    ("Lidgeld Scouts & Gidsen Sint-Martinus werkjaar {y}-{n}", "jeugd", "Scoutslokaal {m}", 6000,
     None, 9, 6, "Scouts & Gidsen Sint-Martinus"),
    ("Lidgeld KSA werkjaar {y}-{n}", "jeugd", "KSA-lokaal {m}", 4000, None, 9, 6, "KSA {m}"),
    ("Lidgeld jeugdvoetbal seizoen {y}-{n}", "sport", "Sportpark {m}", 22000, None, 8, 5,
     "Voetbalclub {m}"),
    ("Lidgeld judoclub seizoen {y}-{n}", "sport", "Sporthal {m}", 14000, 40, 9, 6, "Judoclub {m}"),
    ("Lidgeld zwemclub seizoen {y}-{n}", "sport", POOL, 17500, 60, 9, 6, "Zwemclub {m}"),
    ("Lidgeld basketbal jeugd seizoen {y}-{n}", "sport", "Sporthal {m}", 19000, None, 9, 5,
     "Basketbalclub {m}"),
    ("Turnen voor kleuters seizoen {y}-{n}", "sport", "Turnzaal {m}", 9000, 30, 9, 5,
     "Turnkring {m}"),
    ("Inschrijving muziekacademie schooljaar {y}-{n}", "cultuur", "Academie {m}", 7500, None, 9, 6,
     "Academie voor Muziek, Woord en Dans"),
    ("Inschrijving kunstacademie schooljaar {y}-{n}", "cultuur", "Academie {m}", 7500, None, 9, 6,
     "Academie voor Beeldende Kunsten"),
    ("Start to run (10 weken) najaar {y}", "sport", "Sportpark {m}", 2500, 80, 9, 11, None),
)
# (title, domain, place, price, capacity, weeks): holiday camps in July and August
CAMPS = (
    ("Sportkamp 6-9 jaar", "jeugd", "Sporthal {m}", 9500, 40, 5),
    ("Sportkamp 10-14 jaar", "jeugd", "Sportpark {m}", 10500, 40, 4),
    ("Kleuterkamp 3-5 jaar", "jeugd", "Sporthal {m}", 6500, 24, 3),
    ("Kunstkamp (academie)", "jeugd", "Academie {m}", 8500, 20, 2),
    ("Natuurkamp", "jeugd", "Natuurcentrum {m}", 9000, 24, 2),
)
EXHIBITIONS = (
    ("Tentoonstelling: mode in beweging", "Modemuseum {m}", 900),
    ("Tentoonstelling: de stad in oude foto's", "Stadsmuseum {m}", 700),
    ("Tentoonstelling hedendaagse kunst", "Kunstencentrum {m}", 600),
)
# towns of the Flanders-wide offer at scale
TOWNS = (
    ("1000", "Brussel"), ("1500", "Halle"), ("1800", "Vilvoorde"), ("2000", "Antwerpen"),
    ("2200", "Herentals"), ("2300", "Turnhout"), ("2400", "Mol"), ("2500", "Lier"),
    ("2800", "Mechelen"), ("3000", "Leuven"), ("3200", "Aarschot"), ("3290", "Diest"),
    ("3300", "Tienen"), ("3500", "Hasselt"), ("3600", "Genk"), ("3700", "Tongeren"),
    ("3800", "Sint-Truiden"), ("3900", "Pelt"), ("3920", "Lommel"), ("3950", "Bocholt"),
    ("3970", "Leopoldsburg"), ("8000", "Brugge"), ("8400", "Oostende"), ("8500", "Kortrijk"),
    ("8800", "Roeselare"), ("8900", "Ieper"), ("9000", "Gent"), ("9100", "Sint-Niklaas"),
    ("9200", "Dendermonde"), ("9300", "Aalst"), ("9700", "Oudenaarde"), ("9800", "Deinze"),
)
# fmt: on


def generate(conn: sqlite3.Connection, config: Config, rng: random.Random, plan: Plan) -> None:
    municipality = config.municipality
    postcode = config.postcodes[0] if config.postcodes else None
    row = conn.execute(
        "SELECT id FROM partners WHERE kind = 'stadsdienst' ORDER BY id LIMIT 1"
    ).fetchone()
    city = {"organiser_partner_id": row["id"] if row else None,
            "organiser_name": "" if row else f"Stad {municipality}"}
    domains = set(config.domains)  # a municipality without a domain gets none of its offer
    municipal = _municipal(rng, plan, municipality, postcode, city)
    rows = (r for r in municipal if r["domain"] in domains)
    if plan.activities > 0 and domains & {"cultuur", "jeugd", "sport"}:
        more = (r for r in _flanders(rng, plan) if r["domain"] in domains)
        rows = _exactly(plan.activities, rows, more)
    share = config.participant_share_bp
    records = (_record(r, share, plan) for r in rows)
    for batch in chunked(records, 5_000):
        conn.executemany(INSERT, batch)


def _exactly(count: int, first: Iterator[dict], then: Iterator[dict]) -> Iterator[dict]:
    produced = 0
    for source in (first, then):
        for item in source:
            if produced == count:
                return
            produced += 1
            yield item


def _item(title, domain, place, price, start=None, end=None, **extra) -> dict:
    calendar = "permanent" if start is None else "single" if start == end else "periodic"
    return {"title": title, "domain": domain, "place": place, "price": price, "start": start,
            "end": end, "calendar": calendar, **extra}


def _municipal(rng: random.Random, plan: Plan, m: str, postcode: str | None,
               city: dict) -> Iterator[dict]:
    first_year = plan.years[0]
    base = {"postcode": postcode, "locality": m, **city}
    for title, domain, place, price, text in PERMANENT:
        yield _item(title, domain, place.format(m=m), price, description=text,
                    created=date(first_year - 1, 12, 1), **base)
    for year in (first_year - 1, *plan.years):
        for title, domain, place, price, capacity, first, last, organiser in SEASONS:
            end = _month_end(year + 1 if last < first else year, last)
            who = {"organiser_partner_id": None, "organiser_name": (organiser or "").format(m=m),
                   "organiser_share_bp": ORGANISER_SHARES.get(organiser)}
            yield _item(title.format(y=year, n=year + 1), domain, place.format(m=m),
                        price + 500 * (year - first_year), date(year, first, 1), end,
                        capacity=capacity, **{**base, **(who if organiser else {})})
    for year in plan.years:
        yield from _year(rng, year, m, base)


def _year(rng: random.Random, year: int, m: str, base: dict) -> Iterator[dict]:
    monday = _first_monday(date(year, 7, 1))
    for title, domain, place, price, capacity, weeks in CAMPS:
        for week in sorted(rng.sample(range(8), weeks)):
            start = monday + timedelta(weeks=week)
            yield _item(f"{title} — week {start.strftime('%d/%m')}", domain, place.format(m=m),
                        price, start, start + timedelta(days=4), capacity=capacity, **base)
    yield _item(f"Speelpleinwerking zomer {year} (dagticket)", "jeugd", f"Speelplein {m}", 400,
                date(year, 7, 1), date(year, 8, 25), **base)
    yield _item(f"Grabbelpas {year}", "jeugd", f"Jeugddienst {m}", 1500, date(year, 7, 1),
                date(year, 8, 31), **base)
    for title, place, price in EXHIBITIONS:
        start = date(year, rng.choice((2, 5, 9)), rng.randint(1, 20))
        yield _item(title, "cultuur", place.format(m=m), price, start,
                    start + timedelta(days=rng.randint(60, 120)), **base)
    for _ in range(2):  # each show is programmed twice a year
        for title, domain, place, price, capacity, months in SHOWS:
            day = _day_in(rng, year, months)
            extra = {}
            if price and rng.random() < 0.4:  # on UiTdatabank, with a UiTPAS price of its own
                reduced = rng.choice((price // 5, price // 4, 300, 500))
                extra = {"kansentarief": min(reduced, price), "source": "uitdatabank",
                         "external_id": _uitdatabank_id(rng), "organiser_share_bp": UITPAS_ORGANISER_SHARE}
            yield _item(title.format(m=m), domain, place.format(m=m), price, day, day,
                        capacity=capacity, **base, **extra)


def _flanders(rng: random.Random, plan: Plan) -> Iterator[dict]:
    """An endless, varied offer across Flemish towns: the same kinds of things, elsewhere."""
    number = 0
    while True:
        number += 1
        postcode, town = rng.choice(TOWNS)
        year = rng.choice(plan.years)
        base = {"postcode": postcode, "locality": town, "organiser_partner_id": None,
                "organiser_name": f"Stad {town}", "source": "uitdatabank",
                "external_id": _uitdatabank_id(rng, number)}
        kind = rng.randrange(20)
        if kind < 9:
            title, domain, place, price, capacity, months = rng.choice(SHOWS)
            day = _day_in(rng, year, months)
            yield _item(f"{title.format(m=town)} ({town})", domain, place.format(m=town),
                        _vary(rng, price), day, day, capacity=capacity, **base)
        elif kind < 13:
            title, domain, place, price, capacity, _ = rng.choice(CAMPS)
            start = _first_monday(date(year, 7, 1)) + timedelta(weeks=rng.randint(0, 7))
            yield _item(f"{title} {town} — week {start.strftime('%d/%m')}", domain,
                        place.format(m=town), _vary(rng, price), start,
                        start + timedelta(days=4), capacity=capacity, **base)
        elif kind < 17:
            title, domain, place, price, capacity, first, last, organiser = rng.choice(SEASONS)
            end = _month_end(year + 1 if last < first else year, last)
            base["organiser_name"] = (organiser or "Stad {m}").format(m=town)
            yield _item(f"{title.format(y=year, n=year + 1)} ({town})", domain,
                        place.format(m=town), _vary(rng, price), date(year, first, 1), end,
                        capacity=capacity, **base)
        else:
            title, domain, place, price, text = rng.choice(PERMANENT)
            base.update(external_id=None, source="manual")
            yield _item(f"{title} ({town})", domain, place.format(m=town), _vary(rng, price),
                        description=text, **base)


def _record(item: dict, share_bp: int, plan: Plan) -> tuple:
    price = item["price"]
    reduced = item.get("kansentarief")
    if reduced is None:
        reduced = (price * share_bp * 2 + 10000) // 20000  # as services.activities rounds it
    start, end = item["start"], item["end"]
    created = item.get("created") or (start - timedelta(days=60) if start else plan.today)
    stamp = f"{min(created, plan.today).isoformat()}T09:00:00"
    return (
        item["title"], item["domain"], item.get("organiser_partner_id"),
        item.get("organiser_name", ""), item["place"], item.get("postcode"),
        item.get("locality", ""), item["calendar"], start and start.isoformat(),
        end and end.isoformat(), price, reduced, item.get("capacity"),
        item.get("description", ""), item.get("source", "manual"), item.get("external_id"),
        1, stamp, stamp, item.get("organiser_share_bp"),
    )


def _uitdatabank_id(rng: random.Random, number: int = 0) -> str:
    # random bits for realism; a sequence number in the low bits so ids never collide
    bits = (rng.getrandbits(96) << 32) | number if number else rng.getrandbits(128)
    return UITDATABANK + str(uuid.UUID(int=bits, version=4))


def _vary(rng: random.Random, cents: int) -> int:
    """A nearby price (70% to 140%), in whole 50 cents, as organisers set them."""
    if cents == 0:
        return 0
    return max(50, (cents * rng.randint(70, 140) // 100 + 25) // 50 * 50)


def _day_in(rng: random.Random, year: int, months: tuple[int, ...]) -> date:
    return date(year, rng.choice(months), rng.randint(1, 28))


def _first_monday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
