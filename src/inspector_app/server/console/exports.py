"""The statistics tables and the defect log as XLSX and CSV files (issue 14).

XLSX (openpyxl, write-only mode so 200,000 rows stream through a temporary file instead of a
cell tree in memory): Chinese headers in bold, the header row frozen, column widths set,
dates written as dates (a date cell with a date format, so Excel filters and sorts them).
CSV: UTF-8 with a byte-order mark, which is what makes Excel open Chinese text correctly.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, BinaryIO

from inspector_app.server.console import i18n, stats

BOM = "\ufeff"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
CHINA = timezone(timedelta(hours=8))  # China has no daylight saving


@dataclass(frozen=True)
class Column:
    header: str  # Chinese: these files go to the authorities
    kind: str  # text | int | number | float (a share, shown as %) | date | datetime
    width: int  # Excel character widths


@dataclass(frozen=True)
class Sheet:
    key: str  # the URL name: /statistics/export/<key>.xlsx
    title: str  # the sheet's name and the file's name
    columns: tuple[Column, ...]
    rows: Callable[[], Iterable[tuple[Any, ...]]]


@functools.lru_cache(maxsize=256)
def _label(code: str) -> str:
    # Cached: enum_label scans the label table, and the defect log asks twice per row.
    return i18n.enum_label("zh", code)


def _share(n: int, total: int) -> float:
    return round(n / total, 4) if total else 0.0


def sheets(engine: Any, period: stats.Period) -> dict[str, Sheet]:
    """Every statistics table of the period, and its defect log, as sheets (computed lazily:
    an export of one table computes only that one)."""
    cache: dict[str, Any] = {}

    def s() -> stats.Statistics:
        if "s" not in cache:
            cache["s"] = stats.statistics(engine, period)
        return cache["s"]

    text, count = "text", "int"

    def r() -> stats.RequestFigures:
        if "r" not in cache:
            cache["r"] = stats.request_figures(engine, period)
        return cache["r"]  # type: ignore[return-value]

    def item_rows() -> list[tuple[Any, ...]]:
        figures = r()
        return [
            (
                i.name or "合计",
                i.requests,
                i.accepted,
                i.done,
                i.on_time,
                i.late,
                i.overdue,
                i.share_on_time,
                None if i.mean_working_days is None else round(i.mean_working_days, 1),
                None if i.mean_calendar_days is None else round(i.mean_calendar_days, 1),
            )
            for i in [*figures.items, figures.total]
        ]

    out = [
        Sheet(
            "requests",
            "按服务事项",
            (
                Column("服务事项", text, 24),
                Column("委托数", count, 8),
                Column("已受理", count, 8),
                Column("已办结", count, 8),
                Column("按时办结", count, 10),
                Column("超时办结", count, 10),
                Column("在办超期", count, 10),
                Column("按时办结率", "float", 12),
                Column("受理至出具报告平均用时（工作日）", "number", 18),
                Column("平均用时（自然日）", "number", 14),
            ),
            item_rows,
        ),
        Sheet(
            "company",
            "按企业",
            (
                Column("企业", text, 36),
                Column("检查次数", count, 10),
                Column("缺陷条数", count, 10),
            ),
            lambda: s().by_company,
        ),
        Sheet(
            "type",
            "按检查类型",
            (
                Column("检查类型", text, 28),
                Column("检查次数", count, 10),
                Column("缺陷条数", count, 10),
            ),
            lambda: [(_label(t), n, m) for t, n, m in s().by_type],
        ),
        Sheet(
            "status",
            "按状态",
            (Column("状态", text, 16), Column("检查次数", count, 10)),
            lambda: [(_label(k), n) for k, n in s().by_status],
        ),
        Sheet(
            "grade",
            "缺陷按等级",
            (
                Column("缺陷等级", text, 12),
                Column("缺陷条数", count, 10),
                Column("占比", "float", 10),
            ),
            lambda: [(_label(g), n, _share(n, s().defects)) for g, n in s().by_grade],
        ),
        Sheet(
            "chapter",
            "缺陷按章节",
            (Column("章节", text, 36), Column("缺陷条数", count, 10), Column("占比", "float", 10)),
            lambda: [
                (c or "（未关联检查项目）", n, _share(n, s().defects)) for c, n in s().by_chapter
            ],
        ),
        Sheet(
            "clauses",
            "引用最多的条款",
            (Column("条款", text, 30), Column("引用次数", count, 10)),
            lambda: s().top_clauses,
        ),
        Sheet(
            "per_inspection",
            "每次检查缺陷数分布",
            (Column("每次检查缺陷数", text, 16), Column("检查次数", count, 10)),
            lambda: s().per_inspection,
        ),
        Sheet(
            "conclusions",
            "结论",
            (Column("结论", text, 36), Column("检查次数", count, 10)),
            lambda: [
                (label or ("无法判定" if code == stats.UNKNOWN else code), n)
                for code, label, n in s().conclusions
            ],
        ),
        Sheet(
            "month",
            "按月",
            (
                Column("月份", text, 10),
                Column("检查次数", count, 10),
                Column("缺陷条数", count, 10),
            ),
            lambda: s().by_month,
        ),
        Sheet(
            "defects",
            "缺陷清单",
            (
                Column("检查日期", "date", 12),
                Column("企业", text, 30),
                Column("检查类型", text, 22),
                Column("缺陷等级", text, 10),
                Column("章节", text, 26),
                Column("条款", text, 22),
                Column("缺陷事实", text, 60),
                Column("位置", text, 18),
                Column("记录时间", "datetime", 17),
                Column("检查编号", text, 38),
                Column("缺陷编号", text, 38),
            ),
            lambda: _defect_log(engine, period),
        ),
    ]
    return {sheet.key: sheet for sheet in out}


def _defect_log(engine: Any, period: stats.Period) -> Iterator[tuple[Any, ...]]:
    for r in stats.defect_rows(engine, period):
        yield (
            r["day"],
            r["company"],
            _label(r["inspection_type"]),
            _label(r["grade"]),
            r["chapter"],
            r["clauses"],
            r["facts"],
            r["location"],
            r["recorded_at"],
            r["inspection_id"],
            r["defect_id"],
        )


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _china_time(value: Any) -> datetime | None:
    """A stored UTC time as China time without a zone (Excel has no zones)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CHINA).replace(tzinfo=None, second=0, microsecond=0)


def _cell(kind: str, value: Any) -> Any:
    if kind == "date":
        return _date(value)
    if kind == "datetime":
        return _china_time(value)
    return value


def write_xlsx(sheet_list: Iterable[Sheet], out: BinaryIO) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheet_list:
        ws = book.create_sheet(title=sheet.title[:31])
        for n, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(n)].width = column.width
        ws.freeze_panes = "A2"
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(ws, value=column.header)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        kinds = [c.kind for c in sheet.columns]
        # A date value gets openpyxl's date format (yyyy-mm-dd) by itself; only times and
        # shares need a cell object with a format, which costs per cell.
        formats = {
            i: DATETIME_FORMAT if k == "datetime" else "0.00%"
            for i, k in enumerate(kinds)
            if k in ("datetime", "float")
        }
        for row in sheet.rows():
            values = [_cell(k, v) for k, v in zip(kinds, row, strict=True)]
            if formats:
                cells: list[Any] = list(values)
                for i, fmt in formats.items():
                    if values[i] is not None:
                        cell = WriteOnlyCell(ws, value=values[i])
                        cell.number_format = fmt
                        cells[i] = cell
                ws.append(cells)
            else:
                ws.append(values)
    book.save(out)


def csv_chunks(sheet: Sheet) -> Iterator[bytes]:
    """The sheet as CSV in UTF-8 with a BOM, in chunks (streamed to the browser)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([c.header for c in sheet.columns])
    kinds = [c.kind for c in sheet.columns]
    for n, row in enumerate(sheet.rows(), start=1):
        values = []
        for kind, value in zip(kinds, row, strict=True):
            v = _cell(kind, value)
            if isinstance(v, datetime):
                v = v.strftime("%Y-%m-%d %H:%M")
            elif isinstance(v, date):
                v = v.isoformat()
            values.append("" if v is None else v)
        writer.writerow(values)
        if n % 2000 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def file_name(title: str, period: stats.Period, suffix: str) -> str:
    start = period.start.isoformat() if period.start else ""
    end = period.end.isoformat() if period.end else ""
    span = f"{start}_{end}" if start or end else "全部"
    return f"{title}_{span}.{suffix}"
