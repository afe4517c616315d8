"""The start page as served: index.html with its stylesheet inlined and the module graph declared.

Without a bundler, each ES module is found only when the one importing it has arrived: one round
trip per level of the import tree. Here the server reads the static imports of every module under
js/ once (re-read when a file changes) and writes into the page:
- `<link rel="modulepreload">` for everything the entry module imports statically (and a `Link`
  header with the same, for proxies that send early hints);
- each route's view and its whole static tree (`#view-trees`, the routes read from router.js),
  which the page's inline script preloads for the address it was opened at, since only the
  browser knows the `#/…` part: so the view's modules load in parallel right after the HTML;
- the graph itself as a JSON data block (`#module-graph`), which the router reads to preload a
  view's whole tree at once before it imports the view on a later navigation;
- app.css inline in a `<style>` whose hash goes into the page's Content-Security-Policy, so no
  stylesheet request blocks the first paint;
- Home's first-open welcome (index.html's `<template id="first-open">`) copied into `<main>`,
  which the page's one inline script (allowed by its hash) shows on a first open: a new visitor
  sees the start view with the HTML, before any module or content request has arrived.
Dynamic `import()` is not followed: what a view imports that way it loads on purpose, later.
"""

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from server.http import Blob
from server.security import CONTENT_SECURITY_POLICY

ENTRY = "/js/app.js"
ROUTER = "js/router.js"
# A line of router.js's ROUTES: `['tab', /pattern/, 'view'],`.
ROUTE = re.compile(r"^\s*\[\s*'[a-z]+',\s*/(.+)/,\s*'([a-z-]+)'\s*\],?\s*$", re.MULTILINE)
STYLESHEET = "css/app.css"
STYLESHEET_LINK = f'<link rel="stylesheet" href="/{STYLESHEET}">'
PRELOAD_MARK = "<!-- modulepreload -->"
FIRST_OPEN_MARK = "<!-- first-open -->"
FIRST_OPEN = re.compile(r'<template id="first-open">(.*?)</template>', re.DOTALL)
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
# `import … from './x.js'`, `import './x.js'`, `export … from './x.js'` at the start of a line;
# not `import('./x.js')`, which is lazy on purpose.
STATIC_IMPORT = re.compile(
    r"^(?:import(?!\s*\()|export)\b[^;'\"]*?['\"](\.{1,2}/[^'\"]+\.js)['\"]", re.MULTILINE
)


@dataclass(frozen=True)
class ShellPage:
    blob: Blob
    csp: str
    link: str


def module_graph(pwa_dir: Path) -> dict[str, list[str]]:
    """Each module's URL → the URLs it imports statically, in source order."""
    graph = {}
    for path in sorted((pwa_dir / "js").rglob("*.js")):
        url = "/" + path.relative_to(pwa_dir).as_posix()
        base = path.parent
        graph[url] = [
            "/" + (base / spec).resolve().relative_to(pwa_dir.resolve()).as_posix()
            for spec in STATIC_IMPORT.findall(path.read_text())
        ]
    return graph


def closure(graph: dict[str, list[str]], roots: list[str]) -> list[str]:
    """Every module reachable from roots by static imports, roots first, each once."""
    seen: dict[str, None] = {}
    todo = list(roots)
    while todo:
        url = todo.pop(0)
        if url in seen or url not in graph:
            continue
        seen[url] = None
        todo.extend(graph[url])
    return list(seen)


def view_trees(pwa_dir: Path, graph: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    """(route pattern, the view's modules beyond the entry's tree) for each route, in order."""
    entry = set(closure(graph, [ENTRY]))
    routes = ROUTE.findall((pwa_dir / ROUTER).read_text())
    return [
        (pattern, [url for url in closure(graph, [f"/js/views/{view}.js"]) if url not in entry])
        for pattern, view in routes
    ]


def json_block(element_id: str, value) -> str:
    data = json.dumps(value, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{data}</script>'


def source_hash(text: str) -> str:
    """The CSP source that allows exactly this inline style or script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def with_first_open(html: str) -> str:
    """The first-open welcome, hidden until the page's inline script says this is one."""
    welcome = FIRST_OPEN.search(html).group(1)
    return html.replace(FIRST_OPEN_MARK, f'<div class="view" id="prerendered">{welcome}</div>')


def policy(css: str, html: str) -> str:
    styles = f"style-src 'self' {source_hash(css)}"
    scripts = " ".join(["script-src 'self'", *map(source_hash, INLINE_SCRIPT.findall(html))])
    return CONTENT_SECURITY_POLICY.replace("style-src 'self'", styles).replace(
        "script-src 'self'", scripts
    )


def build(pwa_dir: Path) -> ShellPage:
    html = (pwa_dir / "index.html").read_text()
    css = (pwa_dir / STYLESHEET).read_text()
    graph = module_graph(pwa_dir)
    preload = closure(graph, [ENTRY])
    links = "\n".join(f'<link rel="modulepreload" href="{url}">' for url in preload)
    blocks = [
        json_block("module-graph", graph),
        json_block("view-trees", view_trees(pwa_dir, graph)),
    ]
    declared = "\n".join([links, *blocks])
    html = html.replace(STYLESHEET_LINK, f"<style>{css}</style>").replace(PRELOAD_MARK, declared)
    html = with_first_open(html)
    csp = policy(css, html)
    link = ", ".join(f"<{url}>; rel=modulepreload" for url in preload)
    return ShellPage(Blob(html.encode(), "text/html"), csp, link)
