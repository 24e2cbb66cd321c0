"""A regional network's reports: the section per municipality of the yearly report adds up to the
network, each row recomputed here with this module's own SQL; `report yearly --municipality` matches
its row in every format, internal, public and closed; the public documents of the year together
give nothing away; `report context`; Kortessem counting for Hasselt from 2025.

The regional demo (examples/regio.yaml, built once for the module through `vrijetijd demo`) has
four municipalities; today is 15/06/2026, 2024 and 2025 are closed.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import DATA, TODAY, Cli, table_counts
from tests.test_region import REGIO
from tests.test_reports_disclosure import attack, check_relations, documents, flat, relations
from tests.test_reports_recomputed import PEOPLE_SUMS, REACHED_CTE, connect, share, span
from vrijetijd_cli.config import PACKAGED_CONFIG, load_config
from vrijetijd_cli.context import session

YEARS = (2024, 2025, 2026)
REACH = ("participants", "new_participants", "took_part", "household_members")
# examples/regio.yaml, written out here on purpose: postcode -> NIS code (2497 only from 2025)
HOMES = {"2470": "13901", "2471": "13901", "2472": "13901", "2480": "13902", "2481": "13902", "2490": "13903",
         "2491": "13903", "2495": "13904", "2496": "13904"}
NAMES = {"13901": "Beekhoven", "13902": "Heiderode", "13903": "Molenzele", "13904": "Kempelaar"}


def homes(year: int) -> dict[str, str]:
    return {**HOMES, **({"2497": "13904"} if year >= 2025 else {})}


def home_sql(column: str, year: int) -> str:
    """The municipality key of a postcode column as SQL ('outside' for the rest)."""
    cases = " ".join(f"WHEN '{code}' THEN '{key}'" for code, key in homes(year).items())
    return f"CASE COALESCE({column}, '') {cases} ELSE 'outside' END"


class Run:
    """`vrijetijd` with the regional config on the demo database, from its own folder."""

    def __init__(self, folder: Path, db: Path):
        self.folder, self.db = folder, db
        self.config = folder / "regio.yaml"
        shutil.copyfile(REGIO, self.config)

    def __call__(self, *args, db: Path | None = None):
        with pytest.MonkeyPatch.context() as patch:
            for name, value in (("VRIJETIJD_CONFIG", self.config), ("VRIJETIJD_DB", db or self.db),
                                ("VRIJETIJD_TODAY", TODAY), ("XDG_CACHE_HOME", self.folder / "cache"),
                                ("NO_COLOR", "1"), ("COLUMNS", "160")):
                patch.setenv(name, str(value))
            patch.chdir(self.folder)
            session.reset()
            result = Cli()(*args)
            session.reset()
        return result

    def json(self, *args, db: Path | None = None):
        result = self(*args, "--format", "json", db=db)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Run:
    folder = tmp_path_factory.mktemp("regional")
    runner = Run(folder, folder / "data" / "demo.db")
    result = runner("demo", "--participants", "250", "--no-report")
    assert result.exit_code == 0, result.stderr
    assert "Afgesloten zoals na het overmaken van hun jaarrapport: 2024, 2025" in result.stderr
    return runner


@pytest.fixture(scope="module")
def reports(run) -> dict[int, dict]:
    return {year: run.json("report", "yearly", "--year", year) for year in YEARS}


@pytest.fixture(scope="module")
def conn(run):
    connection = connect(run.db)
    yield connection
    connection.close()


def rows_of(report: dict) -> list[dict]:
    return [*report["municipalities"], report["outside_region"]]


# --- the section adds up, and each row is what it says --------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_four_municipalities_and_the_rest_add_up_to_the_network(reports, year):
    report = reports[year]
    assert [(r["key"], r["name"]) for r in report["municipalities"]] == list(NAMES.items())
    assert report["outside_region"]["key"] == "outside"
    rows = rows_of(report)

    def total(name):
        return sum(r[name] for r in rows)

    for name in REACH:
        assert total(name) == report["reach"][name], name
    assert sum(r["participants"] for r in report["municipalities"]) == report["reach"]["living_in_municipality"]
    for name in ("participations", "persons", "network_paid_cents"):
        assert total(name) == report["participation"][name], name
    money = report["budget"]
    assert total("spent_on_residents_cents") == money["participations_cents"]
    assert total("charged_cents") == money["spent_cents"] == money["participations_cents"] + money["expenses_cents"]
    assert total("committed_cents") == money["committed_cents"]
    assert total("available_cents") == money["available_cents"]
    for source in money["by_source"]:
        assert sum(next(s["available_cents"] for s in r["available_by_source"] if s["source"] == source["source"])
                   for r in rows) == source["available_cents"]
    assert total("remaining_cents") == money["remaining_cents"]
    assert total("referrals") == report["referrals"]["total"]
    assert total("led_to_participation") == report["referrals"]["led_to_participation"]
    assert total("partners") == report["network"]["partner_count"]
    for name in ("present", "excused", "absent", "not_recorded"):
        assert sum(r["attendance"][name] for r in rows) == sum(a[name] for a in report["meetings"]["attendance"])
    for row in rows:
        assert row["used_bp"] == share(row["charged_cents"] + row["committed_cents"], row["available_cents"])
        if row["target_group"]:
            assert row["reach_bp"] == share(row["participants"], row["target_group"]["verhoogde_tegemoetkoming"])
    # every row has people, money and partners in this demo: the sums above are not zero = zero
    assert all(r["participants"] and r["charged_cents"] and r["partners"] for r in rows)


@pytest.mark.parametrize("year", YEARS)
def test_each_row_recomputed(conn, reports, year):
    params = span(year)
    expected = {r["key"]: r for r in conn.execute(
        f"{REACHED_CTE} SELECT {home_sql('p.postcode', year)} AS key, {PEOPLE_SUMS} FROM people p GROUP BY 1",
        params)}
    paid = {r["key"]: r for r in conn.execute(f"""
        SELECT {home_sql('pa.postcode', year)} AS key, COUNT(*) AS participations, SUM(x.persons) AS persons,
               SUM(x.network_paid_cents) AS cents
        FROM participations x JOIN participants pa ON pa.id = x.participant_id
        WHERE x.date BETWEEN :start AND :end GROUP BY 1""", params)}
    # the budget year's participations: charged to the voucher's municipality, else to the resident's
    residents, charged = {}, {}
    for resident, voucher, has_voucher, cents in conn.execute(f"""
            SELECT {home_sql('pa.postcode', year)}, v.municipality, x.voucher_id IS NOT NULL, x.network_paid_cents
            FROM participations x JOIN participants pa ON pa.id = x.participant_id
            LEFT JOIN vouchers v ON v.id = x.voucher_id WHERE x.budget_year = :year""", params):
        residents[resident] = residents.get(resident, 0) + cents
        target = (voucher or "outside") if has_voucher else resident
        charged[target] = charged.get(target, 0) + cents
    for key, cents in conn.execute("SELECT COALESCE(municipality, 'outside'), SUM(amount_cents) FROM expenses"
                                   " WHERE year = ? GROUP BY 1", [year]):
        charged[key] = charged.get(key, 0) + cents
    partners = dict(conn.execute("SELECT id, COALESCE(municipality, 'outside') FROM partners").fetchall())
    referred = {}
    for partner, n in conn.execute("SELECT partner_id, COUNT(*) FROM referrals WHERE date BETWEEN ? AND ?"
                                   " GROUP BY partner_id", [params["start"], params["end"]]):
        referred[partners[partner]] = referred.get(partners[partner], 0) + n
    for row in rows_of(reports[year]):
        key = row["key"]
        assert {name: row[name] for name in REACH} == {name: expected[key][name] for name in REACH}, key
        assert (row["participations"], row["persons"], row["network_paid_cents"]) == (
            paid[key]["participations"], paid[key]["persons"], paid[key]["cents"]), key
        assert (row["spent_on_residents_cents"], row["charged_cents"]) == (residents.get(key, 0), charged[key]), key
        assert row["referrals"] == referred.get(key, 0), key
    # a resident of one municipality used another's voucher, so its budget differs from its residents'
    assert any(residents.get(r["key"], 0) != charged.get(r["key"], 0) - sum(
        cents for (cents,) in conn.execute("SELECT amount_cents FROM expenses WHERE year = ? AND"
                                           " COALESCE(municipality, 'outside') = ?", [year, r["key"]]))
               for r in rows_of(reports[year]))


def test_oud_ruiter_counts_for_kempelaar_from_2025(conn, reports):
    """Postcode 2497 joined Kempelaar on 1 January 2025: its people are outside the region before."""
    joined = {year: conn.execute(f"{REACHED_CTE} SELECT COUNT(*) FROM people p WHERE p.postcode = '2497'",
                                 span(year)).fetchone()[0] for year in (2024, 2025)}
    assert joined[2024] and joined[2025]
    totals = {year: {r["key"]: r["participants"] for r in rows_of(reports[year])} for year in (2024, 2025)}
    without = conn.execute(f"{REACHED_CTE} SELECT COUNT(*) FROM people p WHERE p.postcode IN ('2495', '2496')",
                           span(2024)).fetchone()[0]
    assert totals[2024]["13904"] == without
    assert totals[2025]["13904"] == conn.execute(
        f"{REACHED_CTE} SELECT COUNT(*) FROM people p WHERE p.postcode IN ('2495', '2496', '2497')",
        span(2025)).fetchone()[0]


# --- one council's report --------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_each_council_report_is_its_row_of_the_network_report(run, reports, year):
    report = reports[year]
    for row in report["municipalities"]:
        council = run.json("report", "yearly", "--year", year, "--municipality", row["name"].upper())
        assert council["report"] == "municipality"
        assert council["municipality"] == row
        figures = {f["key"]: f for f in council["figures"]}
        assert figures["participants"]["region"] == report["reach"]["participants"]
        assert figures["charged_cents"]["region"] == report["budget"]["spent_cents"]
        assert figures["referrals"]["region"] == report["referrals"]["total"]
        assert figures["participants"]["share_bp"] == share(row["participants"], report["reach"]["participants"])
        assert [p["partner_id"] for p in council["partners"]] == row["partner_ids"]
        by_partner = {r["key"]: r for r in report["referrals"]["by_partner"]}
        assert sum(p["referrals"] for p in council["partners"]) == row["referrals"] == sum(
            by_partner[p]["referrals"] for p in row["partner_ids"] if p in by_partner)
        if year < 2026:
            assert council["closed"] == report["closed"]  # the stored report of a closed year


def test_a_council_report_by_nis_code_in_every_format(run):
    assert run.json("report", "yearly", "--municipality", "13902")["municipality"]["name"] == "Heiderode"
    table = run("report", "yearly", "--municipality", "Heiderode")
    assert table.exit_code == 0 and "Jaarrapport 2025 — Heiderode" in table.stdout
    md = run("report", "yearly", "--municipality", "Heiderode", "--format", "md")
    assert md.stdout.startswith("# Jaarrapport 2025 — Heiderode\n") and "| Vrijetijdsdienst Heiderode |" in md.stdout
    html = run("report", "yearly", "--municipality", "Heiderode", "--format", "html", "--output", "heiderode.html")
    assert html.exit_code == 0 and "<svg" in (run.folder / "heiderode.html").read_text(encoding="utf-8")
    csv = run("report", "yearly", "--municipality", "Heiderode", "--format", "csv", "--output", "heiderode")
    assert csv.exit_code == 0 and sorted(p.name for p in (run.folder / "heiderode").iterdir())[0].endswith(".csv")
    public = run("report", "yearly", "--municipality", "Heiderode", "--public", "--format", "md")
    assert "Publieke versie" in public.stdout


def test_an_unknown_municipality_is_refused_with_the_known_ones(run):
    before = table_counts(sqlite3.connect(run.db))
    result = run("report", "yearly", "--municipality", "Hasselt", "--output", "hasselt.md", "--format", "md")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("Fout: --municipality: gemeente 'Hasselt' is onbekend; het netwerk kent Beekhoven,"
                             " Heiderode, Molenzele, Kempelaar\n")
    assert not (run.folder / "hasselt.md").exists()
    assert table_counts(sqlite3.connect(run.db)) == before


def test_the_regional_report_in_every_format(run):
    md = run("report", "yearly", "--format", "md").stdout
    assert "## Per gemeente" in md and "| Buiten de regio / de regio |" in md and "| Netwerk |" in md
    for name in NAMES.values():
        assert f"| {name} |" in md
    assert run("report", "yearly").exit_code == 0
    assert run("report", "yearly", "--format", "html", "--output", "regio.html").exit_code == 0
    assert run("report", "yearly", "--format", "csv", "--output", "regio").exit_code == 0
    assert any("gemeente" in p.name for p in (run.folder / "regio").iterdir())


def test_current_of_a_closed_year_lists_the_councils_differences(run, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copyfile(run.db, copy)
    moved = sqlite3.connect(copy)
    # someone from Heiderode moves to Beekhoven: both councils' figures of 2025 change
    person = moved.execute("SELECT p.id FROM participants p JOIN participations x ON x.participant_id = p.id"
                           " WHERE p.postcode = '2480' AND x.date LIKE '2025%' LIMIT 1").fetchone()[0]
    moved.execute("UPDATE participants SET postcode = '2470' WHERE id = ?", [person])
    moved.commit()
    moved.close()
    council = run.json("report", "yearly", "--year", "2025", "--municipality", "Heiderode", "--current", db=copy)
    paths = {d["path"] for d in council["differences"]}
    assert "municipalities[13902].participants" in paths
    assert all(path.startswith("municipalities[13902]") for path in paths)
    stored = run.json("report", "yearly", "--year", "2025", "--municipality", "Heiderode", db=copy)
    assert "differences" not in stored


# --- the public version: the regional report and the councils' together reveal nothing ------------


@pytest.fixture(scope="module")
def open_copy(run, tmp_path_factory):
    """The demo with its closed years reopened, so every document of a year is computed again."""
    from vrijetijd_cli.services import closing
    from vrijetijd_cli.store import open_db

    path = tmp_path_factory.mktemp("open") / "demo.db"
    shutil.copyfile(run.db, path)
    connection = open_db(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VRIJETIJD_TODAY", TODAY)
        for year in (2024, 2025):
            closing.reopen(connection, year, "de test rekent elk document opnieuw uit")
    yield connection
    connection.close()


def regional_documents(conn, config, year, public=True):
    from vrijetijd_cli.reports import council, yearly

    docs = documents(conn, config, year, public)
    network = yearly.build(conn, config, year, public=public)
    for key, name in NAMES.items():
        docs[f"council_{key}"] = council.report(network, config, name)
    return docs


def regional_relations(docs: dict, conn, year: int) -> list[dict[str, int]]:
    """What a reader adds up between the rows per municipality, the other figures of the year and
    the councils' reports (written here from what the documents show)."""
    found: list[dict[str, int]] = []

    def total(whole, parts):
        relation = {whole: 1}
        for part in parts:
            relation[part] = relation.get(part, 0) - 1
        found.append(relation)

    y = docs["yearly"]
    rows = {f"yearly:municipalities[{r['key']}]": r for r in y["municipalities"]}
    rows["yearly:outside_region"] = y["outside_region"]
    for name in REACH:
        total(f"yearly:reach.{name}", [f"{k}.{name}" for k in rows])
        members = {k: [] for k in rows}
        for postcode in docs["participants_postcode"]["rows"]:
            home = homes(year).get(postcode["key"])
            members[f"yearly:municipalities[{home}]" if home else "yearly:outside_region"].append(postcode["key"])
        for row, codes in members.items():
            total(f"{row}.{name}", [f"participants_postcode:rows[{code}].{name}" for code in codes])
    total("yearly:reach.living_in_municipality", [f"{k}.participants" for k in rows if "outside" not in k])
    for name in ("participations", "persons", "network_paid_cents"):
        total(f"yearly:participation.{name}", [f"{k}.{name}" for k in rows])
    for whole, name in (("participations_cents", "spent_on_residents_cents"), ("spent_cents", "charged_cents"),
                        ("committed_cents", "committed_cents"), ("remaining_cents", "remaining_cents")):
        total(f"yearly:budget.{whole}", [f"{k}.{name}" for k in rows])
    partners = dict(conn.execute("SELECT id, municipality FROM partners").fetchall())
    for row in rows:
        key = row.split("[")[1].rstrip("]") if "[" in row else None
        mine = [r["key"] for r in y["referrals"]["by_partner"] if partners.get(r["key"]) == key]
        for name in ("referrals", "led_to_participation"):
            total(f"{row}.{name}", [f"referrals_partner:rows[{pid}].{name}" for pid in mine])
    for key in NAMES:
        doc, row = f"council_{key}", f"yearly:municipalities[{key}]"
        for name, value in y["municipalities"][list(NAMES).index(key)].items():
            if isinstance(value, int | str) or value is None and name.endswith(("_cents", "_bp")):
                if name not in ("key", "name", "nis_code"):
                    found.append({f"{doc}:municipality.{name}": 1, f"{row}.{name}": -1})
        for figure in docs[doc]["figures"]:
            found.append({f"{doc}:figures[{figure['key']}].municipality": 1, f"{row}.{figure['key']}": -1})
        for index, partner in enumerate(docs[doc]["partners"]):
            for name in ("referrals", "led_to_participation"):
                found.append({f"{doc}:partners[{index}].{name}": 1,
                              f"referrals_partner:rows[{partner['partner_id']}].{name}": -1})
    return found


@pytest.mark.parametrize("year", YEARS)
def test_no_hidden_cell_of_the_regional_documents_can_be_computed_back(open_copy, run, year):
    config = load_config(run.config)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VRIJETIJD_TODAY", TODAY)
        internal_docs = regional_documents(open_copy, config, year, public=False)
        public_docs = regional_documents(open_copy, config, year)
    internal, public = flat(internal_docs), flat(public_docs)
    assert internal.keys() == public.keys()
    found = relations(internal_docs) + regional_relations(internal_docs, open_copy, year)
    check_relations(internal, found)
    recovered = attack(internal, public, found)
    assert recovered == {}
    hidden = {name for name, value in public.items() if isinstance(value, str) and isinstance(internal[name], int)}
    assert any(name.startswith("yearly:municipalities[") or name.startswith("yearly:outside_region")
               for name in hidden) or year == 2024
    # a council's public report hides exactly what the network's public report hides of its row
    for key in NAMES:
        row = next(r for r in public_docs["yearly"]["municipalities"] if r["key"] == key)
        assert public_docs[f"council_{key}"]["municipality"] == row


# --- a year closed before the section per municipality -------------------------------------------


def test_a_year_closed_before_shows_its_report_as_it_was(cli, db, config_path, tmp_path):
    """The dataset's 2025 closed by a local network, read later with a config of two municipalities."""
    db.executescript((DATA / "report_dataset.sql").read_text(encoding="utf-8"))
    assert cli("report", "close", "2025", "--yes").exit_code == 0
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text.replace("      as_of: \"2025-01-01\"\n", "      as_of: \"2025-01-01\"\n"
                                        '  - name: Genk\n    nis_code: "71016"\n    inhabitants: 67000\n'
                                        '    postcodes: ["3600"]\n', 1), encoding="utf-8")
    stored = json.loads(cli("report", "yearly", "--format", "json").stdout)
    assert "municipalities" not in stored and stored["municipality_note"] == "closed_before_municipalities"
    md = cli("report", "yearly", "--municipality", "Genk", "--format", "md")
    assert md.exit_code == 0
    assert "Dit jaar werd afgesloten voordat het jaarrapport een deel per gemeente had" in md.stdout
    current = json.loads(cli("report", "yearly", "--current", "--format", "json").stdout)
    # the dataset's people: p6 lives in 3600 (Genk), p7 has no postcode, the others in Hasselt
    assert [(r["name"], r["participants"]) for r in current["municipalities"]] == [("Hasselt", 6), ("Genk", 1)]
    assert current["outside_region"]["participants"] == 1
    genk = json.loads(cli("report", "yearly", "--current", "--municipality", "genk", "--format", "json").stdout)
    assert genk["municipality"]["participants"] == 1


# --- Kortessem: Hasselt from 2025 -----------------------------------------------------------------


def test_a_resident_of_kortessem_counts_for_hasselt_from_2025(cli, db, config):
    from vrijetijd_cli.reports import period, reach, topics, yearly

    db.executescript((DATA / "report_dataset.sql").read_text(encoding="utf-8"))
    # p6 (3600 before) lives in Vliermaalroot, Kortessem; reached in 2025 (a referral) and now in 2024 too
    db.execute("UPDATE participants SET postcode = '3721' WHERE id = 6")
    db.execute("INSERT INTO referrals (participant_id, partner_id, date, state, created_at, updated_at)"
               " VALUES (6, 1, '2024-05-01', 'open', '2024-05-01', '2024-05-01')")
    before, after = yearly.build(db, config, 2024), yearly.build(db, config, 2025)
    postcodes = {year: {r["key"]: r["in_municipality"] for r in reach.grouped(db, config, period(year), "postcode")[1]}
                 for year in (2024, 2025)}
    assert postcodes[2024]["3721"] is False and postcodes[2025]["3721"] is True
    # 2025: all but p7 (no postcode); 2024: p6 is outside the municipality
    assert after["reach"]["living_in_municipality"] == 7
    with_p6 = {r["key"]: r for r in topics.participants_report(db, config, 2024, by="postcode")["rows"]}
    assert with_p6["3721"]["participants"] == 1
    assert before["reach"]["living_in_municipality"] == sum(
        r["participants"] for key, r in with_p6.items() if key not in ("3721", "unknown", "3600"))


# --- the omgevingsanalyse -------------------------------------------------------------------------


def test_the_context_report(run, reports, conn):
    context = run.json("report", "context", "--year", "2025")
    assert context["years"] == [2021, 2022, 2023, 2024, 2025]
    listed = {r["key"]: r for r in context["municipalities"]}
    assert list(listed) == [*NAMES, "outside"]
    for year in (2024, 2025):
        for row in rows_of(reports[year]):
            entry = next(e for e in listed[row["key"]]["reach"] if e["year"] == year)
            assert entry["participants"] == row["participants"]
    assert all(e["participants"] == 0 for r in listed.values() for e in r["reach"] if e["year"] < 2024)
    for key, row in listed.items():
        used = sum(d["participations"] for d in row["domains"])
        assert used == row["participations"] == next(r for r in rows_of(reports[2025]) if r["key"] == key)[
            "participations"]
        if row["target_group"]:
            size = row["target_group"]["verhoogde_tegemoetkoming"]
            assert row["reach_bp"] == share(row["participants"], size)
            assert row["participations_per_100_bp"] == share(row["participations"], size)
    # the offer of a municipality: the year's activities with one of its postcodes
    offered = dict(conn.execute(f"""
        SELECT {home_sql('a.postcode', 2025)} AS key, COUNT(*) FROM activities a
        WHERE (a.start_date IS NULL OR a.start_date <= '2025-12-31')
          AND COALESCE(a.end_date, a.start_date, '2025-01-01') >= '2025-01-01' GROUP BY 1""").fetchall())
    for key, row in listed.items():
        assert sum(d["activities"] for d in row["domains"]) == offered.get(key, 0), key
    assert sum(d["activities"] for d in context["domains"]) == sum(offered.values())
    md = run("report", "context", "--year", "2025", "--format", "md").stdout
    assert md.startswith("# Omgevingsanalyse 2025\n") and "| Kempelaar |" in md
    assert run("report", "context", "--year", "2025", "--format", "html", "--output", "omgeving.html").exit_code == 0
    assert (run.folder / "omgeving.html").read_text(encoding="utf-8").count("<svg") >= 3
    assert run("report", "context", "--format", "csv", "--output", "omgeving").exit_code == 0
    assert run("report", "context").exit_code == 0


def test_the_regional_demo_shows_the_section_per_municipality(tmp_path, monkeypatch, cli):
    config = tmp_path / "regio.yaml"
    shutil.copyfile(REGIO, config)
    result = cli("--config", config, "--db", tmp_path / "demo.db", "demo", "--participants", "120")
    assert result.exit_code == 0, result.stderr
    assert "Per gemeente" in result.stdout and "Kempelaar" in result.stdout


def test_a_local_network_has_no_section_per_municipality(cli, db):
    db.executescript((DATA / "report_dataset.sql").read_text(encoding="utf-8"))
    report = json.loads(cli("report", "yearly", "--format", "json").stdout)
    assert "municipalities" not in report and "outside_region" not in report
    assert "municipalities" not in report["network"]
    same = json.loads(cli("report", "yearly", "--municipality", "hasselt", "--format", "json").stdout)
    assert same == report
    assert PACKAGED_CONFIG.read_text(encoding="utf-8") == (Path(__file__).parents[1] / "config.yaml").read_text(
        encoding="utf-8")
