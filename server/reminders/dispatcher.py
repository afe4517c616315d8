"""The reminders dispatcher: the pipeline that claims what is due (the ledger), posts it (the
sending loop) and records what happened (outcomes), batch after batch; and running it, in a
thread of a server process or in a worker of its own (`acupress reminders run`)."""

import logging
import threading
from collections import Counter
from concurrent.futures import Future
from datetime import datetime, timedelta

from flask import Flask

from server.db import db, utcnow
from server.reminders import ledger, outcomes
from server.reminders.jobs import Job
from server.reminders.posting import Poster

log = logging.getLogger("acupress.reminders")


class Dispatcher:
    """Sends due reminders for one app (any app create_app makes); one per process. Claiming
    and recording happen in the calling thread, posting in the Poster's event loop thread."""

    def __init__(self, app: Flask):
        self.app = app
        self.ledger = ledger.Ledger(
            int(app.config["REMINDERS_BATCH"]),
            timedelta(seconds=float(app.config["REMINDERS_LEASE_SECONDS"])),
        )
        self.poster = Poster(app)

    def close(self) -> None:
        self.poster.close()

    def claim(self, now: datetime) -> tuple[int, list[Job]]:
        """Claim what is due at `now` (in an app context); see Ledger.claim."""
        return self.ledger.claim(now)

    def run_once(self, now: datetime | None = None) -> Counter:
        """Send everything due (at `now`, default the current time), batch after batch; the
        next batch is claimed while the last one is being posted, and posted while the last
        one's outcomes are recorded. Answers how many deliveries ended in each status."""
        totals: Counter = Counter()
        with self.app.app_context():
            try:
                ledger.housekeeping(now or utcnow())
                in_flight: Future | None = None
                while True:
                    claimed, jobs = self.claim(now or utcnow())
                    posted = in_flight.result() if in_flight else []
                    in_flight = self.poster.start(jobs) if claimed else None
                    if posted:
                        totals.update(outcomes.record(posted, now or utcnow()))
                    if not claimed:
                        return totals
            finally:
                db.session.remove()

    def run_forever(self, stop: threading.Event, interval: float) -> None:
        log.info("reminders dispatcher started")
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:  # noqa: BLE001 - the loop must outlive a database outage
                log.exception("reminders dispatcher: run failed; trying again shortly")
            stop.wait(interval)
        log.info("reminders dispatcher stopped")


def start_in_background(app: Flask) -> threading.Event:
    """Run the dispatcher loop in a daemon thread of this process; set the event to stop it."""
    stop = threading.Event()
    dispatcher = Dispatcher(app)

    def run() -> None:
        dispatcher.run_forever(stop, float(app.config["REMINDERS_POLL_SECONDS"]))
        dispatcher.close()

    threading.Thread(target=run, name="reminders", daemon=True).start()
    return stop


def start_in_process(app: Flask) -> threading.Event | None:
    """`acupress serve`: each server process runs the dispatcher unless REMINDERS_IN_PROCESS is
    off. Answers the Event that stops it, or None."""
    return start_in_background(app) if app.config["REMINDERS_IN_PROCESS"] else None
