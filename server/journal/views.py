"""Journal sync API: one endpoint that pushes a device's changes and pulls everyone else's."""

from pathlib import Path

from flask import Blueprint, g, jsonify

from server.accounts.tokens import device_rate_key, require_device
from server.db import db
from server.journal import sync
from server.journal.schemas import SyncRequest, SyncResponse
from server.openapi import doc
from server.ratelimit import limiter
from server.validation import parse_body

bp = Blueprint("journal", __name__, url_prefix="/api")
PROTOCOL = (Path(__file__).parent / "protocol.md").read_text(encoding="utf-8")


@bp.post("/sync")
@require_device  # before the limit: without a valid token the answer is 401, never 429
@limiter.limit("120 per minute", key_func=device_rate_key)
@doc(
    "Sync the journal: push this device's changes, pull what changed",
    description=PROTOCOL,
    body=SyncRequest,
    response=SyncResponse,
    auth=True,
    errors=(409,),
    tag="journal",
)
def sync_journal():
    body = parse_body(SyncRequest)
    response = sync.sync(g.device.account_id, body)
    db.session.commit()
    return jsonify(response.model_dump(mode="json"))
