"""The state of one invocation: which config and database, opened once, closed at the end.

The root command fills it from --config/--db; commands ask it for the config, the language
and the connection, so no command repeats that boilerplate.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from vrijetijd_cli.config import Config


class Session:
    def __init__(self) -> None:
        self.reset()

    def reset(self, config_arg: Path | None = None, db_arg: Path | None = None) -> None:
        import sys

        from vrijetijd_cli import i18n

        if "vrijetijd_cli.store" in sys.modules:  # the mode is the next config's to choose
            sys.modules["vrijetijd_cli.store"].Mode.shared = False

        self.config_arg = config_arg
        self.db_arg = db_arg
        self._config: Config | None = None
        self._conn: sqlite3.Connection | None = None
        # the language is chosen again from this invocation's config, on its first message
        i18n.reset()
        i18n.language_source = lambda: self.lang

    def config(self) -> Config:
        if self._config is None:
            from vrijetijd_cli.config import load_config

            self._config = load_config(self.config_arg)
            register_config_labels(self._config)
            from vrijetijd_cli.store import Mode

            Mode.shared = self._config.database_mode == "shared"
            from vrijetijd_cli import i18n

            i18n.set_language(self._config.language)
        return self._config

    @property
    def lang(self) -> str:
        try:
            return self.config().language
        except Exception:  # noqa: BLE001 - the config error itself is reported elsewhere
            return "nl"

    def db_path(self) -> Path:
        return self.db_choice()[0]

    def db_choice(self) -> tuple[Path, str]:
        """The database and what chose it (config.database_choice)."""
        from vrijetijd_cli.config import database_choice

        return database_choice(self.config(), self.db_arg)

    def db(self, create: bool = False) -> sqlite3.Connection:
        if self._conn is None:
            from vrijetijd_cli.render.output import message
            from vrijetijd_cli.store import open_db

            # an upgrade is announced with the path of the copy made first
            self._conn = open_db(self.db_path(), create=create, announce=message)
            _reapply_erasures(self._conn, self.db_path())
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _reapply_erasures(conn: sqlite3.Connection, db_path: Path) -> None:
    """Whom the erasure ledger beside the database lists but the database still holds (an older
    copy put back by hand) is forgotten again before anything else happens."""
    from vrijetijd_cli.services import erasure_ledger

    if not erasure_ledger.path_of(db_path).exists():
        return
    from vrijetijd_cli.i18n import ngettext
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import privacy

    again = privacy.reapply_ledger(conn, db_path)
    if again:
        message(ngettext(
            "{n} deelnemer uit het wissingsregister opnieuw vergeten (een oudere kopie van de databank werd"
            " teruggezet): {ids}.",
            "{n} deelnemers uit het wissingsregister opnieuw vergeten (een oudere kopie van de databank werd"
            " teruggezet): {ids}.",
            len(again)).format(n=len(again), ids=", ".join(str(i) for i in again)))


def register_config_labels(config: Config) -> None:
    """Grounds, domains, partner kinds and signal kinds are named in the config, per language."""
    from vrijetijd_cli.render.words import CONFIG

    CONFIG["ground"] = {code: config.ground_label(code) for code in config.grounds}
    CONFIG["domain"] = {code: config.label(config.domains, code) for code in config.domains}
    CONFIG["partner_kind"] = {code: config.label(config.partner_kinds, code) for code in config.partner_kinds}
    CONFIG["signal_kind"] = {code: config.label(config.signal_kinds, code) for code in config.signal_kinds}


session = Session()
