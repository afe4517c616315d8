"""The module graph the start page declares (server/shell_page.py), read from real files."""

import re

from server import shell_page


def write(root, name, text):
    path = root / "js" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_static_imports_of_every_form_are_followed_and_dynamic_ones_are_not(tmp_path):
    write(tmp_path, "app.js", "import { a } from './lib/a.js';\nimport './side.js';\n")
    write(
        tmp_path,
        "side.js",
        "import {\n  b,\n  c,\n} from './lib/b.js';\nexport { d } from './d.js';\n",
    )
    write(tmp_path, "lib/a.js", "const later = () => import('../lazy.js');\nexport const a = 1;\n")
    write(tmp_path, "lib/b.js", "import { a } from './a.js'; // imported twice, listed once\n")
    write(tmp_path, "d.js", "export const d = 1; // from './not-an-import.js'\n")
    write(tmp_path, "lazy.js", "export const lazy = 1;\n")
    graph = shell_page.module_graph(tmp_path)
    assert graph["/js/side.js"] == ["/js/lib/b.js", "/js/d.js"]
    assert graph["/js/lib/a.js"] == []
    assert shell_page.closure(graph, ["/js/app.js"]) == [
        "/js/app.js",
        "/js/lib/a.js",
        "/js/side.js",
        "/js/lib/b.js",
        "/js/d.js",
    ]


def test_the_real_start_view_tree_is_declared(app):
    page = shell_page.build(app.config["PWA_DIR"])
    html = page.blob.body.decode()
    graph = shell_page.module_graph(app.config["PWA_DIR"])
    for url in shell_page.closure(graph, [shell_page.ENTRY]):
        assert f'<link rel="modulepreload" href="{url}">' in html
    trees = dict(shell_page.view_trees(app.config["PWA_DIR"], graph))
    assert "/js/views/home.js" in trees["^\\/?$"] and "/js/lib/routines.js" in trees["^\\/?$"]
    assert '<script type="application/json" id="view-trees">' in html
    assert '<link rel="stylesheet"' not in html and "<style>" in html
    assert shell_page.source_hash((app.config["PWA_DIR"] / "css/app.css").read_text()) in page.csp


def test_the_start_page_carries_the_first_open_welcome_and_allows_only_its_own_script(app):
    page = shell_page.build(app.config["PWA_DIR"])
    html = page.blob.body.decode()
    main = html[html.index('<main id="main"') : html.index("</main>")]
    assert '<div class="view" id="prerendered">' in main and "Welcome: three steps" in main
    [script] = shell_page.INLINE_SCRIPT.findall(html)
    assert shell_page.source_hash(script) in page.csp
    assert "'unsafe-inline'" not in page.csp


def test_every_route_of_the_router_has_its_view_tree(app):
    """Read from router.js: a route the pattern missed would load its view in a waterfall."""
    router = (app.config["PWA_DIR"] / "js/router.js").read_text()
    views = re.findall(r"'([a-z-]+)'\],\n", router)
    graph = shell_page.module_graph(app.config["PWA_DIR"])
    trees = shell_page.view_trees(app.config["PWA_DIR"], graph)
    assert len(views) == 18 and [tree[0] for _, tree in trees] == [
        f"/js/views/{v}.js" for v in views
    ]
