"""Trend charts for a patient's range: ETags from the data, bytes rendered once."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from diaries import charts, trends
from diaries.selectors import baseline_window, diary_fingerprint, trend_days
from patients.models import Patient
from reminders.selectors import alert_days_in_range, alert_fingerprint

# Bump when the drawing code changes, so cached charts and client ETags are refreshed.
CHART_VERSION = "3"
CHART_KINDS = ("symptoms", "walking")
CONTENT_TYPES = {"png": "image/png", "svg": "image/svg+xml"}
CACHE_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class ChartRequest:
    patient: Patient
    kind: str
    fmt: str
    start: datetime.date
    end: datetime.date


def chart_etag(request: ChartRequest) -> str:
    """Return an ETag derived from everything the chart shows, never from the clock (two queries)."""
    patient = request.patient
    parts = [
        CHART_VERSION, request.kind, request.fmt, str(patient.pk), patient.display_name,
        request.start.isoformat(), request.end.isoformat(), str(baseline_window(patient)),
        diary_fingerprint(patient=patient, start=request.start, end=request.end),
        alert_fingerprint(patient_id=patient.pk),
    ]  # fmt: skip
    return '"' + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32] + '"'


def chart_input(request: ChartRequest) -> charts.ChartInput:
    """Assemble the chart's data: daily series, rolling means, baseline and alert days."""
    patient = request.patient
    days = trend_days(patient=patient, start=request.start, end=request.end)
    built = trends.build_trends(days, request.start, request.end, baseline_window(patient))
    series_json = built["series"]
    assert isinstance(series_json, dict)  # noqa: S101 - build_trends' documented shape
    # Every evidence day of every alert that falls in the range, not only opening days.
    alert_dates = alert_days_in_range(patient_id=patient.pk, start=request.start, end=request.end)
    dates = [datetime.date.fromisoformat(d) for d in built["dates"]]  # type: ignore[attr-defined]
    baseline_values = built["baseline"]["values"]  # type: ignore[index]
    label = "symptoms" if request.kind == "symptoms" else "walking distance"
    return charts.ChartInput(
        title=f"{patient.display_name} - {label}, {request.start.isoformat()} to {request.end.isoformat()}",
        dates=dates,
        series={metric: series_json[metric]["daily"] for metric in series_json},
        rolling={metric: series_json[metric]["rolling_7d"] for metric in series_json},
        baseline=baseline_values,
        alert_dates=alert_dates,
    )


def chart_bytes(request: ChartRequest, etag: str) -> bytes:
    """Return the rendered chart, from the cache when this exact data was drawn before."""
    key = f"chart:{etag}"
    cached = cache.get(key)
    if isinstance(cached, bytes):
        return cached
    data = chart_input(request)
    draw = charts.symptoms_chart if request.kind == "symptoms" else charts.walking_chart
    rendered = draw(data, request.fmt)
    cache.set(key, rendered, CACHE_SECONDS)
    return rendered
