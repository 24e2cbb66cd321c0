"""`vrijetijd init`."""


from vrijetijd_cli.context import session
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
    if session.lang == "en":
        message(
            f"Database {path} is ready: {counts['partners']} partners, {counts['grounds']} grounds"
            f" and {counts['goals']} goals added from {config.path}."
        )
    else:
        message(
            f"Databank {path} is klaar: {counts['partners']} partners, {counts['grounds']} statuten"
            f" en {counts['goals']} doelen toegevoegd uit {config.path}."
        )
