"""The statistics page, the annual summary and the exports over the real app (issue 14):
figures on the page, the sentence, the chart data embedded for statistics.js, refusals of a
bad period, and XLSX/CSV files reopened and checked cell by cell."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime

import openpyxl

from .conftest import inspection, person, sign_in

DEFECTS_A = (
    ("critical", "无菌灌装区A级粒子超标", "附录1第九条"),
    ("major", "洁净区压差记录不完整", "第四十八条"),
    ("general", "标识不清", "第四十八条"),
)


def _seed(ctx, laptop) -> dict[str, str]:
    a = inspection(ctx, laptop, company="华东制药有限公司", planned="2026-03-10", defects=DEFECTS_A)
    b = inspection(
        ctx,
        laptop,
        company="江南药业有限公司",
        planned="2026-07-01",
        defects=(("major", "偏差未调查", "第二百五十条"),),
        inspection_type="licence",
    )
    old = inspection(ctx, laptop, company="旧年药业", planned="2025-05-05", defects=DEFECTS_A)
    return {"a": a.inspection_id, "b": b.inspection_id, "old": old.inspection_id}


def test_page_annual_and_refusals(ctx, client, laptop, published) -> None:
    _seed(ctx, laptop)
    assert client.get("/console/statistics", follow_redirects=False).status_code == 303
    person(ctx, "zhao", "reviewer", display_name="赵审核")
    assert sign_in(client, "zhao").status_code == 303

    page = client.get("/console/statistics?year=2026")
    assert page.status_code == 200
    html = page.text
    assert re.search(r'id="n-inspections">2<', html)
    assert re.search(r'id="n-companies">2<', html)
    assert re.search(r'id="n-defects">4<', html)
    assert re.search(r'id="n-per">2.0<', html)
    assert "华东制药有限公司" in html and "旧年药业" not in html
    data = json.loads(
        re.search(r'id="st-data" type="application/json">(.*?)</script>', html).group(1)
    )
    by_id = {c["id"]: c for c in data}
    assert by_id["chart-grade"]["labels"] == ["严重缺陷", "主要缺陷", "一般缺陷"]
    assert by_id["chart-grade"]["data"] == [1, 2, 1]
    assert dict(
        zip(by_id["chart-clauses"]["labels"], by_id["chart-clauses"]["data"], strict=True)
    ) == {
        "第四十八条": 2,
        "附录1第九条": 1,
        "第二百五十条": 1,
    }
    # The charting library is served by the console itself, with its licence.
    lib = client.get("/console/static/vendor/chartjs/chart.umd.min.js")
    assert lib.status_code == 200 and b"Chart.js v4" in lib.content[:200]
    assert "MIT" in client.get("/console/static/vendor/chartjs/LICENSE.md").text
    assert "/static/vendor/chartjs/chart.umd.min.js" in html and "cdn" not in html.lower()

    annual = client.get("/console/statistics/annual?year=2026")
    assert annual.status_code == 200
    sentence = re.search(r'id="annual-sentence">(.*?)</p>', annual.text).group(1)
    assert sentence == (
        "2026年，中心为2家企业提供2次技术服务，其中预检查2次，发现缺陷4条"
        "（严重缺陷1条、主要缺陷2条、一般缺陷1条），平均每次检查2.0条。"
    )
    english = client.get("/console/statistics/annual?year=2025&lang=en").text
    assert "In 2025 the center served 1 companies with 1 technical services" in english

    # A period by dates; the open period holds all three.
    span = client.get("/console/statistics?from=2026-07-01&to=2026-12-31").text
    assert re.search(r'id="n-inspections">1<', span) and "江南药业有限公司" in span
    assert re.search(r'id="n-defects">7<', client.get("/console/statistics?all=1").text)

    # Refusals say what is wrong and show no figures of another period silently.
    bad = client.get("/console/statistics?from=2026-12-01&to=2026-01-01")
    assert bad.status_code == 400 and "开始日期晚于结束日期" in bad.text
    assert client.get("/console/statistics?year=99999").status_code == 400
    assert client.get("/console/statistics/export/nothing.xlsx?year=2026").status_code == 404
    assert client.get("/console/statistics/export/all.csv?year=2026").status_code == 404
    assert client.get("/console/statistics/export/grade.pdf?year=2026").status_code == 404


def test_xlsx_and_csv_cell_by_cell(ctx, client, laptop, published) -> None:
    ids = _seed(ctx, laptop)
    person(ctx, "admin1", "admin")
    assert sign_in(client, "admin1").status_code == 303  # admins read statistics too

    got = client.get("/console/statistics/export/defects.xlsx?year=2026")
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in got.headers["content-disposition"]
    assert (
        "%E7%BC%BA%E9%99%B7%E6%B8%85%E5%8D%95_2026-01-01_2026-12-31.xlsx"
        in (got.headers["content-disposition"])
    )  # 缺陷清单_2026-01-01_2026-12-31.xlsx
    book = openpyxl.load_workbook(io.BytesIO(got.content))
    assert book.sheetnames == ["缺陷清单"]
    ws = book["缺陷清单"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header == [
        "检查日期",
        "企业",
        "检查类型",
        "缺陷等级",
        "章节",
        "条款",
        "缺陷事实",
        "位置",
        "记录时间",
        "检查编号",
        "缺陷编号",
    ]
    assert all(c.font.bold for c in ws[1])
    assert ws.column_dimensions["A"].width == 12 and ws.column_dimensions["G"].width == 60
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == 4 == ws.max_row - 1
    first = rows[0]
    assert first[0] == datetime(2026, 3, 10)  # a date cell, not text
    assert ws["A2"].number_format == "yyyy-mm-dd" and ws["A2"].is_date
    assert first[1:6] == [
        "华东制药有限公司",
        "GMP符合性检查预检查",
        "严重缺陷",
        None,
        "附录1第九条",
    ]  # no item: no chapter
    assert first[6] == "无菌灌装区A级粒子超标" and first[7] == "固体制剂车间"
    assert first[8] == datetime(2026, 11, 21, 17, 0)  # 09:00 UTC is 17:00 China time
    assert ws["I2"].number_format == "yyyy-mm-dd hh:mm"
    assert first[9] == ids["a"]
    assert [r[9] for r in rows] == [ids["a"]] * 3 + [ids["b"]]
    assert [r[3] for r in rows] == ["严重缺陷", "主要缺陷", "一般缺陷", "主要缺陷"]
    assert rows[3][0] == datetime(2026, 7, 1) and rows[3][1] == "江南药业有限公司"

    # Every statistics table in one workbook; spot the grade table cell by cell.
    everything = openpyxl.load_workbook(
        io.BytesIO(client.get("/console/statistics/export/all.xlsx?year=2026").content)
    )
    assert everything.sheetnames == [
        "按服务事项",
        "按企业",
        "按检查类型",
        "按状态",
        "缺陷按等级",
        "缺陷按章节",
        "引用最多的条款",
        "每次检查缺陷数分布",
        "结论",
        "按月",
        "满意度评价",
    ]
    grade = everything["缺陷按等级"]
    assert [[c.value for c in r] for r in grade.iter_rows()] == [
        ["缺陷等级", "缺陷条数", "占比"],
        ["严重缺陷", 1, 0.25],
        ["主要缺陷", 2, 0.5],
        ["一般缺陷", 1, 0.25],
    ]
    assert grade["C2"].number_format == "0.00%" and grade.freeze_panes == "A2"
    company = everything["按企业"]
    assert [[c.value for c in r] for r in company.iter_rows()] == [
        ["企业", "检查次数", "缺陷条数"],
        ["华东制药有限公司", 1, 3],
        ["江南药业有限公司", 1, 1],
    ]
    month = everything["按月"]
    assert [[c.value for c in r] for r in month.iter_rows(min_row=2)] == [
        ["2026-03", 1, 3],
        ["2026-07", 1, 1],
    ]

    # CSV: UTF-8 with a BOM, the same rows.
    raw = client.get("/console/statistics/export/defects.csv?year=2026")
    assert raw.headers["content-type"].startswith("text/csv")
    assert raw.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.content.decode("utf-8-sig"))))
    assert table[0][0] == "检查日期" and len(table) == 5
    assert table[1][:4] == ["2026-03-10", "华东制药有限公司", "GMP符合性检查预检查", "严重缺陷"]
    assert table[1][8] == "2026-11-21 17:00"
    grade_csv = client.get("/console/statistics/export/grade.csv?year=2026").content
    assert grade_csv.decode("utf-8-sig").splitlines() == [
        "缺陷等级,缺陷条数,占比",
        "严重缺陷,1,0.25",
        "主要缺陷,2,0.5",
        "一般缺陷,1,0.25",
    ]


def test_xlsx_writer_keeps_awkward_values() -> None:
    """The SpreadsheetML writer: markup characters, spaces at the ends, line breaks, control
    characters XML cannot carry (dropped), empty and missing values, numbers, shares, dates
    given as text or as dates, times in China time; several sheets in one workbook."""
    from datetime import date

    from inspector_app.server.console import exports

    columns = (
        exports.Column("文本", "text", 20),
        exports.Column("整数", "int", 8),
        exports.Column("小数", "number", 8),
        exports.Column("占比", "float", 8),
        exports.Column("日期", "date", 12),
        exports.Column("时间", "datetime", 17),
    )
    rows = [
        ("<a&b> “引号”", 3, 2.5, 0.125, "2026-02-28", "2026-02-28T16:30:00.000000Z"),
        ("  前后空格  ", 0, None, None, date(2026, 12, 31), ""),
        ("第一行\n第二行\x00\x07", -1, 0.0, 1.0, "不是日期", "not a time"),
        ("", None, None, None, None, None),
    ]
    other = exports.Sheet("x", "第二张", (exports.Column("列", "text", 5),), lambda: [("乙",)])
    buffer = io.BytesIO()
    exports.write_xlsx([exports.Sheet("t", "测试&表", columns, lambda: rows), other], buffer)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert book.sheetnames == ["测试&表", "第二张"]
    ws = book["测试&表"]
    got = [[c.value for c in r] for r in ws.iter_rows(min_row=2, max_col=6)]
    assert got[0] == [
        "<a&b> “引号”",
        3,
        2.5,
        0.125,
        datetime(2026, 2, 28),
        datetime(2026, 3, 1, 0, 30),  # 16:30 UTC is the next day 00:30 in China
    ]
    assert got[1] == ["  前后空格  ", 0, None, None, datetime(2026, 12, 31), None]
    assert got[2] == ["第一行\n第二行", -1, 0, 1, None, None]
    assert ws.max_row == 4 and len(got) == 3  # the all-empty last row carries no cell
    assert ws["D2"].number_format == "0.00%" and ws["E3"].number_format == "yyyy-mm-dd"
    assert ws["F2"].number_format == "yyyy-mm-dd hh:mm" and ws["A1"].font.bold
    assert ws.freeze_panes == "A2" and ws.column_dimensions["F"].width == 17
    assert [[c.value for c in r] for r in book["第二张"].iter_rows()] == [["列"], ["乙"]]
