"""Labels of backups, checks, the audit list and the rights of the people registered.

Messages with {placeholders} are filled in with str.format by the command.
"""

LABELS = {
    # db backup / restore / migrate
    "privacy.backup_done": ("Back-up gemaakt: {path}", "Backup made: {path}"),
    "privacy.restore_done": ("Databank hersteld uit {source}.", "Database restored from {source}."),
    "privacy.restore_previous": (
        "De vorige toestand staat in {path}.",
        "The previous state is in {path}.",
    ),
    "privacy.restore_reapplied": (
        "{count} wissing(en) van na de back-up opnieuw toegepast: deelnemer(s) {ids}.",
        "{count} erasure(s) made after the backup applied again: participant(s) {ids}.",
    ),
    "privacy.restore_other_person": (
        "Wissing van deelnemer(s) {ids} niet toegepast: in de back-up is dat id een andere"
        " persoon.",
        "Erasure of participant(s) {ids} not applied: in the backup that id is another person.",
    ),
    "privacy.restore_migrated": ("Schema bijgewerkt: {names}.", "Schema upgraded: {names}."),
    "privacy.migrate_none": (
        "Het schema is al bij ({schema}); niets gewijzigd.",
        "The schema is up to date ({schema}); nothing changed.",
    ),
    "privacy.migrate_done": (
        "Schema bijgewerkt: {names}. Back-up vooraf: {path}",
        "Schema upgraded: {names}. Backup first: {path}",
    ),
    # db check
    "privacy.check_ok": (
        "Databank in orde: integriteit, verwijzingen, domeinregels en samenvattingen gecontroleerd.",
        "Database is sound: integrity, references, domain rules and summaries checked.",
    ),
    "privacy.check_failed": (
        "databank: {count} probleem/problemen gevonden",
        "database: {count} problem(s) found",
    ),
    "privacy.check_title": ("Problemen in de databank", "Problems in the database"),
    "privacy.check": ("Controle", "Check"),
    "privacy.table": ("Tabel", "Table"),
    "privacy.row_id": ("Rij", "Row"),
    "privacy.detail": ("Gegevens", "Details"),
    "privacy.check.summary_stale": (
        "samenvatting voor de rapporten wijkt af; herstel met 'vrijetijd db check --rebuild-summaries'",
        "report summary differs; repair with 'vrijetijd db check --rebuild-summaries'",
    ),
    "privacy.summaries_rebuilt": (
        "Samenvattingen voor de rapporten opnieuw berekend.",
        "Report summaries computed again.",
    ),
    "privacy.check.integrity": ("integriteitscontrole van SQLite", "SQLite integrity check"),
    "privacy.check.foreign_key": (
        "verwijzing naar een rij die niet bestaat",
        "reference to a missing row",
    ),
    "privacy.check.voucher_redeemed_twice": (
        "waardebon meer dan eens ingewisseld",
        "voucher redeemed more than once",
    ),
    "privacy.check.redeemed_voucher_without_participation": (
        "ingewisselde waardebon zonder deelname",
        "redeemed voucher without a participation",
    ),
    "privacy.check.participation_on_unredeemed_voucher": (
        "deelname op een waardebon die niet ingewisseld is",
        "participation on a voucher that is not redeemed",
    ),
    "privacy.check.voucher_payment_mismatch": (
        "betaald met waardebon zonder waardebon (of omgekeerd)",
        "paid by voucher without a voucher (or the reverse)",
    ),
    "privacy.check.voucher_overspent": (
        "netwerk betaalde meer dan de waarde van de waardebon",
        "network paid more than the voucher's value",
    ),
    "privacy.check.negative_amount": ("negatief bedrag", "negative amount"),
    "privacy.check.payment_not_price": (
        "wat deelnemer en netwerk betaalden is samen niet de prijs",
        "what participant and network paid does not add up to the price",
    ),
    "privacy.check.voucher_other_participant": (
        "deelname op de waardebon van een andere deelnemer",
        "participation on another participant's voucher",
    ),
    "privacy.check.free_but_paid": (
        "gratis deelname waarvoor de deelnemer betaalde",
        "free participation the participant paid for",
    ),
    "privacy.check.participation_without_participant": (
        "deelname zonder deelnemer",
        "participation without a participant",
    ),
    "privacy.check.participation_without_activity": (
        "deelname zonder activiteit",
        "participation without an activity",
    ),
    "privacy.check.dates_reversed": (
        "einddatum ligt voor begindatum",
        "end date before start date",
    ),
    "privacy.check.unknown_state": ("onbekende toestand", "unknown state"),
    "privacy.check.goal_parent_level": (
        "doel hangt niet één niveau hoger (strategisch → operationeel → actie)",
        "goal's parent is not one level up (strategic → operational → action)",
    ),
    "privacy.check.erased_not_anonymised": (
        "gewiste deelnemer is niet geanonimiseerd",
        "erased participant is not anonymised",
    ),
    "privacy.check.anonymised_with_personal_data": (
        "geanonimiseerde deelnemer heeft nog persoonsgegevens",
        "anonymised participant still holds personal data",
    ),
    # participant export / forget
    "privacy.export_title": ("Gegevens van deelnemer {id}", "Data of participant {id}"),
    "privacy.exported_at": ("Opgemaakt op {at}.", "Exported on {at}."),
    "privacy.person": ("Persoon", "Person"),
    "privacy.vouchers": ("Waardebonnen", "Vouchers"),
    "privacy.participations": ("Deelnames", "Participations"),
    "privacy.erasures": ("Wissingen", "Erasures"),
    "privacy.audit": ("Logboek", "Audit log"),
    "privacy.birth_year": ("Geboortejaar", "Birth year"),
    "privacy.code": ("Code", "Code"),
    "privacy.value": ("Waarde", "Value"),
    "privacy.issued_on": ("Uitgegeven", "Issued"),
    "privacy.activity": ("Activiteit", "Activity"),
    "privacy.persons": ("Personen", "Persons"),
    "privacy.price": ("Prijs", "Price"),
    "privacy.participant_paid": ("Deelnemer betaalde", "Participant paid"),
    "privacy.network_paid": ("Netwerk betaalde", "Network paid"),
    "privacy.paid_via": ("Betaald via", "Paid via"),
    "privacy.reason": ("Reden", "Reason"),
    "privacy.suspended_on": ("Geschorst op", "Suspended on"),
    "privacy.erased_at": ("Gewist op", "Erased on"),
    "privacy.forget_done": (
        "Deelnemer {id} is geanonimiseerd; wissing {erasure} is vastgelegd.",
        "Participant {id} is anonymised; erasure {erasure} is recorded.",
    ),
    "privacy.trace_left": (
        "Een ander proces heeft de databank open: oude gegevens kunnen nog in het WAL-bestand"
        " staan tot dat proces stopt.",
        "Another process has the database open: old data may remain in the WAL file until that"
        " process stops.",
    ),
    # privacy purge
    "privacy.purge_title": (
        "Deelnemers zonder activiteit sinds {cutoff}",
        "Participants without activity since {cutoff}",
    ),
    "privacy.last_activity": ("Laatste activiteit", "Last activity"),
    "privacy.purge_none": (
        "Geen deelnemers zonder activiteit sinds {cutoff} (bewaartermijn {years} jaar).",
        "No participants without activity since {cutoff} (retention {years} years).",
    ),
    "privacy.purge_dry_run": (
        "{count} deelnemer(s) zonder activiteit sinds {cutoff} (bewaartermijn {years} jaar);"
        " niets gewijzigd (--dry-run).",
        "{count} participant(s) without activity since {cutoff} (retention {years} years);"
        " nothing changed (--dry-run).",
    ),
    "privacy.purge_done": (
        "{count} deelnemer(s) zonder activiteit sinds {cutoff} geanonimiseerd.",
        "{count} participant(s) without activity since {cutoff} anonymised.",
    ),
    # audit list
    "privacy.audit_title": ("Logboek van wijzigingen", "Audit log"),
    "privacy.at": ("Tijdstip", "Time"),
    "privacy.os_user": ("Gebruiker", "User"),
    "privacy.command": ("Opdracht", "Command"),
    "privacy.entity": ("Soort", "Entity"),
    "privacy.entity_id": ("Id", "Id"),
    "privacy.action": ("Actie", "Action"),
    "privacy.fields": ("Velden", "Fields"),
    "privacy.audit_limited": (
        "Alleen de {limit} recentste regels; --limit 0 toont alles.",
        "Only the {limit} most recent rows; --limit 0 shows all.",
    ),
}
