"""`vrijetijd init`."""


from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import _, ngettext
from vrijetijd_cli.options import noun_app

app = noun_app(no_args_is_help=False)


@app.command()
def init() -> None:
    """Maak of werk de databank bij en laad partners, statuten en doelen uit de config."""
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services.setup import initialise

    config = session.config()
    path = session.db_path()
    existed = path.is_file() and path.stat().st_size > 0
    counts = initialise(session.db(create=True), config)
    values = dict(
        path=path, config=config.path,
        partners=ngettext("{n} partner", "{n} partners", counts["partners"]).format(n=counts["partners"]),
        grounds=ngettext("{n} doelgroepgrond", "{n} doelgroepgronden", counts["grounds"]).format(n=counts["grounds"]),
        goals=ngettext("{n} doel", "{n} doelen", counts["goals"]).format(n=counts["goals"]),
    )
    if existed:
        text = _("Bestaande databank {path} bijgewerkt: {partners}, {grounds} en {goals} toegevoegd uit {config}.")
    else:
        text = _("Databank {path} is klaar: {partners}, {grounds} en {goals} toegevoegd uit {config}.")
    message(text.format(**values))
