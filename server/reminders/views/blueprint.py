"""The reminders API's one blueprint, which every resource module adds its routes to."""

from flask import Blueprint

from server.reminders.schemas import SCHEDULE_ID

bp = Blueprint("reminders", __name__, url_prefix="/api")
ID_SCHEMA = {"type": "string", "pattern": SCHEDULE_ID}  # a schedule id in a path
