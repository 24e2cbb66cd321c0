"""`vrijetijd init`."""


from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import _
from vrijetijd_cli.options import noun_app

app = noun_app(no_args_is_help=False)


@app.command()
def init() -> None:
    """Maak of werk de databank bij en laad partners, statuten en doelen uit de config."""
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services.setup import initialise

    config = session.config()
    path = session.db_path()
    counts = initialise(session.db(create=True), config)
    message(
        _("Databank {path} is klaar: {partners} partners, {grounds} statuten en {goals} doelen toegevoegd"
          " uit {config}.").format(path=path, partners=counts["partners"], grounds=counts["grounds"],
                                   goals=counts["goals"], config=config.path)
    )
