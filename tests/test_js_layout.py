"""The front end's shape, read with a real JavaScript parser (tree-sitter): short functions,
small files, an import graph without cycles, and views that leave requests to the domain
modules in pwa/js/lib/ (only lib/api.js talks to the server)."""

from functools import cache
from pathlib import Path

import pytest
import tree_sitter_javascript
from tree_sitter import Language, Node, Parser

PWA = Path(__file__).resolve().parent.parent / "pwa"
VIEWS = PWA / "js" / "views"
API_CLIENT = PWA / "js" / "lib" / "api.js"
MAX_FUNCTION_LINES = 40
MAX_FILE_LINES = 300
FUNCTION_NODES = {
    "function_declaration",
    "function_expression",
    "generator_function_declaration",
    "generator_function",
    "arrow_function",
    "method_definition",
}


@cache
def parser() -> Parser:
    return Parser(Language(tree_sitter_javascript.language()))


def parse(source: str) -> Node:
    root = parser().parse(source.encode()).root_node
    assert not root.has_error, "the parser could not read the source"
    return root


def walk(node: Node):
    yield node
    for child in node.children:
        yield from walk(child)


def long_functions(root: Node, limit: int = MAX_FUNCTION_LINES) -> list[tuple[int, int]]:
    """(first line, line count) of every function that spans more than `limit` lines."""
    spans = [
        (n.start_point.row + 1, n.end_point.row - n.start_point.row + 1)
        for n in walk(root)
        if n.type in FUNCTION_NODES
    ]
    return [(line, length) for line, length in spans if length > limit]


def string_value(node: Node | None) -> str | None:
    if node is None or node.type != "string":
        return None
    return node.text.decode()[1:-1]


def static_imports(root: Node) -> list[str]:
    """What `import … from` and `export … from` name: the graph the browser loads up front."""
    found = []
    for node in root.children:
        if node.type in ("import_statement", "export_statement"):
            source = string_value(node.child_by_field_name("source"))
            if source is not None:
                found.append(source)
    return found


def dynamic_imports(root: Node) -> list[str]:
    """Literal `import('…')` calls (loaded later, so not part of the cycle check)."""
    found = []
    for node in walk(root):
        if node.type == "call_expression" and node.child_by_field_name("function").type == "import":
            arguments = node.child_by_field_name("arguments").named_children
            if arguments and (source := string_value(arguments[0])) is not None:
                found.append(source)
    return found


def calls_fetch(root: Node) -> bool:
    """A call of `fetch(…)`, bare or as `window.fetch` / `self.fetch` / `globalThis.fetch`."""
    for node in walk(root):
        if node.type != "call_expression":
            continue
        callee = node.child_by_field_name("function")
        if callee.type == "identifier" and callee.text == b"fetch":
            return True
        if (
            callee.type == "member_expression"
            and callee.child_by_field_name("property").text == b"fetch"
        ):
            return True
    return False


def resolve(importer: Path, specifier: str) -> Path:
    base = PWA if specifier.startswith("/") else importer.parent
    return (base / specifier.lstrip("/")).resolve()


def find_cycle(graph: dict) -> list | None:
    """One cycle in a directed graph (as a path that ends where it starts), or None."""
    done, on_path, path = set(), set(), []

    def visit(node):
        if node in on_path:
            return path[path.index(node) :] + [node]
        if node in done:
            return None
        on_path.add(node)
        path.append(node)
        for target in graph.get(node, ()):
            if cycle := visit(target):
                return cycle
        on_path.discard(node)
        path.pop()
        done.add(node)
        return None

    for start in sorted(graph):
        if cycle := visit(start):
            return cycle
    return None


def modules() -> list[Path]:
    return sorted(PWA.rglob("*.js"))


@cache
def tree(path: Path) -> Node:
    return parse(path.read_text(encoding="utf-8"))


def rel(path: Path) -> str:
    return str(path.relative_to(PWA))


@pytest.mark.parametrize("path", modules(), ids=rel)
def test_no_long_function(path):
    assert long_functions(tree(path)) == [], f"{rel(path)}: (line, length) over 40 lines"


@pytest.mark.parametrize("path", modules(), ids=rel)
def test_no_long_file(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_FILE_LINES, f"{rel(path)} has {lines} lines"


def test_static_import_graph_has_no_cycle():
    graph = {rel(p): [rel(resolve(p, s)) for s in static_imports(tree(p))] for p in modules()}
    missing = {t for targets in graph.values() for t in targets if not (PWA / t).is_file()}
    assert not missing, f"imports of files that do not exist: {missing}"
    assert find_cycle(graph) is None, " → ".join(find_cycle(graph))


@pytest.mark.parametrize("path", sorted(VIEWS.rglob("*.js")), ids=rel)
def test_views_leave_requests_to_domain_modules(path):
    root = tree(path)
    assert not calls_fetch(root), f"{rel(path)} calls fetch(): move the request into a lib/ module"
    imported = {resolve(path, s) for s in static_imports(root) + dynamic_imports(root)}
    assert API_CLIENT not in imported, f"{rel(path)} imports lib/api.js: ask a domain module"


@pytest.mark.parametrize("path", sorted((PWA / "js" / "lib").rglob("*.js")), ids=rel)
def test_lib_modules_import_only_lib(path):
    """The arrows run one way: views use lib/, lib/ never reaches up to a view or the router."""
    lib = PWA / "js" / "lib"
    root = tree(path)
    outside = [
        s
        for s in static_imports(root) + dynamic_imports(root)
        if lib not in resolve(path, s).parents
    ]
    assert outside == [], f"{rel(path)} imports outside lib/"


def test_the_checks_can_fail():
    """Synthetic sources: a 41-line function, a cycle, a fetch and an API import are caught."""
    body = "\n".join(f"  step({i});" for i in range(39))  # with its two brace lines: 41
    assert long_functions(parse(f"function long() {{\n{body}\n}}")) == [(1, 41)]
    short = body.rsplit("\n", 1)[0]
    assert long_functions(parse(f"const f = async () => {{\n{short}\n}};")) == []
    method = f"class A {{\n  run() {{\n{body}\n  }}\n}}"
    assert long_functions(parse(method)) == [(2, 41)]
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": ["b"], "b": ["c"], "c": []}) is None
    view = parse(
        "import { api } from '../lib/api.js';\nexport const go = () => window.fetch('/x');"
    )
    assert static_imports(view) == ["../lib/api.js"] and calls_fetch(view)
    lazy = parse("async function f() { const m = await import('../lib/api.js'); }")
    assert dynamic_imports(lazy) == ["../lib/api.js"] and not calls_fetch(lazy)
