"""Load and validate config.yaml into named tuples, immutable and cheap to define
(docs/architecture.md, "Configuration").

Every problem is a ConfigError naming the file, the key and what was expected.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

from vrijetijd_cli import i18n, region
from vrijetijd_cli.config_file import Reader, one_of, parse_yaml, read, whole_number
from vrijetijd_cli.i18n import _
from vrijetijd_cli.region import MunicipalityConfig

PACKAGED_CONFIG = Path(__file__).with_name("default_config.yaml")
LEVELS = ("strategic", "operational", "action")
# the kinds of thresholds and suggestions of a config that names none (an older config)
DEFAULT_SIGNAL_KINDS = {
    "kosten": {"nl": "Kosten", "en": "Cost"}, "vervoer": {"nl": "Vervoer", "en": "Transport"},
    "informatie": {"nl": "Informatie", "en": "Information"},
    "kinderopvang": {"nl": "Kinderopvang", "en": "Childcare"}, "taal": {"nl": "Taal", "en": "Language"},
    "niet_welkom": {"nl": "Zich niet welkom voelen", "en": "Feeling unwelcome"},
    "tijdstip": {"nl": "Tijdstip", "en": "Timing"}, "andere": {"nl": "Andere", "en": "Other"},
}


class PartnerConfig(NamedTuple):
    name: str
    kind: str
    contact: str = ""
    municipality: str | None = None  # the key of its municipality; None: the region (or the one municipality)


class GroundConfig(NamedTuple):
    code: str
    label_nl: str
    label_en: str
    validity_months: int
    aliases: tuple[str, ...] = ()


class GoalConfig(NamedTuple):
    code: str
    title: str
    level: str
    parent: str | None


class Config(NamedTuple):
    path: Path
    network_name: str
    municipality: str
    province: str
    first_agreement_year: int
    contact: str
    postcodes: tuple[str, ...]
    language: str
    database: Path | None
    database_mode: str
    trekkingsrecht_cents: int
    cofinancing_cents: int
    other_budget_cents: int
    budget_warn_share_bp: int
    participant_share_bp: int
    yearly_cap_cents: int
    voucher_validity_months: int
    uitpas_region: str
    min_meetings_per_year: int
    attendance_threshold_bp: int
    retention_years: int
    small_cell_threshold: int
    backup_retention_days: int
    legal_basis: str
    informed: str
    max_amount_cents: int
    max_budget_cents: int
    expiring_days: int
    partners: tuple[PartnerConfig, ...]
    partner_kinds: dict[str, dict[str, str]]
    grounds: dict[str, GroundConfig]
    domains: dict[str, dict[str, str]]
    signal_kinds: dict[str, dict[str, str]]
    goals: tuple[GoalConfig, ...]
    uitdatabank_default_domain: str
    uitdatabank_domain_terms: dict[str, str]
    import_aliases: dict[str, tuple[str, ...]]
    name_order: str = "first_last"  # how a name column with both names is read: first_last or last_first
    # the network's municipalities (region.py); one for a local network
    municipalities: tuple[MunicipalityConfig, ...] = ()

    @property
    def regional(self) -> bool:
        """Several municipalities: the reports add a section per municipality."""
        return len(self.municipalities) > 1

    def ground_label(self, code: str) -> str:
        """The ground's label in the config's language; the Dutch one for a language it does not name."""
        ground = self.grounds.get(code)
        if ground is None:
            return code
        return {"nl": ground.label_nl, "en": ground.label_en}.get(self.language, ground.label_nl)

    def label(self, table: dict[str, dict[str, str]], code: str) -> str:
        """A domain's or partner kind's label in the config's language; the Dutch one for a
        language it does not name."""
        labels = table.get(code)
        return labels.get(self.language, labels["nl"]) if labels else code


DATABASE_MODES = ("local", "shared")
APP_NAME = "vrijetijd"


def user_config_file() -> Path:
    """The user's own config, the same in every folder (Linux: ~/.config/vrijetijd/config.yaml)."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.yaml"


def default_database() -> Path:
    """The user's database, the same in every folder (Linux: ~/.local/share/vrijetijd/vrijetijd.db;
    the right place on Windows and macOS)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "vrijetijd.db"


def config_path(explicit: str | os.PathLike | None = None) -> Path:
    """--config > $VRIJETIJD_CONFIG > ./config.yaml > the user's config > the packaged Hasselt default."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("VRIJETIJD_CONFIG")
    if env:
        return Path(env)
    local = Path("config.yaml")
    if local.exists():
        return local
    user = user_config_file()
    if user.exists():
        return user
    return PACKAGED_CONFIG


def database_choice(config: Config, explicit: str | os.PathLike | None = None) -> tuple[Path, str]:
    """Which database, and what chose it: 'option' (--db) > 'env' ($VRIJETIJD_DB) > 'config'
    (`database:` in a config, relative to its folder) > 'default' (the user's data folder)."""
    if explicit:
        return Path(explicit), "option"
    env = os.environ.get("VRIJETIJD_DB")
    if env:
        return Path(env), "env"
    if config.database is not None:
        return config.database, "config"
    return default_database(), "default"


def database_path(config: Config, explicit: str | os.PathLike | None = None) -> Path:
    """--db > $VRIJETIJD_DB > `database:` in the config > the user's data folder."""
    return database_choice(config, explicit)[0]


def load_config(path: str | os.PathLike | None = None) -> Config:
    source = config_path(path)
    return _build(source, parse_yaml(source, read(source)))


def _languages() -> list[str]:
    """The languages messages can be shown in: Dutch first, then those with a catalogue."""
    folders = i18n.locale_dir().glob(f"*/LC_MESSAGES/{i18n.DOMAIN}.mo")
    found = sorted(path.parents[1].name for path in folders if path.parents[1].name != i18n.SOURCE_LANGUAGE)
    return [i18n.SOURCE_LANGUAGE, *found]


def _labels(reader: Reader, key: str, default: Any = ...) -> dict[str, dict[str, str]]:
    table = {}
    for code, labels in reader.mapping(key, default).items():
        if not isinstance(labels, dict) or not isinstance(labels.get("nl"), str):
            reader.fail(f"{key}.{code}", _("een mapping met minstens 'nl'"), labels)
        table[str(code)] = {"nl": labels["nl"], "en": str(labels.get("en", labels["nl"]))}
    return table


def _build(source: Path, raw: Any) -> Config:
    r = Reader(source, raw)
    language = r.text("language", i18n.SOURCE_LANGUAGE)
    if not i18n.available(language):
        r.fail("language", one_of(_languages()), language)
    database = r.get("database", None)
    if database is not None and (not isinstance(database, str) or not database.strip()):
        r.fail("database", _("een pad"), database)
    db_path = None
    if database:
        db_path = Path(database).expanduser()
        if not db_path.is_absolute():
            db_path = source.parent / db_path
    database_mode = r.text("database_mode", "local")
    if database_mode not in DATABASE_MODES:
        r.fail("database_mode", one_of(list(DATABASE_MODES)), database_mode)
    partner_kinds = _labels(r, "partner_kinds")
    municipalities = region.read(r, raw)
    partners = []
    for index, item in enumerate(r.sequence("partners")):
        key = f"partners[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            r.fail(key, _("een mapping met 'name' en 'kind'"), item)
        kind = item.get("kind", "andere")
        if kind not in partner_kinds:
            r.fail(f"{key}.kind", _("een van {choices}").format(choices=", ".join(partner_kinds)), kind)
        home = item.get("municipality")
        if home is not None:
            found = region.find(municipalities, home)
            if found is None and str(home).strip().casefold() != region.REGION:
                choices = ", ".join([*(m.name for m in municipalities), region.REGION])
                r.fail(f"{key}.municipality", _("een van {choices}").format(choices=choices), home)
            home = found.key if found is not None and len(municipalities) > 1 else None
        partners.append(PartnerConfig(item["name"].strip(), kind, str(item.get("contact") or ""), home))
    grounds = {}
    for code, item in r.mapping("grounds").items():
        key = f"grounds.{code}"
        if not isinstance(item, dict) or not isinstance(item.get("nl"), str):
            r.fail(key, _("een mapping met 'nl', 'en' en 'validity_months'"), item)
        months = item.get("validity_months", 12)
        if isinstance(months, bool) or not isinstance(months, int) or months < 1:
            r.fail(f"{key}.validity_months", whole_number(1), months)
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list):
            r.fail(f"{key}.aliases", _("een lijst"), aliases)
        grounds[str(code)] = GroundConfig(
            str(code), item["nl"], str(item.get("en", item["nl"])), months, tuple(str(a) for a in aliases)
        )
    domains = _labels(r, "domains")
    goals: list[GoalConfig] = []
    _goal_tree(r, r.sequence("goals", []), "goals", None, 0, goals)
    terms = {str(k): str(v) for k, v in r.mapping("uitdatabank.domain_terms", {}).items()}
    default_domain = r.text("uitdatabank.default_domain", "cultuur")
    for term, domain in [*terms.items(), ("default_domain", default_domain)]:
        if domain not in domains:
            expected = _("een domein uit {choices}").format(choices=", ".join(domains))
            r.fail(f"uitdatabank.domain_terms.{term}", expected, domain)
    aliases = {}
    for name, values in r.mapping("import_aliases", {}).items():
        if not isinstance(values, list):
            r.fail(f"import_aliases.{name}", _("een lijst"), values)
        aliases[str(name)] = tuple(str(v) for v in values)
    # the postcodes that belong without a date (where the demo's people live); which municipality a
    # postcode belongs to on a day is region.postcode_map's
    postcodes = tuple(dict.fromkeys(span.code for m in municipalities for span in m.postcodes
                                    if span.start is None and span.until is None))
    max_budget = r.amount("limits.max_budget", "10000000.00")
    max_amount = r.amount("limits.max_amount", "100000.00")
    name_order = r.text("name_order", "first_last")
    if name_order not in ("first_last", "last_first"):
        r.fail("name_order", one_of(["first_last", "last_first"]), name_order)
    return Config(
        path=source,
        network_name=r.text("network.name"),
        municipality=_area(r, municipalities),
        province=r.text("network.province", ""),
        first_agreement_year=r.integer("network.first_agreement_year", minimum=2000, maximum=2100),
        contact=r.text("network.contact", ""),
        postcodes=postcodes,
        language=language,
        database=db_path,
        database_mode=database_mode,
        trekkingsrecht_cents=r.amount("budget.trekkingsrecht", maximum=max_budget),
        cofinancing_cents=r.amount("budget.cofinancing", "0", maximum=max_budget),
        other_budget_cents=r.amount("budget.other", "0", maximum=max_budget),
        budget_warn_share_bp=r.share("budget.warn_share", "0.90"),
        participant_share_bp=r.share("participation.participant_share", "0.20"),
        yearly_cap_cents=r.amount("participation.yearly_cap_per_person", "150", maximum=max_budget),
        voucher_validity_months=r.integer("participation.voucher_validity_months", 12, minimum=1, maximum=120),
        uitpas_region=r.text("participation.uitpas_region", ""),
        min_meetings_per_year=r.integer("meetings.min_per_year", 4, maximum=366),
        attendance_threshold_bp=r.share("meetings.attendance_threshold", "0.60"),
        retention_years=r.integer("privacy.retention_years", 5, minimum=1, maximum=100),
        small_cell_threshold=r.integer("privacy.small_cell_threshold", 5),
        backup_retention_days=r.integer("privacy.backup_retention_days", 90, minimum=1, maximum=36_500),
        legal_basis=_registration_text(r, "privacy.legal_basis", "taak van algemeen belang (AVG art. 6.1.e)"),
        informed=_registration_text(r, "privacy.informed", "geïnformeerd via de doorverwijzende partner"),
        max_amount_cents=max_amount,
        max_budget_cents=max_budget,
        expiring_days=r.integer("reports.expiring_days", 30, maximum=3660),
        partners=tuple(partners),
        partner_kinds=partner_kinds,
        grounds=grounds,
        domains=domains,
        signal_kinds=_labels(r, "signal_kinds", DEFAULT_SIGNAL_KINDS),
        goals=tuple(goals),
        uitdatabank_default_domain=default_domain,
        uitdatabank_domain_terms=terms,
        import_aliases=aliases,
        municipalities=municipalities,
        name_order=name_order,
    )


def _registration_text(r: Reader, key: str, default: str) -> str:
    """A text stored with every new participant: one line of at most 200 characters."""
    value = r.text(key, default)
    if len(value) > 200 or not value.isprintable():
        r.fail(key, _("een tekst van één regel (hoogstens 200 tekens)"), value)
    return value


def _area(r: Reader, municipalities: tuple[MunicipalityConfig, ...]) -> str:
    """The name of the area the network serves, on every report: `network.municipality`; for a
    regional network `network.region` may name it instead (default: its municipalities)."""
    if len(municipalities) > 1 and r.get("network.municipality", None) is None:
        return r.text("network.region", "") or ", ".join(m.name for m in municipalities)
    return r.text("network.municipality")


def _goal_tree(r: Reader, items: list, key: str, parent: str | None, depth: int, out: list) -> None:
    for index, item in enumerate(items):
        item_key = f"{key}[{index}]"
        if depth >= len(LEVELS):
            r.fail(item_key, _("niet dieper dan strategisch → operationeel → actie"), item)
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("code"), str)
            or not isinstance(item.get("title"), str)
        ):
            r.fail(item_key, _("een mapping met 'code' en 'title'"), item)
        out.append(GoalConfig(item["code"], item["title"], LEVELS[depth], parent))
        children = item.get("children", [])
        if not isinstance(children, list):
            r.fail(f"{item_key}.children", _("een lijst"), children)
        _goal_tree(r, children, f"{item_key}.children", item["code"], depth + 1, out)
