"""The journal on one device: add, edit a note, delete, export (offline) and import again."""

import json

import pytest

from tests.browser.conftest import idb_all, open_app, wait_until_offline_ready

pytestmark = pytest.mark.browser


def live_entries(page) -> list[dict]:
    records = idb_all(page, "records")
    return [r for r in records if r["kind"] in ("pain", "session") and not r["deleted"]]


def add_pain(page, server, level: int, note: str) -> None:
    page.goto(server.url + "/#/log")
    page.locator(f'.scale-options input[value="{level}"]').check(force=True)
    page.get_by_label("Where").select_option("neck")
    page.get_by_label("Note").fill(note)
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("#entries li.card")


def test_add_edit_delete_export_and_import(page, live_server, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())
    open_app(page, live_server)
    wait_until_offline_ready(page)
    page.context.set_offline(True)  # all of it works without a connection
    add_pain(page, live_server, 7, "woke up stiff")
    add_pain(page, live_server, 3, 'after stretching, "much" better')
    assert len(live_entries(page)) == 2

    card = page.locator("#entries li.card", has_text="woke up stiff")
    card.get_by_role("button", name="Edit note").click()
    page.get_by_label("Note", exact=True).fill("woke up stiff; eased by noon")
    page.get_by_role("button", name="Save note").click()
    page.wait_for_selector("text=eased by noon")
    notes = sorted(r["data"]["note"] for r in live_entries(page))
    assert notes == ['after stretching, "much" better', "woke up stiff; eased by noon"]

    with page.expect_download() as csv_download:
        page.get_by_role("button", name="Download CSV").click()
    csv_download.value.save_as(tmp_path / "j.csv")
    csv_text = (tmp_path / "j.csv").read_text()
    assert csv_text.splitlines()[0].startswith("id,kind,date,time")
    assert '"after stretching, ""much"" better"' in csv_text
    assert len(csv_text.strip().splitlines()) == 3
    with page.expect_download() as json_download:
        page.get_by_role("button", name="Download JSON").click()
    json_download.value.save_as(tmp_path / "j.json")
    exported = json.loads((tmp_path / "j.json").read_text())
    assert exported["format"] == "acupress-journal" and len(exported["records"]) == 2

    second = page.locator("#entries li.card", has_text="after stretching")
    second.get_by_role("button", name="Delete").click()
    page.wait_for_function("() => document.querySelectorAll('#entries li.card').length === 1")

    page.get_by_label("Import a JSON export").set_input_files(tmp_path / "j.json")
    page.wait_for_selector("text=Imported 1 entries; 1 were already here.")
    page.get_by_label("Import a JSON export").set_input_files(tmp_path / "j.json")
    page.wait_for_selector("text=Imported 0 entries; 2 were already here.")
    page.wait_for_function("() => document.querySelectorAll('#entries li.card').length === 2")
    assert len(live_entries(page)) == 2


def test_notes_are_shown_as_text_never_as_markup(page, live_server):
    hostile = '<img src=x onerror="window.pwned=1"><b>bold</b>'
    open_app(page, live_server)
    add_pain(page, live_server, 4, hostile)
    card = page.locator("#entries li.card").first
    assert hostile in card.inner_text()
    assert card.locator("img, b").count() == 0
    assert page.evaluate("() => window.pwned") is None
