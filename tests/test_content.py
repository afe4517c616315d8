"""The content in data/: valid, complete, safe to filter for pregnancy, a safety check that covers
every region's red flags, and refused if broken."""

import json
from pathlib import Path

import pytest

from server import create_app
from server.points import content

DATA = Path(__file__).resolve().parent.parent / "data"
REQUIRED_POINTS = (
    "BL23",
    "BL25",
    "BL52",
    "GV3",
    "GV4",
    "EX-B2",
    "BL54",
    "GB30",
    "SI14",
    "SI15",
    "TE15",
    "SI11",
    "GB21",
    "GB20",
    "BL10",
    "GV26",
    "BL36",
    "BL40",
    "BL57",
    "BL60",
    "KI3",
    "BL62",
    "GB34",
    "ST36",
    "SP6",
    "LR3",
    "LI4",
    "SI3",
    "EX-UE7",
)
PREGNANCY_CAUTIONED = ("LI4", "SP6", "BL60", "GB21")
REQUIRED_ROUTINES = (
    "daily-lower-back",
    "sciatica",
    "upper-back-neck",
    "desk-hands",
    "lower-back-trial-style",
)


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    return content.validate(DATA)


def filled(value) -> bool:
    """Non-empty all the way down: no blank text, empty lists or empty objects."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, dict):
        return bool(value) and all(filled(v) for v in value.values())
    if isinstance(value, list):
        return bool(value) and all(filled(v) for v in value)
    return value is not None


def side_fits(step_side: str, point_sides: str) -> bool:
    """A step presses the point as described, or one side of a point pressed side by side."""
    return step_side == point_sides or (point_sides == "each" and step_side in ("left", "right"))


def duration(routine: dict) -> int:
    """Seconds the player takes: an "each" step runs once per side, with rests between steps."""
    pressing = sum(s["seconds"] * (2 if s["side"] == "each" else 1) for s in routine["steps"])
    return pressing + routine["rest_seconds"] * (len(routine["steps"]) - 1)


@pytest.mark.parametrize("code", REQUIRED_POINTS)
def test_required_point_has_every_field_filled(records, code):
    point = records["points"][code]
    assert [key for key, value in point.items() if not filled(value)] == []


@pytest.mark.parametrize("code", PREGNANCY_CAUTIONED)
def test_commonly_cautioned_points_are_flagged_for_pregnancy(records, code):
    assert records["points"][code]["cautions"]["pregnancy"] is True


def test_required_routines_are_present(records):
    assert set(REQUIRED_ROUTINES) <= set(records["routines"])


def test_routines_name_only_existing_points(records):
    unknown = {
        (rid, step["point"])
        for rid, routine in records["routines"].items()
        for step in routine["steps"]
        if step["point"] not in records["points"]
    }
    assert unknown == set()


def test_routines_keep_two_steps_when_pregnancy_mode_leaves_points_out(records):
    points = records["points"]
    kept = {
        rid: sum(
            points[s["point"]]["cautions"].get("pregnancy_mode") != "leave-out"
            for s in routine["steps"]
        )
        for rid, routine in records["routines"].items()
    }
    assert {rid: n for rid, n in kept.items() if n < 2} == {}


# The recognised red-flag groups each region's check must cover (issue #13; Finucane et al. 2020,
# the IFOMPT cervical framework, NICE CKS): a table the content file is held to.
RED_FLAG_GROUPS = {
    "low-back": {"cauda-equina", "cancer", "infection", "fracture", "inflammatory", "neurological"},
    "neck": {"artery", "brain", "spinal-cord", "trauma", "cancer", "infection"},
    "upper-back": {"chest", "tearing", "cancer", "infection", "fracture"},
}
EMERGENCY_GROUPS = {
    "low-back": {"cauda-equina", "neurological", "fracture"},
    "neck": {"artery", "brain", "spinal-cord", "trauma"},
    "upper-back": {"chest", "tearing"},
}


@pytest.mark.parametrize("region", sorted(RED_FLAG_GROUPS))
def test_each_region_check_asks_about_every_red_flag_group(records, region):
    safety = records["safety"]
    asked = {q["group"] for q in safety["questions"] if region in q["regions"]}
    assert RED_FLAG_GROUPS[region] - asked == set()
    declared = next(r for r in safety["regions"] if r["id"] == region)["groups"]
    assert RED_FLAG_GROUPS[region] <= set(declared)


@pytest.mark.parametrize("region", sorted(EMERGENCY_GROUPS))
def test_the_signs_that_cannot_wait_are_triaged_as_emergencies(records, region):
    questions = [q for q in records["safety"]["questions"] if region in q["regions"]]
    emergency = {q["group"] for q in questions if q["level"] == "emergency"}
    assert EMERGENCY_GROUPS[region] - emergency == set()


def test_every_routine_is_screened_by_some_region(records):
    screened = {f for r in records["safety"]["regions"] for f in r["routine_for"]}
    kinds = {r["for"] for r in records["routines"].values()}
    assert kinds - screened == {"general"}  # general routines take the regions the person checked


def test_fever_and_injury_are_never_left_for_days(records):
    levels = {q["id"]: q["level"] for q in records["safety"]["questions"]}
    assert levels["fever"] == "same-day"
    assert levels["serious-accident"] == levels["neck-injury"] == "emergency"


def test_an_advice_line_is_never_the_emergency_number(records):
    for entry in records["safety"]["emergency_numbers"]:
        assert entry["emergency"] != entry.get("advice", {}).get("number")


def test_every_weight_or_tool_press_carries_the_technique_cautions(records):
    required = {c["id"] for c in records["safety"]["technique_cautions"]}
    assert required >= {"osteoporosis", "blood-thinners", "nerve-symptoms"}
    uncautioned = [
        code
        for code, p in records["points"].items()
        if p["press"]["load"] != "hand" and not required <= set(p["press"].get("cautions", []))
    ]
    assert uncautioned == []


def test_routine_steps_press_each_point_the_way_the_point_describes(records):
    points = records["points"]
    mismatched = [
        (rid, step["point"], step["side"])
        for rid, routine in records["routines"].items()
        for step in routine["steps"]
        if not side_fits(step["side"], points[step["point"]]["press"]["sides"])
    ]
    assert mismatched == []


def test_routines_last_about_five_to_fifteen_minutes(records):
    minutes = {rid: duration(r) / 60 for rid, r in records["routines"].items()}
    assert {rid: m for rid, m in minutes.items() if not 4.5 <= m <= 16} == {}


def test_every_evidence_reference_exists_and_every_entry_is_cited(records):
    safety = records["safety"]
    sentences = [
        *safety["questions"],
        *safety["technique_cautions"],
        *safety["general_cautions"],
        *safety["pregnancy"]["changes"],
    ]
    cited = {
        ref
        for group in ("points", "routines")
        for item in records[group].values()
        for ref in item["evidence"]
    } | {ref for sentence in sentences for ref in sentence["evidence"]}
    assert cited - set(records["evidence"]) == set()
    assert set(records["evidence"]) - cited == set()


def test_extra_points_cite_the_nomenclature_not_the_2008_location_standard(records):
    extra = {code: p["evidence"] for code, p in records["points"].items() if code.startswith("EX-")}
    assert extra and all("who-1991" in refs and "who-2008" not in refs for refs in extra.values())


def test_sciatica_routine_says_it_has_no_direct_trial_evidence(records):
    routine = records["routines"]["sciatica"]
    assert "no direct trial evidence" in routine["evidence_note"]
    assert "below the knee" in routine["evidence_note"] and "murphy-2019" in routine["evidence"]


def test_check_data_accepts_the_bundled_content(cli, records):
    result = cli("check-data")
    assert result.exit_code == 0
    counts = {name: len(items) for name, items in records.items()}
    assert f"{counts['points']} points, {counts['routines']} routines" in result.output
    assert f"{len(records['safety']['questions'])} safety questions" in result.output


def test_api_serves_the_routines_and_points(client, records):
    routines = client.get("/api/routines").get_json()["routines"]
    assert [r["id"] for r in routines] == list(records["routines"])
    assert client.get("/api/points/ex-ue7").get_json() == records["points"]["EX-UE7"]


def edit(data: Path, file: str, ident: str, change) -> None:
    """Load data/<file>.json, apply change to the record with that id, write it back."""
    path = data / f"{file}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    key = "code" if file == "points" else "id"
    items = document[file] if file != "safety" else document[ident.split(":")[0]]
    ident = ident.split(":")[-1]
    change(next(record for record in items if record[key] == ident), items)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")


def seconds_as_text(data: Path) -> None:
    edit(data, "points", "BL23", lambda point, _: point["press"].update(seconds="90"))


def pregnancy_as_text(data: Path) -> None:
    edit(data, "points", "LI4", lambda point, _: point["cautions"].update(pregnancy="yes"))


def unknown_step_point(data: Path) -> None:
    edit(data, "routines", "sciatica", lambda routine, _: routine["steps"][1].update(point="BL99"))


def cue_too_long(data: Path) -> None:
    edit(data, "routines", "desk-hands", lambda r, _: r["steps"][0].update(cue="x" * 999))


def unknown_evidence_on_point(data: Path) -> None:
    edit(data, "points", "GB30", lambda point, _: point["evidence"].append("nobody-2099"))


def evidence_without_doi_or_url(data: Path) -> None:
    edit(data, "evidence", "nice-ng59", lambda entry, _: entry.pop("url"))


def unknown_evidence_on_red_flag(data: Path) -> None:
    edit(data, "safety", "questions:fever", lambda q, _: q["evidence"].append("nobody-2099"))


def uncited_technique_caution(data: Path) -> None:
    edit(data, "safety", "technique_cautions:osteoporosis", lambda c, _: c.update(evidence=[]))


def weight_bearing_press_without_caution(data: Path) -> None:
    edit(data, "points", "GB30", lambda point, _: point["press"].pop("cautions"))


def ball_step_on_an_uncautioned_point(data: Path) -> None:
    edit(data, "routines", "desk-hands", lambda r, _: r["steps"][1].update(load="tool"))


def gentle_point_without_pregnancy_cue(data: Path) -> None:
    edit(data, "routines", "daily-lower-back", lambda r, _: r["steps"][0].pop("pregnancy_cue"))


def region_missing_a_red_flag_group(data: Path) -> None:
    def drop(_question, questions):
        questions[:] = [q for q in questions if q["group"] != "tearing"]

    edit(data, "safety", "questions:tearing-pain", drop)


def duplicate_point(data: Path) -> None:
    edit(data, "points", "BL23", lambda point, points: points.append(dict(point)))


def missing_file(data: Path) -> None:
    (data / "evidence.json").unlink()


def invalid_json(data: Path) -> None:
    (data / "routines.json").write_text('{"routines": [', encoding="utf-8")


def broken(break_it, *expected: str):
    return pytest.param(break_it, expected, id=break_it.__name__.replace("_", "-"))


BROKEN = [
    broken(seconds_as_text, "points.json", "item BL23", "field press.seconds"),
    broken(pregnancy_as_text, "points.json", "item LI4", "field cautions.pregnancy"),
    broken(unknown_step_point, "routines.json", "item sciatica", "field steps.1.point", "BL99"),
    broken(cue_too_long, "routines.json", "item desk-hands", "field steps.0.cue"),
    broken(unknown_evidence_on_point, "points.json", "item GB30", "field evidence", "nobody-2099"),
    broken(evidence_without_doi_or_url, "evidence.json", "item nice-ng59"),
    broken(unknown_evidence_on_red_flag, "safety.json", "item fever", "nobody-2099"),
    broken(uncited_technique_caution, "safety.json", "item osteoporosis", "field evidence"),
    broken(weight_bearing_press_without_caution, "points.json", "item GB30", "press.cautions"),
    broken(ball_step_on_an_uncautioned_point, "routines.json", "item desk-hands", "steps.1.load"),
    broken(gentle_point_without_pregnancy_cue, "item daily-lower-back", "steps.0.pregnancy_cue"),
    broken(region_missing_a_red_flag_group, "safety.json", "item upper-back", "tearing"),
    broken(duplicate_point, "points.json", "item BL23", "field code", "duplicate"),
    broken(missing_file, "evidence.json", "missing"),
    broken(invalid_json, "routines.json", "not valid JSON"),
]


@pytest.mark.parametrize("break_it, expected", BROKEN)
def test_check_data_names_file_item_and_field_of_broken_content(cli, data_copy, break_it, expected):
    break_it(data_copy)
    result = cli("check-data", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    assert all(fragment in result.stderr for fragment in expected), result.stderr


@pytest.mark.parametrize("break_it, expected", BROKEN)
def test_app_refuses_to_start_on_broken_content(tmp_path, data_copy, break_it, expected):
    break_it(data_copy)
    instance = str(tmp_path / "instance")
    with pytest.raises(content.ContentError) as refused:
        create_app({"TESTING": True, "INSTANCE_PATH": instance, "DATA_DIR": str(data_copy)})
    assert all(fragment in str(refused.value) for fragment in expected)


def test_the_phone_and_the_server_search_the_same_fields_of_a_point():
    """The phone searches offline (lib/point-search.js), the API with ?q= (points/search.py):
    one search, so both must read the same fields of a point."""
    import re

    from server.points.search import SEARCH_FIELDS

    script = (Path(__file__).parent.parent / "pwa/js/lib/point-search.js").read_text()
    listed = re.search(r"const FIELDS = \[(.*?)\];", script).group(1)
    assert tuple(re.findall(r"'([a-z_]+)'", listed)) == SEARCH_FIELDS
