"""The cells of a year's public documents and the additive relations between them.

A cell is one number a public document of the year shows, named by a stable path
(`reach.by_age[18-25].participants`, `referrals.by_partner[5].led_to_participation`; a list row
is named by its key). The universe is the yearly report (its shared cost in
reports/disclosure_shared_cost.py) plus the topic breakdowns of the same year (referrals by month
and by ground, participants by every postcode, budget by month), so one suppression pattern covers
every public document of the year (reports/disclosure.py).

Kinds: a count of people ('people': participants, persons, referrals, vouchers, participations),
an amount of money ('amount', belonging to the group of people it was paid for), and derived
figures (shares and differences) that are hidden as soon as a figure they come from is hidden.
Counts that are not about people (meetings, attendance, goals, partners, activities) and the
budget made available are not cells: they are never hidden.

The same population shown twice is one variable with several paths (reach.took_part and
participation.participants); a relation says that a total is the sum of parts that partition it.
A breakdown where one person can be in several rows (reach by ground, by domain) has no sum.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vrijetijd_cli.reports import disclosure_regional, disclosure_shared_cost

PEOPLE, AMOUNT = "people", "amount"
# why a cell is hidden: a small group, to protect another hidden cell, computed from a hidden cell
PRIMARY, COMPLEMENTARY, DERIVED = "primary", "complementary", "derived"
REACH_COUNTS = ("participants", "new_participants", "took_part", "household_members")
REFERRAL_STATES = ("open", "in_behandeling", "toegeleid", "afgesloten", "geweigerd")
REFERRAL_COUNTS = ("referrals", *REFERRAL_STATES, "led_to_participation")
PARTICIPATION_COUNTS = ("participations", "persons")
PARTICIPATION_AMOUNTS = ("price_cents", "participant_paid_cents", "network_paid_cents")
VOUCHER_PARTS = ("redeemed", "open", "expired", "cancelled")
# the comparison's figures that are a figure of a section (the others are never hidden)
COMPARED = {
    "participants": "reach.participants", "new_participants": "reach.new_participants",
    "took_part": "reach.took_part", "referrals": "referrals.total",
    "participations": "participation.participations", "persons": "participation.persons",
    "vouchers_issued": "participation.vouchers.issued.vouchers", "spent_cents": "budget.spent_cents",
}


def row_name(row: object, index: int) -> object:
    """How a list row is named in a path: its key, else what identifies it."""
    if isinstance(row, dict):
        for key in ("key", "month", "state", "source", "activity_id", "partner_id", "code"):
            if key in row:
                return row[key]
    return index


@dataclass
class Model:
    """Variables (a number, with every path that shows it), relations and derived figures."""

    threshold: int
    index: dict[str, int] = field(default_factory=dict)
    paths: list[list[str]] = field(default_factory=list)
    values: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    # an amount's group: the people counts it belongs to, and the size of a group no table shows
    groups: list[tuple[str, ...]] = field(default_factory=list)
    unshown: list[int | None] = field(default_factory=list)
    relations: list[dict[int, int]] = field(default_factory=list)
    derived: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # hidden figures of another year shown beside this year's (the comparison): path -> why
    isolated: dict[str, str] = field(default_factory=dict)
    # an equality or a sum that the figures do not satisfy: never used, and a test says there are none
    problems: list[str] = field(default_factory=list)

    def cell(self, path: str, value: int, kind: str, group: tuple[str, ...] = (),
             unshown: int | None = None) -> None:
        if path in self.index:
            self.problems.append(f"twice: {path}")
            return
        self.index[path] = len(self.values)
        self.paths.append([path])
        self.values.append(value)
        self.kinds.append(kind)
        self.groups.append(group)
        self.unshown.append(unshown)

    def people(self, path: str, value: int) -> None:
        self.cell(path, value, PEOPLE)

    def amount(self, path: str, value: int, group: tuple[str, ...] = (), unshown: int | None = None) -> None:
        self.cell(path, value, AMOUNT, group, unshown)

    def same(self, path: str, shown_as: str, value: int) -> None:
        """`path` shows the variable of `shown_as` again (the same people, the same money)."""
        var = self.index[shown_as]
        if self.values[var] != value:
            self.problems.append(f"{path} = {value} differs from {shown_as} = {self.values[var]}")
            return
        self.index[path] = var
        self.paths[var].append(path)

    def total(self, total: str, parts: list[str], signs: list[int] | None = None) -> None:
        """total = the sum of parts (with signs: a difference)."""
        relation: dict[int, int] = {self.index[total]: 1}
        for part, sign in zip(parts, signs or [1] * len(parts), strict=True):
            var = self.index[part]
            relation[var] = relation.get(var, 0) - sign
        relation = {var: coef for var, coef in relation.items() if coef}
        if sum(coef * self.values[var] for var, coef in relation.items()):
            self.problems.append(f"{total} is not the sum of {', '.join(parts)}")
        elif len(relation) > 1:
            self.relations.append(relation)

    def derive(self, path: str, *sources: str) -> None:
        """A share or difference computed from other cells."""
        self.derived[path] = sources


def build(year: dict, threshold: int) -> Model:
    """Every cell and relation of the year's public documents (`year`: what `universe` gathered)."""
    model = Model(threshold)
    report = year["report"]
    _reach(model, report["reach"], year["postcodes"])
    _referrals(model, report["referrals"], year["referrals_by_month"], year["referrals_by_ground"])
    _participation(model, report["participation"], report["reach"])
    disclosure_shared_cost.add(model, report)
    _budget(model, report["budget"], year["budget_by_month"], year["groups"])
    _comparison(model, report["comparison"], year["previous_hidden"])
    _findings(model, report["findings"])
    if year.get("regional") is not None:
        disclosure_regional.add(model, report, year["postcodes"], year["regional"])
    return model


def _rows(listed: list[dict]) -> list[tuple[object, dict]]:
    return [(row_name(row, index), row) for index, row in enumerate(listed)]


def _reach(model: Model, data: dict, postcodes: list[dict]) -> None:
    for count in REACH_COUNTS:
        model.people(f"reach.{count}", data[count])
    model.people("reach.living_in_municipality", data["living_in_municipality"])
    # a person with two grounds counts in both: no sum
    for key, row in _rows(data["by_ground"]):
        for count in REACH_COUNTS:
            model.people(f"reach.by_ground[{key}].{count}", row[count])
    for table, listed in (("by_age", data["by_age"]), ("by_postcode_all", postcodes)):
        for key, row in _rows(listed):
            for count in REACH_COUNTS:
                model.people(f"reach.{table}[{key}].{count}", row[count])
        for count in REACH_COUNTS:
            model.total(f"reach.{count}", [f"reach.{table}[{key}].{count}" for key, _row in _rows(listed)])
    # the largest postcodes are the same rows as in the list of every postcode; 'other' the rest
    top = [key for key, _row in _rows(data["by_postcode"])]
    for key, row in _rows(data["by_postcode"]):
        for count in REACH_COUNTS:
            path = f"reach.by_postcode[{key}].{count}"
            if key == "other":
                model.people(path, row[count])
                model.total(path, [f"reach.by_postcode_all[{k}].{count}" for k, _r in _rows(postcodes)
                                   if k not in top])
            else:
                model.same(path, f"reach.by_postcode_all[{key}].{count}", row[count])
    # the table of the largest postcodes adds up too (implied by the two above, but a reader sums
    # it as it is shown, and its bounds are its own)
    for count in REACH_COUNTS:
        model.total(f"reach.{count}", [f"reach.by_postcode[{key}].{count}" for key in top])
    model.total("reach.living_in_municipality", [f"reach.by_postcode_all[{key}].participants"
                                                 for key, row in _rows(postcodes) if row["in_municipality"]])
    for key, row in _rows(data["by_domain"]):
        model.people(f"reach.by_domain[{key}].participants", row["participants"])


def _referrals(model: Model, data: dict, by_month: list[dict], by_ground: list[dict]) -> None:
    model.people("referrals.total", data["total"])
    model.people("referrals.led_to_participation", data["led_to_participation"])
    model.derive("referrals.led_to_participation_bp", "referrals.total", "referrals.led_to_participation")
    for row in data["by_state"]:
        model.people(f"referrals.by_state[{row['state']}].referrals", row["referrals"])
    model.total("referrals.total", [f"referrals.by_state[{s}].referrals" for s in REFERRAL_STATES])
    # each referral has one partner, one month, one ground (or 'none'): three partitions
    for table, listed in (("by_partner", data["by_partner"]), ("by_month", by_month), ("by_ground", by_ground)):
        keys = [key for key, _row in _rows(listed)]
        for key, row in _rows(listed):
            prefix = f"referrals.{table}[{key}]"
            for count in REFERRAL_COUNTS:
                model.people(f"{prefix}.{count}", row[count])
            model.derive(f"{prefix}.led_to_participation_bp", f"{prefix}.referrals", f"{prefix}.led_to_participation")
            model.total(f"{prefix}.referrals", [f"{prefix}.{s}" for s in REFERRAL_STATES])
        model.total("referrals.total", [f"referrals.{table}[{k}].referrals" for k in keys])
        model.total("referrals.led_to_participation", [f"referrals.{table}[{k}].led_to_participation" for k in keys])
        for state in REFERRAL_STATES:
            model.total(f"referrals.by_state[{state}].referrals", [f"referrals.{table}[{k}].{state}" for k in keys])


def _participations(model: Model, prefix: str, row: dict, people: tuple[str, ...] = ()) -> None:
    """Participations and persons of a group, and the money paid for them."""
    for count in PARTICIPATION_COUNTS:
        model.people(f"{prefix}.{count}", row[count])
    group = tuple(f"{prefix}.{count}" for count in PARTICIPATION_COUNTS) + people
    for amount in PARTICIPATION_AMOUNTS:
        model.amount(f"{prefix}.{amount}", row[amount], group)


def _participation(model: Model, data: dict, reach_data: dict) -> None:
    model.same("participation.participants", "reach.took_part", data["participants"])
    _participations(model, "participation", data, ("reach.took_part",))
    reached = {row["key"] for row in reach_data["by_domain"]}
    sums = PARTICIPATION_COUNTS + PARTICIPATION_AMOUNTS
    for table in ("by_domain", "by_paid_via", "by_month"):
        keys = []
        for key, row in _rows(data[table]):
            # per domain, the people who took part are shown beside it (reach.by_domain)
            people = (f"reach.by_domain[{key}].participants",) if table == "by_domain" and key in reached else ()
            _participations(model, f"participation.{table}[{key}]", row, people)
            keys.append(key)
        for name in sums:
            model.total(f"participation.{name}", [f"participation.{table}[{k}].{name}" for k in keys])
    # the top activities: a domain whose every activity is in the top is their sum
    top = _rows(data["top_activities"])
    for key, row in top:
        _participations(model, f"participation.top_activities[{key}]", row)
    for key, row in _rows(data["by_domain"]):
        listed = [k for k, r in top if r["domain"] == key]
        if listed and len(listed) == row["activities"]:
            for name in sums:
                model.total(f"participation.by_domain[{key}].{name}",
                            [f"participation.top_activities[{k}].{name}" for k in listed])
    vouchers = data["vouchers"]
    for state, row in vouchers.items():
        model.people(f"participation.vouchers.{state}.vouchers", row["vouchers"])
        model.amount(f"participation.vouchers.{state}.value_cents", row["value_cents"],
                     (f"participation.vouchers.{state}.vouchers",))
    for name in ("vouchers", "value_cents"):
        model.total(f"participation.vouchers.issued.{name}",
                    [f"participation.vouchers.{state}.{name}" for state in VOUCHER_PARTS])
    # participations registered as an exception, per kind: one may be in two kinds, so no sum
    for row in data.get("overrides", []):
        base = f"participation.overrides[{row['key']}]"
        model.people(f"{base}.participations", row["participations"])
        model.amount(f"{base}.network_paid_cents", row["network_paid_cents"], (f"{base}.participations",))


def _budget(model: Model, data: dict, by_month: list[dict], groups: dict) -> None:
    """Money spent on the year's budget: the participations booked on it belong to their people
    (the size of each group comes from `groups`, no table shows it); expenses and the budget made
    available belong to nobody. Spent per source mixes both without showing either part: it is
    hidden with its participations."""
    spent = groups["participations"]
    model.amount("budget.participations_cents", data["participations_cents"], unshown=spent["total"])
    # participations and expenses are both shown: their sum hides nothing of its own
    model.amount("budget.spent_cents", data["spent_cents"])
    model.amount("budget.expenses_cents", data["expenses_cents"])
    model.people("budget.committed_vouchers", data["committed_vouchers"])
    model.amount("budget.committed_cents", data["committed_cents"], ("budget.committed_vouchers",))
    for path in ("budget.remaining_cents", "budget.used_bp"):
        model.derive(path, "budget.spent_cents", "budget.committed_cents")
    model.total("budget.spent_cents", ["budget.participations_cents", "budget.expenses_cents"])
    for row in data["by_source"]:
        prefix = f"budget.by_source[{row['source']}]"
        model.amount(f"{prefix}.spent_cents", row["spent_cents"], unshown=spent["source"].get(row["source"], 0))
        model.amount(f"{prefix}.committed_cents", row["committed_cents"],
                     unshown=groups["committed"].get(row["source"], 0))
        for path in (f"{prefix}.remaining_cents", f"{prefix}.used_bp"):
            model.derive(path, f"{prefix}.spent_cents", f"{prefix}.committed_cents")
    sources = [f"budget.by_source[{row['source']}]" for row in data["by_source"]]
    model.total("budget.spent_cents", [f"{s}.spent_cents" for s in sources])
    model.total("budget.committed_cents", [f"{s}.committed_cents" for s in sources])
    for key, row in _rows(data["spent_by_domain"]):
        model.amount(f"budget.spent_by_domain[{key}].spent_cents", row["spent_cents"],
                     unshown=spent["domain"].get(key, 0))
    model.total("budget.participations_cents",
                [f"budget.spent_by_domain[{key}].spent_cents" for key, _row in _rows(data["spent_by_domain"])])
    for key, row in _rows(data["spent_by_category"]):
        model.amount(f"budget.spent_by_category[{key}].spent_cents", row["spent_cents"])
    model.total("budget.expenses_cents",
                [f"budget.spent_by_category[{key}].spent_cents" for key, _row in _rows(data["spent_by_category"])])
    months = []
    for key, row in _rows(by_month):
        prefix = f"budget.by_month[{key}]"
        size = spent["month"].get(key, 0)
        model.amount(f"{prefix}.participations_cents", row["participations_cents"], unshown=size)
        model.amount(f"{prefix}.expenses_cents", row["expenses_cents"])
        model.amount(f"{prefix}.spent_cents", row["spent_cents"])
        model.total(f"{prefix}.spent_cents", [f"{prefix}.participations_cents", f"{prefix}.expenses_cents"])
        months.append(prefix)
    for name in ("participations_cents", "expenses_cents", "spent_cents"):
        model.total(f"budget.{name}", [f"{m}.{name}" for m in months])


def _comparison(model: Model, data: dict, previous_hidden: dict[str, bool]) -> None:
    """This year's figures are the sections' own; last year's stand alone (hidden as decided for
    that year); a difference goes with either."""
    for row in data["figures"]:
        key, prefix = row["key"], f"comparison.figures[{row['key']}]"
        if key in COMPARED:
            model.same(f"{prefix}.current", COMPARED[key], row["current"])
        elif key == "used_bp":
            model.derive(f"{prefix}.current", "budget.spent_cents", "budget.committed_cents")
        if row["previous"] is not None and previous_hidden.get(key):
            model.isolated[f"{prefix}.previous"] = DERIVED if key == "used_bp" else PRIMARY
        sources = [f"{prefix}.current", f"{prefix}.previous"]
        model.derive(f"{prefix}.change", *sources)
        model.derive(f"{prefix}.change_bp", *sources)


def _findings(model: Model, found: list[dict]) -> None:
    """The figures a finding quotes: some are a section's own, others stand alone."""
    seen: set[str] = set()
    for finding in found:
        code, params = finding["code"], finding["params"]
        if code in seen:
            continue
        seen.add(code)
        prefix = f"findings[{code}].params"
        if code == "vouchers_expired":
            model.same(f"{prefix}.vouchers", "participation.vouchers.expired.vouchers", params["vouchers"])
            model.same(f"{prefix}.value_cents", "participation.vouchers.expired.value_cents", params["value_cents"])
        elif code in ("vouchers_unused", "vouchers_past_validity"):
            model.people(f"{prefix}.vouchers", params["vouchers"])
            model.amount(f"{prefix}.value_cents", params["value_cents"], (f"{prefix}.vouchers",))
        elif code in ("statuses_ended", "statuses_expiring"):
            model.people(f"{prefix}.participants", params["participants"])
        elif code in ("budget_overspent", "budget_nearly_used", "budget_underused"):
            for name in ("over_cents", "used_bp", "remaining_cents"):
                if name in params:
                    model.derive(f"{prefix}.{name}", "budget.spent_cents", "budget.committed_cents")
