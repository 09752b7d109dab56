"""Spreadsheets of a round's scores for editors: by judge and by entry.

Each export is a ``Table`` (headings and rows) built by a function of the
round, registered in ``EXPORTS`` under the slug its URL uses; the ranking
export (with results) registers itself the same way. ``spreadsheet_response``
writes any table as CSV or XLSX, every text cell passed through
``core.exports.escape_formula`` so an entry titled ``=HYPERLINK(...)`` stays
text in the spreadsheet.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from statistics import mean
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import escape_formula

from .models import Criterion, JudgeAssignment, JudgingRound
from .scoring import CriterionSpec, weighted_score

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    """A spreadsheet: a file name (without extension), headings and rows."""

    filename: str
    headings: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def weighted_percent(criteria: list[Criterion], values: dict[int, int]) -> float | None:
    """Return the weighted score out of 100 (one decimal), or None if incomplete.

    The arithmetic is ``scoring.weighted_score``'s; a sheet missing a criterion
    has no total (it is shown as empty, not as a low score).
    """
    if not criteria:
        return None
    total = weighted_score(
        values,
        [CriterionSpec(c.pk, weight=c.weight, maximum=c.maximum) for c in criteria],
    )
    return None if total is None else round(total, 1)


def _criteria(judging_round: JudgingRound) -> list[Criterion]:
    return list(judging_round.criteria.order_by("sort_order", "pk"))


def _assignments(judging_round: JudgingRound) -> list[JudgeAssignment]:
    return list(
        JudgeAssignment.objects.filter(round=judging_round)
        .select_related("entry__author", "judge", "sheet")
        .prefetch_related("sheet__scores")
        .order_by("entry__submitted_at", "entry_id", "judge__handle", "pk")
    )


def _sheet(assignment: JudgeAssignment):
    try:
        return assignment.sheet
    except JudgeAssignment.sheet.RelatedObjectDoesNotExist:
        return None


def _values(sheet) -> dict[int, int]:
    if sheet is None:
        return {}
    return {score.criterion_id: score.value for score in sheet.scores.all()}


def _progress(sheet) -> str:
    if sheet is None:
        return _("Not started")
    if sheet.submitted_at is None:
        return _("Saved, not submitted")
    return _("Submitted")


def _stem(judging_round: JudgingRound, what: str) -> str:
    return f"{judging_round.competition.slug}-round-{judging_round.position}-{what}"


def scores_by_judge(judging_round: JudgingRound) -> Table:
    """One row per assignment: the judge, the entry, each score, the total."""
    criteria = _criteria(judging_round)
    table = Table(
        filename=_stem(judging_round, "scores-by-judge"),
        headings=[
            _("Judge"),
            _("Entry id"),
            _("Entry"),
            *[criterion.name for criterion in criteria],
            _("Weighted score (%)"),
            _("Progress"),
            _("Submitted"),
            _("Comment"),
        ],
    )
    for assignment in sorted(
        _assignments(judging_round),
        key=lambda item: (item.judge.public_name.casefold(), item.pk),
    ):
        sheet = _sheet(assignment)
        values = _values(sheet)
        table.rows.append(
            [
                assignment.judge.public_name,
                assignment.entry.public_id,
                assignment.entry.title,
                *[values.get(criterion.pk) for criterion in criteria],
                weighted_percent(criteria, values),
                _progress(sheet),
                sheet.submitted_at if sheet else None,
                sheet.comment if sheet else "",
            ]
        )
    return table


def scores_by_entry(judging_round: JudgingRound) -> Table:
    """One row per entry: submitted sheets, the mean of each criterion and total."""
    criteria = _criteria(judging_round)
    table = Table(
        filename=_stem(judging_round, "scores-by-entry"),
        headings=[
            _("Entry id"),
            _("Entry"),
            _("Entrant"),
            _("Judges"),
            _("Sheets submitted"),
            *[
                _("%(name)s (mean)") % {"name": criterion.name}
                for criterion in criteria
            ],
            _("Mean weighted score (%)"),
        ],
    )
    by_entry: dict[int, list[JudgeAssignment]] = {}
    for assignment in _assignments(judging_round):
        by_entry.setdefault(assignment.entry_id, []).append(assignment)
    for assignments in by_entry.values():
        entry = assignments[0].entry
        submitted = [
            _values(sheet)
            for sheet in map(_sheet, assignments)
            if sheet is not None and sheet.submitted_at is not None
        ]
        totals = [
            total
            for values in submitted
            if (total := weighted_percent(criteria, values)) is not None
        ]
        table.rows.append(
            [
                entry.public_id,
                entry.title,
                entry.author.public_name,
                len(assignments),
                len(submitted),
                *[_mean([v[c.pk] for v in submitted if c.pk in v]) for c in criteria],
                _mean(totals),
            ]
        )
    return table


def _mean(values: list[float]) -> float | None:
    return round(mean(values), 2) if values else None


# The exports an editor can download, by the slug in their URL. Others add
# theirs here (the ranking, with results).
EXPORTS: dict[str, tuple[Callable[[JudgingRound], Table], Any]] = {
    "scores-by-judge": (scores_by_judge, gettext_lazy("Scores by judge")),
    "scores-by-entry": (scores_by_entry, gettext_lazy("Scores by entry")),
}


def _cell(value: Any) -> Any:
    """Return ``value`` safe for a spreadsheet: formulas escaped, times in UTC."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    if value is None:
        return ""
    return escape_formula(value)


def spreadsheet_response(table: Table, file_format: str) -> HttpResponse:
    """Return ``table`` as a CSV or XLSX download."""
    if file_format == CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([_cell(heading) for heading in table.headings])
        for row in table.rows:
            writer.writerow(
                [
                    value.isoformat(sep=" ", timespec="minutes")
                    if isinstance(value := _cell(item), datetime)
                    else value
                    for item in row
                ]
            )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv")
    else:
        response = HttpResponse(_xlsx(table), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{table.filename}.{file_format}"'
    )
    return response


def _xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Scores")

    def cells(values):
        for value in values:
            cell = WriteOnlyCell(sheet, _cell(value))
            if cell.data_type == "f":
                cell.data_type = "s"  # never a formula, even escaped text
            yield cell

    sheet.append(list(cells(table.headings)))
    for row in table.rows:
        sheet.append(list(cells(row)))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
