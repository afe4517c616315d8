"""The one error broken content raises (its own module: content and its checks both raise it)."""


class ContentError(ValueError):
    """Content that breaks the schema or a cross-reference; the message names file, item, field."""
