"""The `acupress` command."""

import sys
from contextlib import contextmanager

import click

from server import logs


@click.group(help="Acupress: acupressure self-care for back pain, as an installable web app.")
@click.version_option(package_name="acupress", prog_name="acupress", message="%(prog)s %(version)s")
def main() -> None:
    logs.configure()


@main.command()
@click.option(
    "--host", default=None, help="Interface to listen on [config HOST, default 127.0.0.1]."
)
@click.option(
    "--port", type=int, default=None, help="Port to listen on [config PORT, default 8000]."
)
@click.option(
    "--workers", type=int, default=None, help="Server processes [config WORKERS, default 1]."
)
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the app with a production WSGI server (gunicorn)."""
    from server import create_app, db
    from server.ratelimit import per_process
    from server.reminders.dispatcher import start_in_process
    from server.serving import run

    app = create_app()
    workers = workers or int(app.config["WORKERS"])
    if workers > 1 and per_process(app.config["RATELIMIT_STORAGE_URI"]):
        raise click.ClickException(
            f"ACUPRESS_RATELIMIT_STORAGE_URI={app.config['RATELIMIT_STORAGE_URI']} keeps rate "
            f"limits per process, so {workers} workers would each allow the full limit: unset "
            "it (a SQLite file all workers share) or use redis://."
        )
    db.upgrade_schema(app)
    run(
        host=host or app.config["HOST"],
        port=port if port is not None else int(app.config["PORT"]),
        workers=workers,
        background=start_in_process,
    )


@main.command("check-data")
@click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="Content folder to check [default: the bundled data/].",
)
def check_data(data_dir: str | None) -> None:
    """Validate points, routines and evidence against data/schema.json."""
    from pathlib import Path

    from server.paths import bundled
    from server.points import content

    try:
        records = content.validate(Path(data_dir) if data_dir else bundled("data"))
    except content.ContentError as exc:
        click.echo(f"Content error: {exc}", err=True)
        sys.exit(1)
    safety = records.pop("safety")
    counts = ", ".join(f"{len(items)} {name}" for name, items in records.items())
    counts += f", {len(safety['questions'])} safety questions"
    click.echo(f"Content is valid: {counts}.")


@contextmanager
def command_app():
    """The app with its database migrated, in an app context; connections closed at the end."""
    from server import create_app, db

    app = create_app()
    db.upgrade_schema(app)
    with app.app_context():
        try:
            yield app
        finally:
            db.db.session.remove()
            db.db.engine.dispose()


@main.command()
def feedback() -> None:
    """Print how often each point was reported hard to find."""
    from server.points.models import feedback_counts

    with command_app():
        counts = feedback_counts()
    if not counts:
        click.echo("No points have been reported hard to find yet.")
        return
    click.echo("Point      Reports")
    for code, n in counts:
        click.echo(f"{code:<10} {n:>7}")
    click.echo(f"{sum(n for _c, n in counts)} reports on {len(counts)} points.")


@main.command()
def vapid() -> None:
    """Print the VAPID public key (the applicationServerKey), making the key pair if needed."""
    from server import create_app
    from server.reminders import vapid

    click.echo(vapid.keys_for(create_app()).public_key)


@main.group()
def reminders() -> None:
    """Reminder delivery."""


@reminders.command("run")
@click.option("--once", is_flag=True, help="Send what is due now, then exit.")
def reminders_run(once: bool) -> None:
    """Run the reminders dispatcher (several may run at once, on one database)."""
    import signal
    import threading

    from server.reminders.dispatcher import Dispatcher

    with command_app() as app:
        dispatcher = Dispatcher(app)
        if once:
            counts = dispatcher.run_once()
            dispatcher.close()
            done = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
            click.echo(f"Reminders: {done or 'nothing was due'}.")
            return
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        dispatcher.run_forever(stop, float(app.config["REMINDERS_POLL_SECONDS"]))
        dispatcher.close()
    click.echo("Reminders dispatcher stopped.")


@main.group("db")
def database() -> None:
    """Database schema migrations (Alembic)."""


@database.command()
def upgrade() -> None:
    """Create the database or bring it to the newest schema."""
    from server import create_app, db

    app = create_app()
    db.upgrade_schema(app)
    click.echo("Database is at the newest schema.")


@database.command()
def current() -> None:
    """Show the database's migration revision, or say plainly that it has no schema yet."""
    from server import create_app, db

    app = create_app()
    revision = db.current_revision(app)
    if revision is None:
        click.echo("The database has no schema yet: run `acupress db upgrade` (or any command).")
    elif revision == db.head_revision(app):
        click.echo(f"The database is at revision {revision}, the newest.")
    else:
        click.echo(
            f"The database is at revision {revision}; `acupress db upgrade` brings it to "
            f"{db.head_revision(app)}."
        )


@database.command()
@click.option("-m", "--message", required=True, help="What the change is, e.g. 'add pain area'.")
def revision(message: str) -> None:
    """(For developers) write a new migration from the difference between models and database."""
    import flask_migrate

    from server import create_app, db

    with create_app().app_context():
        flask_migrate.migrate(directory=db.MIGRATIONS, message=message)
