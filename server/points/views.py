"""Content API: points, routines, evidence and the safety check, precomputed at start-up."""

from collections import Counter

from flask import Blueprint, jsonify, request

from server.db import db
from server.errors import ApiError
from server.http import serve
from server.openapi import doc
from server.points import content, search
from server.points.models import count_hard_to_find
from server.points.schemas import Feedback, FeedbackAccepted
from server.ratelimit import limiter
from server.validation import parse_body

bp = Blueprint("points", __name__, url_prefix="/api")
CACHE = "no-cache"
REGIONS = ("lower-back", "upper-back-neck", "hip-leg", "hand", "foot", "head")


def list_ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


@bp.get("/points")
@doc(
    "Points for back pain, optionally by region or matching words",
    query={"region": {"type": "string", "enum": list(REGIONS)}, "q": {"type": "string"}},
    response=list_ref("PointList"),
    errors=(304, 400),
)
def list_points():
    region, query = request.args.get("region"), request.args.get("q")
    if region is not None and region not in REGIONS:
        raise ApiError(400, "bad_region", f"region must be one of: {', '.join(REGIONS)}")
    loaded = content.current()
    if region is None and not query:
        return serve(loaded.blobs["points"], CACHE)
    found = search.matching(loaded.points, region, query)
    return serve(content.json_blob({"points": found}, thorough=False), CACHE)


@bp.get("/points/<code>")
@doc("One point by its WHO code, e.g. BL23", response=list_ref("Point"), errors=(304, 404))
def get_point(code: str):
    blob = content.current().point_blob(code.upper())
    if blob is None:
        raise ApiError(404, "unknown_point", f"No point with code {code!r}.")
    return serve(blob, CACHE)


@bp.get("/routines")
@doc("Preset routines", response=list_ref("RoutineList"), errors=(304,))
def list_routines():
    return serve(content.current().blobs["routines"], CACHE)


@bp.get("/routines/<routine_id>")
@doc("One preset routine", response=list_ref("Routine"), errors=(304, 404))
def get_routine(routine_id: str):
    blob = content.current().routine_blob(routine_id)
    if blob is None:
        raise ApiError(404, "unknown_routine", f"No routine with id {routine_id!r}.")
    return serve(blob, CACHE)


@bp.get("/evidence")
@doc(
    "The studies and guidelines behind the content",
    response=list_ref("EvidenceList"),
    errors=(304,),
)
def list_evidence():
    return serve(content.current().blobs["evidence"], CACHE)


@bp.get("/safety")
@doc(
    "The safety check: red-flag questions per region, triage levels, cautions, emergency numbers",
    response=list_ref("Safety"),
    errors=(304,),
)
def get_safety():
    return serve(content.current().blobs["safety"], CACHE)


@bp.post("/feedback")
@limiter.limit("30 per hour")
@doc(
    "Report points that were hard to find (anonymous counts)",
    body=Feedback,
    response=FeedbackAccepted,
    status=202,
    errors=(400,),
)
def post_feedback():
    body = parse_body(Feedback)
    codes = body.hard_to_find
    unknown = sorted(set(codes) - content.current().points.keys())
    if unknown:
        raise ApiError(400, "unknown_point", f"Unknown point codes: {', '.join(unknown)}")
    count_hard_to_find(Counter(codes))
    db.session.commit()
    return jsonify(accepted=len(codes)), 202
