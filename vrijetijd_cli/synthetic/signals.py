"""Synthetic signals: the thresholds participants, partners and meetings raise, most of them
handled within a few months, some about an activity whose taking part then changes."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta

from vrijetijd_cli.config import Config
from vrijetijd_cli.synthetic import chunked

# kind -> (what was said, what the network did about it)
SAID = {
    "kosten": (("Ook met kansentarief is het te duur voor een gezin met vier kinderen.",
                "Gratis tweede ticket voor gezinnen afgesproken met de organisator"),
               ("Sportkledij kopen lukt niet voor de nieuwe club.",
                "Tweedehands sportmateriaal via de sportdienst")),
    "vervoer": (("Er rijdt 's avonds geen bus terug uit het centrum.",
                 "Belbus op voorstellingsavonden geregeld"),
                ("De sporthal ligt te ver voor wie geen fiets heeft.",
                 "Fietsen uitlenen via de fietsbib")),
    "informatie": (("De folder gebruikt te moeilijke woorden.", "Folder herschreven in eenvoudige taal"),
                   ("Niemand wist dat het kansentarief ook voor de kampen geldt.",
                    "Infomoment in het Sociaal Huis")),
    "kinderopvang": (("Zwemles volgen kan niet zonder opvang voor de kleinste.",
                      "Kinderopvang tijdens de les ingericht"),),
    "taal": (("Inschrijven kan alleen in het Nederlands.", "Inschrijfformulier met pictogrammen"),),
    "niet_welkom": (("Aan de kassa wordt luid naar het kansentarief gevraagd.",
                     "Kassamedewerkers gevormd; tarief met een kaart aangeven"),),
    "tijdstip": (("De activiteiten vallen samen met de uren van de voedselbedeling.",
                  "Activiteit een uur later gestart"),),
    "andere": (("Er zijn te weinig plaatsen aan kansentarief.", "Extra plaatsen vrijgemaakt"),),
}
WEIGHTS = {"kosten": 5, "vervoer": 4, "informatie": 3, "kinderopvang": 2, "taal": 2, "niet_welkom": 2,
           "tijdstip": 1, "andere": 1}


def generate(conn: sqlite3.Connection, config: Config, rng: random.Random, plan) -> None:
    kinds = [kind for kind in WEIGHTS if kind in config.signal_kinds]
    if not kinds:
        return
    people = [r[0] for r in conn.execute("SELECT id FROM participants ORDER BY id LIMIT 2000")]
    partners = [r[0] for r in conn.execute("SELECT id FROM partners WHERE active = 1 ORDER BY id")]
    # signals are about what people go to
    activities = [r[0] for r in conn.execute(
        "SELECT activity_id FROM participations GROUP BY activity_id ORDER BY COUNT(*) DESC, activity_id LIMIT 100")]
    meetings = [(r[0], date.fromisoformat(r[1])) for r in conn.execute("SELECT id, date FROM meetings ORDER BY date")]
    rows = []
    per_year = max(6, min(200, plan.participants // 40))
    for year in plan.years:
        last = min(date(year, 12, 31), plan.today)
        for _ in range(per_year):
            day = date(year, 1, 1) + timedelta(days=rng.randrange((last - date(year, 1, 1)).days + 1))
            kind = rng.choices(kinds, [WEIGHTS[k] for k in kinds])[0]
            text, action = rng.choice(SAID[kind])
            raised = rng.choices(("participant", "partner", "meeting", "other"), (4, 3, 2, 1))[0]
            participant = rng.choice(people) if raised == "participant" and people and rng.random() < 0.6 else None
            partner = rng.choice(partners) if raised == "partner" and partners else None
            earlier = [m for m, on in meetings if on <= day]
            meeting = earlier[-1] if raised == "meeting" and earlier else None
            if raised == "meeting" and meeting is None:
                raised = "other"
            activity = rng.choice(activities) if activities and rng.random() < 0.4 else None
            state, solved_on, done = _outcome(rng, day, plan.today)
            stamp = f"{day.isoformat()}T10:00:00"
            rows.append((day.isoformat(), kind, text, raised, participant, partner, meeting, activity, state,
                         action if done or state == "in_behandeling" else "", solved_on, stamp, stamp))
    for batch in chunked(rows):
        conn.executemany(
            "INSERT INTO signals (date, kind, text, raised_by, participant_id, partner_id, meeting_id, activity_id,"
            " state, action, solved_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)


def _outcome(rng: random.Random, day: date, today: date) -> tuple[str, str | None, bool]:
    """Handled one to five months later when that moment has passed: mostly solved."""
    handled = day + timedelta(days=rng.randint(30, 150))
    if handled > today:
        return rng.choice(("open", "in_behandeling")), None, False
    roll = rng.random()
    if roll < 0.7:
        return "opgelost", handled.isoformat(), True
    if roll < 0.85:
        return "niet_haalbaar", handled.isoformat(), True
    return "in_behandeling", None, False
