"""Which routine a reminder suggests: a preset from the content, or the account's own custom
routine (asked of the journal); a schedule without one suggests the first preset."""

from server.journal import queries
from server.points import content


def presets() -> dict[str, dict]:
    return content.current().routines


def find_routine(account_id: int, routine_id: str) -> dict | None:
    """The routine as {"id", "title", "steps", "rest_seconds", ...}, or None if unknown."""
    if routine_id in presets():
        return presets()[routine_id]
    return queries.custom_routine(account_id, routine_id)


def suggested_routine(account_id: int, routine_id: str | None) -> dict | None:
    """The schedule's routine, falling back to the first preset when none is set or it is gone."""
    chosen = find_routine(account_id, routine_id) if routine_id else None
    return chosen or next(iter(presets().values()), None)
