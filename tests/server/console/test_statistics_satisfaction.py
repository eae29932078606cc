"""Satisfaction in the statistics (issue 15 item 6) over the real ASGI app, SQLite and
PostgreSQL: the page and the annual summary show the period's ratings (count, mean, per star)
and the sentence adds "满意度评价N次，平均X分"; the table exports as XLSX and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from tests.server import rectificationdata as rd

from inspector_app.server import rectification as rect

from .conftest import person, sign_in


@pytest.fixture
def rated(ctx) -> None:
    world = rd.world(ctx)
    a = rect.issued_inspection(ctx.engine, world.a.inspection_id)
    b = rect.issued_inspection(ctx.engine, world.b.inspection_id)
    # 2027-03-31 17:00 UTC is 04-01 in China: counted on the China day.
    rect.rate(ctx.engine, "qiye_a", a, 5, "很好", dt.datetime(2027, 3, 31, 17, 0, tzinfo=dt.UTC))
    rect.rate(ctx.engine, "qiye_b", b, 2, "", dt.datetime(2027, 3, 31, 15, 0, tzinfo=dt.UTC))


@pytest.fixture
def staff(ctx, client) -> None:
    person(ctx, "zhao2", "reviewer")
    assert sign_in(client, "zhao2").status_code == 303


def test_the_page_and_the_annual_summary_show_the_ratings(ctx, rated, staff, client):
    page = client.get("/console/statistics?year=2027").text
    assert 'id="n-ratings" data-n="2"' in page and 'data-mean="3.50"' in page
    assert '<tr data-stars="5"><td>5星</td><td class="num">1</td><td class="num">50.0%</td>' in page
    assert '<tr data-stars="2"><td>2星</td><td class="num">1</td>' in page
    annual = client.get("/console/statistics/annual?year=2027").text
    assert "满意度评价2次，平均3.5分。" in annual
    # One day: only the rating given on that China day.
    day = client.get("/console/statistics?from=2027-04-01&to=2027-04-01").text
    assert 'id="n-ratings" data-n="1"' in day and 'data-mean="5.00"' in day
    # A year without ratings says so, and the sentence adds nothing.
    empty = client.get("/console/statistics/annual?year=2026").text
    sentence = empty.split('id="annual-sentence">')[1].split("</p>")[0]
    assert 'id="no-ratings"' in empty and "满意度评价" not in sentence


def test_the_satisfaction_table_exports(ctx, rated, staff, client):
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/console/statistics/export/satisfaction.xlsx?year=2027").content)
    )
    assert book.sheetnames == ["满意度评价"]
    assert [[c.value for c in r] for r in book["满意度评价"].iter_rows()] == [
        ["星级", "评价次数", "占比", "平均分"],
        ["5星", 1, 0.5, None],
        ["4星", 0, 0, None],
        ["3星", 0, 0, None],
        ["2星", 1, 0.5, None],
        ["1星", 0, 0, None],
        ["合计", 2, 1, 3.5],
    ]
    text = client.get("/console/statistics/export/satisfaction.csv?year=2027").content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows[0] == ["星级", "评价次数", "占比", "平均分"] and rows[-1][:2] == ["合计", "2"]
    everything = openpyxl.load_workbook(
        io.BytesIO(client.get("/console/statistics/export/all.xlsx?year=2027").content)
    )
    assert everything.sheetnames[-1] == "满意度评价"
