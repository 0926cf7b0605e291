"""Trend charts: bytes out, deterministic, and no pyplot state."""

from __future__ import annotations

import datetime
import gc
import io
import math
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PIL import Image

from diaries.charts import (
    SYMPTOM_PANELS,
    ChartInput,
    symptoms_chart,
    symptoms_figure,
    walking_chart,
    walking_figure,
)
from diaries.trends import METRICS, WALKING, is_meaningful, meaningful_band, rolling_mean

REPO = Path(__file__).resolve().parents[2]
END = datetime.date(2026, 11, 21)
Chart = Callable[..., bytes]
CHARTS = [pytest.param(symptoms_chart, id="symptoms"), pytest.param(walking_chart, id="walking")]


def chart_input(
    n_days: int = 90,
    alerts: int = 0,
    empty: bool = False,
    baseline: bool = True,
) -> ChartInput:
    """Deterministic, realistic data: gaps every few days, a week-long gap and a flare."""
    dates = [END - datetime.timedelta(days=n_days - 1 - i) for i in range(n_days)]
    series: dict[str, list[float | None]] = {}
    for k, metric in enumerate(METRICS):
        values: list[float | None] = []
        for i in range(n_days):
            gap = empty or i % 6 == 5 or n_days // 3 <= i < n_days // 3 + 8
            flare = n_days - 20 <= i < n_days - 15
            if metric == "walking_distance_m":
                v = 900 + 150 * math.sin(i / 5) - (400 if flare else 0)
            else:
                v = min(10.0, 3 + k % 3 + round(1.5 * math.sin(i / 3 + k)) + (4 if flare else 0))
            values.append(None if gap else float(max(0.0, v)))
        series[metric] = values
    return ChartInput(
        title=f"Jane Doe - symptoms, {dates[0]} to {dates[-1]}",
        dates=dates,
        series=series,
        rolling={m: rolling_mean(v) for m, v in series.items()},
        baseline={m: (900.0 if m == "walking_distance_m" else 3.5) for m in METRICS}
        if baseline
        else {},
        alert_dates=[END - datetime.timedelta(days=d) for d in (17, 15)][:alerts],
    )


def png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.size


@pytest.mark.parametrize("chart", CHARTS)
def test_a_png_chart_is_a_real_png_of_sensible_size_and_dimensions(chart: Chart) -> None:
    data = chart(chart_input(), "png")
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert 10_000 <= len(data) <= 2_000_000
    assert png_size(data) == (1200, 800)


@pytest.mark.parametrize("chart", CHARTS)
def test_an_svg_chart_parses_as_xml_with_an_svg_root(chart: Chart) -> None:
    data = chart(chart_input(), "svg")
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.parametrize("fmt", ["png", "svg"])
@pytest.mark.parametrize("chart", CHARTS)
def test_identical_input_gives_identical_bytes(chart: Chart, fmt: str) -> None:
    first = chart(chart_input(alerts=2), fmt)
    second = chart(chart_input(alerts=2), fmt)
    assert first == second


@pytest.mark.parametrize("fmt", ["png", "svg"])
@pytest.mark.parametrize("chart", CHARTS)
def test_different_data_gives_different_bytes(chart: Chart, fmt: str) -> None:
    assert chart(chart_input(n_days=90), fmt) != chart(chart_input(n_days=91), fmt)


def test_the_svg_carries_no_creation_date() -> None:
    assert b"<dc:date>" not in symptoms_chart(chart_input(), "svg")


@pytest.mark.parametrize("fmt", ["png", "svg"])
@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize(
    "data",
    [
        pytest.param(chart_input(n_days=365), id="a-year-of-days"),
        pytest.param(chart_input(empty=True), id="all-gaps"),
        pytest.param(chart_input(empty=True, baseline=False), id="all-gaps-without-baseline"),
        pytest.param(chart_input(alerts=2), id="with-alerts"),
        pytest.param(chart_input(n_days=1), id="a-single-day"),
        pytest.param(chart_input(n_days=30, baseline=False), id="no-baseline-yet"),
    ],
)
def test_charts_render_for_every_shape_of_data(chart: Chart, fmt: str, data: ChartInput) -> None:
    out = chart(data, fmt)
    if fmt == "png":
        assert png_size(out) == (1200, 800)
    else:
        ET.fromstring(out)


@pytest.mark.parametrize("chart", CHARTS)
def test_an_empty_range_says_there_are_no_diary_entries(chart: Chart) -> None:
    # Text is drawn as paths in SVG; matplotlib keeps the string in a comment beside it.
    assert "No diary entries in this range" in chart(chart_input(empty=True), "svg").decode()
    assert "No diary entries" not in chart(chart_input(), "svg").decode()


@pytest.mark.parametrize("chart", CHARTS)
def test_alerts_are_drawn_only_when_there_are_alerts(chart: Chart) -> None:
    assert chart(chart_input(alerts=2)) != chart(chart_input(alerts=0))
    outside = chart_input()
    outside = ChartInput(**{**outside.__dict__, "alert_dates": [END + datetime.timedelta(days=3)]})
    assert chart(outside) == chart(chart_input(alerts=0))


@pytest.mark.parametrize("chart", CHARTS)
def test_an_unknown_format_is_refused(chart: Chart) -> None:
    with pytest.raises(ValueError, match="unsupported chart format"):
        chart(chart_input(), "gif")


def test_series_of_the_wrong_length_are_refused() -> None:
    data = chart_input(n_days=10)
    bad = ChartInput(**{**data.__dict__, "series": {"pain_rest": [1.0, 2.0]}})
    with pytest.raises(ValueError, match="2 values for 10 dates"):
        symptoms_chart(bad)


def test_rendering_many_charts_leaves_no_live_figures_behind() -> None:
    def live_figures() -> int:
        gc.collect()
        # type() rather than isinstance(): a dead weak proxy raises on isinstance.
        return sum(type(obj) is Figure for obj in gc.get_objects())

    before = live_figures()
    data = chart_input(n_days=14, alerts=1)
    for i in range(50):
        (symptoms_chart if i % 10 == 0 else walking_chart)(data, "png" if i % 3 else "svg")
    assert live_figures() <= before


def test_the_chart_module_never_imports_pyplot() -> None:
    code = (
        "import sys, datetime\n"
        "from diaries.charts import ChartInput, symptoms_chart, walking_chart\n"
        "d = [datetime.date(2026, 1, 1)]\n"
        "data = ChartInput('t', d, {'pain_rest': [3.0]}, {'pain_rest': [3.0]}, {}, d)\n"
        "symptoms_chart(data); walking_chart(data, 'svg')\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def drawn_band(figure: Figure, metric: str) -> tuple[float, float]:
    """The (bottom, top) of the grey band drawn for `metric`, in data units."""
    found = figure.findobj(lambda a: a.get_gid() == f"meaningful-band-{metric}")
    assert len(found) == 1
    band = found[0]
    assert isinstance(band, Rectangle)
    return band.get_y(), band.get_y() + band.get_height()


@pytest.mark.parametrize(
    ("base", "edges"),
    [
        pytest.param(0.0, (0.0, 1.0), id="baseline-0-1-point-clipped-at-0"),
        pytest.param(3.0, (2.0, 4.0), id="1-point"),
        pytest.param(5.0, (3.5, 6.5), id="30-percent"),
        pytest.param(7.0, (5.0, 9.0), id="2-points"),
        pytest.param(9.0, (7.0, 10.0), id="2-points-clipped-at-10"),
    ],
)
def test_the_symptom_band_edges_are_the_meaningful_change_thresholds(
    base: float, edges: tuple[float, float]
) -> None:
    data = chart_input(n_days=14)
    figure = symptoms_figure(
        ChartInput(**{**data.__dict__, "baseline": dict.fromkeys(METRICS, base)})
    )
    for metric, _, _ in SYMPTOM_PANELS:
        low, high = meaningful_band(metric, base)
        bottom, top = drawn_band(figure, metric)
        assert (bottom, top) == pytest.approx((edges[0], edges[1]))
        assert (bottom, top) == pytest.approx((max(0.0, low), min(10.0, high)))
        # Inside the band is not meaningful; an edge a diary can reach is.
        assert not is_meaningful(metric, base, top - 0.01)
        if top == high:
            assert is_meaningful(metric, base, top)
        if bottom == low:
            assert is_meaningful(metric, base, bottom)


@pytest.mark.parametrize(
    ("base", "edges"),
    [
        pytest.param(80.0, (0.0, 180.0), id="100-metres-clipped-at-0"),
        pytest.param(250.0, (150.0, 350.0), id="100-metres"),
        pytest.param(900.0, (630.0, 1170.0), id="30-percent"),
    ],
)
def test_the_walking_band_edges_are_the_meaningful_change_thresholds(
    base: float, edges: tuple[float, float]
) -> None:
    data = chart_input(n_days=14)
    figure = walking_figure(ChartInput(**{**data.__dict__, "baseline": {WALKING: base}}))
    bottom, top = drawn_band(figure, WALKING)
    low, high = meaningful_band(WALKING, base)
    assert (bottom, top) == pytest.approx((edges[0], edges[1]))
    assert (bottom, top) == pytest.approx((max(0.0, low), high))
    assert is_meaningful(WALKING, base, top)
    assert not is_meaningful(WALKING, base, top - 1)
    assert not is_meaningful(WALKING, base, bottom + 1)


def test_no_band_is_drawn_without_a_baseline() -> None:
    figure = symptoms_figure(chart_input(n_days=14, baseline=False))
    assert not figure.findobj(lambda a: str(a.get_gid()).startswith("meaningful-band-"))
