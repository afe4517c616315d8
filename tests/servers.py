"""`acupress serve` as a real subprocess: start, wait for its URL, SIGKILL, restart."""

import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

# The `acupress` script of the Python running the tests (its venv's bin/), activated or not.
ACUPRESS = str(Path(sys.executable).with_name("acupress"))


class ServerProcess:
    """One `acupress serve` on a fixed port; kill() is SIGKILL to the whole process group."""

    def __init__(self, instance: Path, port: int, env: dict | None = None, command=None, args=()):
        self.instance, self.port, self.args = instance, port, list(args)
        self.command = command or [ACUPRESS]
        self.env = {**os.environ, "ACUPRESS_INSTANCE_PATH": str(instance), **(env or {})}
        if "ACUPRESS_DATABASE_URL" not in (env or {}):
            self.env.pop("ACUPRESS_DATABASE_URL", None)
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None
        self.output: list[str] = []

    def start(self, cwd: Path | None = None) -> "ServerProcess":
        self.process = subprocess.Popen(
            [*self.command, "serve", "--port", str(self.port), *self.args],
            cwd=cwd or self.instance.parent,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        for line in self.process.stdout:
            self.output.append(line)
            if re.search(r"running at http://", line):
                threading.Thread(target=self._drain, args=(self.process,), daemon=True).start()
                return self
        raise AssertionError("server exited without printing its URL:\n" + "".join(self.output))

    def _drain(self, process) -> None:
        for line in process.stdout:
            self.output.append(line)

    def kill(self) -> None:
        """SIGKILL the server and its workers at once: no cleanup, no graceful shutdown."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.process.stdout.close()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process.stdout.close()
