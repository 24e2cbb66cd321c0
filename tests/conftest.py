"""Every test gets its own database and config, a fixed 'today', no colour and a fixed width."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vrijetijd_cli.cli import app
from vrijetijd_cli.config import PACKAGED_CONFIG
from vrijetijd_cli.context import session
from vrijetijd_cli.services import audit

TODAY = "2026-06-15"
DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    config = tmp_path / "config.yaml"
    shutil.copyfile(PACKAGED_CONFIG, config)
    monkeypatch.setenv("VRIJETIJD_CONFIG", str(config))
    monkeypatch.setenv("VRIJETIJD_DB", str(tmp_path / "vrijetijd.db"))
    monkeypatch.setenv("VRIJETIJD_TODAY", TODAY)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # the user's data and config folders (platformdirs), never the real ones
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.chdir(tmp_path)
    session.reset()
    audit.set_command("")  # services called straight from a test belong to no command
    yield tmp_path
    session.close()
    session.reset()


@pytest.fixture
def config_path(isolated) -> Path:
    return isolated / "config.yaml"


@pytest.fixture
def db_path(isolated) -> Path:
    return isolated / "vrijetijd.db"


class Cli:
    """Runs `vrijetijd ...` in-process; stdout and stderr kept apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        result = self.runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        session.close()
        return result


@pytest.fixture
def cli() -> Cli:
    return Cli()


# the bytes of a database `init` made, per config text: copying them is much faster than migrating
_initialised: dict[bytes, bytes] = {}


@pytest.fixture
def db(cli, db_path, config_path) -> sqlite3.Connection:
    """An initialised database (partners, grounds, goals from the config); the test's connection."""
    key = config_path.read_bytes()
    if key in _initialised:
        db_path.write_bytes(_initialised[key])
        db_path.chmod(0o600)
    else:
        result = cli("init")
        assert result.exit_code == 0, result.stderr
        with sqlite3.connect(db_path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        _initialised[key] = db_path.read_bytes()
    from vrijetijd_cli.store import open_db

    conn = open_db(db_path)
    yield conn
    conn.close()


@pytest.fixture
def config(config_path):
    from vrijetijd_cli.config import load_config

    return load_config(config_path)


def use_english(config_path: Path) -> None:
    """Switch the test's config to English output."""
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text.replace("language: nl", "language: en"), encoding="utf-8")


# the Hasselt config as error messages list it
GROUNDS = "verhoogde_tegemoetkoming, ocmw, schuldbemiddeling, vluchteling, maatwerkbedrijf, doorverwijzing"
KNOWN_PARTNERS = (
    "1: Cultuur-, jeugd- en sportdienst; 2: Dienst wijkmanagement; 3: Dienst gezinsondersteuning;"
    " 4: Sociale Dienst; 5: De Brug Hasselt; 6: Domo Hasselt; 7: Horizont - Rap op stap Limburg"
)
DIENST = (
    "1: Cultuur-, jeugd- en sportdienst; 2: Dienst wijkmanagement; 3: Dienst gezinsondersteuning;"
    " 4: Sociale Dienst"
)
STATES = "open, in_behandeling, toegeleid, afgesloten, geweigerd"


def count(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Row count of every table: compare before and after to prove nothing was written."""
    names = [
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    return {name: count(conn, name) for name in names}


def ok(result):
    """A command that must succeed; its result."""
    assert result.exit_code == 0, result.stderr
    return result


def refused(cli, db, *args, input: str | None = None) -> str:
    """The error of a command that must write nothing: exit code 1, nothing on stdout; its stderr."""
    before = table_counts(db)
    result = cli(*args, input=input)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert table_counts(db) == before
    return result.stderr
