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

# vocabulary ('ground', 'domain', 'partner_kind') -> {code: label in the config's language}
CONFIG: dict[str, dict[str, str]] = {}


def word(vocabulary: dict[str, str] | str, code: object) -> str:
    """The word for `code`: from a fixed vocabulary above (translated) or the config's (as
    written there); the code itself when nobody named it."""
    if isinstance(vocabulary, str):
        return CONFIG.get(vocabulary, {}).get(str(code), str(code))
    text = vocabulary.get(str(code))
    return _(text) if text else str(code)


def capitalised(text: str) -> str:
    """'in behandeling' -> 'In behandeling': a word at the start of a row or a heading."""
    return text[:1].upper() + text[1:]
