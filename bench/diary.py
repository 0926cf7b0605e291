"""Benchmark the diary: PUT throughput (DRF against a bare view), charts, query counts.

Run ``python -m bench.diary [--requests N]``. Everything runs in this process on a
fresh SQLite file, through Django's test client (the full middleware stack, no
network and no WSGI server), so the figures compare code paths, not sockets.

- **PUT throughput**: the real endpoint (knox token auth, access check, DRF input
  and output serializers) against a plain function view that parses JSON, checks
  the scores and calls the same ``diaries.services.diary_entry_upsert``. Both send
  the same sequence of writes (each one a real change: a new day for the first 30,
  then replacements) for their own patient, interleaved in rounds so drift in the
  machine hits both alike.
- **Charts**: a 365-day symptoms chart of a patient with a year of entries (gaps
  included) and two alerts. "Cold" clears the chart cache before each request; the
  process itself is warm (matplotlib already imported, fonts loaded).
- **Queries** per PUT (create, replace, identical repeat) and per range list.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import random
import time
import types
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bench.common import Row, configure_django, median_ms, print_report, queries_in

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse
    from django.test import Client

    from patients.models import Patient

CHART_DAYS = 365
CHART_COLD_RUNS = 5
CONDITIONAL_RUNS = 50
ROUNDS = 5
WARMUP = 10
STEADY: dict[str, Any] = {
    "pain_rest": 2,
    "pain_activity": 3,
    "pain_night": 1,
    "stiffness": 3,
    "sleep_interference": 2,
    "mood": 2,
    "walking_distance_m": 1200,
    "limp": "none",
    "instability": False,
    "fall": False,
    "walking_aid": "none",
}


def bare_put(request: HttpRequest, patient_id: int, day: str) -> HttpResponse:
    """Upsert a diary day with as little framework as Django allows: the floor to compare with."""
    from django.core.exceptions import ValidationError
    from django.http import HttpResponseNotAllowed, JsonResponse

    from diaries.models import SCORE_FIELDS
    from diaries.services import ENTRY_FIELDS, diary_entry_upsert
    from patients.models import Patient

    if request.method != "PUT":
        return HttpResponseNotAllowed(["PUT"])
    try:
        body = json.loads(request.body)
        date = datetime.date.fromisoformat(day)
    except ValueError:
        return JsonResponse({"detail": "Send JSON to a YYYY-MM-DD day."}, status=400)
    if not isinstance(body, dict):
        return JsonResponse({"detail": "Send a JSON object."}, status=400)
    values = {name: value for name, value in body.items() if name in ENTRY_FIELDS}
    for name in SCORE_FIELDS:
        score = values.get(name)
        if score is not None and (type(score) is not int or not 0 <= score <= 10):
            return JsonResponse({name: ["A whole number 0-10."]}, status=400)
    patient = Patient.objects.select_related("user").filter(pk=patient_id).first()
    if patient is None or patient.user is None:
        return JsonResponse({"detail": "Not found."}, status=404)
    try:
        result = diary_entry_upsert(patient=patient, date=date, values=values, actor=patient.user)
    except ValidationError as exc:
        return JsonResponse(exc.message_dict, status=400)
    entry = result.entry
    return JsonResponse(
        {"date": entry.date.isoformat(), "version": entry.version},
        status=201 if result.created else 200,
    )


def _urlconf() -> types.ModuleType:
    """Return the project's URLs plus the bare view, as a URLconf module."""
    from django.urls import include, path
    from django.views.decorators.csrf import csrf_exempt

    module = types.ModuleType("bench_diary_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("bare/patients/<int:patient_id>/diary/<str:day>/", csrf_exempt(bare_put)),
        path("", include("config.urls")),
    ]
    return module


def _patient(username: str) -> tuple[Patient, str]:
    """Create an activated patient on a clinician's caseload; return it and a real token."""
    from knox.models import AuthToken

    from tests.factories import make_clinician, make_patient

    clinician = make_clinician(f"{username}-clinician")
    patient = make_patient(username, clinicians=(clinician,))
    assert patient.user is not None
    _, token = AuthToken.objects.create(patient.user)
    return patient, f"Token {token}"


def _writes(patient: Patient, count: int) -> list[tuple[str, bytes]]:
    """Return (day, JSON body) for `count` PUTs that each change something."""
    from diaries.selectors import patient_today

    today = patient_today(patient)
    writes = []
    for n in range(count):
        day = today - datetime.timedelta(days=n % 30)
        body = {**STEADY, "pain_rest": n % 11, "note": f"request {n}"}
        writes.append((day.isoformat(), json.dumps(body).encode()))
    return writes


def _send(client: Client, path: str, body: bytes, auth: str | None) -> None:
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    response = client.put(path, body, content_type="application/json", **headers)  # type: ignore[arg-type]
    if response.status_code not in (200, 201):
        raise RuntimeError(f"PUT {path} answered {response.status_code}: {response.content!r}")


def put_throughput(client: Client, requests: int) -> list[Row]:
    """Time the same writes through DRF and through the bare view, interleaved in rounds."""
    drf_patient, drf_auth = _patient("drf")
    bare_patient, _ = _patient("bare")
    drf_writes = _writes(drf_patient, requests + WARMUP)
    bare_writes = _writes(bare_patient, requests + WARMUP)

    def drf(day: str, body: bytes) -> None:
        _send(client, f"/api/v1/patients/me/diary/{day}/", body, drf_auth)

    def bare(day: str, body: bytes) -> None:
        _send(client, f"/bare/patients/{bare_patient.pk}/diary/{day}/", body, None)

    for n in range(WARMUP):
        drf(*drf_writes[n])
        bare(*bare_writes[n])
    samples: dict[str, list[float]] = {"drf": [], "bare": []}
    paths: dict[str, tuple[Callable[[str, bytes], None], list[tuple[str, bytes]]]] = {
        "drf": (drf, drf_writes),
        "bare": (bare, bare_writes),
    }
    bounds = [WARMUP + requests * r // ROUNDS for r in range(ROUNDS + 1)]
    for start, end in itertools.pairwise(bounds):
        for name, (send, writes) in paths.items():
            for day, body in writes[start:end]:
                began = time.perf_counter()
                send(day, body)
                samples[name].append(time.perf_counter() - began)
    rate = {name: len(times) / sum(times) for name, times in samples.items()}
    return [
        Row(
            "PUT diary via DRF",
            f"{rate['drf']:.0f} req/s",
            f"median {median_ms(samples['drf']):.2f} ms; knox token, access check, serializers",
        ),
        Row(
            "PUT diary via bare Django view",
            f"{rate['bare']:.0f} req/s",
            f"median {median_ms(samples['bare']):.2f} ms; json.loads + same upsert, no auth",
        ),
        Row(
            "DRF / bare throughput",
            f"{rate['drf'] / rate['bare']:.2f}",
            f"{requests} PUTs each, {ROUNDS} interleaved rounds",
        ),
    ]


def _year_of_entries(patient: Patient) -> None:
    """Give a patient a year of plausible entries (with gaps) and two alerts."""
    from diaries.models import DiaryEntry
    from diaries.selectors import patient_today
    from reminders.models import Alert

    today = patient_today(patient)
    rng = random.Random(365)
    rows = []
    for n in range(CHART_DAYS):
        day = today - datetime.timedelta(days=n)
        if rng.random() < 0.12:
            continue  # a missed day stays a gap
        drift = 2 * (n / CHART_DAYS)
        rows.append(
            DiaryEntry(
                patient=patient,
                date=day,
                pain_rest=min(10, max(0, round(2 + drift + rng.gauss(0, 1)))),
                pain_activity=min(10, max(0, round(4 + drift + rng.gauss(0, 1)))),
                pain_night=min(10, max(0, round(2 + drift + rng.gauss(0, 1)))),
                stiffness=min(10, max(0, round(3 + rng.gauss(0, 1)))),
                sleep_interference=min(10, max(0, round(2 + rng.gauss(0, 1)))),
                walking_distance_m=max(0, round(1500 - 300 * drift + rng.gauss(0, 200))),
                limp="none",
                walking_aid="none",
            )
        )
    DiaryEntry.objects.bulk_create(rows)
    for rule, severity, age in (("fall", "urgent", 40), ("pain_spike", "high", 200)):
        Alert.objects.create(
            patient=patient,
            rule=rule,
            severity=severity,
            reason="Benchmark alert.",
            diary_date=today - datetime.timedelta(days=age),
        )


def charts(client: Client) -> list[Row]:
    """Time cold renders, cache hits and conditional GETs of a 365-day symptoms chart."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    patient, auth = _patient("chart")
    _year_of_entries(patient)
    rows = []
    for fmt in ("png", "svg"):
        url = f"/api/v1/patients/me/charts/symptoms.{fmt}?days={CHART_DAYS}"
        cache.clear()
        client.get(url, HTTP_AUTHORIZATION=auth)  # warm the process: fonts, imports
        cold = []
        for _ in range(CHART_COLD_RUNS):
            cache.clear()
            began = time.perf_counter()
            response = client.get(url, HTTP_AUTHORIZATION=auth)
            cold.append(time.perf_counter() - began)
            assert response.status_code == 200, response.status_code
        size = len(response.content)
        rows.append(
            Row(
                f"365-day symptoms chart, {fmt.upper()}, cold",
                f"{median_ms(cold):.0f} ms",
                f"median of {CHART_COLD_RUNS}, cache cleared each time; {size / 1024:.0f} KiB",
            )
        )
    etag = response["ETag"]
    warm, conditional = [], []
    for _ in range(CONDITIONAL_RUNS):
        began = time.perf_counter()
        response = client.get(url, HTTP_AUTHORIZATION=auth)
        warm.append(time.perf_counter() - began)
        assert response.status_code == 200
        began = time.perf_counter()
        response = client.get(url, HTTP_AUTHORIZATION=auth, HTTP_IF_NONE_MATCH=etag)
        conditional.append(time.perf_counter() - began)
        assert response.status_code == 304, response.status_code
    with CaptureQueriesContext(connection) as cold_queries:
        cache.clear()
        client.get(url, HTTP_AUTHORIZATION=auth)
    with CaptureQueriesContext(connection) as conditional_queries:
        client.get(url, HTTP_AUTHORIZATION=auth, HTTP_IF_NONE_MATCH=etag)
    rows += [
        Row(
            "365-day chart, cached bytes (200)",
            f"{median_ms(warm):.1f} ms",
            f"median of {CONDITIONAL_RUNS}; ETag queries, no render",
        ),
        Row(
            "365-day chart, If-None-Match (304)",
            f"{median_ms(conditional):.1f} ms",
            f"median of {CONDITIONAL_RUNS}; no render, no bytes",
        ),
        Row(
            "queries: chart cold / 304",
            f"{queries_in(cold_queries)} / {queries_in(conditional_queries)}",
            "auth, access, ETag fingerprint; cold adds trend data and alerts",
        ),
    ]
    return rows + list_requests(client, patient, auth)


def list_requests(client: Client, patient: Patient, auth: str) -> list[Row]:
    """Count the queries of the range list at 30 and 365 days and time the longer one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from diaries.selectors import patient_today

    today = patient_today(patient)
    counts, times = {}, []
    for days in (30, CHART_DAYS):
        start = today - datetime.timedelta(days=days - 1)
        url = f"/api/v1/patients/me/diary/?from={start}&to={today}"
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_AUTHORIZATION=auth)
        assert response.status_code == 200
        counts[days] = queries_in(queries)
    for _ in range(20):
        began = time.perf_counter()
        client.get(url, HTTP_AUTHORIZATION=auth)
        times.append(time.perf_counter() - began)
    return [
        Row(
            "queries: GET diary list, 30 / 365 days",
            f"{counts[30]} / {counts[CHART_DAYS]}",
            "token, patient access, entries",
        ),
        Row(
            "GET diary list, 365 days",
            f"{median_ms(times):.1f} ms",
            f"median of 20; {len(response.json())} entries",
        ),
    ]


def put_queries(client: Client) -> list[Row]:
    """Count the queries of a create, a replacement and an identical repeat, both ways."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = []
    for name in ("drf", "bare"):
        patient, auth = _patient(f"{name}-queries")
        (day, first), (_, second) = _writes(patient, 2)[0], _writes(patient, 2)[1]
        second = json.dumps({**STEADY, "pain_rest": 7, "note": "changed"}).encode()
        path = (
            f"/api/v1/patients/me/diary/{day}/"
            if name == "drf"
            else f"/bare/patients/{patient.pk}/diary/{day}/"
        )
        counts = []
        for body in (first, second, second):
            with CaptureQueriesContext(connection) as queries:
                _send(client, path, body, auth if name == "drf" else None)
            counts.append(queries_in(queries))
        label = "DRF" if name == "drf" else "bare view"
        rows.append(
            Row(
                f"queries: PUT via {label}, create / replace / repeat",
                " / ".join(str(c) for c in counts),
                "a repeat writes nothing",
            )
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=500, help="PUTs per view (default 500)")
    args = parser.parse_args(argv)
    configure_django("diary")
    from django.test import Client
    from django.test.utils import override_settings

    began = time.perf_counter()
    client = Client()
    with override_settings(ROOT_URLCONF=_urlconf()):
        rows = put_throughput(client, args.requests)
        rows += put_queries(client)
        rows += charts(client)
    print_report("bench.diary", began, rows)


if __name__ == "__main__":
    main()
