"""Shared by the enrolment, invite and reset-code pages: a code shown once, with its QR code,
and the API serializers' errors turned into a page's error summary.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import segno
from django import forms
from django.utils.safestring import SafeString, mark_safe

from patients import links as patient_links


def activation_url(code: str) -> str:
    return patient_links.activation_url(code)


def reset_url(code: str) -> str:
    return patient_links.password_reset_url(code=code)


def qr_svg(link: str, *, title: str) -> SafeString:
    """The link as an inline SVG QR code (segno writes no style attribute: CSP-safe).

    segno escapes the title; the path data is digits and letters only.
    """
    svg = segno.make(link, error="m").svg_inline(
        scale=5, border=4, title=title, svgclass="qr", lineclass="qr__line", dark="#000"
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" focusable="false" ', 1))  # noqa: S308


def summary_errors(form: forms.Form, order: list[str] | None = None) -> list[dict[str, str]]:
    """The error summary's rows, each linking to its field (``#id_<name>``)."""
    names = order or list(form.fields)
    rows = []
    for name in [*names, *[n for n in form.errors if n not in names]]:
        for message in form.errors.get(name, []):
            anchor = name if name in form.fields else names[0]
            rows.append({"field": form[anchor].auto_id or f"id_{anchor}", "message": str(message)})
    return rows


def _messages(detail: Any) -> list[str]:
    if isinstance(detail, Mapping):
        return [m for value in detail.values() for m in _messages(value)]
    if isinstance(detail, list | tuple):
        return [m for value in detail for m in _messages(value)]
    return [str(detail)]


def add_api_errors(form: forms.Form, errors: Mapping[str, Any], fallback: str) -> None:
    """Put a serializer's (or service's) errors on the form's fields; others on ``fallback``."""
    for name, detail in errors.items():
        target = name if name in form.fields else fallback
        for message in _messages(detail):
            form.add_error(target, message)
