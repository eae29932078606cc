"""Statistics for any period, charts and exports, issue 14: the statistics page (tables with
Chart.js charts beside them, drawn from data embedded in the page; the library is served from
static/vendor/chartjs, no CDN), the annual summary (its figures as the sentence the center
reports upward), and every table plus the defect log as XLSX or CSV (exports.py).

Reviewers and admins may read them; nothing here writes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from inspector_app.server.console import accounts, exports, i18n, stats
from inspector_app.server.console.forms import parse_date
from inspector_app.server.context import ServerContext

CHINA = timezone(timedelta(hours=8))
MIN_YEAR, MAX_YEAR = 2000, 2100


def this_year() -> int:
    return datetime.now(CHINA).year


def _period(request: Request) -> tuple[stats.Period, str, int | None]:
    """The period the query asks for (`year`, or `from`/`to`; default this year), an error
    key when it is invalid, and the year when it is a whole year."""
    q = request.query_params
    if q.get("year") or not (q.get("from") or q.get("to") or q.get("all")):
        raw = q.get("year") or str(this_year())
        if not raw.isdigit() or not MIN_YEAR <= int(raw) <= MAX_YEAR:
            return stats.Period.year(this_year()), "st_bad_year", None
        return stats.Period.year(int(raw)), "", int(raw)
    if q.get("all"):
        return stats.Period(), "", None
    start, end = parse_date(q.get("from", "")), parse_date(q.get("to", ""))
    if (q.get("from") and start is None) or (q.get("to") and end is None):
        return stats.Period.year(this_year()), "field_invalid", None
    if start and end and start > end:
        return stats.Period.year(this_year()), "st_bad_period", None
    return stats.Period(start, end), "", None


def _period_text(lang: str, period: stats.Period) -> str:
    if not period.start and not period.end:
        return i18n.text(lang, "st_period_all")
    return i18n.text(
        lang,
        "st_period_from_to",
        start=period.start.isoformat() if period.start else "…",
        end=period.end.isoformat() if period.end else "…",
    )


def _query(period: stats.Period, year: int | None) -> str:
    if year is not None:
        return urlencode({"year": year})
    if not period.start and not period.end:
        return "all=1"
    return urlencode(
        {
            "from": period.start.isoformat() if period.start else "",
            "to": period.end.isoformat() if period.end else "",
        }
    )


def charts(lang: str, s: stats.Statistics) -> list[dict[str, Any]]:
    """What statistics.js draws: one spec per chart (type, labels, one series)."""

    def label(code: str) -> str:
        return i18n.enum_label(lang, code)

    def spec(cid: str, kind: str, title: str, pairs: list[tuple[str, int]]) -> dict[str, Any]:
        return {
            "id": cid,
            "type": kind,
            "title": i18n.text(lang, title),
            "labels": [p[0] for p in pairs],
            "data": [p[1] for p in pairs],
        }

    return [
        spec("chart-grade", "doughnut", "st_by_grade", [(label(g), n) for g, n in s.by_grade]),
        spec(
            "chart-chapter",
            "bar",
            "st_by_chapter",
            [(c or i18n.text(lang, "st_no_chapter"), n) for c, n in s.by_chapter],
        ),
        spec("chart-clauses", "bar", "st_top_clauses", s.top_clauses),
        spec("chart-month", "line", "st_by_month", [(m, n) for m, n, _ in s.by_month]),
        spec("chart-type", "bar", "st_by_type", [(label(t), n) for t, n, _ in s.by_type]),
        spec("chart-band", "bar", "st_per_band", s.per_inspection),
        spec(
            "chart-conclusions",
            "doughnut",
            "st_conclusions",
            [(lbl or i18n.text(lang, "st_unknown_conclusion"), n) for _, lbl, n in s.conclusions],
        ),
    ]


@dataclass(frozen=True)
class Headline:
    """The figures of the sentence reported upward."""

    companies: int
    services: int
    pre_inspections: int


def headline(s: stats.Statistics, r: stats.RequestFigures | None) -> Headline:
    """Technical services: the period's pre-inspections (every checklist the center uses is a
    pre-inspection checklist) plus the requests received for other service items (注册检验,
    管理体系认证 …, which have no synced inspection). Companies: of both."""
    companies = {c for c, _, _ in s.by_company}
    other = 0
    if r is not None:
        companies |= r.companies
        other = sum(i.requests for i in r.items if not i.pre_inspection)
    companies.discard("")
    return Headline(len(companies), s.inspections + other, s.inspections)


def summary_sentence(
    lang: str, year: int, s: stats.Statistics, r: stats.RequestFigures | None
) -> str:
    h = headline(s, r)
    return i18n.text(
        lang,
        "st_sentence",
        year=year,
        companies=h.companies,
        services=h.services,
        pre=h.pre_inspections,
        defects=s.defects,
        critical=s.grade("critical"),
        major=s.grade("major"),
        general=s.grade("general"),
        per=f"{s.defects_per_inspection:.1f}",
    )


def satisfaction_sentence(lang: str, sat: Any) -> str:
    """满意度评价N次，平均X分 (empty when nobody rated in the period)."""
    if not sat.count:
        return ""
    return i18n.text(lang, "st_sentence_satisfaction", n=sat.count, mean=f"{sat.mean:.1f}")


def staff(request: Request) -> accounts.Session:
    """A reviewer or an admin (statistics are read by both)."""
    from inspector_app.server.console import pages  # pages imports this module

    session = pages.current_session(request)
    if session.role not in ("reviewer", "admin"):
        raise pages.ConsoleError(403, "forbidden")
    return session


# Module level: the route annotations are strings resolved in this module's globals.
Staff = Annotated[accounts.Session, Depends(staff)]


def add_routes(app: FastAPI, ctx: ServerContext) -> None:
    """The statistics page, the annual summary and the exports."""
    from inspector_app.server.console import pages  # pages imports this module

    def page(request: Request, session: accounts.Session, template: str) -> HTMLResponse:
        lang = pages.lang_of(request)
        period, error, year = _period(request)
        s = stats.statistics(ctx.engine, period)
        r = stats.request_figures(ctx.engine, period)
        sat = stats.satisfaction(ctx.engine, period)
        return pages.render(
            request,
            template,
            400 if error else 200,
            session=session,
            s=s,
            period_text=_period_text(lang, period),
            error=i18n.text(lang, error) if error else "",
            year=year if year is not None else this_year(),
            whole_year=year is not None,
            q=request.query_params,
            query=_query(period, year),
            charts=charts(lang, s),
            r=r,
            sentence=summary_sentence(lang, year, s, r) if year is not None else "",
            sat=sat,
            sat_sentence=satisfaction_sentence(lang, sat),
            sheets=exports.sheets(ctx.engine, period),
            share=lambda n, total: f"{(n / total if total else 0):.1%}",
            share_text=lambda x: "—" if x is None else f"{x:.1%}",
        )

    @app.get("/statistics", response_class=HTMLResponse)
    def statistics_page(request: Request, session: Staff) -> HTMLResponse:
        return page(request, session, "statistics.html")

    @app.get("/statistics/annual", response_class=HTMLResponse)
    def annual_page(request: Request, session: Staff) -> HTMLResponse:
        return page(request, session, "annual.html")

    @app.get("/statistics/export/{name}")
    def export(request: Request, name: str, _session: Staff) -> Response:
        key, _, fmt = name.rpartition(".")
        period, error, _year = _period(request)
        sheets = exports.sheets(ctx.engine, period)
        if error:
            raise pages.ConsoleError(400, error)
        if fmt not in ("xlsx", "csv") or (key not in sheets and key != "all"):
            raise pages.ConsoleError(404, "not_found")
        if fmt == "csv" and key == "all":
            raise pages.ConsoleError(404, "not_found")
        title = "统计表" if key == "all" else sheets[key].title
        filename = exports.file_name(title, period, fmt)
        disposition = f"attachment; filename=\"{key}.{fmt}\"; filename*=UTF-8''{quote(filename)}"
        if fmt == "csv":
            return StreamingResponse(
                exports.csv_chunks(sheets[key]),
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": disposition},
            )
        # "all": every statistics table in one workbook (the defect log has its own file).
        chosen = [v for k, v in sheets.items() if k != "defects"] if key == "all" else [sheets[key]]
        # Built in a temporary file (a zip needs to seek) and sent from it in pieces: a
        # 15 MB workbook is never held in memory, let alone twice.
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by pieces() once sent
        try:
            exports.write_xlsx(chosen, spool)
        except BaseException:
            spool.close()
            raise
        size = spool.tell()
        spool.seek(0)

        def pieces() -> Iterator[bytes]:
            with spool:
                while piece := spool.read(1 << 16):
                    yield piece

        return StreamingResponse(
            pieces(),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": disposition, "Content-Length": str(size)},
        )
