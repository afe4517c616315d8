"""The app's own data as the WebKit journeys read and seed it: its IndexedDB (records, meta), and
the service worker and sync states that say offline works or the journal reached the server."""

import json

IDB = """const [store, mode, action, value] = arguments;
return new Promise((resolve, reject) => {
  const open = indexedDB.open('acupress');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    const tx = db.transaction([store], mode);
    const objects = tx.objectStore(store);
    const request = action === 'put' ? objects.put(value) : objects.getAll();
    tx.oncomplete = () => { db.close(); resolve(request.result); };
    tx.onerror = () => reject(tx.error);
  };
});"""


# What the page knows of its service worker, for a wait that timed out.
WORKER_STATE = """return navigator.serviceWorker.getRegistrations().then(async (found) => ({
  controller: Boolean(navigator.serviceWorker.controller),
  registrations: found.map((r) => ({ active: r.active?.state, installing: r.installing?.state,
    waiting: r.waiting?.state })),
  caches: await caches.keys(),
  status: document.getElementById('sync-status')?.dataset.status ?? null,
  errors: window.acupressErrors,
}))"""


class AppData:
    """Mixed into pages.App, which provides `js` and `page`."""

    def idb_all(self, store: str) -> list:
        return self.js(IDB, store, "readonly", "getAll", None)

    def idb_put(self, store: str, value: dict) -> None:
        self.js(IDB, store, "readwrite", "put", value)

    def set_meta(self, key: str, value) -> None:
        self.idb_put("meta", {"key": key, "value": json.loads(json.dumps(value))})

    def meta(self, key: str):
        rows = [r["value"] for r in self.idb_all("meta") if r["key"] == key]
        return rows[0] if rows else None

    def records(self, kind: str) -> list[dict]:
        return [r for r in self.idb_all("records") if r["kind"] == kind and not r["deleted"]]

    def save_routine(self, routine_id: str, routine: dict) -> None:
        """A custom routine, saved the way the editor saves one (lib/journal.js saveRecord)."""
        self.js(
            "return import('/js/lib/journal.js')"
            ".then((m) => m.saveRecord('routine', arguments[0], arguments[1]))",
            routine_id,
            routine,
        )

    def wait_offline_ready(self, timeout: float = 45.0) -> None:
        """The service worker controls the page and holds its precache: offline works now."""
        try:
            self.page.wait(
                "return navigator.serviceWorker.controller !== null && caches.keys()"
                ".then((names) => names.some((n) => n.startsWith('acupress-shell-')))",
                timeout=timeout,
            )
        except AssertionError as error:
            raise AssertionError(f"{error}; the page then: {self.page.js(WORKER_STATE)}") from None

    def wait_synced(self, timeout: float = 30.0) -> None:
        from tests.webkit.pages import SYNC_STATUS  # selectors live there (which imports this)

        self.page.wait(
            "return document.querySelector(arguments[0])?.dataset.state === 'synced'",
            SYNC_STATUS,
            timeout=timeout,
        )
