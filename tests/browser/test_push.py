"""Reminders end to end in Chromium: the app registers its push subscription, the dispatcher's
reminder reaches a real (local) push receiver, and a push shows a notification that opens the
routine when clicked.

Chromium here cannot reach its vendor's push service, so pushManager.subscribe() is replaced
(an init script) by one that returns a subscription to the local receiver, with keys the test
made; the push itself is delivered to the service worker through CDP."""

import json
from datetime import timedelta

import pytest

from server.db import db
from server.reminders.dispatcher import Dispatcher
from server.reminders.models import Schedule
from tests.browser.conftest import open_app, wait_until
from tests.browser.test_settings_layout import settles_without_moving

pytestmark = pytest.mark.browser

FAKE_PUSH_MANAGER = """
(() => {
  const subscription = %s;
  let subscribed = null;
  const asSubscription = (json) => ({
    endpoint: json.endpoint, expirationTime: null, options: {userVisibleOnly: true},
    toJSON: () => json, unsubscribe: async () => { subscribed = null; return true; },
  });
  PushManager.prototype.subscribe = async function () {
    subscribed = asSubscription(subscription);
    return subscribed;
  };
  PushManager.prototype.getSubscription = async function () { return subscribed; };
  PushManager.prototype.permissionState = async function () { return 'granted'; };
})();
"""


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PUSH_ALLOW_HOSTS": ["127.0.0.1"], "PUSH_TIMEOUT_SECONDS": 5}


NOTIFICATIONS = """() => navigator.serviceWorker.ready
    .then(r => r.getNotifications())
    .then(list => list.map(n => ({title: n.title, body: n.body, tag: n.tag, data: n.data,
                                  actions: n.actions.map(a => a.action)})))"""


def test_reminder_reaches_the_receiver_and_the_notification_opens_the_routine(
    browser, live_server, push_receiver
):
    subscription = push_receiver.subscription()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.grant_permissions(["notifications"], origin=live_server.url)
    context.add_init_script(FAKE_PUSH_MANAGER % json.dumps(subscription))
    page = context.new_page()
    open_app(page, live_server, "#/settings")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    page.get_by_role("button", name="Turn on reminders").click()
    page.wait_for_selector("text=Reminders are on for this device")
    page.get_by_label("Time", exact=True).fill("07:30")
    page.get_by_label("Routine to suggest").select_option("sciatica")
    page.get_by_role("button", name="Save reminder").click()
    page.wait_for_selector("text=Next:")

    app = live_server.app
    for _ in range(100):  # turning reminders on saved the first schedule; this save edits it
        with app.app_context():
            schedule = db.session.scalar(db.select(Schedule))
            if schedule.routine_id == "sciatica":
                break
        page.wait_for_timeout(100)
    with app.app_context():
        [schedule] = db.session.scalars(db.select(Schedule)).all()  # one: the save was a PUT
        assert schedule.times == ["07:30"] and schedule.routine_id == "sciatica"
        due = schedule.next_due_at
    dispatcher = Dispatcher(app)
    try:
        assert dispatcher.run_once(now=due + timedelta(seconds=1)) == {"sent": 1}
    finally:
        dispatcher.close()
    [message] = push_receiver.wait_for(1)
    title = app.extensions["acupress.content"].routines["sciatica"]["title"]
    assert message.payload["body"].startswith(f"Today: {title}")
    assert message.payload["url"] == "/#/routine/sciatica"
    assert 0 < message.ttl <= 3600 and message.topic

    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(100):
        ours = [r for r in registrations if r["scopeURL"] == live_server.url + "/"]
        if ours:
            break
        page.wait_for_timeout(100)
    registration = ours[0]
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registration["registrationId"],
            "data": json.dumps(message.payload),
        },
    )
    [notification] = wait_until(page, NOTIFICATIONS)
    assert notification["title"] == message.payload["title"]
    assert notification["body"] == message.payload["body"]
    assert notification["actions"] == ["start", "snooze"]
    assert notification["data"]["url"] == "/#/routine/sciatica"

    page.goto(live_server.url + "/#/")
    worker = context.service_workers[0]
    # A real click cannot be made on a headless notification; the same event is dispatched.
    worker.evaluate(
        """() => self.registration.getNotifications().then(([n]) =>
             self.dispatchEvent(new NotificationEvent('notificationclick', {notification: n})))"""
    )
    page.wait_for_url("**/#/routine/sciatica")
    page.wait_for_selector(f"main h1:text-is({json.dumps(title)})")

    # "Snooze 1 h" tells the server, through the signed link in the payload.
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registration["registrationId"],
            "data": json.dumps(message.payload),
        },
    )
    worker.evaluate(
        """async () => {
             for (let i = 0; i < 150; i += 1) {  // up to 15 s on a busy machine
               const [n] = await self.registration.getNotifications();
               if (n) return self.dispatchEvent(
                 new NotificationEvent('notificationclick', {notification: n, action: 'snooze'}));
               await new Promise(r => setTimeout(r, 100));
             }
           }"""
    )
    for _ in range(150):
        with app.app_context():
            snoozed = db.session.scalar(db.select(Schedule.snoozed_until))
        if snoozed:
            break
        page.wait_for_timeout(100)
    assert snoozed is not None
    context.close()


def worker_registration(context, page, live_server):
    """CDP session and our service worker's registration id; worker errors are collected."""
    cdp = context.new_cdp_session(page)
    registrations, errors = [], []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.on("ServiceWorker.workerErrorReported", lambda e: errors.append(e["errorMessage"]))
    cdp.send("ServiceWorker.enable")
    for _ in range(100):
        ours = [r for r in registrations if r["scopeURL"] == live_server.url + "/"]
        if ours:
            return cdp, ours[0]["registrationId"], errors
        page.wait_for_timeout(100)
    raise AssertionError("no service worker registration")


PAYLOADS = {
    "missing": None,
    "null": "null",
    "garbled": "{not json at all",
    "an array": "[1, 2, 3]",
    "wrong shape": json.dumps(
        {"title": 5, "body": ["x"], "url": "https://evil.example/", "actions": "no"}
    ),
}


def test_every_push_shows_a_notification_whatever_its_payload(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.new_page()
    open_app(page, live_server, "#/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    cdp, registration_id, errors = worker_registration(context, page, live_server)
    defaults = live_server.app.extensions["acupress.web.build"]["notification"]
    for name, data in PAYLOADS.items():
        page.evaluate(
            "() => navigator.serviceWorker.ready.then(r => r.getNotifications())"
            ".then(list => list.forEach(n => n.close()))"
        )
        message = {"origin": live_server.url, "registrationId": registration_id}
        cdp.send("ServiceWorker.deliverPushMessage", {**message, "data": data or ""})
        [shown] = wait_until(page, NOTIFICATIONS)
        assert shown["title"] == defaults["title"], name
        assert shown["body"] == defaults["body"], name
        assert shown["actions"] == ["start", "snooze"], name
        assert shown["data"]["url"] == defaults["url"], name  # never another site's page
    recorded = wait_until(page, "() => import('/js/lib/reminders.js').then((m) => m.lastShown())")
    assert recorded["type"] == "reminder"
    assert errors == []
    context.close()


def test_settings_with_reminders_on_holds_still_while_the_server_answers(
    browser, live_server, push_receiver
):
    """Reminders on: the card shows at once from this phone, and the server's next and last
    reminder fill in without moving anything."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.grant_permissions(["notifications"], origin=live_server.url)
    context.add_init_script(FAKE_PUSH_MANAGER % json.dumps(push_receiver.subscription()))
    page = context.new_page()
    open_app(page, live_server, "#/settings")
    page.get_by_role("button", name="Turn on reminders").click()
    page.wait_for_selector("#push-status:has-text('Next: ')")
    assert settles_without_moving(page, live_server) < 0.01
    assert page.get_attribute("#push-area", "data-push-state") == "on"
    assert "asking" not in page.inner_text("#push-area")
    context.close()
