"""A suggested conclusion's outcome and reasons in the interface language.

The conclusion engine (domain/conclusion.py) words its reasons in Chinese, the wording the
reports print, and gives what each generated reason says as data (`Reason.detail`). In the
Chinese interface the domain's sentence is shown as it is, so screen and paper agree word for
word; in another language the sentence is rebuilt here from the detail. Reasons written in a
rule profile (a default reason) and outcome labels are profile data: `profile_text`
translates the ones the center ships and leaves others as written.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject

from inspector_app.domain.conclusion import Reason, ReasonDetail
from inspector_app.domain.model import Severity
from inspector_app.ui.i18n import SOURCE_LANGUAGE, current_language, profile_text

# The nouns of the metrics (domain.conclusion.METRICS) in a form that reads after a count.
_NOUNS = {
    "defects.critical": QT_TRANSLATE_NOOP("ConclusionText", "严重缺陷"),
    "defects.major": QT_TRANSLATE_NOOP("ConclusionText", "主要缺陷"),
    "defects.general": QT_TRANSLATE_NOOP("ConclusionText", "一般缺陷"),
    "defects.total": QT_TRANSLATE_NOOP("ConclusionText", "缺陷"),
    "defects.falsified": QT_TRANSLATE_NOOP("ConclusionText", "真实性问题（数据造假等）"),
    "items.failed": QT_TRANSLATE_NOOP("ConclusionText", "不符合要求的检查项目"),
    "items.failed.key": QT_TRANSLATE_NOOP("ConclusionText", "不符合要求的关键项目"),
    "items.failed.general": QT_TRANSLATE_NOOP("ConclusionText", "不符合要求的一般项目"),
    "items.failed.critical": QT_TRANSLATE_NOOP("ConclusionText", "不符合要求的严重项目"),
    "items.failed.major": QT_TRANSLATE_NOOP("ConclusionText", "不符合要求的主要项目"),
    "items.not_checked": QT_TRANSLATE_NOOP("ConclusionText", "未检查的项目"),
    "items.failed_ratio": QT_TRANSLATE_NOOP("ConclusionText", "不符合要求的检查项目"),
    "defects.quality_affecting": QT_TRANSLATE_NOOP("ConclusionText", "直接影响产品质量的缺陷"),
    "rectification.not_effective": QT_TRANSLATE_NOOP(
        "ConclusionText", "整改不到位或未按期整改的缺陷"
    ),
    "rectification.not_effective.critical": QT_TRANSLATE_NOOP(
        "ConclusionText", "整改不到位或未按期整改的严重缺陷"
    ),
    "rectification.not_effective.major": QT_TRANSLATE_NOOP(
        "ConclusionText", "整改不到位或未按期整改的主要缺陷"
    ),
    "rectification.not_effective.general": QT_TRANSLATE_NOOP(
        "ConclusionText", "整改不到位或未按期整改的一般缺陷"
    ),
    "rectification.missing": QT_TRANSLATE_NOOP("ConclusionText", "未按期提交整改材料的缺陷"),
}
_OPS = {
    ">": QT_TRANSLATE_NOOP("ConclusionText", "超过"),
    ">=": QT_TRANSLATE_NOOP("ConclusionText", "达到"),
    "<": QT_TRANSLATE_NOOP("ConclusionText", "少于"),
    "<=": QT_TRANSLATE_NOOP("ConclusionText", "不超过"),
    "==": QT_TRANSLATE_NOOP("ConclusionText", "等于"),
    "!=": QT_TRANSLATE_NOOP("ConclusionText", "不等于"),
}
_GRADES = {
    Severity.CRITICAL: QT_TRANSLATE_NOOP("ConclusionText", "严重缺陷"),
    Severity.MAJOR: QT_TRANSLATE_NOOP("ConclusionText", "主要缺陷"),
    Severity.GENERAL: QT_TRANSLATE_NOOP("ConclusionText", "一般缺陷"),
}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class ConclusionText(QObject):
    """The wording; a class so lupdate sees the tr() calls (and their plural forms) under
    the context ConclusionText."""

    def reason(self, reason: Reason) -> str:
        if reason.detail is None:
            return profile_text(reason.text)
        if current_language() == SOURCE_LANGUAGE:
            return reason.text  # the very sentence the report prints
        return _capitalised(self._worded(reason.detail))

    def _noun(self, terms: tuple[str, ...]) -> str:
        return self.tr("、").join(self.tr(_NOUNS.get(t, t)) for t in terms)

    def _worded(self, d: ReasonDetail) -> str:
        if d.group:
            assert d.severity is not None and d.counts_as is not None
            finding = (
                profile_text(d.finding)
                if d.finding
                else self.tr("经综合分析按{counts_as}评定").format(
                    counts_as=self.tr(_GRADES[d.counts_as])
                )
            )
            return self.tr(
                "{group}多项关联缺陷（%n 项{grade}，达到 {min} 项），{finding}",
                "",
                int(d.value),
            ).format(
                group=d.group,
                grade=self.tr(_GRADES[d.severity]),
                min=d.min_count,
                finding=finding,
            )
        noun, op = self._noun(d.terms), self.tr(_OPS.get(d.op, d.op))
        if "items.failed_ratio" in d.terms:
            return self.tr(
                "{noun}占比 {value}%（{op} {threshold}%；{items}/{total} 项，不适用项目不计入）"
            ).format(
                noun=noun,
                value=f"{d.value:.1f}",
                op=op,
                threshold=_number(d.threshold),
                items=d.items,
                total=d.denominator,
            )
        count = int(d.value)
        if count == 0:
            return self.tr("无{noun}").format(noun=noun)
        if d.trivial:
            text = self.tr("存在 %n 项{noun}", "", count).format(noun=noun)
        else:
            text = self.tr("{noun}共 %n 项（{op} {threshold} 项）", "", count).format(
                noun=noun, op=op, threshold=_number(d.threshold)
            )
        if d.escalated:
            text += self.tr("，其中 %n 项为多项关联缺陷经综合分析评定", "", d.escalated)
        return text


_wording: list[ConclusionText] = []


def outcome_text(label: str) -> str:
    """An outcome label of the rule profile (通过检查 …) in the interface language."""
    return profile_text(label)


def reason_text(reason: Reason) -> str:
    """One reason in the interface language."""
    if not _wording:
        _wording.append(ConclusionText())
    return _wording[0].reason(reason)
