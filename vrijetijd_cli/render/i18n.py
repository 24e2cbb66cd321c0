"""Labels in Dutch (default) and English.

Keys are '<area>.<name>'. Area 'common' lives here; other areas live in
render/labels_<area>.py (a LABELS dict), loaded on first use so start-up stays small.
Grounds, domains and partner kinds come from the config (context.register_config_labels).
"""

from __future__ import annotations

import importlib

LABELS: dict[str, tuple[str, str]] = {
    "common.id": ("Id", "Id"),
    "common.name": ("Naam", "Name"),
    "common.first_name": ("Voornaam", "First name"),
    "common.last_name": ("Familienaam", "Last name"),
    "common.birth_date": ("Geboortedatum", "Birth date"),
    "common.postcode": ("Postcode", "Postcode"),
    "common.household_size": ("Gezinsleden", "Household size"),
    "common.phone": ("Telefoon", "Phone"),
    "common.email": ("E-mail", "Email"),
    "common.notes": ("Notities", "Notes"),
    "common.note": ("Opmerking", "Note"),
    "common.kind": ("Soort", "Kind"),
    "common.contact": ("Contact", "Contact"),
    "common.active": ("Actief", "Active"),
    "common.joined_on": ("Lid sinds", "Member since"),
    "common.date": ("Datum", "Date"),
    "common.state": ("Toestand", "State"),
    "common.partner": ("Partner", "Partner"),
    "common.participant": ("Deelnemer", "Participant"),
    "common.participant_id": ("Deelnemer-id", "Participant id"),
    "common.ground": ("Statuut", "Ground"),
    "common.grounds": ("Statuten", "Grounds"),
    "common.domain": ("Domein", "Domain"),
    "common.valid_from": ("Geldig vanaf", "Valid from"),
    "common.valid_until": ("Geldig tot", "Valid until"),
    "common.checked_by": ("Gecontroleerd door", "Checked by"),
    "common.status_state": ("Toestand", "State"),
    "common.created_at": ("Aangemaakt", "Created"),
    "common.yes": ("ja", "yes"),
    "common.no": ("nee", "no"),
    "common.total": ("Totaal", "Total"),
    "common.count": ("Aantal", "Count"),
    "common.year": ("Jaar", "Year"),
    "common.field": ("Veld", "Field"),
    "common.value": ("Waarde", "Value"),
    "common.referrals": ("Toeleidingen", "Referrals"),
    "common.statuses": ("Statuten", "Statuses"),
    "common.participants": ("Deelnemers", "Participants"),
    "common.partners": ("Partners", "Partners"),
    "common.none": ("(geen)", "(none)"),
    "common.error": ("Fout", "Error"),
    "common.warning": ("Waarschuwing", "Warning"),
    "common.referral_count": ("Toeleidingen", "Referrals"),
    "common.participant_count": ("Deelnemers", "Participants"),
    "common.anonymized": ("Geanonimiseerd", "Anonymised"),
    "status.active": ("actief", "active"),
    "status.expired": ("vervallen", "expired"),
    "status.suspended": ("geschorst", "suspended"),
    "status.future": ("toekomstig", "future"),
    "referral.open": ("open", "open"),
    "referral.in_behandeling": ("in behandeling", "in progress"),
    "referral.toegeleid": ("toegeleid", "referred on"),
    "referral.afgesloten": ("afgesloten", "closed"),
    "referral.geweigerd": ("geweigerd", "refused"),
}


def label(key: str, lang: str = "nl") -> str:
    """The label for `key` in `lang`; the key itself when nobody defined it."""
    pair = LABELS.get(key)
    if pair is None:
        area = key.split(".", 1)[0]
        try:
            module = importlib.import_module(f"vrijetijd_cli.render.labels_{area}")
        except ModuleNotFoundError:
            return key.split(".", 1)[-1]
        LABELS.update(module.LABELS)
        pair = LABELS.get(key)
        if pair is None:
            return key.split(".", 1)[-1]
    return pair[1] if lang == "en" else pair[0]
