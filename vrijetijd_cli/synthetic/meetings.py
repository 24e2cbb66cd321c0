"""Synthetic network meetings: four plenary meetings a year (the last one evaluates the goals),
sometimes a working group, Dutch minutes in Markdown, attendance, action items, evaluations.

One partner misses meetings often, so its attendance falls under the threshold; the
association where people in poverty speak brings people with poverty experience.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta

from vrijetijd_cli.config import Config
from vrijetijd_cli.synthetic import chunked

# (month range, kind) of the year's meetings; the December meeting evaluates the year
SCHEDULE = (((2, 3), "overleg"), ((5, 6), "overleg"), ((9, 10), "overleg"), ((12, 12), "evaluatie"))
WORKGROUP_MONTHS = (4, 11)
KIND_WORDS = {
    "overleg": "netwerkoverleg", "werkgroep": "werkgroep", "evaluatie": "evaluatieoverleg",
}
# (title, discussion, agreed action); {org} is the association where people in poverty speak
TOPICS = (
    ("Transparant aanbod",
     "De nieuwe lijst met het aanbod aan kansentarief is klaar. De leden van {org} vinden ze"
     " duidelijker, maar vragen grotere letters en de prijs meteen naast de activiteit.",
     "Lijst transparant aanbod aanpassen en verspreiden bij de partners"),
    ("Zomeraanbod",
     "We overlopen speelpleinwerking, sportkampen en het openluchtzwembad. Vervoer blijft een"
     " drempel voor gezinnen uit de deelgemeenten.",
     "Vervoer naar de zomerkampen bekijken met de buurtbus"),
    ("Kansentarief en UiTPAS",
     "De sociale dienst merkt dat veel mensen met verhoogde tegemoetkoming hun kansentarief niet"
     " gebruiken. De aanvraag aan het loket schrikt af.",
     "Infosessie over het kansentarief in het Sociaal Huis organiseren"),
    ("Toeleiding",
     "Partners delen ervaringen met toeleiden. Iemand die mee naar de eerste activiteit gaat,"
     " maakt vaak het verschil.",
     "Lijst van vrijwillige buddy's opstellen"),
    ("Besteding trekkingsrecht",
     "Stand van het budget: het grootste deel gaat naar sport en jeugd. We spreken af om in het"
     " najaar meer in te zetten op cultuur.",
     "Overzicht van de uitgaven per domein bezorgen"),
    ("Sensibilisering",
     "De vorming 'armoede en vrije tijd' voor medewerkers van de sportdienst en de bibliotheek"
     " werd goed onthaald. Ook jeugdwerkers vragen een sessie.",
     "Tweede vormingsmoment plannen voor jeugdwerkers"),
    ("Communicatie",
     "De folder van het netwerk krijgt eenvoudiger taal. Mensen met armoede-ervaring van {org}"
     " lezen mee.",
     "Teksten van de folder laten nalezen door ervaringsdeskundigen"),
    ("Laagdrempelig sportaanbod",
     "De sportdienst stelt zwemles voor volwassenen voor, met kinderopvang tijdens de les.",
     "Proefreeks zwemles met kinderopvang opstarten"),
    ("Signalen uit de werking",
     "{org} signaleert dat inschrijvingen voor jeugdkampen enkel online kunnen. Wie geen computer"
     " heeft, valt uit de boot.",
     "Papieren inschrijving naast de online inschrijving voorzien"),
    ("Vrijetijdsbeurs in de wijk",
     "Voorstel: een vrijetijdsbeurs in de wijk waar verenigingen hun werking voorstellen en"
     " meteen inschrijvingen aan kansentarief aannemen.",
     "Datum en plaats van de vrijetijdsbeurs vastleggen"),
)
STATE_WEIGHTS = {
    "strategic": (("lopend", 80), ("gerealiseerd", 8), ("bijgestuurd", 12)),
    "operational": (("lopend", 55), ("gerealiseerd", 25), ("bijgestuurd", 20)),
    "action": (("gerealiseerd", 50), ("lopend", 30), ("bijgestuurd", 15), ("geschrapt", 5)),
}
COMMENTS = {
    "lopend": ("Loopt volgens plan; we zetten dit verder.", "Loopt; meer partners betrekken."),
    "gerealiseerd": ("Gerealiseerd zoals gepland.",
                     "Gerealiseerd; positieve feedback van deelnemers."),
    "bijgestuurd": ("Bijgestuurd na signalen van mensen met armoede-ervaring.",
                    "Bijgestuurd: minder ambitieus, wel haalbaar met het budget."),
    "geschrapt": ("Geschrapt: te weinig draagvlak bij de partners.",),
    "niet_gestart": ("Nog niet gestart; gepland voor het najaar.",),
}


def _day(rng: random.Random, year: int, months: tuple[int, int]) -> date:
    """A Tuesday or Thursday in the month range: when the network usually meets."""
    day = date(year, rng.randint(*months), rng.randint(3, 22))
    while day.weekday() not in (1, 3):
        day += timedelta(days=1)
    return day


def _presence(rng: random.Random, often_absent: bool) -> str:
    weights = (35, 30, 35) if often_absent else (87, 9, 4)
    return rng.choices(("present", "excused", "absent"), weights)[0]


def _minutes(meeting: dict, names: dict, topics: list, prev: date | None, org: str, goals) -> str:
    day = meeting["date"].strftime("%d/%m/%Y")
    lines = [f"# Verslag {KIND_WORDS[meeting['kind']]} {day}", "", f"*{meeting['place']}*", ""]
    voices = meeting["poverty_voices"]
    lines.append(f"**Aanwezig:** {', '.join(names['present'])}"
                 + (f" en {voices} mensen met armoede-ervaring" if voices else ""))
    for key, word in (("excused", "Verontschuldigd"), ("absent", "Afwezig")):
        if names[key]:
            lines += ["", f"**{word}:** {', '.join(names[key])}"]
    number = 1
    if prev is not None and meeting["kind"] != "werkgroep":
        lines += ["", f"## {number}. Verslag vorig overleg", "",
                  f"Het verslag van {prev.strftime('%d/%m/%Y')} wordt goedgekeurd."]
        number += 1
    for title, text, _action in topics:
        lines += ["", f"## {number}. {title}", "", text.format(org=org)]
        number += 1
    if goals:
        what = "Evaluatie" if meeting["kind"] == "evaluatie" else "Tussentijdse evaluatie"
        lines += ["", f"## {number}. {what} doelstellingen {meeting['date'].year}", ""]
        lines += [f"- **{code}** {title}: {state.replace('_', ' ')}"
                  for code, title, state in goals]
    if meeting["actions"]:
        lines += ["", "## Afspraken", ""]
        lines += [f"- {text} ({owner}, tegen {due.strftime('%d/%m/%Y')})"
                  for text, owner, due in meeting["actions"]]
    return "\n".join(lines) + "\n"


def generate(conn: sqlite3.Connection, config: Config, rng: random.Random, plan) -> None:
    partners = [dict(r) for r in conn.execute(
        "SELECT id, name, kind FROM partners WHERE active = 1 ORDER BY id")]
    if not partners:
        return
    names = {p["id"]: p["name"] for p in partners}
    convener = partners[0]["id"]  # the first partner in the config convenes the network
    voice = next((p for p in partners if p["kind"] == "vereniging_armen"), None)
    others = [p["id"] for p in partners[1:] if voice is None or p["id"] != voice["id"]]
    often_absent = rng.choice(others) if others else None
    org = voice["name"] if voice else "de vereniging"
    town = config.municipality
    places = [f"Stadhuis {town}", f"Sociaal Huis {town}", f"Cultuurcentrum {town}",
              f"Bibliotheek {town}"] + ([f"Lokaal van {voice['name']}"] if voice else [])
    goals = [dict(r) for r in conn.execute(
        "SELECT id, code, level, title FROM goals ORDER BY position, id")]
    next_id = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM meetings").fetchone()[0]
    meetings, attendance, actions, versions, evaluations = [], [], [], [], []
    prev: date | None = None
    dropped: set[int] = set()
    for year in plan.years:
        planned = [(_day(rng, year, months), kind) for months, kind in SCHEDULE]
        if rng.random() < 0.6:
            month = rng.choice(WORKGROUP_MONTHS)
            planned.append((_day(rng, year, (month, month)), "werkgroep"))
        planned = sorted(p for p in planned if p[0] <= plan.today)
        states = _evaluate(rng, goals, year, plan.today, planned, dropped)
        for day, kind in planned:
            meeting = {"id": next_id, "date": day, "kind": kind, "place": rng.choice(places)}
            next_id += 1
            if kind == "werkgroep":
                chosen = {convener, rng.choice([p["id"] for p in partners])}
                chosen |= {voice["id"]} if voice else set()
                presence = {p["id"]: "present" if p["id"] in chosen else "absent" for p in partners}
            else:
                presence = {p["id"]: "present" if p["id"] == convener else
                            _presence(rng, p["id"] == often_absent) for p in partners}
            here = voice is not None and presence[voice["id"]] == "present"
            low, high = {"werkgroep": (1, 3), "overleg": (2, 6), "evaluatie": (4, 9)}[kind]
            meeting["poverty_voices"] = rng.randint(low, high) if here else rng.randint(0, 1)
            by_presence = {key: [names[p] for p in presence if presence[p] == key]
                           for key in ("present", "excused", "absent")}
            topics = rng.sample(TOPICS, 1 if kind == "werkgroep" else rng.randint(2, 3))
            present_ids = [p for p in presence if presence[p] == "present"]
            meeting["actions"] = []
            for _title, _text, action in topics:
                owner = rng.choice(present_ids)
                due = day + timedelta(days=rng.choice((30, 45, 60, 90)))
                meeting["actions"].append((action, names[owner], due))
                actions.append(_action(rng, meeting, action, owner, due, plan.today))
            evaluated = [(code, title, state) for code, title, state, _, _ in states.get(day, [])]
            text = _minutes(meeting, by_presence, topics, prev, org, evaluated)
            if kind != "werkgroep":
                prev = day
            stamp = f"{day.isoformat()}T21:30:00"
            updated = stamp
            approved = day + timedelta(days=rng.randint(7, 21))
            if rng.random() < 0.3 and approved <= plan.today:
                updated = f"{approved.isoformat()}T10:15:00"
                draft = "*Ontwerpverslag*\n\n" + text.split("\n## Afspraken")[0] + "\n"
                versions.append((meeting["id"], draft, updated))
            meetings.append((meeting["id"], day.isoformat(), kind, meeting["place"],
                             "; ".join(t[0] for t in topics), text, meeting["poverty_voices"],
                             stamp, updated))
            attendance += [(meeting["id"], p, v) for p, v in presence.items()]
        evaluations += _evaluation_rows(states)
    _write(conn, meetings, attendance, actions, versions, evaluations)


def _action(rng: random.Random, meeting: dict, text: str, owner: int, due: date, today: date):
    """Most actions past their due date are done (some late), a few later ones already."""
    day = meeting["date"]
    done_on = None
    earliest = day + timedelta(days=7)
    if earliest <= today and rng.random() < (0.8 if due < today else 0.3):
        latest = min(due + timedelta(days=30), today)
        done_on = earliest + timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))
        done_on = done_on.isoformat()
    return (meeting["id"], text, owner, due.isoformat(), done_on, f"{day.isoformat()}T21:30:00")


def _evaluate(
    rng: random.Random, goals: list, year: int, today: date, planned: list, dropped: set
) -> dict:
    """meeting date -> [(code, title, state, goal_id, comment)]: every goal at the year's
    evaluation meeting; in the running year some goals at the latest plenary meeting so far.
    A dropped goal stays dropped in later years."""
    plenary = [day for day, kind in planned if kind != "werkgroep"]
    if not plenary or not goals:
        return {}
    complete = year < today.year
    when = plenary[-1]
    rows = []
    for goal in goals:
        row = (goal["code"], goal["title"])
        if goal["id"] in dropped:
            if complete:
                rows.append((*row, "geschrapt", goal["id"], "Blijft geschrapt."))
            continue
        if complete:
            values, weights = zip(*STATE_WEIGHTS[goal["level"]], strict=True)
            state = rng.choices(values, weights)[0]
        elif rng.random() < 0.5:
            action = goal["level"] == "action"
            state = rng.choice(("lopend", "niet_gestart")) if action else "lopend"
        else:
            continue
        if state == "geschrapt":
            dropped.add(goal["id"])
        rows.append((*row, state, goal["id"], rng.choice(COMMENTS[state])))
    return {when: rows}


def _evaluation_rows(states: dict) -> list:
    return [
        (goal_id, day.year, state, comment, f"{day.isoformat()}T21:30:00")
        for day, rows in states.items()
        for _code, _title, state, goal_id, comment in rows
    ]


def _write(conn, meetings, attendance, actions, versions, evaluations) -> None:
    statements = (
        ("INSERT INTO meetings (id, date, kind, place, agenda, minutes, poverty_voices,"
         " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", meetings),
        ("INSERT INTO meeting_attendance (meeting_id, partner_id, presence)"
         " VALUES (?, ?, ?)", attendance),
        ("INSERT INTO meeting_actions (meeting_id, text, owner_partner_id, due_date, done_on,"
         " created_at) VALUES (?, ?, ?, ?, ?, ?)", actions),
        ("INSERT INTO meeting_minutes_versions (meeting_id, minutes, replaced_at)"
         " VALUES (?, ?, ?)", versions),
        ("INSERT INTO evaluations (goal_id, year, state, comment, evaluated_at)"
         " VALUES (?, ?, ?, ?, ?) ON CONFLICT (goal_id, year) DO UPDATE SET"
         " state = excluded.state, comment = excluded.comment,"
         " evaluated_at = excluded.evaluated_at", evaluations),
    )
    for sql, rows in statements:
        for batch in chunked(rows):
            conn.executemany(sql, batch)
