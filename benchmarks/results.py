"""RESULTS.md is written section by section: each benchmark replaces only its own section."""

import platform
import re
from datetime import date
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
HEADER = """# Benchmark results

Measured on the project's development machine (2 shared cores), so absolute numbers are noisy:
each section reports medians, and ratios measured in the same run. Regenerate everything with
`python benchmarks/run.py` (or one section with `python benchmarks/run.py <name>`).
"""


def machine() -> str:
    return f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}"


def write_section(title: str, body: str) -> None:
    """Replace (or append) the '## title' section of RESULTS.md."""
    text = RESULTS.read_text() if RESULTS.exists() else HEADER
    section = (
        f"## {title}\n\n_Measured {date.today().isoformat()} on {machine()}._\n\n{body.strip()}\n"
    )
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section + "\n", text)
    else:
        text = text.rstrip() + "\n\n" + section
    RESULTS.write_text(text.rstrip() + "\n")


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
