"""`acupress serve`: gunicorn with threads, each worker building its own app."""

from gunicorn.app.base import BaseApplication

THREADS_PER_WORKER = 8


class Server(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from server import create_app, logs

        logs.configure()
        return create_app()


def announce(server) -> None:
    for listener in server.LISTENERS:
        host, port = listener.sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        print(f"Acupress is running at http://{shown}:{port}/ (Ctrl+C to stop)", flush=True)


def start_reminders(worker) -> None:
    """Each server process runs the reminders dispatcher unless REMINDERS_IN_PROCESS is off."""
    if worker.wsgi.config["REMINDERS_IN_PROCESS"]:
        from server.reminders.dispatcher import start_in_background

        worker.reminders_stop = start_in_background(worker.wsgi)


def stop_reminders(_server, worker) -> None:
    stop = getattr(worker, "reminders_stop", None)
    if stop is not None:
        stop.set()


def run(host: str, port: int, workers: int) -> None:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    Server(
        {
            "bind": bind,
            "workers": workers,
            "worker_class": "gthread",
            "threads": THREADS_PER_WORKER,
            "accesslog": None,
            "loglevel": "info",
            "timeout": 60,
            "graceful_timeout": 10,
            "when_ready": announce,
            "post_worker_init": start_reminders,
            "worker_exit": stop_reminders,
        }
    ).run()
