"""Content from data/ (points, routines, evidence, the safety check): loaded and validated once
when the app is made, kept as an app extension (`init_app`, `current()`), served as precomputed
JSON. Its version joins the service worker's, its JSON Schema the OpenAPI description."""

import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema
from flask import Flask, current_app

from server import openapi, web
from server.http import Blob
from server.points import safety_checks
from server.points.errors import ContentError

FILES = {"points": "PointList", "routines": "RoutineList", "evidence": "EvidenceList"}
# Lists whose items a message names by id; safety.json's lists use "id" too.
ID_FIELD = {"points": "code", "routines": "id", "evidence": "id", "questions": "id"}
ID_FIELD |= dict.fromkeys(("regions", "levels", "technique_cautions", "general_cautions"), "id")
EXTENSION = "acupress.content"  # the key in app.extensions (tests read it too)


@dataclass(frozen=True)
class Content:
    points: dict[str, dict]
    routines: dict[str, dict]
    evidence: dict[str, dict]
    safety: dict
    blobs: dict[str, Blob]
    version: str

    def point_blob(self, code: str) -> Blob | None:
        return self.blobs.get(f"point:{code}")

    def routine_blob(self, routine_id: str) -> Blob | None:
        return self.blobs.get(f"routine:{routine_id}")


def json_blob(value, thorough: bool = True) -> Blob:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Blob(text.encode(), "application/json", thorough)


def read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"{path.name}: file is missing") from None
    except json.JSONDecodeError as exc:
        raise ContentError(f"{path.name}: not valid JSON (line {exc.lineno}: {exc.msg})") from None


def describe(file: str, document: dict, error: jsonschema.ValidationError) -> str:
    """e.g. 'points.json: item BL23: field press.seconds: 0 is less than the minimum of 5'."""
    where = list(error.absolute_path)
    item = ""
    if len(where) >= 2 and where[0] in ID_FIELD and isinstance(where[1], int):
        record = document[where[0]][where[1]]
        ident = record.get(ID_FIELD[where[0]]) if isinstance(record, dict) else None
        item = f" item {ident or '#' + str(where[1])}:"
        where = where[2:]
    field = ".".join(str(part) for part in where) or "(whole item)"
    return f"{file}.json:{item} field {field}: {error.message}"


def checked(data_dir: Path, schema: dict, file: str, definition: str):
    """data/<file>.json, or ContentError naming the first place it breaks the schema."""
    document = read_json(data_dir / f"{file}.json")
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class({**schema, "$ref": f"#/$defs/{definition}"})
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        raise ContentError(describe(file, document, errors[0]))
    return document


def validate(data_dir: Path) -> dict[str, dict]:
    """Check every content file against schema.json and cross-references; raise ContentError."""
    schema = read_json(data_dir / "schema.json")
    documents = {file: checked(data_dir, schema, file, name) for file, name in FILES.items()}
    records = {file: keyed(file, documents[file][file]) for file in FILES}
    check_references(records, data_dir / "illustrations")
    safety = checked(data_dir, schema, "safety", "Safety")
    safety_checks.check(records, safety)
    return {**records, "safety": safety}


def keyed(file: str, items: list[dict]) -> dict[str, dict]:
    result = {}
    for item in items:
        ident = item[ID_FIELD[file]]
        if ident in result:
            raise ContentError(f"{file}.json: item {ident}: field {ID_FIELD[file]}: duplicate id")
        result[ident] = item
    return result


def check_references(records: dict[str, dict], figures: Path) -> None:
    points, evidence = records["points"], records["evidence"]
    for code, point in points.items():
        if not (figures / f"{point['figure']}.svg").is_file():
            raise ContentError(
                f"points.json: item {code}: field figure: no illustrations/{point['figure']}.svg"
            )
        for ref in point["evidence"]:
            if ref not in evidence:
                raise ContentError(
                    f"points.json: item {code}: field evidence: unknown evidence id {ref!r}"
                )
    for rid, routine in records["routines"].items():
        for n, step in enumerate(routine["steps"]):
            if step["point"] not in points:
                unknown = step["point"]
                raise ContentError(
                    f"routines.json: item {rid}: field steps.{n}.point: unknown point {unknown!r}"
                )
        for ref in routine["evidence"]:
            if ref not in evidence:
                raise ContentError(
                    f"routines.json: item {rid}: field evidence: unknown evidence id {ref!r}"
                )


def load(data_dir: Path) -> Content:
    records = validate(data_dir)
    blobs = {
        "points": json_blob({"points": list(records["points"].values())}),
        "routines": json_blob({"routines": list(records["routines"].values())}),
        "evidence": json_blob({"evidence": list(records["evidence"].values())}),
        "safety": json_blob(records["safety"]),
    }
    blobs |= {f"point:{code}": json_blob(p) for code, p in records["points"].items()}
    blobs |= {f"routine:{rid}": json_blob(r) for rid, r in records["routines"].items()}
    version = json_blob(sorted(blob.etag for blob in blobs.values())).etag[:16]
    return Content(
        records["points"],
        records["routines"],
        records["evidence"],
        records["safety"],
        blobs,
        version,
    )


def openapi_schemas(data_dir: Path) -> dict[str, dict]:
    """schema.json's definitions, with references rewritten for an OpenAPI document."""
    text = (data_dir / "schema.json").read_text(encoding="utf-8")
    return json.loads(text.replace('"#/$defs/', '"#/components/schemas/'))["$defs"]


def init_app(app: Flask) -> None:
    """Load and check DATA_DIR's content (ContentError if broken) and attach it to the app."""
    loaded = load(app.config["DATA_DIR"])
    app.extensions[EXTENSION] = loaded
    web.add_to_version(app, loaded.version)  # new content, new service worker and caches
    openapi.add_schemas(app, openapi_schemas(app.config["DATA_DIR"]))


def of(app: Flask) -> Content:
    """The content an app was made with."""
    return app.extensions[EXTENSION]


def current() -> Content:
    """The current app's content."""
    return of(current_app)
