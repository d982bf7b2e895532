"""A readable findings table (rich): one row per finding, then the recommendations, one row each."""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.table import Table

from ..types import Count, Finding, Recommendation, Report


def _count_label(count: Count) -> str:
    value = f"{count.value:,.2f}".rstrip("0").rstrip(".")
    unit = "" if count.kind == "percent" else f" {count.unit}"
    value = f"${value}" if count.kind == "money" else value + ("%" if count.kind == "percent" else "")
    return f"{value}{'' if count.kind == 'money' else unit}" + (f" ({count.qualifier})" if count.qualifier else "")


def finding_row(finding: Finding) -> list[str]:
    agency = finding.agency.acronym or finding.agency.name if finding.agency else ""
    return [
        agency,
        finding.deficiency.text if finding.deficiency else "",
        "\n".join(_count_label(c) for c in finding.counts),
        "\n".join(
            d.start.isoformat() if d.start == d.end else f"{d.start.isoformat()}..{d.end.isoformat()}"
            for d in finding.dates
        ),
        "\n".join(f"{c.text} ({c.kind})" for c in finding.caveats),
        "" if finding.evidence.page is None else str(finding.evidence.page),
    ]


def recommendation_row(recommendation: Recommendation) -> list[str]:
    return [
        "" if recommendation.number is None else str(recommendation.number),
        recommendation.addressee or "",
        recommendation.text,
        "\n".join(_count_label(c) for c in recommendation.counts),
        recommendation.response or "",
        "" if recommendation.evidence.page is None else str(recommendation.evidence.page),
    ]


def recommendations_table(recommendations: tuple[Recommendation, ...]) -> Table:
    """The recommendations under the findings: number, addressee, text, money asked for, response."""
    table = Table(title="Recommendations", show_lines=True, expand=False)
    for header in ("No.", "Addressee", "Recommendation", "Counts", "Response", "Page"):
        table.add_column(header, overflow="fold")
    for recommendation in recommendations:
        table.add_row(*recommendation_row(recommendation))
    return table


def render_table(report: Report, width: int = 160) -> str:
    """The table as text, with the report's title and number above it."""
    title = report.metadata.title or report.source
    if report.metadata.report_number:
        title += f" ({report.metadata.report_number})"
    table = Table(title=title, show_lines=True, expand=False)
    for header in ("Agency", "Deficiency", "Counts", "Dates", "Caveats", "Page"):
        table.add_column(header, overflow="fold")
    for finding in report.findings:
        table.add_row(*finding_row(finding))
    buffer = StringIO()
    console = Console(file=buffer, width=width, force_terminal=False, color_system=None)
    console.print(table)
    if report.recommendations:
        console.print(recommendations_table(report.recommendations))
    for warning in report.warnings:
        console.print(f"warning: {warning}")
    return buffer.getvalue()
