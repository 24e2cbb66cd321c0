"""The fields each kind of list can hold: code, Dutch name and the header spellings that mean it
(docs/architecture.md, "How to add: an import field").

A file's header is matched to a field by the field's code, its Dutch name, the spellings here and
the config's `import_aliases` (which a network extends without touching the code). `--map
'Kolom=veld'` names the field by code or Dutch name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from vrijetijd_cli.i18n import N_, _


@dataclass(frozen=True)
class Field:
    """One field of a list. `name` is Dutch, marked N_() (shown translated, accepted in Dutch)."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()

    def label(self) -> str:
        """'geboortedatum (birth_date)' in the user's language."""
        return _("{name} ({code})").format(name=_(self.name), code=self.code)


@dataclass(frozen=True)
class FieldSet:
    """The fields of one kind of list; `required` lists alternatives: one of each group must be there."""

    kind: str
    fields: tuple[Field, ...]
    required: tuple[tuple[str, ...], ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.fields)

    def field(self, code: str) -> Field:
        return next(f for f in self.fields if f.code == code)

    def aliases(self, config_aliases: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
        """Every spelling per field: code, Dutch name, the config's aliases, then ours."""
        return {f.code: tuple(dict.fromkeys((f.code, f.name, *config_aliases.get(f.code, ()), *f.aliases)))
                for f in self.fields}


# never read, never copied: the national register number (docs/architecture.md, "Privacy")
NATIONAL_NUMBER = Field("national_number", N_("rijksregisternummer"), (
    "Rijksregisternummer", "Rijksregisternr", "Rijksregister", "RRN", "RR-nummer", "INSZ", "INSZ-nummer",
    "INSZ nummer", "Nationaal nummer", "Nationaal nr", "Identificatienummer", "NISS", "Numéro national",
    "National number", "National register number", "SSIN",
))

PARTICIPANTS = FieldSet("participants", (
    Field("first_name", N_("voornaam"), ("Voornaam", "Voornamen", "Roepnaam", "First name", "Prénom")),
    Field("last_name", N_("familienaam"), ("Familienaam", "Achternaam", "Last name", "Nom", "Naam")),
    Field("full_name", N_("naam"), ("Naam", "Volledige naam", "Naam en voornaam", "Voornaam en naam",
                                    "Naam + voornaam", "Naam deelnemer", "Deelnemer", "Full name", "Name")),
    Field("birth_date", N_("geboortedatum"), ("Geboortedatum", "Geb. datum", "Geboren", "Geboren op",
                                              "Date of birth", "Date de naissance")),
    Field("birth_year", N_("geboortejaar"), ("Geboortejaar", "Geb. jaar", "Jaar van geboorte", "Year of birth",
                                             "Année de naissance")),
    Field("postcode", N_("postcode"), ("Postcode", "Postnummer", "PC", "Code postal")),
    Field("address", N_("adres"), ("Adres", "Postcode en gemeente", "Postcode + gemeente", "Postcode/gemeente",
                                   "Woonplaats", "Domicilie", "Address", "Adresse")),
    Field("household_size", N_("gezinsleden"), ("Gezinsleden", "Aantal personen", "Gezinsgrootte",
                                                "Aantal gezinsleden", "Household size")),
    Field("phone", N_("telefoon"), ("Telefoon", "Tel", "Telefoonnummer", "GSM", "Gsm-nummer", "Phone")),
    Field("email", N_("e-mail"), ("E-mail", "Email", "Mail", "E-mailadres")),
    Field("ground", N_("statuut"), ("Statuut", "Grond", "Doelgroep", "Reden", "Soort tegemoetkoming",
                                    "Tegemoetkoming", "Ground")),
    Field("domain", N_("domein"), ("Domein", "Interesse", "Gewenst domein")),
    Field("note", N_("opmerking"), ("Opmerking", "Opmerkingen", "Notitie", "Note")),
    Field("date", N_("datum toeleiding"), ("Datum", "Datum doorverwijzing", "Doorverwezen op")),
), required=(("first_name", "full_name"), ("last_name", "full_name"), ("birth_date", "birth_year")))

PARTNERS = FieldSet("partners", (
    Field("name", N_("naam"), ("Naam", "Naam partner", "Partner", "Organisatie")),
    Field("kind", N_("soort"), ("Soort", "Type", "Kind")),
    Field("contact", N_("contact"), ("Contact", "Contactpersoon")),
), required=(("name",),))

ACTIVITIES = FieldSet("activities", (
    Field("title", N_("titel"), ("Titel", "Activiteit", "Naam activiteit")),
    Field("domain", N_("domein"), ("Domein",)),
    Field("organiser", N_("organisator"), ("Organisator", "Organisatie", "Inrichter")),
    Field("place", N_("plaats"), ("Plaats", "Locatie", "Waar")),
    Field("postcode", N_("postcode"), ("Postcode",)),
    Field("locality", N_("gemeente"), ("Gemeente", "Stad", "Deelgemeente", "Locality")),
    Field("date", N_("datum"), ("Datum",)),
    Field("start_date", N_("begindatum"), ("Begindatum", "Startdatum", "Van", "Datum van")),
    Field("end_date", N_("einddatum"), ("Einddatum", "Tot", "Datum tot")),
    Field("price", N_("prijs"), ("Prijs", "Volle prijs", "Basistarief")),
    Field("kansentarief", N_("kansentarief"), ("Kansentarief", "Prijs kansentarief", "Verminderd tarief")),
    Field("capacity", N_("capaciteit"), ("Capaciteit", "Plaatsen", "Max deelnemers")),
    Field("description", N_("beschrijving"), ("Beschrijving", "Omschrijving", "Info", "Description")),
    Field("external_id", N_("extern id"), ("Extern id", "UiTdatabank id", "Id")),
), required=(("title",), ("domain",), ("price",)))


def describe(fields: FieldSet, config_aliases: Mapping[str, Sequence[str]]) -> list[dict]:
    """Every field with its name and the header spellings that mean it (`--fields`)."""
    spellings = fields.aliases(config_aliases)
    return [{"field": f.code, "name": _(f.name), "required": _required(fields, f.code),
             "aliases": [s for s in spellings[f.code] if s not in (f.code, f.name)]} for f in fields.fields]


def _required(fields: FieldSet, code: str) -> str:
    """'ja', 'ja, of naam' (one of two columns), or '' (a column the list may leave out)."""
    others = [other for group in fields.required if code in group for other in group if other != code]
    if not any(code in group for group in fields.required):
        return ""
    if not others:
        return _("ja")
    return _("ja, of {fields}").format(fields=", ".join(_(fields.field(other).name) for other in others))
