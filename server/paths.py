"""Where the front end and the content live, installed or in a checkout."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """`pwa` or `data`: in a wheel they sit in server/_bundle, in a checkout beside server/."""
    installed = _PACKAGE / "_bundle" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name
