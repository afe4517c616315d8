"""The code's shape: small files, short functions, and imports that run one way.

"Core" is the top-level modules of server/ (errors, db, web, openapi, validation, ...), which
every capability may use; the capabilities are the packages points, accounts, journal and
reminders, layered points, accounts < journal < reminders. The app factory (server/__init__.py)
and the command line (server/cli.py) compose capabilities, so they may import any of them.
"""

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

SERVER = ROOT / "server"
MAX_FILE_LINES = 300
MAX_FUNCTION_LINES = 40
COMPOSERS = {"server", "server.cli"}
# A capability may import those of a lower rank (and core), never one of a higher rank.
RANK = {"points": 0, "accounts": 0, "journal": 1, "reminders": 2}


def python_files() -> list[Path]:
    return sorted(SERVER.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in python_files()}


def capability(module: str) -> str | None:
    """The capability package a module belongs to; None for core and the composers."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else None


def is_core(module: str) -> bool:
    return capability(module) is None and module not in COMPOSERS and ".migrations" not in module


def imported(module: str, tree: ast.AST) -> set[str]:
    """The server modules `module` imports, at the top or inside functions."""
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            # `from server.x import y` imports the module server.x.y when there is one.
            found |= {
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            }
    return {name for name in found if name in MODULES and name != module}


GRAPH = {name: imported(name, ast.parse(path.read_text())) for name, path in MODULES.items()}


def owner(module: str) -> str:
    """The node a module counts as in the package graph: its capability, or itself for core."""
    found = capability(module)
    return f"server.{found}" if found else module


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path, or None."""
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return path[path.index(target) :] + [target] if target in path else [node, target]
            if target not in state:
                found = visit(target, path + [target])
                if found:
                    return found
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start, [start])
            if found:
                return found
    return None


@pytest.mark.parametrize(
    "path",
    [*python_files(), *sorted((ROOT / "pwa").rglob("*.js"))],
    ids=lambda path: path.relative_to(ROOT).as_posix(),
)
def test_no_file_is_over_300_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_FILE_LINES, f"{path.relative_to(ROOT)} has {lines} lines"


def test_no_python_function_is_over_40_lines():
    long = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    long.append(f"{where} {node.name} ({length} lines)")
    assert long == []


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_every_module_says_what_it_owns(module):
    source = MODULES[module].read_text()
    assert not source.strip() or ast.get_docstring(ast.parse(source)), f"{module}: no docstring"


def test_modules_import_each_other_without_a_cycle():
    assert cycle_in(GRAPH) is None


def test_capabilities_and_core_import_each_other_without_a_cycle():
    packages: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        packages.setdefault(owner(module), set()).update(
            owner(target) for target in targets if owner(target) != owner(module)
        )
    assert cycle_in(packages) is None


def test_core_never_imports_a_capability():
    wrong = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        if is_core(module)
        for target in targets
        if capability(target)
    ]
    assert wrong == []


def test_a_capability_never_imports_a_higher_one():
    wrong = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        if capability(module)
        for target in targets
        if capability(target) and RANK[capability(target)] > RANK[capability(module)]
    ]
    assert wrong == []


def test_the_checks_see_the_imports():
    """The graph must be real for the tests above to mean anything."""
    assert "server.db" in GRAPH["server.reminders.models"]
    assert any(capability(target) == "accounts" for target in GRAPH["server.journal.sync"])
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) is not None
