"""Trend charts for clinicians and patients: data in, PNG or SVG bytes out.

Pure and safe in web processes: builds a fresh :class:`matplotlib.figure.Figure`
per chart and renders it with the Agg canvas; pyplot (and its global figure
registry) is never imported. Identical input gives identical bytes, so callers
can derive an ETag from the output.
"""

from __future__ import annotations

import datetime
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from diaries.trends import LABELS, MAX_SCORE, WALKING, meaningful_band

# SVG element ids are random unless salted. The backend reads this setting at save
# time, so it must be set process-wide (a per-call rc_context would race between
# threads). A constant salt only makes output reproducible; it changes nothing else.
if matplotlib.rcParams["svg.hashsalt"] is None:
    matplotlib.rcParams["svg.hashsalt"] = "hipwell-charts"

# Okabe-Ito, colour-blind safe.
ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE, BLACK = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
)
BAND = "#BBBBBB"
ALERT = VERMILLION
SYMPTOM_PANELS: tuple[tuple[str, str, str], ...] = tuple(
    (metric, LABELS[metric], colour)
    for metric, colour in (
        ("pain_rest", ORANGE),
        ("pain_activity", BLUE),
        ("pain_night", PURPLE),
        ("stiffness", GREEN),
        ("sleep_interference", SKY),
    )
)
# The grey band around a baseline is trends.meaningful_band: a value on or past its edge
# is exactly a change the trends API, the caseload and the report call meaningful.
BAND_LABEL = "No meaningful change from baseline"
EMPTY_NOTE = "No diary entries in this range"
SIZE_INCHES = (9.6, 6.4)
DPI = 125  # 1200 x 800 px
FORMATS = ("png", "svg")


@dataclass(frozen=True)
class ChartInput:
    title: str  # e.g. "Jane Doe - symptoms, 2026-08-24 to 2026-11-21"
    dates: Sequence[datetime.date]  # the patient's calendar days, start..end
    series: Mapping[str, Sequence[float | None]]  # daily values per metric, None = gap
    rolling: Mapping[str, Sequence[float | None]]  # 7-day rolling mean per metric
    baseline: Mapping[str, float | None]
    alert_dates: Sequence[datetime.date] = ()


def _values(
    data: ChartInput, source: Mapping[str, Sequence[float | None]], metric: str
) -> npt.NDArray[np.float64]:
    """The metric's values as floats with NaN for gaps (lines break there)."""
    raw = source.get(metric)
    if raw is None:
        return np.full(len(data.dates), np.nan)
    if len(raw) != len(data.dates):
        raise ValueError(f"{metric}: {len(raw)} values for {len(data.dates)} dates")
    return np.array([np.nan if v is None else float(v) for v in raw], dtype=float)


def _baseline(data: ChartInput, metric: str) -> float | None:
    value = data.baseline.get(metric)
    return None if value is None or math.isnan(value) else float(value)


def _is_empty(data: ChartInput, metrics: Sequence[str]) -> bool:
    return all(np.isnan(_values(data, data.series, m)).all() for m in metrics)


def _new_figure(title: str) -> Figure:
    # Fixed margins rather than constrained layout: the size never changes, and layout
    # solving would double the rendering time.
    fig = Figure(figsize=SIZE_INCHES, dpi=DPI)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=0.085, right=0.985, top=0.9, bottom=0.13, hspace=0.42)
    # The title carries user text (the patient's display name): mathtext must never
    # see it, or a "$" makes the chart unrenderable, and TeX must never run on it.
    fig.suptitle(title, fontsize=13, fontweight="bold", y=0.975, parse_math=False, usetex=False)
    return fig


def _x(dates: Sequence[datetime.date]) -> npt.NDArray[np.float64]:
    """Matplotlib date numbers (days) for calendar days, plotted at midnight."""
    return np.asarray(mdates.date2num(np.array(dates, dtype="datetime64[D]")), dtype=float)


def _format_dates(ax: Axes, dates: Sequence[datetime.date]) -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if dates:
        ends = _x([dates[0], dates[-1]])
        ax.set_xlim(float(ends[0]) - 0.5, float(ends[1]) + 0.5)


def _mark_alerts(axes: Sequence[Axes], data: ChartInput) -> bool:
    """Vertical markers on alert days inside the range; True if any were drawn."""
    if not data.dates:
        return False
    shown = _x(sorted({d for d in data.alert_dates if data.dates[0] <= d <= data.dates[-1]}))
    for ax in axes:
        for day in shown:
            ax.axvline(float(day), color=ALERT, linewidth=1.0, alpha=0.45, zorder=1)
        if len(shown):
            ax.plot(
                shown,
                [1.0] * len(shown),
                linestyle="none",
                marker="v",
                markersize=6,
                color=ALERT,
                transform=ax.get_xaxis_transform(),
                clip_on=False,
                zorder=5,
            )
    return bool(len(shown))


def _plot_metric(ax: Axes, data: ChartInput, metric: str, colour: str, small: bool) -> None:
    daily = _values(data, data.series, metric)
    rolling = _values(data, data.rolling, metric)
    dates = _x(data.dates)
    ax.plot(
        dates,
        daily,
        linestyle="none",
        marker="o",
        markersize=2.5 if small else 4,
        color=colour,
        alpha=0.55,
        markeredgewidth=0,
        zorder=3,
    )
    ax.plot(dates, rolling, color=colour, linewidth=2.0, zorder=4)


def band_edges(metric: str, base: float) -> tuple[float, float]:
    """The band drawn around `base`: trends.meaningful_band, clipped to what a diary records."""
    low, high = meaningful_band(metric, base)
    ceiling = high if metric == WALKING else float(MAX_SCORE)
    return max(0.0, low), min(ceiling, high)


def _band(ax: Axes, metric: str, base: float) -> None:
    low, high = band_edges(metric, base)
    span = ax.axhspan(low, high, color=BAND, alpha=0.3, linewidth=0, zorder=0)
    span.set_gid(f"meaningful-band-{metric}")


def _legend(fig: Figure, band_label: str, alerts: bool) -> None:
    handles = [
        Line2D(
            [], [], linestyle="none", marker="o", color="#555555", alpha=0.6, label="Daily entry"
        ),
        Line2D([], [], color="#555555", linewidth=2.0, label="7-day mean"),
        Line2D([], [], color=BLACK, linestyle="--", linewidth=1.2, label="Baseline"),
        Patch(facecolor=BAND, alpha=0.45, label=band_label),
    ]
    if alerts:
        handles.append(
            Line2D([], [], linestyle="none", marker="v", color=ALERT, label="Alert raised")
        )
    fig.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        ncols=len(handles),
        fontsize=9,
        frameon=False,
    )


def _note_empty(fig: Figure) -> None:
    fig.text(
        0.5,
        0.5,
        EMPTY_NOTE,
        ha="center",
        va="center",
        fontsize=16,
        color="#444444",
        bbox={"boxstyle": "round,pad=0.6", "facecolor": "white", "edgecolor": "#999999"},
    )


def _render(fig: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "png":
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    else:
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unsupported chart format {fmt!r}; use one of {FORMATS}")


def symptoms_figure(data: ChartInput) -> Figure:
    """The symptoms chart's figure, not yet rendered (see :func:`symptoms_chart`)."""
    fig = _new_figure(data.title)
    axes = fig.subplots(len(SYMPTOM_PANELS), 1, sharex=True)
    small = len(data.dates) > 120
    for ax, (metric, label, colour) in zip(axes, SYMPTOM_PANELS, strict=True):
        base = _baseline(data, metric)
        if base is not None:
            _band(ax, metric, base)
            ax.axhline(base, color=BLACK, linestyle="--", linewidth=1.0, zorder=2)
        _plot_metric(ax, data, metric, colour, small)
        ax.set_ylim(-0.5, 10.5)
        ax.set_yticks([0, 5, 10])
        ax.set_yticks([2.5, 7.5], minor=True)
        ax.grid(axis="y", which="both", color="#E5E5E5", linewidth=0.8, zorder=0)
        ax.tick_params(labelsize=9)
        caption = label if base is None else f"{label} (baseline {base:.1f})"
        ax.set_title(caption, loc="left", fontsize=10, fontweight="bold", color=colour, pad=3)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    _format_dates(axes[-1], data.dates)
    axes[-1].set_xlabel("Date", fontsize=10)
    fig.supylabel("Score (0-10, higher is worse)", fontsize=10, x=0.015)
    alerts = _mark_alerts(axes, data)
    _legend(fig, BAND_LABEL, alerts)
    if _is_empty(data, [metric for metric, _, _ in SYMPTOM_PANELS]):
        _note_empty(fig)
    return fig


def symptoms_chart(data: ChartInput, fmt: str = "png") -> bytes:
    """Pain (rest, activity, night), stiffness and sleep interference, one 0-10 panel each."""
    _check_format(fmt)
    return _render(symptoms_figure(data), fmt)


def walking_figure(data: ChartInput) -> Figure:
    """The walking chart's figure, not yet rendered (see :func:`walking_chart`)."""
    fig = _new_figure(data.title)
    ax = fig.subplots()
    base = _baseline(data, WALKING)
    if base is not None:
        _band(ax, WALKING, base)
        ax.axhline(base, color=BLACK, linestyle="--", linewidth=1.0, zorder=2)
        ax.text(
            0.005,
            0.98,
            f"Baseline {base:,.0f} m",
            transform=ax.transAxes,
            ha="left",
            va="top",
            fontsize=10,
            fontweight="bold",
        )
    _plot_metric(ax, data, WALKING, BLUE, small=len(data.dates) > 120)
    # Never all-NaN (the last slot is a number), so nanmax does not warn.
    band_top = band_edges(WALKING, base)[1] if base is not None else 0.0
    observed = np.append(_values(data, data.series, WALKING), band_top)
    top = float(np.nanmax(observed))
    ax.set_ylim(0, top * 1.08 if top > 0 else 1000)
    ax.grid(axis="y", color="#E5E5E5", linewidth=0.8, zorder=0)
    ax.set_ylabel(LABELS[WALKING], fontsize=10)
    ax.set_xlabel("Date", fontsize=10)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _format_dates(ax, data.dates)
    alerts = _mark_alerts([ax], data)
    _legend(fig, BAND_LABEL, alerts)
    if _is_empty(data, [WALKING]):
        _note_empty(fig)
    return fig


def walking_chart(data: ChartInput, fmt: str = "png") -> bytes:
    """Comfortable walking distance in metres against the baseline and its meaningful band."""
    _check_format(fmt)
    return _render(walking_figure(data), fmt)
