"""The OpenAPI 3.1 description, built from the routes themselves and their pydantic models.

Each API view carries `@doc(...)`; `spec()` walks the URL map, so a route without a
description is a test failure, not a silent gap.
"""

from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, current_app, jsonify
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

bp = Blueprint("openapi", __name__)

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "array", "items": {"type": "object"}},
            },
        }
    },
}
SUCCESS_TEXT = {200: "OK", 201: "Created", 202: "Accepted", 204: "No content"}
ERROR_TEXT = {
    304: "Not modified (the If-None-Match ETag is current)",
    400: "Invalid request",
    401: "Missing or unknown device token",
    403: "Not allowed for this device",
    404: "Not found",
    409: "Conflict with the current state",
    410: "Gone",
    413: "Request too large",
    415: "Body must be application/json",
    429: "Rate limited",
    503: "Database unavailable",
}

Schema = type[BaseModel] | dict[str, Any] | None
# Rules only the running app knows (e.g. the point codes in its content), added to a component
# schema when the description is built: name -> function(app, schema) that edits it.
REFINEMENTS: dict[str, Any] = {}


EXTRA_SCHEMAS = "acupress.openapi.schemas"


def add_schemas(app, schemas: dict[str, dict]) -> None:
    """Add component schemas a capability describes itself (e.g. the content's JSON Schema)."""
    app.extensions.setdefault(EXTRA_SCHEMAS, {}).update(schemas)


def refine(component: str):
    """Register a function(app, schema) that completes a component's schema for this app."""

    def register(function):
        REFINEMENTS[component] = function
        return function

    return register


@dataclass
class Operation:
    summary: str
    description: str = ""
    body: Schema = None
    response: Schema = None
    status: int = 200
    also: tuple[int, ...] = ()  # other success statuses, with the same response
    media_type: str = "application/json"
    auth: bool = False
    body_required: bool = True
    path: dict[str, dict] = field(default_factory=dict)  # path parameters' schemas
    query: dict[str, dict] = field(default_factory=dict)
    errors: tuple[int, ...] = ()
    tag: str = ""


def doc(summary: str, **kwargs) -> Any:
    """Attach an OpenAPI operation to a view function."""

    def attach(view):
        view.openapi = Operation(summary, **kwargs)
        return view

    return attach


def _model_schemas(operations: list[Operation]) -> tuple[dict, dict]:
    models = {
        schema
        for op in operations
        for schema in (op.body, op.response)
        if isinstance(schema, type) and issubclass(schema, BaseModel)
    }
    pairs = [(model, mode) for model in models for mode in ("validation", "serialization")]
    refs, top = models_json_schema(pairs, ref_template="#/components/schemas/{model}")
    by_model = {(model, mode): ref for (model, mode), ref in refs.items()}
    return by_model, top.get("$defs", {})


def _schema_of(schema: Schema, mode: str, refs: dict) -> dict | None:
    if schema is None:
        return None
    if isinstance(schema, dict):
        return schema
    return refs[(schema, mode)]


def _operation(op: Operation, rule, refs: dict) -> dict:
    result: dict[str, Any] = {
        "summary": op.summary,
        "operationId": rule.endpoint.replace(".", "_"),
        "tags": [op.tag or rule.endpoint.split(".")[0]],
        "responses": {},
    }
    if op.description:
        result["description"] = op.description
    params = _parameters(op, rule)
    if params:
        result["parameters"] = params
    if op.body is not None:
        result["requestBody"] = {
            "required": op.body_required,
            "content": {"application/json": {"schema": _schema_of(op.body, "validation", refs)}},
        }
    if op.auth:
        result["security"] = [{"device": []}]
    result["responses"] = _successes(op, refs) | _errors(op, rule)
    return result


def _parameters(op: Operation, rule) -> list[dict]:
    params = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": op.path.get(name, {"type": "string"}),
        }
        for name in sorted(rule.arguments)
    ]
    return params + [
        {"name": n, "in": "query", "required": False, "schema": s} for n, s in op.query.items()
    ]


def _successes(op: Operation, refs: dict) -> dict[str, dict]:
    response_schema = _schema_of(op.response, "serialization", refs)
    responses = {}
    for status in (op.status, *op.also):
        ok: dict[str, Any] = {"description": SUCCESS_TEXT.get(status, "OK")}
        if response_schema is not None:
            ok["content"] = {op.media_type: {"schema": response_schema}}
        responses[str(status)] = ok
    return responses


def _errors(op: Operation, rule) -> dict[str, dict]:
    errors = set(op.errors) | {429, 503}
    if rule.arguments:  # a path parameter can name nothing (or nothing storable): 404
        errors.add(404)
    if op.auth:
        errors.add(401)
    if op.body is not None:
        errors |= {400, 413, 415}
    responses = {}
    for status in sorted(errors):
        error = {"description": ERROR_TEXT.get(status, "Error")}
        if status != 304:
            error["content"] = {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
            }
        responses[str(status)] = error
    return responses


def api_operations(app) -> list[tuple[Any, str, Operation | None]]:
    """(rule, method, operation) for every API route and method; operation None if undocumented."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        view = app.view_functions[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule, method, getattr(view, "openapi", None)))
    return found


def spec(app) -> dict:
    documented = [(r, m, op) for r, m, op in api_operations(app) if op is not None]
    refs, schemas = _model_schemas([op for _r, _m, op in documented])
    paths: dict[str, dict] = {}
    for rule, method, op in documented:
        path = rule.rule.replace("<", "{").replace(">", "}")
        for converter in ("string:", "int:", "path:", "uuid:"):
            path = path.replace("{" + converter, "{")
        paths.setdefault(path, {})[method.lower()] = _operation(op, rule, refs)
    added = app.extensions.get(EXTRA_SCHEMAS, {})
    clashes = sorted(set(schemas) & set(added))
    if clashes:  # one name would silently describe two different things
        raise ValueError(f"schema names used by both models and content: {clashes}")
    schemas |= added
    schemas["Error"] = ERROR_SCHEMA
    for name, function in REFINEMENTS.items():
        if name in schemas:
            function(app, schemas[name])
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Acupress API",
            "version": "1",
            "description": "Content, accounts, journal sync and reminders for the Acupress app.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"device": {"type": "http", "scheme": "bearer"}},
        },
    }


@bp.get("/api/openapi.json")
@doc("This OpenAPI description", response={"type": "object"}, tag="meta")
def openapi_json():
    return jsonify(spec(current_app))


@bp.get("/api/health")
@doc(
    "Liveness: answers as soon as the server is up (no database work)",
    response={"type": "object", "required": ["status"], "properties": {"status": {"const": "ok"}}},
    tag="meta",
)
def health():
    return jsonify(status="ok")
