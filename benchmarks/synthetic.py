"""A synthetic checklist of any size, for benchmarks and the tests of large inspections."""

from __future__ import annotations

from pathlib import Path

PHRASES = (
    "灭菌柜装载方式变更后应再验证",
    "洁净区压差监测数据完整",
    "称量记录与天平打印条一致",
    "偏差调查评估对产品质量的影响",
    "培训档案覆盖岗位操作规程",
    "仓储区温湿度持续记录",
    "设备清洁状态标识清楚",
    "物料取样标签可追溯",
    "批记录及时复核并签名",
    "供应商审计报告在有效期内",
    "稳定性考察按方案取样",
    "计算机化系统审计追踪已审核",
    "纯化水系统定期监测微生物",
    "变更控制评估注册影响",
    "自检发现问题按期整改",
)


def write_synthetic_checklist(
    directory: Path, items: int, per_section: int = 25, checklist_id: str = "synthetic-gmp"
) -> str:
    """Write a valid checklist of `items` items (every 7th a key item) into `directory`;
    returns its id. Filler text of our own, on a bundled rule profile."""
    lines = [
        "format: 1",
        f"id: {checklist_id}",
        "version: 1",
        "title: 合成检查表（性能测试）",
        "kind: drug-gmp",
        "regulation: {name: 药品生产质量管理规范, issuer: 卫生部, version: 2010年修订,"
        " effective_date: 2011-03-01}",
        "tiers: [key, general]",
        "tags:",
        "  - {id: sterile, label: 无菌药品}",
        "rule_profile: drug-inspection-2023",
        "sections:",
    ]
    for n in range(items):
        if n % per_section == 0:
            s = n // per_section + 1
            lines += [f"  - id: s{s:03d}", f"    code: 第{s}部分", f"    title: 合成章节{s}"]
            lines.append("    items:")
        lines += [
            f"      - id: it-{n:04d}",
            f"        code: '{n // per_section + 1}.{n % per_section + 1}'",
            f"        refs: [{n + 1}]",
            f"        requirement: 第{n}项要求：{PHRASES[n % len(PHRASES)]}，并有书面规定。",
            f"        check: 抽查第{n}份资料，核对{PHRASES[(n * 7) % len(PHRASES)]}。",
            f"        evidence: [相关文件{n}, SOP-{n:04d}]",
            f"        tier: {'key' if n % 7 == 0 else 'general'}",
        ]
    (directory / f"{checklist_id}.v1.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return checklist_id
