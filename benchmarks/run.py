"""Run the benchmarks and write benchmarks/RESULTS.md: `python benchmarks/run.py [name ...]`.

Names: points, sync, reminders, pwa, firstview, memory (default: all, in that order).
"""

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCHES = ["points", "sync", "reminders", "pwa", "firstview", "memory"]


def main(names: list[str]) -> None:
    for name in names or BENCHES:
        if name not in BENCHES:
            raise SystemExit(f"unknown benchmark {name!r}; choose from {', '.join(BENCHES)}")
        print(f"== {name}", flush=True)
        importlib.import_module(f"benchmarks.bench_{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
