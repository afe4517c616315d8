"""Point search: which points a region and a few words find (accents and case ignored)."""

import unicodedata

# The same fields, folded the same way, as the phone's own search (pwa/js/lib/point-search.js,
# which works offline); tests/test_content.py keeps the two lists equal.
SEARCH_FIELDS = ("code", "pinyin", "hanzi", "english", "summary", "tip", "meridian", "uses")


def fold(text: str) -> str:
    """Lower case without accents, so 'shenshu' finds Shènshū."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search_text(point: dict) -> str:
    return fold(" ".join(point[field] for field in SEARCH_FIELDS))


def matching(points: dict[str, dict], region: str | None, query: str | None) -> list[dict]:
    words = fold(query or "").split()
    return [
        p
        for p in points.values()
        if (region is None or p["region"] == region) and all(w in search_text(p) for w in words)
    ]
