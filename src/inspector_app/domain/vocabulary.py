"""The words of the domain: enum codes and their Chinese labels, with no dependency.

Kept apart from the pydantic models (domain/model.py re-exports them) so a screen that only
shows statuses and grades, such as the first paint of the inspections list, need not import
pydantic. Enum values are stable English codes; Chinese labels live in `LABELS`.
"""

from __future__ import annotations

from enum import StrEnum


class InspectionType(StrEnum):
    GMP_COMPLIANCE = "gmp_compliance"  # before a GMP compliance inspection
    REGISTRATION_VERIFICATION = "registration_verification"  # before 注册核查
    LICENCE = "licence"  # before a manufacturing-licence inspection


class Status(StrEnum):
    DRAFT = "draft"
    ON_SITE = "on_site"
    CLOSED = "closed"  # company acknowledged the defect list at the closing meeting
    REPORT_ISSUED = "report_issued"


class ResultValue(StrEnum):
    CONFORMING = "conforming"
    NON_CONFORMING = "non_conforming"
    NOT_APPLICABLE = "not_applicable"
    NOT_CHECKED = "not_checked"


class Severity(StrEnum):
    CRITICAL = "critical"
    MAJOR = "major"
    GENERAL = "general"


class TeamRole(StrEnum):
    LEAD = "lead"
    MEMBER = "member"
    EXPERT = "expert"  # external expert, bound by the confidentiality rule


class ReviewState(StrEnum):
    """The center's review of a synced defect log (or of one defect)."""

    COMMENTED = "commented"
    RETURNED = "returned"  # sent back to the team for correction
    ADJUSTED = "adjusted"  # the reviewer changed a defect's grade, with a reason
    ACCEPTED = "accepted"


class SignatureRole(StrEnum):
    INSPECTOR = "inspector"
    COMPANY = "company"  # the company representative acknowledging the defect list


LABELS: dict[StrEnum, str] = {
    InspectionType.GMP_COMPLIANCE: "GMP符合性检查预检查",
    InspectionType.REGISTRATION_VERIFICATION: "注册核查预检查",
    InspectionType.LICENCE: "许可检查预检查",
    Status.DRAFT: "草稿",
    Status.ON_SITE: "现场检查中",
    Status.CLOSED: "现场检查结束",
    Status.REPORT_ISSUED: "报告已出具",
    ResultValue.CONFORMING: "符合",
    ResultValue.NON_CONFORMING: "不符合",
    ResultValue.NOT_APPLICABLE: "不适用",
    ResultValue.NOT_CHECKED: "未检查",
    Severity.CRITICAL: "严重缺陷",
    Severity.MAJOR: "主要缺陷",
    Severity.GENERAL: "一般缺陷",
    TeamRole.LEAD: "组长",
    TeamRole.MEMBER: "组员",
    TeamRole.EXPERT: "外部专家",
    SignatureRole.INSPECTOR: "检查组",
    SignatureRole.COMPANY: "企业代表",
    ReviewState.COMMENTED: "已批注",
    ReviewState.RETURNED: "退回修改",
    ReviewState.ADJUSTED: "已调整",
    ReviewState.ACCEPTED: "审核通过",
}
