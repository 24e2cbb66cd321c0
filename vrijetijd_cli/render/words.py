"""The words of the codes the data uses (states, kinds, sources), in Dutch, marked for the
catalogue: `_(REFERRAL_STATES[code])` shows one in the user's language.

Grounds, domains and partner kinds are named in the config, in its languages; context.Session
registers them here (`CONFIG`) when the config is loaded, and `word("domain", code)` finds them.
"""

from __future__ import annotations

from vrijetijd_cli.i18n import N_, _

REFERRAL_STATES = {
    "open": N_("open"),
    "in_behandeling": N_("in behandeling"),
    "toegeleid": N_("toegeleid"),
    "afgesloten": N_("afgesloten"),
    "geweigerd": N_("geweigerd"),
}
STATUS_STATES = {
    "active": N_("actief"),
    "expired": N_("vervallen"),
    "suspended": N_("geschorst"),
    "future": N_("toekomstig"),
}
VOUCHER_STATES = {
    "issued": N_("uitgegeven"),
    "redeemed": N_("ingewisseld"),
    "expired": N_("vervallen"),
    "cancelled": N_("geannuleerd"),
}
PAID_VIA = {
    "kansentarief": N_("kansentarief"),
    "voucher": N_("waardebon"),
    "gratis": N_("gratis"),
}
FUNDING_SOURCES = {
    "trekkingsrecht": N_("trekkingsrecht"),
    "cofinanciering": N_("cofinanciering"),
    "ander": N_("ander"),
}
EXPENSE_CATEGORIES = {
    "communicatie": N_("communicatie"),
    "vervoer": N_("vervoer"),
    "materiaal": N_("materiaal"),
    "werking": N_("werking"),
    "andere": N_("andere"),
}
MEETING_KINDS = {
    "overleg": N_("overleg"),
    "werkgroep": N_("werkgroep"),
    "evaluatie": N_("evaluatie"),
}
PRESENCE = {
    "present": N_("aanwezig"),
    "excused": N_("verontschuldigd"),
    "absent": N_("afwezig"),
}
GOAL_LEVELS = {
    "strategic": N_("strategisch"),
    "operational": N_("operationeel"),
    "action": N_("actie"),
}
GOAL_STATES = {
    "niet_gestart": N_("niet gestart"),
    "lopend": N_("lopend"),
    "gerealiseerd": N_("gerealiseerd"),
    "bijgestuurd": N_("bijgestuurd"),
    "geschrapt": N_("geschrapt"),
}

SIGNAL_STATES = {
    "open": N_("open"),
    "in_behandeling": N_("in behandeling"),
    "opgelost": N_("opgelost"),
    "niet_haalbaar": N_("niet haalbaar"),
}
SIGNAL_RAISERS = {
    "participant": N_("deelnemer"),
    "partner": N_("partner"),
    "meeting": N_("overleg"),
    "other": N_("andere"),
}

ACTIVITY_SOURCES = {
    "manual": N_("manueel"),
    "uitdatabank": N_("UiTdatabank"),
    "import": N_("lijst"),
}
# the audit log: what changed (entity), how (action) and which fields, in words
AUDIT_ENTITIES = {
    "activity": N_("activiteit"),
    "budget": N_("budget"),
    "database": N_("databank"),
    "evaluation": N_("evaluatie"),
    "expense": N_("uitgave"),
    "goal": N_("doelstelling"),
    "import": N_("import"),
    "meeting": N_("overleg"),
    "meeting_action": N_("actiepunt"),
    "participant": N_("deelnemer"),
    "participation": N_("deelname"),
    "partner": N_("partner"),
    "referral": N_("toeleiding"),
    "report_snapshot": N_("afgesloten jaarrapport"),
    "signal": N_("signaal"),
    "status": N_("statuut"),
    "voucher": N_("waardebon"),
}
AUDIT_ACTIONS = {
    "add": N_("toegevoegd"),
    "edit": N_("gewijzigd"),
    "update": N_("bijgewerkt"),
    "deactivate": N_("gedeactiveerd"),
    "forget": N_("vergeten"),
    "import": N_("ingelezen"),
    "suspend": N_("geschorst"),
    "issue": N_("uitgegeven"),
    "redeem": N_("ingewisseld"),
    "cancel": N_("geannuleerd"),
    "expire": N_("vervallen"),
    "done": N_("afgewerkt"),
    "minutes": N_("verslag"),
    "close": N_("afgesloten"),
    "reopen": N_("heropend"),
    "delete": N_("verwijderd"),
}
AUDIT_FIELDS = {
    "active": N_("actief"),
    "action": N_("wat gedaan werd"),
    "activity_id": N_("activiteit"),
    "agenda": N_("agenda"),
    "amount_cents": N_("bedrag"),
    "anonymized_at": N_("geanonimiseerd op"),
    "birth_date": N_("geboortedatum"),
    "birth_year": N_("geboortejaar"),
    "budget_year": N_("budgetjaar"),
    "calendar_type": N_("kalender"),
    "cancel_reason": N_("reden annulering"),
    "cancelled_on": N_("geannuleerd op"),
    "capacity": N_("capaciteit"),
    "category": N_("categorie"),
    "checked_by_partner_id": N_("gecontroleerd door"),
    "closed_at": N_("afgesloten op"),
    "code": N_("code"),
    "cofinancing_cents": N_("cofinanciering"),
    "comment": N_("opmerking"),
    "contact": N_("contact"),
    "counts": N_("aantallen"),
    "date": N_("datum"),
    "description": N_("omschrijving"),
    "document": N_("rapport"),
    "domain": N_("domein"),
    "done_on": N_("afgewerkt op"),
    "due_date": N_("uiterlijk"),
    "email": N_("e-mail"),
    "end_date": N_("einddatum"),
    "expired_on": N_("vervallen op"),
    "external_id": N_("extern id"),
    "file_name": N_("bestand"),
    "first_name": N_("voornaam"),
    "funding_source": N_("bron"),
    "goals": N_("doelen"),
    "ground_code": N_("statuut"),
    "household_size": N_("gezinsleden"),
    "issued_on": N_("uitgegeven op"),
    "joined_on": N_("lid sinds"),
    "kansentarief_cents": N_("kansentarief"),
    "kind": N_("soort"),
    "last_name": N_("familienaam"),
    "level": N_("niveau"),
    "locality": N_("gemeente"),
    "meeting_id": N_("overleg"),
    "minutes": N_("verslag"),
    "name": N_("naam"),
    "network_paid_cents": N_("netwerk betaalde"),
    "note": N_("opmerking"),
    "notes": N_("notities"),
    "organiser_name": N_("organisator"),
    "organiser_partner_id": N_("organisator"),
    "organiser_carried_cents": N_("organisator droeg"),
    "organiser_share_bp": N_("deel organisator"),
    "other_cents": N_("andere bronnen"),
    "override_reason": N_("reden uitzondering"),
    "owner_partner_id": N_("trekker"),
    "paid_via": N_("betaald via"),
    "parent_id": N_("valt onder"),
    "participant_id": N_("deelnemer"),
    "participant_paid_cents": N_("deelnemer betaalde"),
    "partner_id": N_("partner"),
    "partners": N_("partners"),
    "persons": N_("personen"),
    "phone": N_("telefoon"),
    "place": N_("plaats"),
    "postcode": N_("postcode"),
    "poverty_voices": N_("mensen in armoede"),
    "presence": N_("aanwezigheid"),
    "price_cents": N_("prijs"),
    "raised_by": N_("aangekaart door"),
    "reason": N_("reden"),
    "redeemed_on": N_("ingewisseld op"),
    "reopen_reason": N_("reden heropening"),
    "reopened_at": N_("heropend op"),
    "sha256": N_("controlesom"),
    "solved_on": N_("afgehandeld op"),
    "source": N_("bron"),
    "start_date": N_("begindatum"),
    "state": N_("toestand"),
    "suspended_on": N_("geschorst op"),
    "suspension_reason": N_("reden schorsing"),
    "text": N_("tekst"),
    "title": N_("titel"),
    "trekkingsrecht_cents": N_("trekkingsrecht"),
    "updated": N_("bijgewerkt"),
    "valid_from": N_("geldig vanaf"),
    "valid_until": N_("geldig tot"),
    "value_cents": N_("waarde"),
    "voucher_id": N_("waardebon"),
    "year": N_("jaar"),
}

# vocabulary ('ground', 'domain', 'partner_kind', 'signal_kind') -> {code: label in the config's language}
CONFIG: dict[str, dict[str, str]] = {}


def word(vocabulary: dict[str, str] | str, code: object) -> str:
    """The word for `code`: from a fixed vocabulary above (translated) or the config's (as
    written there); the code itself when nobody named it."""
    if isinstance(vocabulary, str):
        return CONFIG.get(vocabulary, {}).get(str(code), str(code))
    text = vocabulary.get(str(code))
    return _(text) if text else str(code)


def code_of(vocabulary: dict[str, str] | str, value: str | None) -> str | None:
    """The code a user means by a choice: the code itself or its word, in Dutch or in the user's
    language (case, spaces, hyphens and underscores alike: `waardebon` and `voucher`, `in behandeling`
    and `in_behandeling`); anything else comes back as typed, for the service to refuse with the choices."""
    if value is None:
        return None
    key = _choice_key(value)
    table = CONFIG.get(vocabulary, {}) if isinstance(vocabulary, str) else vocabulary
    for code, text in table.items():
        words = (code, text) if isinstance(vocabulary, str) else (code, text, _(text))
        if key in {_choice_key(word) for word in words}:
            return code
    return value


def _choice_key(text: str) -> str:
    return " ".join(str(text).replace("_", " ").replace("-", " ").split()).casefold()


def capitalised(text: str) -> str:
    """'in behandeling' -> 'In behandeling': a word at the start of a row or a heading."""
    return text[:1].upper() + text[1:]
