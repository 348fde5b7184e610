"""Charts drawn on the server as SVG, without JavaScript: this module works out where each bar,
point and line goes; the templates (``innovation/charts/``) only draw them, with a title and a
description for screen readers, and the pages show the same data as a table beside the chart.
Colours come from CSS classes (``static/css/samskab.css``), never from style attributes."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from innovation import stages
from innovation.models import Benefit
from innovation.templatetags.money import amount, kroner

WIDTH = 640
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
BAR_GAP = 4
ROW_GAP = 14
VALUE_ROOM = 150  # room right of the longest bar for its value


@dataclass
class Bar:
    value: Decimal | int
    text: str
    css: str
    x: float = 0
    y: float = 0
    width: float = 0
    text_x: float = 0
    text_y: float = 0
    height: int = BAR_HEIGHT


@dataclass
class Row:
    label: str
    bars: list[Bar]
    y: float = 0
    x: float = 0


@dataclass
class BarChart:
    """Horizontal bars, one row per thing, each row with one bar per series (``legend``);
    ``centered`` centres the bars (a funnel)."""

    id: str
    title: str
    description: str
    rows: list[Row]
    legend: list[tuple[str, str]] = field(default_factory=list)
    centered: bool = False
    width: int = WIDTH
    height: float = 0

    def __post_init__(self):
        values = [bar.value for row in self.rows for bar in row.bars]
        top = max([v for v in values if v is not None] or [0]) or 1
        room = self.width - (0 if self.centered else VALUE_ROOM)
        y = 0
        for row in self.rows:
            row.y = y + LABEL_HEIGHT - 6
            row.x = self.width / 2 if self.centered else 0
            y += LABEL_HEIGHT
            for bar in row.bars:
                bar.width = round(max(float(bar.value or 0) / float(top) * room, 0), 1)
                bar.x = round((self.width - bar.width) / 2, 1) if self.centered else 0
                bar.y = y
                bar.text_x = round(bar.x + bar.width + 6, 1)
                bar.text_y = y + BAR_HEIGHT - 4
                y += BAR_HEIGHT + BAR_GAP
            y += ROW_GAP
        self.height = max(y, 1)

    @property
    def anchor(self):
        return "middle" if self.centered else "start"


@dataclass
class Point:
    x: float
    y: float
    text: str = ""
    css: str = ""

    @property
    def beside(self):
        """Where a label beside the point sits (its baseline)."""
        return round(self.y + 4, 1)

    @property
    def below(self):
        return round(self.y + 30, 1)

    @property
    def before(self):
        return round(self.x - 8, 1)

    @property
    def corner_x(self):
        return round(self.x - 5, 1)

    @property
    def corner_y(self):
        return round(self.y - 5, 1)

    @property
    def marker(self):
        """A small triangle on the time axis, pointing up at the point."""
        return f"M{self.x} {self.y} l-6 10 h12 z"


@dataclass
class BenefitChart:
    """A benefit over time: the band from the low to the high target, the likely target, the
    baseline, the way to the low target by the due date, the results measured so far, and the
    planned measurements (overdue ones marked) on the time axis."""

    id: str
    title: str
    description: str
    width: int = WIDTH
    height: int = 260
    left: int = 80
    right: int = WIDTH - 20
    top: int = 16
    bottom: int = 220
    band: tuple | None = None  # (y of the high edge, height)
    likely_y: float | None = None
    expected: tuple | None = None  # (x1, y1, x2, y2)
    baseline: Point | None = None
    results: list[Point] = field(default_factory=list)
    line: str = ""
    planned: list[Point] = field(default_factory=list)
    y_ticks: list[Point] = field(default_factory=list)
    x_ticks: list[Point] = field(default_factory=list)

    @property
    def plot_width(self):
        return self.right - self.left


def benefit_chart(benefit, *, today=None) -> BenefitChart:
    """The chart of one benefit (its measurements prefetched)."""
    today = today or timezone.localdate()
    measurements = list(benefit.measurements.all())
    results = sorted(
        (m for m in measurements if m.value is not None), key=lambda m: (m.measured_on, m.pk)
    )
    targets = [benefit.target_low, benefit.target_likely, benefit.target_high]
    values = [
        v for v in [benefit.baseline_value, *targets, *(m.value for m in results)] if v is not None
    ]
    dates = [
        d
        for d in [
            benefit.baseline_on,
            benefit.due_on,
            *(m.planned_on for m in measurements),
            *(m.measured_on for m in results),
        ]
        if d is not None
    ]
    start, end = (min(dates), max(dates)) if dates else (today, today)
    if end <= start:
        end = start + datetime.timedelta(days=1)
    low_value, high_value = (min(values), max(values)) if values else (Decimal(0), Decimal(1))
    pad = (high_value - low_value) / 10 or Decimal(1)
    low_value, high_value = low_value - pad, high_value + pad
    chart = BenefitChart(
        id=f"benefit-chart-{benefit.pk}",
        title=_("%(benefit)s: baseline, targets and results") % {"benefit": benefit.title},
        description=describe_benefit(benefit, results),
    )

    def x(day):
        share = (day - start).days / (end - start).days
        return round(chart.left + share * (chart.right - chart.left), 1)

    def y(value):
        share = float((value - low_value) / (high_value - low_value))
        return round(chart.bottom - share * (chart.bottom - chart.top), 1)

    if None not in targets:
        upper, lower = (
            max(benefit.target_low, benefit.target_high),
            min(benefit.target_low, benefit.target_high),
        )
        chart.band = (y(upper), round(y(lower) - y(upper), 1))
        chart.likely_y = y(benefit.target_likely)
    if benefit.baseline_value is not None:
        chart.baseline = Point(
            x(benefit.baseline_on) if benefit.baseline_on else chart.left,
            y(benefit.baseline_value),
            _("Baseline %(value)s") % {"value": amount(benefit.baseline_value)},
        )
        if benefit.target_low is not None and benefit.due_on and benefit.baseline_on:
            chart.expected = (
                chart.baseline.x,
                chart.baseline.y,
                x(benefit.due_on),
                y(benefit.target_low),
            )
    chart.results = [
        Point(
            x(m.measured_on),
            y(m.value),
            _("%(value)s on %(date)s") % {"value": amount(m.value), "date": _date(m.measured_on)},
        )
        for m in results
    ]
    line = ([chart.baseline] if chart.baseline else []) + chart.results
    chart.line = " ".join(f"{p.x},{p.y}" for p in line) if len(line) > 1 else ""
    chart.planned = [
        Point(x(m.planned_on), chart.bottom, css="chart-overdue" if m.is_overdue else "")
        for m in measurements
        if m.value is None
    ]
    chart.y_ticks = [
        Point(chart.left, y(v), amount(v))
        for v in sorted({v for v in [benefit.baseline_value, *targets] if v is not None})
    ]
    chart.x_ticks = [
        Point(x(start), chart.bottom, _date(start)),
        Point(x(end), chart.bottom, _date(end)),
    ]
    return chart


def _date(day) -> str:
    return day.strftime("%d.%m.%Y")


def describe_benefit(benefit, results) -> str:
    """The chart in words, for its ``desc``."""
    parts = []
    unit = f" {benefit.unit}" if benefit.unit else ""
    if benefit.baseline_value is not None:
        parts.append(
            _("Baseline %(value)s%(unit)s")
            % {"value": amount(benefit.baseline_value), "unit": unit}
            + (f" ({_date(benefit.baseline_on)})" if benefit.baseline_on else "")
            + "."
        )
    if None not in (benefit.target_low, benefit.target_likely, benefit.target_high):
        parts.append(
            _("Targets: low %(low)s, likely %(likely)s, high %(high)s%(unit)s.")
            % {
                "low": amount(benefit.target_low),
                "likely": amount(benefit.target_likely),
                "high": amount(benefit.target_high),
                "unit": unit,
            }
        )
    if benefit.due_on:
        parts.append(_("Due %(date)s.") % {"date": _date(benefit.due_on)})
    if results:
        parts.append(
            _("Results: %(results)s.")
            % {
                "results": "; ".join(
                    f"{amount(m.value)}{unit} ({_date(m.measured_on)})" for m in results
                )
            }
        )
    else:
        parts.append(_("No results measured yet."))
    overdue = len(benefit.overdue_measurements)
    if overdue:
        parts.append(_("Overdue measurements: %(count)d.") % {"count": overdue})
    parts.append(_("Status: %(track)s.") % {"track": benefit.get_track_display()})
    return " ".join(parts)


# --- The portfolio's charts ---------------------------------------------------------------------

FUNNEL = (*stages.ROAD, stages.Phase.PARKED, stages.Phase.STOPPED)


def phase_chart(phases) -> BarChart:
    """How many projects are in each stage (``phases``: stage -> count), as a funnel."""
    return BarChart(
        "chart-phases",
        _("Projects per stage"),
        _("How many projects are in each stage: %(counts)s.")
        % {"counts": ", ".join(f"{phase.label} {phases[phase]}" for phase in FUNNEL)},
        [
            Row(f"{phase.label}: {phases[phase]}", [Bar(phases[phase], "", "chart-phase")])
            for phase in FUNNEL
        ],
        centered=True,
    )


def track_chart(tracks) -> BarChart:
    """The benefits by where they stand (``tracks``: ``Benefit.track`` -> count)."""
    return BarChart(
        "chart-benefits",
        _("Benefits on and off track"),
        _("Benefits of all projects by where they stand: %(counts)s.")
        % {"counts": ", ".join(f"{label} {tracks[key]}" for key, label in Benefit.TRACKS.items())},
        [
            Row(label, [Bar(tracks[key], str(tracks[key]), f"chart-{key}")])
            for key, label in Benefit.TRACKS.items()
        ],
    )


def time_chart(projects) -> BarChart:
    """Days each project has been in its stage (``days_in_phase``)."""
    return BarChart(
        "chart-time",
        _("Time in the current stage"),
        _("Days each active project has been in its current stage: %(days)s.")
        % {"days": ", ".join(f"{p.title} {p.days_in_phase}" for p in projects) or _("no projects")},
        [
            Row(
                f"{p.title} ({p.get_phase_display()})",
                [
                    Bar(
                        p.days_in_phase,
                        _("%(days)d days") % {"days": p.days_in_phase},
                        "chart-time",
                    )
                ],
            )
            for p in projects
        ],
    )


def funding_chart(projects, sees_applied: bool, *, totals=None) -> BarChart:
    """Funding granted per project (``granted``), and applied for (``applied``) for those who
    may see what is under negotiation; ``totals`` (``granted``, ``applied``): of every project,
    where ``projects`` are one page of them."""
    legend = [("chart-granted", _("Granted"))]
    if sees_applied:
        legend.append(("chart-applied", _("Applied for")))
    rows = []
    for project in projects:
        bars = [Bar(project.granted, kroner(project.granted), "chart-granted")]
        if sees_applied:
            bars.append(Bar(project.applied, kroner(project.applied), "chart-applied"))
        rows.append(Row(project.title, bars))
    granted = sum((p.granted for p in projects), Decimal(0))
    applied = sum((p.applied for p in projects), Decimal(0))
    if totals is not None:
        granted, applied = totals["granted"], totals["applied"]
    if sees_applied:
        title = _("Funding granted and applied for")
        description = _(
            "Funding granted and applied for, per project. In all %(granted)s granted and "
            "%(applied)s applied for."
        ) % {"granted": kroner(granted), "applied": kroner(applied)}
    else:
        title = _("Funding granted")
        description = _("Funding granted, per project. In all %(granted)s.") % {
            "granted": kroner(granted)
        }
    return BarChart("chart-funding", title, description, rows, legend)
