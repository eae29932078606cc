"""A realistic demo: a sterile-injection maker's GMP pre-inspection, part-way through.

The company and people are fictitious. Items are chosen by the article they cite, so the demo
keeps working when the checklist's item ids or wording are revised.
"""

from __future__ import annotations

import io
import itertools
import math
import random
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFilter

from inspector_app.checklist.citation import format_ref
from inspector_app.checklist.schema import ClauseRef, Item
from inspector_app.domain.conclusion import in_scope_items
from inspector_app.domain.model import InspectionType, ResultValue, Severity, TeamRole
from inspector_app.operations import inspections as ops
from inspector_app.operations.context import App

if TYPE_CHECKING:
    from inspector_app.store.crypto import DataKey

CHECKLIST_ID = "drug-gmp-2010"
ANSWERED_ITEMS = 40

# (article, annex or None, severity, facts, location, suggested rectification, photo kind)
_DEFECTS: list[tuple[int, str | None, Severity, str, str, str, str | None]] = [
    (
        10,
        "无菌药品",
        Severity.CRITICAL,
        "冻干粉针灌装线A级区在灌装过程中未进行悬浮粒子连续动态监测，近3个月仅有静态监测记录。",
        "冻干车间灌装间（B级背景下A级）",
        "建立A级区灌装全过程的悬浮粒子在线监测，制定警戒限和纠偏限，评估已放行批次的风险。",
        "particle",
    ),
    (
        47,
        "无菌药品",
        Severity.MAJOR,
        "最近一次培养基模拟灌装未包含设备故障停机后恢复灌装的干预操作，未模拟最长灌装时间。",
        "冻干车间",
        "修订模拟灌装方案，纳入最差条件与全部常规及纠正性干预，重新执行三批。",
        None,
    ),
    (
        141,
        None,
        Severity.MAJOR,
        "2号脉动真空灭菌柜装载方式于今年5月变更（增加一层托盘），变更后未进行再验证。",
        "配液灭菌间",
        "对变更后的装载方式开展热分布和热穿透再验证，评估期间灭菌物品。",
        "sterilizer",
    ),
    (
        250,
        None,
        Severity.MAJOR,
        "批号230915小容量注射剂灌装期间停机42分钟的偏差，调查未评估对无菌保证的影响即结案。",
        "质量管理部",
        "补充偏差调查与影响评估，完善偏差分级和调查时限规定。",
        None,
    ),
    (
        163,
        None,
        Severity.MAJOR,
        "QC实验室两台高效液相色谱仪的电子审计追踪未纳入数据审核，审核记录中无相关内容。",
        "质量控制实验室",
        "将审计追踪审核纳入检验数据复核程序，并对近一年数据进行回顾性审核。",
        "lab",
    ),
    (
        27,
        None,
        Severity.GENERAL,
        "2名新入职洁净区操作人员的无菌更衣确认记录缺少第三次确认的微生物检测结果。",
        "人力资源部/生产部",
        "补齐更衣确认，明确确认合格前不得独立进入A/B级区操作。",
        None,
    ),
    (
        58,
        None,
        Severity.GENERAL,
        "阴凉库温湿度记录仪于上月有2天数据缺失，未见处理记录。",
        "原辅料仓库阴凉库",
        "调查数据缺失原因，增加报警功能，规定数据缺失的处理方式。",
        "warehouse",
    ),
    (
        87,
        None,
        Severity.GENERAL,
        "配液间1台电子天平状态标识显示“已校准”，但校准有效期已过期5天。",
        "配液间",
        "立即停用并校准，检查同类计量器具的状态标识管理。",
        "balance",
    ),
    (
        158,
        None,
        Severity.GENERAL,
        "灌装岗位现场存放已废止的旧版清场标准操作规程（第3版）。",
        "灌装间",
        "收回现场废止文件，核查文件分发回收记录。",
        None,
    ),
    (
        112,
        None,
        Severity.GENERAL,
        "称量间一桶辅料（甘露醇）标签未注明取样日期，与取样记录无法对应。",
        "称量间",
        "完善取样标识，核对该批物料取样记录。",
        None,
    ),
]

_NOT_APPLICABLE = {
    278: "企业无委托生产活动。",
    286: "企业无委托检验项目。",
}


DEMO_LEAD = "王建国"  # the demo team's fictitious lead: the demo's trail names them


def add_demo(data_dir: Path, key: DataKey | None = None) -> str:
    """The demo inspection added to a laptop's data folder (`key`: an encrypted folder's),
    recorded by the demo team's own lead — never by the person on this laptop, who recorded
    none of it. Returns its id."""
    from inspector_app.operations.context import App

    with App(data_dir, actor=DEMO_LEAD, key=key) as demo_app:
        return seed_demo(demo_app)


def seed_demo(app: App) -> str:
    checklist = app.library.latest(CHECKLIST_ID)
    today = date.today()
    tags = [t.id for t in checklist.tags if t.id == "sterile"]
    team = [
        ops.TeamMemberInput("王建国", TeamRole.LEAD, "区新药服务中心", _declared(today)),
        ops.TeamMemberInput("李敏", TeamRole.MEMBER, "区新药服务中心", _declared(today)),
        ops.TeamMemberInput("陈立", TeamRole.EXPERT, "外聘专家（无菌制剂）", _declared(today)),
    ]
    inspection = ops.create_inspection(
        app,
        company_name="江南示范制药有限公司（演示）",
        site_address="示范市高新区科创路88号",
        products=["盐酸氨溴索注射液（小容量注射剂）", "注射用奥美拉唑钠（冻干粉针剂）"],
        inspection_type=InspectionType.GMP_COMPLIANCE,
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        scope_tags=tags,
        planned_start=today - timedelta(days=1),
        planned_end=today + timedelta(days=1),
        document_no=f"YJC-{today.year}-{today.month:02d}{today.day:02d}-DEMO",
        team=team,
    )
    iid = inspection.id
    ops.start_on_site(app, iid, on=today - timedelta(days=1))

    items = [item for _, item in in_scope_items(checklist, inspection)]
    defect_items: list[Item] = []
    photo_dir = Path(tempfile.mkdtemp(prefix="inspector-demo-"))
    rng = random.Random(37)
    for article, annex, severity, facts, location, fix, photo_kind in _DEFECTS:
        item = _item_citing(items, article, annex)
        if item is not None:
            defect_items.append(item)
            ops.record_result(app, iid, item.id, ResultValue.NON_CONFORMING)
        defect = ops.add_defect(
            app,
            iid,
            severity=severity,
            facts=facts,
            item_id=item.id if item else None,
            clause_refs=None if item else [format_ref(ClauseRef(article=article, annex=annex))],
            location=location,
            suggested_rectification=fix,
        )
        if photo_kind:
            path = photo_dir / f"IMG_{1000 + len(defect_items)}.jpg"
            path.write_bytes(_demo_photo(photo_kind, rng))
            ops.attach_photo(
                app,
                iid,
                path,
                defect_id=defect.id,
                caption=f"{location}：{facts[:18]}…",
                taken_at=datetime.now(UTC) - timedelta(hours=rng.randint(1, 20)),
            )
    answered = {i.id for i in defect_items}
    for article, reason in _NOT_APPLICABLE.items():
        item = _item_citing(items, article, None)
        if item and item.id not in answered:
            ops.record_result(app, iid, item.id, ResultValue.NOT_APPLICABLE, reason=reason)
            answered.add(item.id)
    # Conforming answers spread over the checklist, in document order, up to ~40 in total.
    remaining = [i for i in items if i.id not in answered]
    step = max(1, len(remaining) // max(1, ANSWERED_ITEMS - len(answered)))
    for item in remaining[::step]:
        if len(answered) >= ANSWERED_ITEMS:
            break
        note = "抽查2批记录，未见异常。" if rng.random() < 0.3 else ""
        ops.record_result(app, iid, item.id, ResultValue.CONFORMING, note=note)
        answered.add(item.id)
    return iid


def _declared(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 8, 30, tzinfo=UTC) - timedelta(days=1)


def _item_citing(items: list[Item], article: int, annex: str | None) -> Item | None:
    for item in items:
        if any(r.article == article and r.annex == annex and r.source is None for r in item.refs):
            return item
    return None


def _demo_photo(kind: str, rng: random.Random) -> bytes:
    """A plausible-looking synthetic site photo (no real company is shown)."""
    w, h = 1600, 1200
    img = Image.new("RGB", (w, h), (200, 204, 206))
    d = ImageDraw.Draw(img)
    for y in range(0, h, 8):  # wall/floor gradient
        shade = 180 + int(40 * y / h)
        d.rectangle([0, y, w, y + 8], fill=(shade, shade + 3, shade + 6))
    d.rectangle([0, int(h * 0.72), w, h], fill=(150, 160, 158))
    if kind == "sterilizer":
        d.rounded_rectangle(
            [300, 180, 1300, 880], 30, fill=(190, 195, 200), outline=(90, 90, 95), width=8
        )
        d.ellipse([560, 300, 1040, 780], fill=(160, 165, 170), outline=(70, 70, 75), width=10)
        d.rectangle([1150, 240, 1260, 420], fill=(40, 60, 50))
    elif kind == "balance":
        d.rectangle([450, 600, 1150, 860], fill=(230, 230, 225), outline=(80, 80, 80), width=6)
        d.rectangle([600, 450, 1000, 610], fill=(210, 215, 220), outline=(80, 80, 80), width=6)
        d.rectangle([520, 700, 760, 800], fill=(30, 60, 40))
        d.rectangle([900, 660, 1080, 820], fill=(250, 245, 200), outline=(120, 100, 40), width=4)
    elif kind == "warehouse":
        for x in range(100, w - 200, 360):
            for y in range(220, 900, 220):
                d.rectangle(
                    [x, y, x + 300, y + 190], fill=(170, 140, 100), outline=(110, 90, 60), width=5
                )
        d.rectangle([1300, 300, 1480, 460], fill=(240, 240, 240), outline=(60, 60, 60), width=5)
    elif kind == "lab":
        d.rectangle([200, 380, 900, 860], fill=(225, 228, 230), outline=(90, 90, 90), width=6)
        d.rectangle([980, 300, 1450, 700], fill=(30, 35, 45), outline=(60, 60, 60), width=8)
        for i in range(6):
            d.line(
                [1010, 650 - i * 55, 1420, 640 - i * 60 + rng.randint(-20, 20)],
                fill=(90, 200, 120),
                width=4,
            )
    else:  # particle counter in an A-grade zone
        d.rectangle([250, 150, 1350, 820], fill=(215, 225, 232), outline=(120, 130, 140), width=6)
        d.rectangle([650, 500, 950, 760], fill=(240, 240, 235), outline=(60, 60, 60), width=6)
        d.rectangle([690, 540, 910, 640], fill=(20, 40, 30))
    for _ in range(4000):  # sensor noise, so the JPEG looks like a photo, not a drawing
        x, y = rng.randrange(w), rng.randrange(h)
        v = rng.randint(-25, 25)
        r, g, b = img.getpixel((x, y))
        img.putpixel(
            (x, y), (max(0, min(255, r + v)), max(0, min(255, g + v)), max(0, min(255, b + v)))
        )
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88)
    return out.getvalue()


def demo_signature_png(name_seed: int, width: int = 420, height: int = 150) -> bytes:
    """A handwritten-looking signature (connected pen strokes) for demos and samples."""
    rng = random.Random(name_seed)
    img = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    x = 20.0
    for _stroke in range(3):
        points = []
        amp, freq = rng.uniform(18, 40), rng.uniform(0.05, 0.12)
        phase, base = rng.uniform(0, 6), rng.uniform(60, 90)
        for _ in range(rng.randint(25, 40)):
            x += rng.uniform(2.5, 4.5)
            y = base + amp * math.sin(freq * x * 3 + phase) + rng.uniform(-4, 4)
            points.append((x, y))
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            draw.line([(x0, y0), (x1, y1)], fill=(20, 30, 90, 255), width=rng.choice((3, 4)))
        x += rng.uniform(10, 25)
    draw.line([(30, 125), (min(x, width - 20), 118)], fill=(20, 30, 90, 255), width=3)
    img = img.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()
