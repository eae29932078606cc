"""Statistics for a period (issue 14): a seeded year of 37 pre-inspections and 174 defects,
pushed by a laptop the real way, whose figures are checked against counts this test computes
from the rows it generated (not through the code under test). Noise around the year — an
inspection of the year before, a deleted inspection, deleted defects, a reviewer's grade
adjustment — must land where the rules say."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from typing import Any

import yaml
from sqlalchemy import select

from inspector_app.server import db, review, stats_db
from inspector_app.server.console import queries, stats
from inspector_app.server.context import open_context

from .conftest import CHECKLIST, CHECKLISTS_DIR, _record, person, push

TYPES = ("gmp_compliance", "registration_verification", "licence")
CLAUSES = [f"第{n}条" for n in ("十", "十八", "三十八", "七十一", "一百零二", "一百八十四")] + [
    "附录1第九条",
    "附录1第十三条",
]
STATS_TABLES = (stats_db.stats_inspections, stats_db.stats_defects, stats_db.stats_clauses)
DAY_TABLES = (stats_db.stats_day_defects, stats_db.stats_day_clauses)


def chapters_from_yaml() -> dict[str, str]:
    """item id -> "code title" of its top-level section, read from the YAML file itself."""
    data = yaml.safe_load(
        (CHECKLISTS_DIR / f"{CHECKLIST[0]}.v{CHECKLIST[1]}.yaml").read_text(encoding="utf-8")
    )
    out: dict[str, str] = {}

    def walk(section: dict[str, Any], top: str) -> None:
        for item in section.get("items") or []:
            out[item["id"]] = top
        for child in section.get("sections") or []:
            walk(child, top)

    for section in data["sections"]:
        walk(section, f"{section['code']} {section['title']}")
    return out


def seed_year(ctx, device) -> dict[str, Any]:
    """37 inspections dated in 2026 with 174 live defects, plus noise; returns the raw rows."""
    rnd = random.Random(14)
    items = sorted(chapters_from_yaml())
    companies = [
        f"{name}药业有限公司" for name in "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地人"
    ]
    # 174 defects over 37 inspections: some with none, one with many.
    counts = [0, 0, 1, 2, 3, 13] + [5] * 31
    assert sum(counts) == 174 and len(counts) == 37
    rows: dict[str, Any] = {"inspections": [], "defects": []}

    def push_inspection(day: str, company: str, itype: str, status: str, n: int) -> str:
        iid = f"i-{len(rows['inspections']):03d}-{day}"
        _, entries = _record(
            device,
            iid,
            "inspection",
            {
                "company_name": company,
                "inspection_type": itype,
                "checklist_id": CHECKLIST[0],
                "checklist_version": CHECKLIST[1],
                "planned_start": day,
                "planned_end": day,
                # Half of them carried out on a later day than planned: the actual day counts.
                **({"actual_start": day} if rnd.random() < 0.5 else {}),
                "created_at": "2026-01-01T00:00:00.000000Z",
                "status": status,
            },
        )
        for k in range(n):
            item = rnd.choice([*items, None])  # some defects not tied to an item
            clauses = rnd.sample(CLAUSES, rnd.choice((1, 1, 2)))
            grade = rnd.choice(("critical", "major", "major", "general", "general", "general"))
            did, e = _record(
                device,
                iid,
                "defect",
                {
                    "inspection_id": iid,
                    "item_id": item,
                    "severity": grade,
                    "facts": f"缺陷{k}",
                    "clause_refs": clauses,
                    "author": "王检查",
                    "created_at": f"2026-03-01T09:{k // 60:02d}:{k % 60:02d}.000000Z",
                },
            )
            entries += e
            rows["defects"].append(
                {"inspection": iid, "id": did, "grade": grade, "item": item, "clauses": clauses}
            )
        push(ctx, device, entries)
        rows["inspections"].append(
            {"id": iid, "company": company, "type": itype, "status": status, "day": day}
        )
        return iid

    year = []
    for n, count in enumerate(counts):
        day = date(2026, 1 + n % 12, 1 + (n * 7) % 28).isoformat()
        company = companies[n % len(companies)]  # 25 companies, some twice
        status = rnd.choice(("closed", "report_issued", "on_site"))
        year.append(push_inspection(day, company, TYPES[n % 3], status, count))
    # Noise: the year before, and a deleted inspection of the year.
    before = push_inspection("2025-12-31", "前一年药业", "licence", "closed", 3)
    gone = push_inspection("2026-06-01", "已删除药业", "licence", "closed", 2)
    push(ctx, device, [device.entry(gone, "deleted", True, hlc=device.hlc())])
    rows["inspections"] = [r for r in rows["inspections"] if r["id"] not in (before, gone)]
    rows["defects"] = [d for d in rows["defects"] if d["inspection"] not in (before, gone)]
    # Two defects deleted on the laptop leave the figures.
    for dead in rows["defects"][:2]:
        push(
            ctx,
            device,
            [
                device.entry(
                    dead["inspection"],
                    "deleted",
                    True,
                    kind="defect",
                    record_id=dead["id"],
                    hlc=device.hlc(),
                )
            ],
        )
    rows["defects"] = rows["defects"][2:]
    # Two more replace the deleted ones: 174 live defects.
    extra_iid = year[-1]
    for k in range(2):
        did, entries = _record(
            device,
            extra_iid,
            "defect",
            {
                "inspection_id": extra_iid,
                "item_id": "dgmp-184",
                "severity": "major",
                "facts": f"补充缺陷{k}",
                "clause_refs": ["第一百八十四条"],
                "author": "王检查",
                "created_at": "2026-03-02T09:00:00.000000Z",
            },
        )
        push(ctx, device, entries)
        rows["defects"].append(
            {
                "inspection": extra_iid,
                "id": did,
                "grade": "major",
                "item": "dgmp-184",
                "clauses": ["第一百八十四条"],
            }
        )
    rows["year"] = year
    return rows


def test_seeded_year_matches_independent_counts(ctx, laptop, published) -> None:
    raw = seed_year(ctx, laptop)
    assert len(raw["defects"]) == 174
    # A reviewer raises one major defect to critical: the issued grade counts.
    person(ctx, "zhao", "reviewer")
    raised = next(d for d in raw["defects"] if d["grade"] == "major")
    raw_rows = {r["id"]: r for r in raw["inspections"]}
    assert raw_rows[raised["inspection"]]["status"] in ("closed", "report_issued", "on_site")
    review.adjust(
        ctx, "zhao", raised["inspection"], raised["id"], severity="critical", reason="影响无菌保证"
    )
    raised["grade"] = "critical"

    s = stats.statistics(ctx.engine, stats.Period.year(2026))
    inspections, defects = raw["inspections"], raw["defects"]
    assert (s.inspections, s.defects) == (37, 174) == (len(inspections), len(defects))
    assert s.companies == len({r["company"] for r in inspections}) == 25
    assert dict(s.by_grade) == {
        g: sum(d["grade"] == g for d in defects) for g in ("critical", "major", "general")
    }
    chapters = chapters_from_yaml()
    assert dict(s.by_chapter) == Counter(chapters.get(d["item"] or "", "") for d in defects)
    clause_counts = Counter(c for d in defects for c in d["clauses"])
    assert dict(s.top_clauses) == dict(clause_counts.most_common(stats.TOP_CLAUSES))
    assert s.top_clauses[0][1] == max(clause_counts.values())
    per = Counter(d["inspection"] for d in defects)
    assert {c: (n, m) for c, n, m in s.by_company} == {
        c: (
            sum(r["company"] == c for r in inspections),
            sum(per[r["id"]] for r in inspections if r["company"] == c),
        )
        for c in {r["company"] for r in inspections}
    }
    assert {t: (n, m) for t, n, m in s.by_type} == {
        t: (
            sum(r["type"] == t for r in inspections),
            sum(per[r["id"]] for r in inspections if r["type"] == t),
        )
        for t in TYPES
    }
    assert dict(s.by_status) == Counter(r["status"] for r in inspections)
    bands = Counter()
    for r in inspections:
        n = per[r["id"]]
        bands[
            "0"
            if n == 0
            else "1–2"
            if n <= 2
            else "3–5"
            if n <= 5
            else "6–10"
            if n <= 10
            else "≥11"
        ] += 1
    assert dict(s.per_inspection) == {k: bands[k] for k in ("0", "1–2", "3–5", "6–10", "≥11")}
    assert round(s.defects_per_inspection, 2) == round(174 / 37, 2)
    assert sum(n for _, n, _ in s.by_month) == 37
    assert dict((m, n) for m, n, _ in s.by_month) == Counter(r["day"][:7] for r in inspections)

    # Conclusions: each inspection's as the console's defect log computes it (another code
    # path), except the one whose grade the reviewer changed (the log shows the team's grade).
    expected = Counter()
    for r in inspections:
        if r["id"] == raised["inspection"]:
            continue
        log = queries.defect_log(ctx.engine, r["id"])
        assert log is not None and log.conclusion is not None, log and log.conclusion_problem
        expected[log.conclusion.outcome] += 1
    got = Counter({code: n for code, _, n in s.conclusions})
    with ctx.engine.connect() as conn:
        adjusted_one = stats_db.conclusion_of(conn, raised["inspection"])
    got[adjusted_one] -= 1
    assert +got == expected
    assert stats.UNKNOWN not in got

    # The year before and an open period.
    before = stats.statistics(ctx.engine, stats.Period(date(2025, 1, 1), date(2025, 12, 31)))
    assert (before.inspections, before.defects, before.companies) == (1, 3, 1)
    everything = stats.statistics(ctx.engine, stats.Period())
    assert (everything.inspections, everything.defects) == (38, 177)

    # The export rows are the same 174 defects with their facts.
    log_rows = list(stats.defect_rows(ctx.engine, stats.Period.year(2026)))
    assert sorted(r["defect_id"] for r in log_rows) == sorted(d["id"] for d in defects)
    assert next(r for r in log_rows if r["defect_id"] == raised["id"])["grade"] == "critical"


def test_statistics_follow_new_pushes(ctx, laptop, published) -> None:
    """The digests follow the change sequence: a defect pushed after a first look counts."""
    from .conftest import inspection

    first = inspection(ctx, laptop, planned="2026-05-05", defects=(("major", "甲", "第十条"),))
    assert stats.statistics(ctx.engine, stats.Period.year(2026)).defects == 1
    _did, entries = _record(
        laptop,
        first.inspection_id,
        "defect",
        {
            "inspection_id": first.inspection_id,
            "severity": "critical",
            "facts": "乙",
            "clause_refs": ["第十条"],
            "author": "王检查",
            "created_at": "2026-05-05T09:00:00.000000Z",
        },
    )
    push(ctx, laptop, entries)
    s = stats.statistics(ctx.engine, stats.Period.year(2026))
    assert (s.defects, s.grade("critical"), s.top_clauses) == (2, 1, [("第十条", 2)])
    push(
        ctx,
        laptop,
        [laptop.entry(first.inspection_id, "planned_start", "2027-01-02", hlc=laptop.hlc())],
    )
    moved = stats.statistics(ctx.engine, stats.Period.year(2026))
    assert (moved.inspections, moved.defects, moved.grade("critical"), moved.top_clauses) == (
        0,
        0,
        0,
        [],
    )
    later = stats.statistics(ctx.engine, stats.Period.year(2027))
    assert (later.inspections, later.defects, later.top_clauses) == (1, 2, [("第十条", 2)])


def _table(ctx, table) -> dict[str, tuple]:
    with ctx.engine.connect() as conn:
        key = table.c.defect_id if "defect_id" in table.c else table.c.inspection_id
        order = [key, table.c.clause] if "clause" in table.c else [key]
        rows = conn.execute(select(table).order_by(*order)).all()
    return {"|".join(str(x) for x in r[: len(order)]): tuple(r) for r in rows}


def _day_counts_hold(ctx) -> None:
    """The per-day counts, kept up by recounting touched days, equal a recount of all."""

    def rows() -> list[list[tuple]]:
        with ctx.engine.connect() as conn:
            return [sorted(map(tuple, conn.execute(select(t)).all())) for t in DAY_TABLES]

    kept = rows()
    assert kept[0] and kept[1]
    with db.write_transaction(ctx.engine) as conn:
        stats_db._recount(conn, None)
    assert rows() == kept


def test_figures_survive_a_restart_and_a_rebuild(ctx, settings, laptop, published) -> None:
    """The figures live in the database: a new server process (new engine, no checklist
    cache) finds them current without recomputing anything, and equal; dropping the cursor
    rebuilds every row, with the same figures."""
    seed_year(ctx, laptop)
    first = stats.refresh(ctx.engine)
    assert first == {"built": 39}  # 37 + the year before + the deleted one
    year = stats.Period.year(2026)
    before = stats.statistics(ctx.engine, year)
    log_before = list(stats.defect_log(ctx.engine, year))
    assert (before.inspections, before.defects, len(log_before)) == (37, 174, 174)
    tables = {t.name: _table(ctx, t) for t in STATS_TABLES}
    assert len(tables["stats_defects"]) == 177 and len(tables["stats_inspections"]) == 39

    ctx.engine.dispose()
    stats_db._CHAPTERS.clear()  # what a fresh process starts without
    again = open_context(settings)
    try:
        assert stats.refresh(again.engine) == {"updated": 0}
        assert stats.statistics(again.engine, year) == before
        assert list(stats.defect_log(again.engine, year)) == log_before

        stats_db.forget(again.engine)
        assert stats.refresh(again.engine) == {"built": 39}
        assert stats.statistics(again.engine, year) == before
        assert {t.name: _table(again, t) for t in STATS_TABLES} == tables
        _day_counts_hold(again)
    finally:
        again.engine.dispose()


def test_a_push_changes_exactly_the_affected_figures(ctx, laptop, published) -> None:
    """A defect pushed into one inspection recomputes that inspection's rows only, and the
    period's figures move by exactly that defect: its grade, chapter, clause, company, type,
    month and the inspection's band (and at most its conclusion); nothing else."""
    raw = seed_year(ctx, laptop)
    year = stats.Period.year(2026)
    s0 = stats.statistics(ctx.engine, year)
    tables0 = {t.name: _table(ctx, t) for t in STATS_TABLES}
    per = Counter(d["inspection"] for d in raw["defects"])
    target = next(r for r in raw["inspections"] if per[r["id"]] == 5)
    chapter = chapters_from_yaml()["dgmp-184"]
    did, entries = _record(
        laptop,
        target["id"],
        "defect",
        {
            "inspection_id": target["id"],
            "item_id": "dgmp-184",
            "severity": "critical",
            "facts": "新增缺陷",
            "clause_refs": ["附录1第九条"],
            "author": "王检查",
            "created_at": "2026-03-03T09:00:00.000000Z",
        },
    )
    push(ctx, laptop, entries)
    assert stats.refresh(ctx.engine) == {"updated": 1}
    s1 = stats.statistics(ctx.engine, year)

    def plus(pairs, key, n=1):
        out = dict(pairs)
        out[key] = out.get(key, 0) + n
        return out

    assert (s1.inspections, s1.companies, s1.issued) == (s0.inspections, s0.companies, s0.issued)
    assert s1.defects == s0.defects + 1
    assert dict(s1.by_grade) == plus(s0.by_grade, "critical")
    assert dict(s1.by_chapter) == plus(s0.by_chapter, chapter)
    assert dict(s1.top_clauses) == plus(s0.top_clauses, "附录1第九条")
    assert {c: m for c, _, m in s1.by_company} == plus(
        [(c, m) for c, _, m in s0.by_company], target["company"]
    )
    assert {c: n for c, n, _ in s1.by_company} == {c: n for c, n, _ in s0.by_company}
    assert {t: m for t, _, m in s1.by_type} == plus(
        [(t, m) for t, _, m in s0.by_type], target["type"]
    )
    assert {k: m for k, _, m in s1.by_month} == plus(
        [(k, m) for k, _, m in s0.by_month], target["day"][:7]
    )
    assert s1.by_status == s0.by_status
    assert dict(s1.per_inspection) == plus(plus(s0.per_inspection, "3–5", -1), "6–10")
    moved = Counter({c: n for c, _, n in s1.conclusions})
    moved.subtract({c: n for c, _, n in s0.conclusions})
    assert sum(abs(n) for n in moved.values()) in (0, 2)  # one inspection at most

    # The stored rows: only the target inspection's changed, plus the new defect's.
    tables1 = {t.name: _table(ctx, t) for t in STATS_TABLES}
    for name, rows in tables1.items():
        changed = {
            k for k in rows.keys() | tables0[name].keys() if rows.get(k) != tables0[name].get(k)
        }
        assert changed, name
        assert all(k.startswith(did) or k == target["id"] for k in changed), (name, changed)
    _day_counts_hold(ctx)
    new = stats.defect_rows(ctx.engine, year)
    assert next(r for r in new if r["defect_id"] == did)["facts"] == "新增缺陷"
