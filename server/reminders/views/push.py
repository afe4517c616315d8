"""/api/push: the VAPID public key, this device's push subscription, its status, a test push."""

from flask import current_app, g, jsonify
from sqlalchemy import delete

from server.accounts.tokens import device_rate_key, require_device
from server.db import db
from server.errors import ApiError
from server.openapi import doc
from server.ratelimit import limiter
from server.reminders import outcomes, subscriptions, vapid
from server.reminders.endpoints import UnsafeEndpoint, allow_list, check_endpoint
from server.reminders.models import PushSubscription
from server.reminders.schemas import PushStatus, SubscriptionIn, TestPushOut, VapidKey
from server.reminders.sender import GONE, Target
from server.reminders.testpush import send_test
from server.reminders.views.blueprint import bp
from server.validation import parse_body


@bp.get("/push/vapid-public-key")
@doc("The server's VAPID public key (the applicationServerKey)", response=VapidKey, tag="reminders")
def vapid_public_key():
    return jsonify(public_key=vapid.keys().public_key)


@bp.put("/push/subscription")
@require_device
@doc(
    "Store this device's push subscription (replaces any earlier one; send it on every start)",
    body=SubscriptionIn,
    response=PushStatus,
    auth=True,
    errors=(403, 409),
    tag="reminders",
)
def subscribe():
    body = parse_body(SubscriptionIn)
    try:
        check_endpoint(body.endpoint, allow_list(current_app.config["PUSH_ALLOW_HOSTS"]))
    except UnsafeEndpoint as exc:
        # 403: a well-formed request the server will not act on (where it would post is not
        # public, or cannot be known), as opposed to a malformed body (400).
        raise ApiError(403, "unsafe_endpoint", str(exc)) from None
    subscriptions.subscribe(g.device, body)
    return jsonify(subscriptions.push_status(g.device))


@bp.delete("/push/subscription")
@require_device
@doc("Remove this device's push subscription", status=204, auth=True, tag="reminders")
def unsubscribe():
    db.session.execute(delete(PushSubscription).where(PushSubscription.device_id == g.device.id))
    db.session.commit()
    return "", 204


@bp.get("/push/status")
@require_device
@doc(
    "Whether reminders are on for this device, and when one last reached it",
    response=PushStatus,
    auth=True,
    tag="reminders",
)
def status():
    return jsonify(subscriptions.push_status(g.device))


@bp.post("/push/test")
@require_device
@limiter.limit("10 per hour", key_func=device_rate_key)
@doc(
    "Send one test reminder to this device now; answers within the push timeout",
    response=TestPushOut,
    auth=True,
    errors=(409,),
    tag="reminders",
)
def send_test_reminder():
    subscription = subscriptions.subscription_of(g.device)
    if subscription is None:
        raise ApiError(
            409, "no_subscription", "This device has no push subscription: turn reminders on."
        )
    subscription_id, endpoint_hash = subscription.id, subscription.endpoint_hash
    target = Target(subscription.endpoint, subscription.p256dh, subscription.auth)
    db.session.rollback()  # no transaction (on SQLite, no write lock) held while posting
    result = send_test(current_app._get_current_object(), target)
    if result.status == GONE:  # as the dispatcher does, unless it was re-subscribed meanwhile
        outcomes.prune(subscription_id, endpoint_hash)
        db.session.commit()
    return jsonify(TestPushOut(status=result.status, message=result.message).model_dump())
