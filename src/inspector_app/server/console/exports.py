"""The statistics tables and the defect log as XLSX and CSV files (issue 14).

XLSX (written directly as SpreadsheetML, rows streamed into the zip, see write_xlsx): Chinese
headers in bold, the header row frozen, column widths set, dates written as dates (a date cell
with a date format, so Excel filters and sorts them).
CSV: UTF-8 with a byte-order mark, which is what makes Excel open Chinese text correctly.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import zipfile
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
            "satisfaction",
            "满意度评价",
            (
                Column("星级", text, 10),
                Column("评价次数", count, 10),
                Column("占比", "float", 10),
                Column("平均分", "number", 10),
            ),
            lambda: _satisfaction_rows(engine, period),
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


def _satisfaction_rows(engine: Any, period: stats.Period) -> list[tuple[Any, ...]]:
    """Per star (5 down to 1) and the total with the mean (issue 15's ratings)."""
    f = stats.satisfaction(engine, period)
    rows: list[tuple[Any, ...]] = [
        (f"{n}星", f.by_stars[n], _share(f.by_stars[n], f.count), None) for n in range(5, 0, -1)
    ]
    mean = None if f.mean is None else round(f.mean, 2)
    rows.append(("合计", f.count, 1.0 if f.count else 0.0, mean))
    return rows


def _defect_log(engine: Any, period: stats.Period) -> Iterator[tuple[Any, ...]]:
    for r in stats.defect_log(engine, period):
        # r in stats.LOG_FIELDS order; the sheet's order differs only in the labels.
        yield (r[0], r[1], _label(r[2]), _label(r[3]), *r[4:])


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


# ---- XLSX, written directly ---------------------------------------------------------------
# openpyxl spends ~90 µs per row of 11 cells building cell objects (≥ 18 s for 200,000 rows on
# the benchmark machine); this writer formats each row's XML with one f-string per cell, a
# few µs. The workbook is the minimal SpreadsheetML package openpyxl itself writes: inline
# strings, five cell styles (plain, bold header, date, date-time, percentage), frozen header
# row and column widths. Files are checked by reopening them with openpyxl (tests).

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Style indexes in styles.xml's cellXfs.
_BOLD, _DATE, _DATETIME, _PERCENT = 1, 2, 3, 4
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
    f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/>'
    f'<numFmt numFmtId="165" formatCode="{DATETIME_FORMAT}"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b val="1"/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/>'
    "</fill></fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    "</cellStyleXfs>"
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_EPOCH = date(1899, 12, 30)  # Excel's day 0 (1900 date system, leap-year bug included)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _xml_text(value: str) -> str:
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    return value.translate(_ESCAPE)


def _column(n: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _text_cell(ref: str, value: Any) -> str:
    value = value if isinstance(value, str) else str(value)
    if not value:
        return ""
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{_xml_text(value)}</t></is></c>'


@functools.lru_cache(maxsize=4096)
def _day_serial(value: str) -> int | None:
    day = _date(value)
    return None if day is None else (day - _EPOCH).days


def _cell_xml(kind: str, ref: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "text":
        return _text_cell(ref, value)
    if kind == "date":
        serial = (value - _EPOCH).days if isinstance(value, date) else _day_serial(str(value))
        return "" if serial is None else f'<c r="{ref}" s="{_DATE}"><v>{serial}</v></c>'
    if kind == "datetime":
        moment = _china_time(value)
        if moment is None:
            return ""
        days = (moment - datetime(1899, 12, 30)).total_seconds() / 86400
        return f'<c r="{ref}" s="{_DATETIME}"><v>{days!r}</v></c>'
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _text_cell(ref, value)
    style = f' s="{_PERCENT}"' if kind == "float" else ""
    return f'<c r="{ref}"{style}><v>{value!r}</v></c>'


def _sheet_xml(sheet: Sheet) -> Iterator[str]:
    """The worksheet's XML in pieces of about a thousand rows."""
    letters = [_column(n) for n in range(1, len(sheet.columns) + 1)]
    cols = "".join(
        f'<col min="{n}" max="{n}" width="{c.width}" customWidth="1"/>'
        for n, c in enumerate(sheet.columns, start=1)
    )
    header = "".join(
        f'<c r="{x}1" t="inlineStr" s="{_BOLD}"><is><t>{_xml_text(c.header)}</t></is></c>'
        for x, c in zip(letters, sheet.columns, strict=True)
    )
    yield (
        f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
        f'<row r="1">{header}</row>'
    )
    kinds = [(x, c.kind) for x, c in zip(letters, sheet.columns, strict=True)]
    text_only = {k for _, k in kinds} <= {"text"}
    part: list[str] = []
    for r, row in enumerate(sheet.rows(), start=2):
        if text_only:
            cells = "".join(
                _text_cell(f"{x}{r}", v) for (x, _), v in zip(kinds, row, strict=True) if v
            )
        else:
            cells = "".join(
                _cell_xml(k, f"{x}{r}", v) for (x, k), v in zip(kinds, row, strict=True)
            )
        part.append(f'<row r="{r}">{cells}</row>')
        if len(part) == 1000:
            yield "".join(part)
            part = []
    part.append("</sheetData></worksheet>")
    yield "".join(part)


def write_xlsx(sheet_list: Iterable[Sheet], out: BinaryIO) -> None:
    """The sheets as one workbook, each sheet's rows streamed into the zip (never all held)."""
    chosen = list(sheet_list)
    names = [_xml_text(s.title[:31]) for s in chosen]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=4) as book:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_CT}.worksheet+xml"/>'
            for n in range(1, len(chosen) + 1)
        )
        book.writestr(
            "[Content_Types].xml",
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
            f"{overrides}</Types>",
        )
        book.writestr(
            "_rels/.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        sheets = "".join(
            f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>'
            for n, name in enumerate(names, start=1)
        )
        book.writestr(
            "xl/workbook.xml",
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews>'
            f'<workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets></workbook>',
        )
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(chosen) + 1)
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{rels}<Relationship '
            f'Id="rId{len(chosen) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        book.writestr("xl/styles.xml", _STYLES)
        for n, sheet in enumerate(chosen, start=1):
            with book.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as part:
                for piece in _sheet_xml(sheet):
                    part.write(piece.encode("utf-8"))


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
