"""Responses for unchanging bytes: strong ETag, 304, brotli or gzip when the client takes it."""

import gzip
import hashlib
from dataclasses import dataclass, field

import brotli
from flask import Response, request

MIN_COMPRESS_BYTES = 512


@dataclass(frozen=True)
class Blob:
    """Bytes with everything needed to serve them well, computed once.

    `thorough` spends more CPU on compression: right for files and start-up content that are
    compressed once and served many times, not for one-off responses.
    """

    body: bytes
    mimetype: str
    thorough: bool = True
    etag: str = field(init=False)
    encoded: dict[str, bytes] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "etag", hashlib.sha256(self.body).hexdigest()[:32])
        encoded = {}
        if len(self.body) >= MIN_COMPRESS_BYTES:
            quality = (11, 9) if self.thorough else (4, 6)
            encoded["br"] = brotli.compress(self.body, quality=quality[0])
            encoded["gzip"] = gzip.compress(self.body, compresslevel=quality[1], mtime=0)
        smaller = {k: v for k, v in encoded.items() if len(v) < len(self.body)}
        object.__setattr__(self, "encoded", smaller)


def accepted_encoding(blob: Blob) -> str | None:
    """The best encoding the client accepts that we have (brotli before gzip)."""
    accepted = request.accept_encodings
    for name in ("br", "gzip"):
        if name in blob.encoded and accepted[name]:
            return name
    return None


def serve(blob: Blob, cache_control: str, status: int = 200) -> Response:
    """Answer with blob, or 304 when the client's If-None-Match already names it."""
    response = Response(status=status, mimetype=blob.mimetype)
    response.set_etag(blob.etag)
    response.headers["Cache-Control"] = cache_control
    response.vary.add("Accept-Encoding")
    if blob.etag in request.if_none_match:
        response.status_code = 304
        return response
    encoding = accepted_encoding(blob)
    if encoding:
        response.set_data(blob.encoded[encoding])
        response.headers["Content-Encoding"] = encoding
    else:
        response.set_data(blob.body)
    return response
