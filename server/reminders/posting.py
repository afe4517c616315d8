"""The sending loop: an event loop in a thread of its own posts batches of jobs through the
Sender, PUSH_CONCURRENCY at a time, while the calling thread claims and records. Nothing here
touches the database; a failure of one job becomes its Result, never the batch's."""

import asyncio
import logging
import threading
from concurrent.futures import Future

from flask import Flask

from server.reminders import vapid
from server.reminders.endpoints import UnsafeEndpoint, allow_list
from server.reminders.jobs import Job, Result
from server.reminders.sender import PushRejected, Sender

log = logging.getLogger("acupress.reminders")

URGENCY = "normal"


class Poster:
    """Posts jobs in its own event loop thread; close() stops it."""

    def __init__(self, app: Flask):
        config = app.config
        self.concurrency = int(config["PUSH_CONCURRENCY"])
        self.sender = Sender(
            vapid.keys_for(app),
            allow_list(config["PUSH_ALLOW_HOSTS"]),
            float(config["PUSH_TIMEOUT_SECONDS"]),
            self.concurrency,
        )
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="push", daemon=True)
        self.thread.start()

    def start(self, jobs: list[Job]) -> Future:
        """Begin posting `jobs`; the future's result is their Results."""
        return asyncio.run_coroutine_threadsafe(self.post(jobs), self.loop)

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.sender.close(), self.loop).result()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()

    async def post(self, jobs: list[Job]) -> list[Result]:
        """Post a batch, `concurrency` at a time."""
        results: list[Result] = []
        waiting = iter(jobs)

        async def poster() -> None:
            for job in waiting:
                results.append(await self.attempt(job))

        await asyncio.gather(*(poster() for _ in range(self.concurrency)))
        return results

    async def attempt(self, job: Job) -> Result:
        try:
            reminder = job.reminder
            outcome = await self.sender.send(
                job.target,
                reminder.payload,
                ttl=reminder.ttl,
                topic=reminder.topic,
                urgency=URGENCY,
            )
        except UnsafeEndpoint as exc:
            log.warning("reminder %s refused: %s", job.label, exc)
            return Result(job, "refused")
        except PushRejected as exc:
            log.error("reminder %s rejected with %s: a bug in our request", job.label, exc.status)
            return Result(job, "failed", exc.status)
        except Exception:  # noqa: BLE001 - one broken subscription must not sink the batch
            log.exception("reminder %s failed", job.label)
            return Result(job, "failed")
        return Result(job, outcome.kind, outcome.status, outcome.retry_after)
