"""HTTP details every app's views share."""

from __future__ import annotations


def if_none_match(header: str, etag: str) -> bool:
    """Tell whether ``If-None-Match`` names the current version (weak comparison, RFC 9110)."""
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag in tags
