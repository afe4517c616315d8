"""The figures in data/illustrations and the point markers placed on them (data/points.json)."""

import itertools
import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "data" / "illustrations"
SVG = "{http://www.w3.org/2000/svg}"
CONTENT = json.loads((ROOT / "data" / "points.json").read_text("utf-8"))
POINTS = {p["code"]: p for p in CONTENT["points"]}
FIGURE_IDS = sorted(path.stem for path in FIGURES.glob("*.svg"))
# Bilateral points drawn on both sides of a figure seen from behind: the person's right is the
# viewer's right, and "also" holds the mirror site on the left.
MIRRORED = [
    "BL23",
    "BL25",
    "BL52",
    "BL54",
    "GB30",
    "SI14",
    "SI15",
    "TE15",
    "SI11",
    "GB21",
    "EX-B2",
    "GB20",
    "BL10",
]
ALLOWED_PAINT = {"none", "currentColor"}


def parse(figure: str) -> ET.Element:
    return ET.parse(FIGURES / f"{figure}.svg").getroot()


def view_box(figure: str) -> tuple[float, float]:
    min_x, min_y, width, height = map(float, parse(figure).get("viewBox").split())
    assert (min_x, min_y) == (0, 0)
    return width, height


def marker_radius(figure: str) -> float:
    """The dot radius the app draws (pwa/js/lib/figure.js): the longer side / 80."""
    return max(view_box(figure)) / 80


def sites(point: dict) -> list[tuple[float, float]]:
    return [(point["x"], point["y"])] + [(s["x"], s["y"]) for s in point.get("also", [])]


def on_figure(figure: str) -> list[dict]:
    return [p for p in POINTS.values() if p["figure"] == figure]


def test_every_point_has_its_figure():
    missing = {code: p["figure"] for code, p in POINTS.items() if p["figure"] not in FIGURE_IDS}
    assert not missing
    assert {p["figure"] for p in POINTS.values()} == set(FIGURE_IDS), "no figure without points"


@pytest.mark.parametrize("figure", FIGURE_IDS)
def test_figure_is_clean_accessible_svg(figure):
    root = parse(figure)
    assert root.tag == f"{SVG}svg"
    width, height = view_box(figure)
    assert width > 0 and height > 0
    assert "width" not in root.attrib and "height" not in root.attrib
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{figure}-title"
    title = root.find(f"{SVG}title")
    assert title is not None and title.get("id") == f"{figure}-title"
    assert len(title.text.strip()) > 20, "the title says what is shown"
    assert (FIGURES / f"{figure}.svg").stat().st_size < 12_000


@pytest.mark.parametrize("figure", FIGURE_IDS)
def test_figure_obeys_the_content_security_policy_and_theme(figure):
    """No inline styles or scripts, no editor leftovers, only currentColor (so dark mode works)."""
    for element in parse(figure).iter():
        tag = element.tag.removeprefix(SVG)
        assert element.tag.startswith(SVG), f"foreign element {element.tag}"
        assert tag not in {"style", "script", "metadata", "foreignObject", "image", "use"}
        assert "style" not in element.attrib
        for name, value in element.attrib.items():
            assert not name.startswith("{"), f"namespaced attribute {name} on <{tag}>"
            assert not name.startswith("on"), f"event handler {name} on <{tag}>"
            if name in {"fill", "stroke"}:
                assert value in ALLOWED_PAINT, f"<{tag} {name}={value!r}>"


@pytest.mark.parametrize("figure", FIGURE_IDS)
def test_figure_has_a_body_silhouette_and_an_outline(figure):
    ids = {el.get("id") for el in parse(figure).iter() if el.get("id")}
    assert {"body", "outline", "figure"} <= ids


@pytest.mark.parametrize("code", sorted(POINTS))
def test_markers_lie_inside_the_figure(code):
    point = POINTS[code]
    width, height = view_box(point["figure"])
    margin = marker_radius(point["figure"])
    for x, y in sites(point):
        assert margin <= x <= width - margin and margin <= y <= height - margin, (code, x, y)


@pytest.mark.parametrize("figure", FIGURE_IDS)
def test_markers_do_not_overlap(figure):
    placed = [(p["code"], site) for p in on_figure(figure) for site in sites(p)]
    least = max(12, 2 * marker_radius(figure))
    for (code_a, a), (code_b, b) in itertools.combinations(placed, 2):
        apart = math.dist(a, b)
        assert apart >= least, f"{code_a} and {code_b} on {figure} are {apart:.1f} apart"


@pytest.mark.parametrize("code", MIRRORED)
def test_bilateral_sites_mirror_about_the_midline(code):
    point = POINTS[code]
    width, _ = view_box(point["figure"])
    assert point["x"] > width / 2, "the main site is on the person's right (the viewer's right)"
    mirror = (pytest.approx(width - point["x"]), point["y"])
    assert [(s["x"], s["y"]) for s in point["also"]] == [mirror]


def test_only_bilateral_and_two_site_points_have_more_sites():
    with_more = {code for code, p in POINTS.items() if p.get("also")}
    assert with_more == set(MIRRORED) | {"EX-UE7"}
    assert len(POINTS["EX-UE7"]["also"]) == 1


def offset(code: str) -> float:
    """Distance from the midline of the back figure."""
    return abs(POINTS[code]["x"] - view_box("back")[0] / 2)


def y(code: str) -> float:
    return POINTS[code]["y"]


def test_back_points_keep_the_who_proportions():
    # midline points and their levels: GV4 below L2, GV3 below L4, EX-B2 (L3) between them
    assert offset("GV4") == offset("GV3") == 0
    assert y("GV4") < y("EX-B2") < y("GV3")
    assert abs(y("BL23") - y("GV4")) <= 6 and y("BL52") == y("BL23")
    assert abs(y("BL25") - y("GV3")) <= 6
    # 0.5, 1.5, 2 and 3 B-cun lateral
    cun = offset("BL23") / 1.5
    # EX-B2 lies 0.5 B-cun out; its marker is drawn just far enough out that the dot (radius
    # 660/80, 1-unit outline) clears the lumbar spinous processes (4 units either side), which the
    # text says never to press (issue #13).
    assert 0.5 * cun <= offset("EX-B2") <= 0.5 * cun + 5
    assert offset("EX-B2") - marker_radius("back") - 1 >= 4
    assert offset("BL25") == pytest.approx(1.5 * cun)
    assert offset("SI15") == pytest.approx(2 * cun)
    for code in ("BL52", "BL54", "SI14"):
        assert offset(code) == pytest.approx(3 * cun), code
    # C7 above T1; the scapular points above the waist; buttock points below the sacrum's top
    assert y("SI15") < y("SI14") < y("SI11") < y("BL23")
    assert y("GB21") < y("SI15") and y("TE15") < y("SI11")
    assert y("GV3") < y("BL54") < y("GB30") and offset("GB30") > offset("BL54")


def test_leg_back_keeps_the_proportional_cun():
    fold, crease, ankle = y("BL36"), y("BL40"), y("BL60")
    assert (crease - fold) / (ankle - crease) == pytest.approx(14 / 16, rel=0.03)
    assert POINTS["BL36"]["x"] == POINTS["BL40"]["x"] == POINTS["BL57"]["x"]
    assert crease < y("BL57") < ankle
    # a right leg from behind: the medial malleolus (KI3) is on the left and sits higher
    assert POINTS["KI3"]["x"] < POINTS["BL57"]["x"] < POINTS["BL60"]["x"]
    assert y("KI3") < y("BL60")


def test_outer_leg_order_from_knee_to_ankle():
    assert y("GB34") < y("ST36") < y("BL62")
    assert POINTS["ST36"]["x"] > POINTS["GB34"]["x"], "ST36 is in front of GB34 (toes to the right)"


def test_hand_points_sit_where_the_metacarpals_say():
    ex_ue7 = sites(POINTS["EX-UE7"])
    assert ex_ue7[0][1] == ex_ue7[1][1], "both EX-UE7 sites at the same level"
    # right hand from the back, thumb on the left: LI4 radial, SI3 on the ulnar edge
    radial, ulnar = sorted(x for x, _ in ex_ue7)
    assert POINTS["LI4"]["x"] < radial < ulnar < POINTS["SI3"]["x"]
    assert y("SI3") < ex_ue7[0][1], "SI3 is near the knuckles, EX-UE7 nearer the wrist"


INSIDE_BODY = """([figure, sites]) => {
  const host = document.createElement('div');
  host.innerHTML = figure;
  document.body.replaceChildren(host);
  const body = host.querySelector('#body path');
  return sites.map(([x, y]) => body.isPointInFill(new DOMPoint(x, y)));
}"""


@pytest.mark.browser
@pytest.mark.parametrize("figure", FIGURE_IDS)
def test_markers_sit_on_the_body_as_chromium_draws_it(browser, figure):
    page = browser.new_page()
    try:
        placed = [(p["code"], site) for p in on_figure(figure) for site in sites(p)]
        markup = (FIGURES / f"{figure}.svg").read_text("utf-8")
        inside = page.evaluate(INSIDE_BODY, [markup, [list(site) for _, site in placed]])
    finally:
        page.close()
    outside = [(code, site) for (code, site), ok in zip(placed, inside, strict=True) if not ok]
    assert not outside
