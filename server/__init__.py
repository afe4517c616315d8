"""Acupress: acupressure self-care for back pain, served by a small Flask app."""

from flask import Flask

from server import config, db, errors, logs, security, validation, web
from server.ratelimit import limiter


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults < instance config file < ACUPRESS_* environment < test_config."""
    app = Flask(__name__, instance_path=config.instance_path(test_config))
    config.load(app, test_config)

    db.init_app(app)
    limiter.init_app(app)
    errors.init_app(app)
    validation.init_app(app)
    security.init_app(app)
    logs.init_app(app)

    from server import reminders
    from server.points import content

    content.init_app(app)
    reminders.init_app(app)

    from server.accounts.views import bp as accounts_bp
    from server.journal.views import bp as journal_bp
    from server.openapi import bp as openapi_bp
    from server.points.views import bp as points_bp
    from server.reminders.views import bp as reminders_bp

    for blueprint in (points_bp, accounts_bp, journal_bp, reminders_bp, openapi_bp, web.bp):
        app.register_blueprint(blueprint)
    return app
