"""Safety cross-checks the schema cannot express: every cited source exists, every region's check
covers its red-flag groups, every ball, tool or partner press carries the technique cautions, and
pregnancy mode has a safe cue for every step it changes."""

from server.points.errors import ContentError


def fail(message: str):
    raise ContentError(message)


def cited(where: str, refs: list[str], evidence: dict) -> None:
    for ref in refs:
        if ref not in evidence:
            fail(f"{where}: field evidence: unknown evidence id {ref!r}")


def check_questions(safety: dict, evidence: dict) -> None:
    regions = {r["id"] for r in safety["regions"]}
    groups = {g["id"] for g in safety["groups"]}
    for q in safety["questions"]:
        where = f"safety.json: item {q['id']}"
        cited(where, q["evidence"], evidence)
        if q["group"] not in groups:
            fail(f"{where}: field group: unknown group {q['group']!r}")
        for region in q["regions"]:
            if region not in regions:
                fail(f"{where}: field regions: unknown region {region!r}")
    for region in safety["regions"]:
        for group in uncovered(safety, region["id"]):
            fail(f"safety.json: item {region['id']}: field groups: no question covers {group!r}")


def uncovered(safety: dict, region_id: str) -> list[str]:
    """The red-flag groups a region must cover that none of its questions asks about."""
    region = next(r for r in safety["regions"] if r["id"] == region_id)
    asked = {q["group"] for q in safety["questions"] if region_id in q["regions"]}
    return [g for g in region["groups"] if g not in asked]


def check_sentences(safety: dict, evidence: dict) -> None:
    lists = ("technique_cautions", "general_cautions")
    sentences = [s for name in lists for s in safety[name]] + safety["pregnancy"]["changes"]
    for sentence in sentences:
        cited(f"safety.json: item {sentence['id']}", sentence["evidence"], evidence)


def check_presses(points: dict, routines: dict, safety: dict) -> None:
    known = {c["id"] for c in safety["technique_cautions"]}
    for code, point in points.items():
        press = point["press"]
        where = f"points.json: item {code}: field press.cautions"
        unknown = sorted(set(press.get("cautions", [])) - known)
        if unknown:
            fail(f"{where}: unknown technique caution {unknown[0]!r}")
        missing = sorted(known - set(press.get("cautions", [])))
        if press["load"] != "hand" and missing:
            fail(f"{where}: a {press['load']} press needs the caution {missing[0]!r}")
        pregnancy = point["cautions"]
        if pregnancy["pregnancy"] != ("pregnancy_mode" in pregnancy):
            fail(
                f"points.json: item {code}: field cautions.pregnancy_mode: "
                "needed exactly when pregnancy is true"
            )
    for rid, routine in routines.items():
        for n, step in enumerate(routine["steps"]):
            check_step(
                f"routines.json: item {rid}: field steps.{n}", step, points[step["point"]], known
            )


def check_step(where: str, step: dict, point: dict, known: set[str]) -> None:
    if step["load"] != "hand" and not known <= set(point["press"].get("cautions", [])):
        fail(f"{where}.load: a {step['load']} press on {point['code']} has no technique caution")
    changed = point["cautions"].get("pregnancy_mode") == "gentle" or step["load"] != "hand"
    if changed and "pregnancy_cue" not in step:
        fail(f"{where}.pregnancy_cue: pregnancy mode changes this step but it has no gentle cue")


def check(records: dict, safety: dict) -> None:
    evidence = records["evidence"]
    check_questions(safety, evidence)
    check_sentences(safety, evidence)
    check_presses(records["points"], records["routines"], safety)
