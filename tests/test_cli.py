"""The `acupress` command: help, check-data, feedback, and serve as a real subprocess."""

import json
import re
import subprocess
import sys
import sysconfig
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, free_port
from tests.servers import ACUPRESS, ServerProcess


def test_help_lists_the_commands(cli):
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("serve", "check-data", "feedback"):
        assert command in result.output


def test_check_data_accepts_the_content(cli):
    result = cli("check-data")
    assert result.exit_code == 0
    assert re.search(r"Content is valid: \d+ points, \d+ routines, \d+ evidence", result.output)


def test_feedback_counts_per_point(client, cli, app_config):
    assert (
        client.post("/api/feedback", json={"hard_to_find": ["BL23", "BL23", "GV4"]}).status_code
        == 202
    )
    assert client.post("/api/feedback", json={"hard_to_find": ["BL23"]}).json == {"accepted": 1}
    env = {"ACUPRESS_INSTANCE_PATH": app_config["INSTANCE_PATH"]}
    if "DATABASE_URL" in app_config:
        env["ACUPRESS_DATABASE_URL"] = app_config["DATABASE_URL"]
    output = cli("feedback", env=env).output
    assert re.search(r"BL23\s+3", output) and re.search(r"GV4\s+1", output)
    assert "4 reports on 2 points" in output


@pytest.mark.parametrize(
    "body",
    [
        {"hard_to_find": ["NOPE1"]},
        {"hard_to_find": []},
        {"hard_to_find": "BL23"},
        {"hard_to_find": ["BL23"], "device": "x"},
        {"hard_to_find": ["BL23"] * 51},
    ],
)
def test_feedback_rejects_bad_reports(client, body):
    response = client.post("/api/feedback", json=body)
    assert response.status_code == 400
    assert response.json["error"]["code"] in ("invalid", "unknown_point")


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, json.loads(response.read())


def test_serve_answers_real_http(tmp_path):
    assert Path(ACUPRESS).exists(), f"the acupress script is not installed at {ACUPRESS}"
    server = ServerProcess(tmp_path / "instance", free_port()).start()
    try:
        assert f"running at {server.url}/" in "".join(server.output)
        status, body = get_json(server.url + "/api/points")
        assert status == 200 and len(body["points"]) >= 2
        assert (tmp_path / "instance" / "acupress.db").exists()
    finally:
        server.stop()


def lend_dependencies(python: Path) -> None:
    """Let a new venv import the dependencies installed where the tests run (a venv or not),
    without downloading them again: a .pth file names those folders. Folders named by a .pth
    are not scanned for .pth files themselves, so the runner's editable `server` stays out."""
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    folders = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (Path(site) / "acupress-test-deps.pth").write_text("\n".join(folders) + "\n")


@pytest.mark.slow
def test_pip_install_into_a_fresh_virtualenv(tmp_path):
    """`pip install .` (not editable) carries pwa/ and data/; serve works from another directory."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    lend_dependencies(python)
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--force-reinstall",
            str(ROOT),
        ],
        check=True,
        cwd=tmp_path,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import server; print(server.__file__)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(venv)), f"the installed copy must be used, not {where}"
    command = [str(venv / "bin" / "acupress")]
    server = ServerProcess(tmp_path / "instance", free_port(), command=command).start(elsewhere)
    try:
        status, body = get_json(server.url + "/api/points")
        assert status == 200 and body["points"]
        with urllib.request.urlopen(server.url + "/", timeout=10) as response:
            assert b"<title>Acupress</title>" in response.read()
        with urllib.request.urlopen(server.url + "/sw.js", timeout=10) as response:
            assert b"const BUILD = {" in response.read()
    finally:
        server.stop()


def test_version_names_the_package(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert re.fullmatch(r"acupress \d+\.\d+\.\d+\S*\n", result.output)


def test_db_current_says_plainly_when_there_is_no_schema(cli, tmp_path):
    env = {"ACUPRESS_INSTANCE_PATH": str(tmp_path / "fresh"), "ACUPRESS_DATABASE_URL": ""}
    assert "has no schema yet" in cli("db", "current", env=env).output
    cli("db", "upgrade", env=env)
    assert re.search(r"at revision \w+, the newest", cli("db", "current", env=env).output)


@pytest.mark.parametrize("key", ["port", "PORT", "Port"])
def test_instance_file_keys_in_any_case(tmp_path, key, monkeypatch):
    from server import create_app

    monkeypatch.delenv("ACUPRESS_PORT", raising=False)
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "acupress.toml").write_text(
        f"{key} = 8123\nvapid_subject = 'mailto:a@b.example.org'\n"
    )
    app = create_app({"INSTANCE_PATH": str(instance)})
    assert app.config["PORT"] == 8123
    assert app.config["VAPID_SUBJECT"] == "mailto:a@b.example.org"
