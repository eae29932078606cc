"""The expert pool as laptops hold it, and the conflict-of-interest rule (issue 14).

Pure: the server fills `PoolExpert`s from its register, the laptop keeps them from its last
sync and the wizard asks `conflict_reason` before an expert joins a team. The rule runs
offline, so the laptop holds each entry's employer and the companies of its open declared
conflicts (never notes, agreements or the history).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# code → (Chinese, English): the specialties the center files experts under.
SPECIALTIES: dict[str, tuple[str, str]] = {
    "sterile": ("无菌制剂", "Sterile products"),
    "api": ("原料药", "Active substances (API)"),
    "solid": ("口服固体制剂", "Oral solid dosage"),
    "biologics": ("生物制品", "Biologics"),
    "tcm": ("中药", "Traditional Chinese medicine"),
    "devices": ("医疗器械", "Medical devices"),
    "ivd": ("体外诊断试剂", "In-vitro diagnostics"),
    "qc_lab": ("质量控制实验室", "QC laboratory"),
    "qms": ("质量管理体系", "Quality management systems"),
}

# Legal-form words left out when comparing company names: "华东制药" and "华东制药有限公司"
# are the same company for a conflict of interest.
_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团",
    "公司",
    "co.,ltd.",
    "co.ltd",
    "ltd",
)


@dataclass(frozen=True)
class PoolExpert:
    id: str
    kind: str  # expert | firm
    name: str
    specialties: tuple[str, ...]
    employer: str
    conflicts: tuple[str, ...]  # companies of the open declared conflicts


def company_key(name: str) -> str:
    """A company name reduced for comparison: width-folded (NFKC), case-folded, without
    spaces, brackets or the legal-form suffix."""
    key = unicodedata.normalize("NFKC", name).casefold()
    key = "".join(ch for ch in key if not ch.isspace() and ch not in "()（）[]【】·.,，")
    for suffix in _SUFFIXES:
        cleaned = suffix.replace(".", "").replace(",", "")
        if key.endswith(cleaned):  # the longest matching form decides (listed first)
            if len(key) > len(cleaned):
                key = key[: -len(cleaned)]
            break
    return key


def same_company(a: str, b: str) -> bool:
    """Equal after `company_key`, or one contains the other (a subsidiary or a site named
    after its group): refusing an expert wrongly costs a choice, accepting one wrongly costs
    the inspection's independence."""
    ka, kb = company_key(a), company_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    shorter, longer = sorted((ka, kb), key=len)
    return len(shorter) >= 4 and shorter in longer


def conflict_reason(expert: PoolExpert, company: str) -> str | None:
    """Why `expert` may not inspect `company` (one line naming both), else None."""
    if expert.employer and same_company(expert.employer, company):
        return f"{expert.name}的工作单位“{expert.employer}”与被检查企业“{company}”相同或关联"
    for declared in expert.conflicts:
        if same_company(declared, company):
            return f"{expert.name}已申报与“{declared}”存在利益冲突，不能检查“{company}”"
    return None
